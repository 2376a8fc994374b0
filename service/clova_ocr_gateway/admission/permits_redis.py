"""Upstream permits shared by every replica through Redis: a leased counting semaphore per
domain, with a conservative local fallback while Redis is unreachable (docs/admission-redis.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from collections.abc import Awaitable, Iterable, Mapping, Sequence
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from clova_ocr_gateway.admission.permits import Permit
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.logs import get_logger, redact_text, register_secret_value
from clova_ocr_gateway.observability.metrics import GatewayMetrics

__all__ = [
    "DEFAULT_FALLBACK_LIMIT",
    "DEFAULT_KEY_PREFIX",
    "DEFAULT_LEASE_SECONDS",
    "STORE_ERRORS",
    "RedisPermitSource",
    "open_redis",
    "safe_redis_url",
]

DEFAULT_LEASE_SECONDS: Final = 10.0
DEFAULT_KEY_PREFIX: Final = "clova-ocr-gateway"
DEFAULT_FALLBACK_LIMIT: Final = 1

_log = get_logger("clova_ocr_gateway.permits_redis")

# Everything that means "the store did not do what we asked": the fallback takes over.
STORE_ERRORS: Final = (RedisError, OSError, TimeoutError)

# Scripts read Redis' own clock (TIME), so leases never depend on the replicas' clocks.
_NOW_MS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# Replicas whose calls wait form a line (KEYS[3], by arrival; KEYS[4], by expiry of the place,
# renewed while they keep waiting). A replica that stopped waiting (its queue emptied, or it died)
# loses its place when the expiry passes.
_DROP_GONE_WAITERS = """
local gone = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)
for _, replica in ipairs(gone) do
  redis.call('ZREM', KEYS[3], replica)
  redis.call('ZREM', KEYS[4], replica)
end
"""

# KEYS: permits zset, limit hash, waiting line, line expiries. ARGV: token, lease ms, current
# limit, configured limit, replica id. A free permit goes to the replicas in line first, in
# order: without this, replicas with no one waiting would take every freed permit with their
# new calls and starve the replicas whose calls queue. Granting takes the replica out of line
# (it queues again at the back if it still has waiters: replicas take turns).
# Returns {granted (0/1), permits in use, limit in force}.
_ACQUIRE = (
    _NOW_MS
    + _DROP_GONE_WAITERS
    + """
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local limit = tonumber(redis.call('HGET', KEYS[2], 'current'))
if not limit then
  -- The store lost the limit (restart without persistence): this replica's view restores it.
  limit = tonumber(ARGV[3])
  redis.call('HSET', KEYS[2], 'current', ARGV[3], 'configured', ARGV[4])
end
local count = redis.call('ZCARD', KEYS[1])
local ahead = redis.call('ZRANK', KEYS[3], ARGV[5])
if not ahead then
  ahead = redis.call('ZCARD', KEYS[3])
end
if count + ahead < limit then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], lease)
  redis.call('ZREM', KEYS[3], ARGV[5])
  redis.call('ZREM', KEYS[4], ARGV[5])
  return {1, count + 1, limit}
end
return {0, count, limit}
"""
)

# KEYS: waiting line, line expiries. ARGV: replica id, place ttl ms. Joins the line at the back
# (or keeps the place already held) and extends the place. Returns the replicas ahead.
_WAIT = (
    _NOW_MS
    + """
local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, replica in ipairs(gone) do
  redis.call('ZREM', KEYS[1], replica)
  redis.call('ZREM', KEYS[2], replica)
end
redis.call('ZADD', KEYS[1], 'NX', now, ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
return redis.call('ZRANK', KEYS[1], ARGV[1])
"""
)

# KEYS: permits zset. ARGV: channel, tokens... Returns {removed, permits in use}.
_RELEASE = (
    _NOW_MS
    + """
local removed = 0
for i = 2, #ARGV do
  removed = removed + redis.call('ZREM', KEYS[1], ARGV[i])
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if removed > 0 then
  redis.call('PUBLISH', ARGV[1], removed)
end
return {removed, redis.call('ZCARD', KEYS[1])}
"""
)

# KEYS: permits zset, limit hash. ARGV: lease ms, tokens... Extends the leases of the tokens
# still present; a missing one is reported, never re-added here: it may have been released
# while this call was on the wire. Returns {permits in use, limit or 0, missing tokens...}.
_RENEW = (
    _NOW_MS
    + """
local lease = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local out = {0, tonumber(redis.call('HGET', KEYS[2], 'current')) or 0}
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[i])
  else
    out[#out + 1] = ARGV[i]
  end
end
if #ARGV > 1 then
  redis.call('PEXPIRE', KEYS[1], lease)
end
out[1] = redis.call('ZCARD', KEYS[1])
return out
"""
)

# KEYS: permits zset. ARGV: lease ms, tokens... Puts back permits whose calls are still running
# (lease lost in an outage, or granted by the fallback): the count then tells the truth, even
# above the limit, and nobody else is admitted until they end.
_REASSERT = (
    _NOW_MS
    + """
local lease = tonumber(ARGV[1])
for i = 2, #ARGV do
  redis.call('ZADD', KEYS[1], now + lease, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], lease)
