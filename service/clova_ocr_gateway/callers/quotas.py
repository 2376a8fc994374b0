"""Per-caller quotas of billable calls in calendar windows (UTC minute, day, month), counted in
the shared Redis when OCR_REDIS_URL is set, else in this process.

A call reserves one unit of every quota it counts against before the paid call, and then either
confirms it (CLOVA answered HTTP 200: the call is billed, as `clova_ocr_billable_calls_total`
counts it) or releases it (no answer, or an error answer: nothing was billed). A reservation
counts like a used call while it is held, so concurrent calls can never take the same last unit:
while the store answers, a quota is never exceeded. Reservations expire with the call's
deadline, so those of a replica that crashed mid-call free themselves.

While Redis is unreachable (`degraded`), each replica goes on alone: it checks every quota
against the last shared count it saw for the window plus its own calls since, and adds those
calls to the shared count once Redis answers again. A quota can then be exceeded by at most
what was left of it at the outage's start times the number of other replicas
(docs/security.md).
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import hashlib
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from clova_ocr_gateway.callers.policy import Quota, Window
from clova_ocr_gateway.observability.logs import get_logger, redact_text
from clova_ocr_gateway.observability.metrics import GatewayMetrics

__all__ = [
    "QuotaExceeded",
    "QuotaTracker",
    "Reservation",
    "WindowSpan",
    "window_span",
]

Clock = Callable[[], float]  # Unix seconds

_log = get_logger("clova_ocr_gateway.quotas")

# Redis keys outlive their window by this much, so a replica whose clock is a little behind
# still finds the count, and then expire by themselves.
KEY_GRACE_SECONDS: Final = 3600.0
# Windows this process remembers (caller x quota x window); beyond it the least recently used
# one without calls in flight is forgotten. Only callers the policy does not name can make
# this many (an unverified x-client-id per call), and only in local counting.
MAX_LOCAL_WINDOWS: Final = 10_000
DEFAULT_PROBE_SECONDS: Final = 1.0

# KEYS: used_1, reserved_1, ..., used_n, reserved_n. ARGV: token, lease ms, then limit_i and
# key ttl ms_i for each quota. Checks every quota, then reserves all or none.
# Returns {1, used_1, ..., used_n}, or {0, i, used_i} for the first quota that is used up.
_RESERVE: Final = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = tonumber(ARGV[2])
local n = #KEYS / 2
local out = {1}
for i = 1, n do
  local used = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
  redis.call('ZREMRANGEBYSCORE', KEYS[2 * i], '-inf', now)
  local reserved = redis.call('ZCARD', KEYS[2 * i])
  if used + reserved >= tonumber(ARGV[2 * i + 1]) then
    return {0, i, used}
  end
  out[#out + 1] = used
end
for i = 1, n do
  redis.call('ZADD', KEYS[2 * i], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[2 * i], ARGV[2 * i + 2])
end
return out
"""

# KEYS as above. ARGV: token, then key ttl ms_i. The reservation becomes a used call.
# Returns {used_1, ..., used_n}.
_CONFIRM: Final = """
local out = {}
for i = 1, #KEYS / 2 do
  redis.call('ZREM', KEYS[2 * i], ARGV[1])
  out[i] = redis.call('INCR', KEYS[2 * i - 1])
  redis.call('PEXPIRE', KEYS[2 * i - 1], ARGV[i + 1])
end
return out
"""

# KEYS: reserved_1, ..., reserved_n. ARGV: token.
_RELEASE: Final = """
for i = 1, #KEYS do
  redis.call('ZREM', KEYS[i], ARGV[1])
end
return 0
"""


@dataclass(frozen=True, slots=True)
class WindowSpan:
    """One calendar window: `id` names it (e.g. "2024-05-01" for a day), [start, end) in Unix
    seconds."""

    per: Window
    id: str
    start: float
    end: float


