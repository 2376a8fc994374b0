"""Callers: who is calling, and what the gateway lets each caller do.

`identity.Caller` is the identity established for one call (from a client certificate, a bearer
token, an API key, or, with authentication off, the unverified `x-client-id`);
`identity.current_caller()` returns it from the call's record.
"""