return redis.call('ZCARD', KEYS[1])
"""
)

# KEYS: limit hash. ARGV: configured limit, this replica's current limit. A replica started with
# the configured limit already stored keeps the shared (possibly adapted) current limit; a new
# configured limit (a redeploy that changed it) resets the current one. Returns the current limit.
_INIT_LIMIT = """
if redis.call('HGET', KEYS[1], 'configured') ~= ARGV[1] then
  redis.call('HSET', KEYS[1], 'configured', ARGV[1], 'current', ARGV[2])
end
return tonumber(redis.call('HGET', KEYS[1], 'current')) or 0
"""


def safe_redis_url(url: str) -> str:
    """The URL without user, password or query, for logs: scheme://host:port/db or the path."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return "redis://<invalid>"
    if parts.scheme == "unix":
        return f"unix://{parts.path}"
    return f"{parts.scheme}://{host}{'' if port is None else f':{port}'}{parts.path}"


def open_redis(redis_url: str, *, op_timeout: float = 1.0) -> aioredis.Redis:
    """A client whose commands fail fast (`op_timeout`), so a store that stopped answering
    sends its users to their fallback quickly; the URL's password is masked in every log line.
    Raises ValueError (naming the URL without credentials) for a malformed URL."""
    password = _password_of(redis_url)
    if password:
        register_secret_value(password)  # masked in every log line, whatever logs it
    try:
        client: aioredis.Redis = aioredis.Redis.from_url(
            redis_url,
            decode_responses=True,
            socket_timeout=op_timeout,
            socket_connect_timeout=op_timeout,
            # One immediate retry replaces a pooled connection that a Redis restart broke;
            # more would only delay the fallback.
            retry=Retry(NoBackoff(), 1),
        )
    except ValueError:
        safe = safe_redis_url(redis_url)
        raise ValueError(f"redis_url: not a valid Redis URL ({safe})") from None
    return client


