"""Upstream: the HTTP road to a CLOVA invoke URL (or the built-in emulator).

`client.UpstreamClient` builds the documented request (multipart or JSON) with the domain's
secret, runs one attempt within a total timeout and maps every outcome through the error table;
`body` reads the answer within its size cap (decompression bombs included); `transport` runs the
httpx client on aiohttp; `retry` decides which failures are retried and how long to wait
(`RetryPolicy`, `RetryBudget`, `is_transient`); `breaker.CircuitBreaker` refuses calls at once
while a domain keeps failing.
"""