def window_span(per: Window, now: float) -> WindowSpan:
    """The UTC calendar window of `per` that contains `now`."""
    moment = datetime.fromtimestamp(now, UTC)
    if per is Window.MINUTE:
        start = moment.replace(second=0, microsecond=0)
        ident, length = start.strftime("%Y-%m-%dT%H:%MZ"), 60.0
    elif per is Window.DAY:
        start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        ident, length = start.strftime("%Y-%m-%d"), 86400.0
    else:
        start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        days = calendar.monthrange(start.year, start.month)[1]
        ident, length = start.strftime("%Y-%m"), days * 86400.0
    begin = start.timestamp()
    return WindowSpan(per, ident, begin, begin + length)


class QuotaExceeded(Exception):
    """A quota of the caller is used up for the current window."""

    def __init__(self, caller: str, quota: Quota, span: WindowSpan, used: int, now: float) -> None:
        super().__init__(f"{caller}: {quota.calls} {quota.scope} calls per {quota.per.value}")
        self.caller = caller
        self.quota = quota
        self.span = span
        self.used = used
        self.retry_after_seconds = max(0.0, span.end - now)


@dataclass(slots=True)
class _Count:
    """This process' view of one caller's quota window."""

    end: float
    seen: int = 0  # the shared count as Redis last reported it (0 without Redis)
    pending: int = 0  # billable calls counted here and not (yet) in Redis
    reserved: set[str] = field(default_factory=set)  # reservations held here, not in Redis

    def total(self) -> int:
        return self.seen + self.pending + len(self.reserved)


_Key = tuple[str, str, str, str]  # caller, scope, per, window id


@dataclass(frozen=True, slots=True)
class _Check:
    """One quota as it applies to one call now."""

    quota: Quota
    span: WindowSpan
    key: _Key
    redis_used: str
    redis_reserved: str
    ttl_ms: int


class Reservation:
    """One unit of each quota a call counts against; `confirm()` once the call was billed,
    `release()` otherwise. Both are idempotent and never raise (a failing store falls back)."""

    def __init__(
        self,
        tracker: QuotaTracker | None,
        caller: str,
        label: str,
        checks: Sequence[_Check],
        token: str,
        remote: bool,
    ) -> None:
        self._tracker = tracker
        self.caller = caller
        self.label = label
        self._checks = tuple(checks)
        self.token = token
        self.remote = remote  # held in Redis (else in this process)
        self.done = not checks

    @classmethod
    def empty(cls) -> Reservation:
        """The reservation of a call that counts against no quota."""
        return cls(None, "", "", (), "", remote=False)

    async def confirm(self) -> None:
        if self.done or self._tracker is None:
            return
        self.done = True
        await self._tracker._confirm(self, self._checks)

    async def release(self) -> None:
        if self.done or self._tracker is None:
            return
        self.done = True
        await self._tracker._release(self, self._checks)


