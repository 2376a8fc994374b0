"""Upstream: the HTTP road to a CLOVA invoke URL (or the built-in emulator).

`client.UpstreamClient` builds the documented request (multipart or JSON) with the domain's
secret and maps transport failures; `retry` decides which failures are retried and how long to
wait (`RetryPolicy`, `RetryBudget`, `is_transient`); `breaker.CircuitBreaker` refuses calls at once
while a domain keeps failing.
"""