def _default_replica_id() -> str:
    # Pod name and pid identify the holder in the store (debugging); the random part keeps two
    # incarnations of one pod apart.
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class RedisPermitSource:
    """`PermitSource` whose permits are counted in Redis, so the limit holds across replicas.

    Each domain is a sorted set of permit tokens scored by lease expiry (Redis time). Acquire
    and release are Lua scripts; a release publishes on the domain's channel so waiting replicas
    retry at once. Held leases are renewed every `lease_seconds / 3`, so a crashed replica's
    permits come back within `lease_seconds`. Replicas whose calls wait queue in a line in
    Redis and are served first, in turns. The limit is stored in Redis too: `set_limit` on any
    replica changes it for all (last writer wins).

    While Redis is unreachable (`degraded`), each replica admits at most `fallback_limit` calls
    per domain, counting those it started before the outage, and probes Redis until it answers.
    """

    def __init__(
        self,
        redis_url: str,
        limits: Mapping[Domain, int],
        *,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        fallback_limit: int = DEFAULT_FALLBACK_LIMIT,
        metrics: GatewayMetrics | None = None,
        replica_id: str | None = None,
        poll_seconds: float = 0.5,
        probe_seconds: float = 1.0,
    ) -> None:
        if not limits:
            raise ValueError("limits: need at least one domain")
        if any(limit < 1 for limit in limits.values()):
            raise ValueError("limits: every limit must be at least 1")
        if not lease_seconds > 0:
            raise ValueError(f"lease_seconds: must be positive (got {lease_seconds})")
        if fallback_limit < 0:
            raise ValueError(f"fallback_limit: must be 0 or more (got {fallback_limit})")
        if not key_prefix or any(c.isspace() or c in "{}" for c in key_prefix):
            raise ValueError("key_prefix: must be non-empty, without whitespace or braces")
        if not (poll_seconds > 0 and probe_seconds > 0):
            raise ValueError("poll_seconds and probe_seconds: must be positive")

        self._url = safe_redis_url(redis_url)
        self._key_prefix = key_prefix
        self._lease_ms = max(1, round(lease_seconds * 1000))
        self._lease_seconds = lease_seconds
        self._renew_seconds = lease_seconds / 3
        self._poll_seconds = poll_seconds
        # A waiting replica renews its place at least every poll_seconds (each wait ends by
        # then); a place not renewed for two of those belongs to a replica that stopped waiting.
        self._waiter_ttl_ms = round((2 * poll_seconds + 0.5) * 1000)
        self._probe_seconds = probe_seconds
        self._fallback_limit = fallback_limit
        self._metrics = metrics
        self.replica_id = replica_id or _default_replica_id()

        # A Redis command that has not answered in this time counts as a failure; it stays
        # well inside a renewal period so one slow answer cannot cost a lease.
        self._redis = open_redis(redis_url, op_timeout=min(1.0, lease_seconds / 4))

        self._configured: dict[Domain, int] = dict(limits)
        self._limits: dict[Domain, int] = dict(limits)
        self._limit_version = dict.fromkeys(limits, 0)
        self._limit_dirty: set[Domain] = set()
        self._held: dict[Domain, set[str]] = {d: set() for d in limits}
        self._local: dict[Domain, set[str]] = {d: set() for d in limits}
        self._orphans: dict[Domain, set[str]] = {d: set() for d in limits}
        self._seen_in_use = dict.fromkeys(limits, 0)
        self._wakeups = {d: asyncio.Event() for d in limits}
        self._channels = {self._channel(d): d for d in limits}

        self._acquire_script = self._redis.register_script(_ACQUIRE)
        self._release_script = self._redis.register_script(_RELEASE)
        self._renew_script = self._redis.register_script(_RENEW)
        self._reassert_script = self._redis.register_script(_REASSERT)
        self._init_limit_script = self._redis.register_script(_INIT_LIMIT)
        self._wait_script = self._redis.register_script(_WAIT)

        self._degraded = False
        self._healthy = asyncio.Event()
        self._healthy.set()
        self._kick = asyncio.Event()
        self._limit_changed = asyncio.Event()
        self._started = False
        self._closed = False
        self._tasks: list[asyncio.Task[None]] = []
        self._background: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------------ PermitSource

    def limit(self, domain: Domain) -> int:
        """The shared limit as last seen (`effective_limit` is what applies while degraded)."""
        return self._limits[domain]

    def effective_limit(self, domain: Domain) -> int:
        """The limit `try_acquire` enforces right now: the fallback one while degraded."""
        if self._degraded:
            return min(self._fallback_limit, self._limits[domain])
        return self._limits[domain]

    def set_limit(self, domain: Domain, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"limit: must be at least 1 (got {limit})")
        if limit == self._limits[domain] and domain not in self._limit_dirty:
            return
        grew = limit > self._limits[domain]
        self._limits[domain] = limit
        self._limit_version[domain] += 1
        self._limit_dirty.add(domain)
        self._limit_changed.set()  # written by the background writer (set_limit is sync)
        if grew:
            self._wake(domain)

    def in_use(self, domain: Domain) -> int:
        if self._degraded:
            return len(self._held[domain]) + len(self._local[domain])
        return self._seen_in_use[domain]

    @property
    def degraded(self) -> bool:
        return self._degraded

    async def try_acquire(self, domain: Domain) -> Permit | None:
        if self._closed:
            return None
        if not self._degraded:
            token = f"{self.replica_id}:{uuid.uuid4().hex}"
            attempt = asyncio.ensure_future(self._acquire_remote(domain, token))
            try:
                # Shielded: a caller cancelled mid-call must not leak a permit Redis granted.
                granted = await asyncio.shield(attempt)
            except asyncio.CancelledError:
                attempt.add_done_callback(lambda _: self._spawn(self._drop(domain, token)))
                raise
            if granted is not None:
                return Permit(domain, token) if granted else None
        return self._try_acquire_local(domain)

    # The signature is PermitSource's: a plain bound, not a cancellation scope.
    async def wait_for_release(self, domain: Domain, timeout: float) -> None:  # noqa: ASYNC109
        if timeout <= 0:
            return
        event = self._wakeups[domain]
        if not self._degraded and not self._closed:
            await self._join_line(domain)
        # Pub/sub is at-most-once and an expired lease publishes nothing, so the wait is also
        # cut at poll_seconds; the caller then simply tries again.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), min(timeout, self._poll_seconds))

    async def release(self, permit: Permit) -> None:
        domain, token = permit.domain, permit.token
        if token in self._local[domain]:
            self._local[domain].discard(token)
            self._wake(domain)
            return
        if token not in self._held[domain]:
            return  # released already (or after close): harmless
        self._held[domain].discard(token)
        if self._degraded or self._closed:
            self._orphans[domain].add(token)  # removed from Redis once it answers again
            self._wake(domain)
            return
        try:
            # Shielded: a release interrupted by cancellation would hold the slot for a lease.
            await asyncio.shield(self._release_remote(domain, [token]))
        finally:
            # After the ZREM, not before: a waiter woken earlier would find the slot still
            # taken and sleep until the pub/sub echo. Local waiters need not wait for that echo.
            self._wake(domain)

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        try:
            await self._sync_limits()
        except STORE_ERRORS as exc:
            self._enter_degraded(exc)
        else:
            self._set_degraded_metric(False)
        _log.info(
            "redis_permits_started",
            redis=self._url,
            replica=self.replica_id,
            lease_seconds=self._lease_seconds,
            fallback_limit=self._fallback_limit,
            degraded=self._degraded,
        )
        self._tasks = [
            asyncio.create_task(self._maintain(), name="redis-permits-maintain"),
            asyncio.create_task(self._listen(), name="redis-permits-listen"),
            asyncio.create_task(self._write_limits(), name="redis-permits-limits"),
        ]

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        tasks = [*self._tasks, *self._background]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, *STORE_ERRORS):
                await task
        held = {d: sorted(tokens | self._orphans[d]) for d, tokens in self._held.items()}
        for d in self._held:
            self._held[d].clear()
            self._local[d].clear()
            self._orphans[d].clear()
        if not self._degraded:
            with contextlib.suppress(*STORE_ERRORS):
                async with self._redis.pipeline(transaction=False) as pipe:
                    for d, tokens in held.items():
                        if tokens:
                            await self._release_script(
                                keys=[self._permits_key(d)],
                                args=[self._channel(d), *tokens],
                                client=pipe,
                            )
                        # Leave the line too, so nobody keeps a slot free for this replica.
                        pipe.zrem(self._line_key(d), self.replica_id)
                        pipe.zrem(self._line_expiry_key(d), self.replica_id)
                    await pipe.execute()
        for d in self._wakeups:
            self._wake(d)
        with contextlib.suppress(*STORE_ERRORS):
            await self._redis.aclose()

    # ------------------------------------------------------------------ Redis operations

    async def _acquire_remote(self, domain: Domain, token: str) -> bool | None:
        """True/False: Redis' answer; None: Redis failed and the caller uses the fallback."""
        try:
            granted, count, limit = await self._acquire_script(
                keys=[
                    self._permits_key(domain),
                    self._limit_key(domain),
                    self._line_key(domain),
                    self._line_expiry_key(domain),
                ],
                args=[
                    token,
                    self._lease_ms,
                    self._limits[domain],
                    self._configured[domain],
                    self.replica_id,
                ],
            )
        except STORE_ERRORS as exc:
            self._enter_degraded(exc)
            return None
        self._seen_in_use[domain] = int(count)
        self._observe_limit(domain, int(limit))
        if int(granted) != 1:
            return False
        if self._closed:
            self._orphans[domain].add(token)
            return False
        self._held[domain].add(token)
        return True

    async def _release_remote(self, domain: Domain, tokens: Sequence[str]) -> None:
        try:
            _removed, count = await self._release_script(
                keys=[self._permits_key(domain)], args=[self._channel(domain), *tokens]
            )
        except STORE_ERRORS as exc:
            self._orphans[domain].update(tokens)
            self._enter_degraded(exc)
            return
        self._seen_in_use[domain] = int(count)

    async def _drop(self, domain: Domain, token: str) -> None:
        """Release a permit whose acquirer was cancelled before it could receive it."""
        if token in self._held[domain]:
            await self.release(Permit(domain, token))

    async def _join_line(self, domain: Domain) -> None:
        try:
            await self._wait_script(
                keys=[self._line_key(domain), self._line_expiry_key(domain)],
                args=[self.replica_id, self._waiter_ttl_ms],
            )
        except STORE_ERRORS as exc:
            self._enter_degraded(exc)

    async def _sync_limits(self) -> None:
        """Store this replica's configured limits (keeping an adapted one) and adopt them."""
        domains = list(self._limits)
        async with self._redis.pipeline(transaction=False) as pipe:
            for d in domains:
                await self._init_limit_script(
                    keys=[self._limit_key(d)],
                    args=[self._configured[d], self._limits[d]],
                    client=pipe,
                )
            results = await pipe.execute()
        for d, current in zip(domains, results, strict=True):
            self._observe_limit(d, int(current))
        await self._push_limits()

    async def _push_limits(self) -> None:
        pending = {d: (self._limits[d], self._limit_version[d]) for d in self._limit_dirty}
        if not pending:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for d, (limit, _version) in pending.items():
                pipe.hset(self._limit_key(d), "current", limit)
            await pipe.execute()
        for d, (_limit, version) in pending.items():
            if self._limit_version[d] == version:  # not changed again while on the wire
                self._limit_dirty.discard(d)

    async def _renew(self) -> None:
        """Extend this replica's leases and refresh `in_use` and the limits of every domain."""
        domains = list(self._limits)
        async with self._redis.pipeline(transaction=False) as pipe:
            for d in domains:
                await self._renew_script(
                    keys=[self._permits_key(d), self._limit_key(d)],
                    args=[self._lease_ms, *sorted(self._held[d])],
                    client=pipe,
                )
            results = await pipe.execute()
        missing: dict[Domain, list[str]] = {}
        for d, (count, limit, *lost) in zip(domains, results, strict=True):
            self._seen_in_use[d] = int(count)
            self._observe_limit(d, int(limit))
            still_held = [t for t in lost if t in self._held[d]]
            if still_held:
                missing[d] = still_held
        if missing:
            _log.warning(
                "redis_permit_leases_lost",
                detail="leases expired while their calls were still running; put back",
                permits={d.value: len(t) for d, t in missing.items()},
            )
            await self._reassert(missing)

    async def _reassert(self, tokens: Mapping[Domain, Iterable[str]]) -> None:
        wanted = {d: sorted(t) for d, t in tokens.items() if t}
        if not wanted:
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for d, toks in wanted.items():
                await self._reassert_script(
                    keys=[self._permits_key(d)], args=[self._lease_ms, *toks], client=pipe
                )
            counts = await pipe.execute()
        for d, count in zip(wanted, counts, strict=True):
            self._seen_in_use[d] = int(count)
        # A permit released while the script was on the wire was just put back: take it out.
        stale = {
            d: [t for t in toks if t not in self._held[d] and t not in self._local[d]]
            for d, toks in wanted.items()
        }
        for d, toks in stale.items():
            if toks:
                await self._release_remote(d, toks)

    async def _reassert_or_degrade(self, tokens: Mapping[Domain, Iterable[str]]) -> None:
        try:
            await self._reassert(tokens)
        except Exception as exc:  # a background task: nobody else would see the error
            self._enter_degraded(exc)

    async def _recover(self) -> None:
        """Redis answers again: restore limits, drop orphans, register fallback permits."""
        await self._sync_limits()
        orphans = {d: sorted(t) for d, t in self._orphans.items() if t}
        if orphans:
            async with self._redis.pipeline(transaction=False) as pipe:
                for d, toks in orphans.items():
                    await self._release_script(
                        keys=[self._permits_key(d)], args=[self._channel(d), *toks], client=pipe
                    )
                await pipe.execute()
            for d, toks in orphans.items():
                self._orphans[d].difference_update(toks)
        # Calls started before or during the outage are still running: count them in Redis.
        snapshot = {d: self._held[d] | self._local[d] for d in self._limits}
        await self._reassert(snapshot)
        # Fallback permits granted while the lines above were on the wire are put back too.
        late = {d: self._local[d] - snapshot[d] for d in self._limits}
        for d in self._limits:
            self._held[d].update(self._local[d])
            self._local[d].clear()
        if any(late.values()):
            self._spawn(self._reassert_or_degrade(late))
        self._degraded = False
        self._healthy.set()
        self._set_degraded_metric(False)
        _log.info("redis_permits_recovered", redis=self._url, replica=self.replica_id)
        for d in self._wakeups:
            self._wake(d)

    # ------------------------------------------------------------------ background tasks

    async def _maintain(self) -> None:
        """Renew leases while healthy; probe Redis while degraded."""
        while not self._closed:
            interval = self._probe_seconds if self._degraded else self._renew_seconds
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), interval)
            self._kick.clear()
            try:
                if self._degraded:
                    await self._redis.ping()
                    await self._recover()
                else:
                    await self._renew()
            except Exception as exc:
                # Any failure, even an unexpected answer: a dead renewal loop would let every
                # lease of this replica lapse silently, so degrade and keep probing instead.
                self._enter_degraded(exc)

    async def _listen(self) -> None:
        """Wake local waiters when any replica releases a permit (pub/sub)."""
        while not self._closed:
            await self._healthy.wait()
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(*self._channels)
                while not self._degraded:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is not None:
                        domain = self._channels.get(str(message.get("channel")))
                        if domain is not None:
                            self._wake(domain)
            except Exception as exc:
                # Not a reason to degrade by itself: waiters still poll. Retry after a pause.
                _log.debug("redis_permits_pubsub_error", error=self._describe(exc))
                await asyncio.sleep(self._probe_seconds)
            finally:
                with contextlib.suppress(*STORE_ERRORS):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]  # untyped in redis-py

    async def _write_limits(self) -> None:
        """Write `set_limit` changes; while degraded they wait for `_recover`."""
        while not self._closed:
            await self._limit_changed.wait()
            self._limit_changed.clear()
            if self._degraded:
                continue
            try:
                await self._push_limits()
            except Exception as exc:  # kept dirty: written again on recovery
                self._enter_degraded(exc)

    # ------------------------------------------------------------------ helpers

    def _try_acquire_local(self, domain: Domain) -> Permit | None:
        # Calls this replica started before the outage still count against the fallback.
        used = len(self._held[domain]) + len(self._local[domain])
        if used >= self.effective_limit(domain):
            return None
        token = f"{self.replica_id}:{uuid.uuid4().hex}"
        self._local[domain].add(token)
        return Permit(domain, token)

    def _enter_degraded(self, exc: BaseException) -> None:
        if self._closed or self._degraded:
            return
        self._degraded = True
        self._healthy.clear()
        self._set_degraded_metric(True)
        _log.warning(
            "redis_unavailable",
            redis=self._url,
            replica=self.replica_id,
            error=self._describe(exc),
            fallback_limit=self._fallback_limit,
            detail="admission falls back to a local limit per domain until Redis answers",
        )
        self._kick.set()
        for d in self._wakeups:
            self._wake(d)  # waiters retry at once, now against the fallback

    def _observe_limit(self, domain: Domain, limit: int) -> None:
        # A local change not yet written wins over what the store said before it.
        if limit >= 1 and domain not in self._limit_dirty:
            grew = limit > self._limits[domain]
            self._limits[domain] = limit
            if grew:
                self._wake(domain)  # another replica raised it: waiters here may fit now

    def _wake(self, domain: Domain) -> None:
        event = self._wakeups[domain]
        self._wakeups[domain] = asyncio.Event()
        event.set()

    def _spawn(self, coro: Awaitable[Any]) -> None:
        if self._closed:
            if asyncio.iscoroutine(coro):
                coro.close()
            return
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _set_degraded_metric(self, degraded: bool) -> None:
        if self._metrics is not None:
            self._metrics.set_admission_degraded(degraded)

    def _describe(self, exc: BaseException) -> str:
        return redact_text(f"{type(exc).__name__}: {exc}")

    def _permits_key(self, domain: Domain) -> str:
        # The hash tag keeps both keys of a domain in one slot (Redis Cluster, scripts).
        return f"{{{self._prefix_for(domain)}}}:permits"

    def _limit_key(self, domain: Domain) -> str:
        return f"{{{self._prefix_for(domain)}}}:limit"

    def _line_key(self, domain: Domain) -> str:
        return f"{{{self._prefix_for(domain)}}}:waiting"

    def _line_expiry_key(self, domain: Domain) -> str:
        return f"{{{self._prefix_for(domain)}}}:waiting-until"

    def _channel(self, domain: Domain) -> str:
        return f"{self._prefix_for(domain)}:released"

    def _prefix_for(self, domain: Domain) -> str:
        return f"{self._key_prefix}:{domain.value}"


def _password_of(url: str) -> str | None:
    # redis-py also reads a password from the query string (unix://path?password=...).
    try:
        parts = urlsplit(url)
        return parts.password or parse_qs(parts.query).get("password", [None])[0]
    except ValueError:
        return None