class QuotaTracker:
    """Reserves, confirms and releases quota units; see the module docstring."""

    def __init__(
        self,
        *,
        redis_url: str | None = None,
        key_prefix: str = "clova-ocr-gateway",
        metrics: GatewayMetrics | None = None,
        clock: Clock = time.time,
        probe_seconds: float = DEFAULT_PROBE_SECONDS,
        op_timeout: float = 1.0,
        max_local_windows: int = MAX_LOCAL_WINDOWS,
    ) -> None:
        self._metrics = metrics
        self._clock = clock
        self._prefix = key_prefix
        self._probe_seconds = probe_seconds
        self._max_local = max_local_windows
        self._counts: OrderedDict[_Key, _Count] = OrderedDict()
        self._degraded = False
        self._closed = False
        self._kick = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._redis: Any = None
        self._store_errors: tuple[type[BaseException], ...] = ()
        self._url = ""
        if redis_url is not None:
            # Imported only when used, like the permit source: one replica needs no Redis.
            from clova_ocr_gateway.admission.permits_redis import (
                STORE_ERRORS,
                open_redis,
                safe_redis_url,
            )

            self._url = safe_redis_url(redis_url)
            self._store_errors = STORE_ERRORS
            self._redis = open_redis(redis_url, op_timeout=op_timeout)
            self._reserve_script = self._redis.register_script(_RESERVE)
            self._confirm_script = self._redis.register_script(_CONFIRM)
            self._release_script = self._redis.register_script(_RELEASE)
        if metrics is not None:
            metrics.set_quota_degraded(False)

    @property
    def degraded(self) -> bool:
        """True while Redis is unreachable and this replica counts alone."""
        return self._degraded

    async def start(self) -> None:
        if self._redis is not None and self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._probe(), name="clova-ocr-quota-probe"
            )

    async def close(self) -> None:
        self._closed = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._redis is not None:
            with contextlib.suppress(*self._store_errors):
                await self._redis.aclose()

    async def reserve(
        self, caller: str, label: str, quotas: Sequence[Quota], lease_seconds: float
    ) -> Reservation:
        """Reserve one unit of each quota, or raise QuotaExceeded for the first one used up.

        `label` is the caller's metric label; `lease_seconds` how long the reservation may be
        held before it counts no more (the call's remaining time, with a margin).
        """
        if not quotas:
            return Reservation.empty()
        now = self._clock()
        checks = [self._check(caller, quota, now) for quota in quotas]
        token = uuid.uuid4().hex
        if self._redis is not None and not self._degraded:
            try:
                result = await self._reserve_script(
                    keys=[k for c in checks for k in (c.redis_used, c.redis_reserved)],
                    args=[
                        token,
                        max(1, round(lease_seconds * 1000)),
                        *[v for c in checks for v in (c.quota.calls, c.ttl_ms)],
                    ],
                )
            except self._store_errors as exc:
                self._enter_degraded(exc)
            else:
                if int(result[0]) != 1:
                    check = checks[int(result[1]) - 1]
                    used = int(result[2])
                    self._saw(label, check, used)
                    raise QuotaExceeded(caller, check.quota, check.span, used, now)
                for check, used in zip(checks, result[1:], strict=True):
                    self._saw(label, check, int(used))
                return Reservation(self, caller, label, checks, token, remote=True)
        counts = [self._count(c) for c in checks]
        for check, count in zip(checks, counts, strict=True):
            if count.total() >= check.quota.calls:
                used = count.seen + count.pending
                self._publish(label, check, used)
                raise QuotaExceeded(caller, check.quota, check.span, used, now)
        for count in counts:
            count.reserved.add(token)
        return Reservation(self, caller, label, checks, token, remote=False)

    # ------------------------------------------------------------------ confirm and release

    async def _confirm(self, reservation: Reservation, checks: Sequence[_Check]) -> None:
        token = reservation.token
        for check in checks:
            count = self._counts.get(check.key)
            if count is not None:
                count.reserved.discard(token)
        if self._redis is not None and not self._degraded:
            try:
                used = await self._confirm_script(
                    keys=[k for c in checks for k in (c.redis_used, c.redis_reserved)],
                    args=[token, *[c.ttl_ms for c in checks]],
                )
            except self._store_errors as exc:
                self._enter_degraded(exc)
            else:
                for check, value in zip(checks, used, strict=True):
                    self._saw(reservation.label, check, int(value))
                return
        # Counted here; added to the shared count when Redis answers again.
        for check in checks:
            count = self._count(check)
            count.pending += 1
            self._publish(reservation.label, check, count.seen + count.pending)

    async def _release(self, reservation: Reservation, checks: Sequence[_Check]) -> None:
        token = reservation.token
        for check in checks:
            count = self._counts.get(check.key)
            if count is not None:
                count.reserved.discard(token)
        if reservation.remote and self._redis is not None and not self._degraded:
            try:
                await self._release_script(keys=[c.redis_reserved for c in checks], args=[token])
            except self._store_errors as exc:
                # The reservation expires with its lease; nothing else to undo.
                self._enter_degraded(exc)

    # ------------------------------------------------------------------ outage and recovery

    def _enter_degraded(self, exc: BaseException) -> None:
        if self._degraded or self._closed:
            return
        self._degraded = True
        if self._metrics is not None:
            self._metrics.set_quota_degraded(True)
        _log.warning(
            "quota_store_unavailable",
            redis=self._url,
            error=redact_text(f"{type(exc).__name__}: {exc}"),
            detail="quotas are counted by each replica alone until Redis answers",
        )
        self._kick.set()

    async def _probe(self) -> None:
        """While degraded, ping Redis; once it answers, add the calls counted here to the
        shared counts and go back to them."""
        while not self._closed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._kick.wait(), self._probe_seconds)
            self._kick.clear()
            if not self._degraded:
                continue
            try:
                await self._redis.ping()
                await self._flush()
            except Exception as exc:
                _log.debug("quota_store_probe_failed", error=redact_text(type(exc).__name__))
                continue
            self._degraded = False
            if self._metrics is not None:
                self._metrics.set_quota_degraded(False)
            _log.info("quota_store_recovered", redis=self._url)

    async def _flush(self) -> None:
        pending = {key: count.pending for key, count in self._counts.items() if count.pending}
        if not pending:
            return
        now = self._clock()
        async with self._redis.pipeline(transaction=False) as pipe:
            for key, amount in pending.items():
                used_key = self._redis_key(key) + ":used"
                pipe.incrby(used_key, amount)
                pipe.pexpire(used_key, self._ttl_ms(self._counts[key].end, now))
            results = await pipe.execute()
        for (key, amount), total in zip(pending.items(), results[::2], strict=True):
            count = self._counts.get(key)
            if count is not None:
                # Calls confirmed while the pipeline was on the wire stay pending.
                count.pending -= amount
                count.seen = int(total)

    # ------------------------------------------------------------------ bookkeeping

    def _check(self, caller: str, quota: Quota, now: float) -> _Check:
        span = window_span(quota.per, now)
        key: _Key = (caller, quota.scope, quota.per.value, span.id)
        # Key names only when they are used: hashing the caller costs as much as the rest.
        base = self._redis_key(key) if self._redis is not None else ""
        return _Check(
            quota, span, key, base + ":used", base + ":reserved", self._ttl_ms(span.end, now)
        )

    def _redis_key(self, key: _Key) -> str:
        caller, scope, per, window = key
        # Caller ids are free text (SPIFFE ids, DNS names, subjects): a digest keeps braces and
        # spaces out of key names, and the hash tag keeps one caller's keys in one cluster slot
        # (the scripts touch several of them at once).
        digest = hashlib.sha256(caller.encode()).hexdigest()[:24]
        scope_name = "all" if scope == "*" else scope
        return f"{{{self._prefix}:quota:{digest}}}:{scope_name}:{per}:{window}"

    @staticmethod
    def _ttl_ms(end: float, now: float) -> int:
        return max(1000, round((end - now + KEY_GRACE_SECONDS) * 1000))

    def _count(self, check: _Check) -> _Count:
        count = self._counts.get(check.key)
        if count is None:
            self._make_room(check.span.start)
            count = self._counts[check.key] = _Count(end=check.span.end)
        else:
            self._counts.move_to_end(check.key)
        return count

    def _make_room(self, now: float) -> None:
        if len(self._counts) < self._max_local:
            return
        for key in [k for k, c in self._counts.items() if c.end <= now and not c.reserved]:
            del self._counts[key]
        # Still full: forget the least recently used windows without calls in flight.
        for key in list(self._counts):
            if len(self._counts) < self._max_local:
                break
            if not self._counts[key].reserved:
                del self._counts[key]

    def _saw(self, label: str, check: _Check, used: int) -> None:
        """Remember the shared count Redis reported, and export it."""
        count = self._count(check)
        count.seen = used
        self._publish(label, check, used + count.pending)

    def _publish(self, label: str, check: _Check, used: int) -> None:
        if self._metrics is not None:
            self._metrics.set_caller_quota_usage(
                label,
                check.quota.scope,
                check.quota.per.value,
                used=used,
                limit=check.quota.calls,
                window_end=check.span.end,
            )
