"""Callers: who is calling, and what the gateway lets each caller do.

`identity.Caller` is the identity established for one call (from a client certificate, a bearer
token, an API key, or, with authentication off, the unverified `x-client-id`);
`identity.current_caller()` returns it from the call's record.

Authentication (docs/authentication.md): `tls` (server TLS and mutual TLS, certificate
identities), `tokens` (Kubernetes service-account JWTs against a JWKS), `api_keys`,
`authentication` (the rules of OCR_AUTH_MODE), `interceptor` (applies them to every RPC),
`failures` (why a credential was refused), `watched` (files re-read when they change) and
`setup` (all of it built from the settings).
"""
