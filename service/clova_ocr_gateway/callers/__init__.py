"""Callers: who is calling, and what the gateway lets each caller do.

`identity.Caller` is the identity established for one call (from a client certificate, a bearer
token, an API key, or, with authentication off, the unverified `x-client-id`);
`identity.current_caller()` returns it from the call's record.

Authentication (docs/authentication.md): `tls` (server TLS and mutual TLS, certificate
identities), `tokens` (Kubernetes service-account JWTs against a JWKS), `api_keys`,
`authentication` (the rules of OCR_AUTH_MODE), `interceptor` (applies them to every RPC),
`failures` (why a credential was refused), `watched` (files re-read when they change) and
`setup` (all of it built from the settings).

Policy (docs/security.md): `policy` is the per-caller policy (OCR_CALLERS_FILE) and its
validation, `policy_source` the policy in force (re-read when the file changes), `quotas` the
counting of billable calls per caller and window (shared through Redis), `pii` the masking of
personal identifiers, and `gate` what the recognizer asks of them around every paid call.
"""
