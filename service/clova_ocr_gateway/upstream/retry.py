"""Which upstream failures the gateway retries itself, how long it waits between attempts
(truncated exponential backoff, full jitter, inside the caller's deadline) and how many
retries it may add at all (a budget, so an outage is not multiplied)."""

from __future__ import annotations

import math
import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from clova_ocr_gateway import errors
from clova_ocr_gateway.config.settings import Settings

__all__ = [
    "RetryBudget",
    "RetryPolicy",
    "is_overload",
    "is_transient",
    "retry_reason",
]

# CLOVA codes whose retry reason is the code itself (metrics.RETRY_REASONS).
_CODE_REASONS = {"0025": "clova_0025", "0500": "clova_0500", "0501": "clova_0501"}


def is_transient(error: BaseException) -> bool:
    """True for failures the same call may not meet again: 0025, 0500, 0501, other 5xx,
    connect errors and connections lost before an answer.

    Never true once CLOVA answered HTTP 200: that call was billed, whatever came after
    (inferResult ERROR, a malformed or truncated body), and a paid call is made only once.
    """
    if not isinstance(error, errors.UpstreamError):
        return False
    if error.metadata.get("http_status") == "200":
        return False
    return error.transient


def is_overload(error: BaseException) -> bool:
    """True for CLOVA's 0025 and an HTTP 429 without another known code: too many calls on
    the domain (both rows share the reason UPSTREAM_RATE_LIMITED)."""
    return (
        isinstance(error, errors.UpstreamError) and error.reason == errors.HTTP_RATE_LIMITED.reason
    )


def retry_reason(error: errors.UpstreamError) -> str:
    """The `reason` label of clova_ocr_upstream_retries_total for a retried failure."""
    reason = _CODE_REASONS.get(error.metadata.get("clova_code", ""))
    if reason is not None:
        return reason
    status = error.metadata.get("http_status", "")
    if status == "429":
        return "http_429"
    if status.startswith("5"):
        return "http_5xx"
    if error.reason == errors.CONNECT_FAILED.reason:
        return "connect_error"
    if error.reason == errors.UPSTREAM_TIMEOUT.reason:
        return "timeout"
    if error.reason == errors.CONNECTION_LOST.reason:
        return "connection_lost"
    return "other"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most `max_attempts` attempts; before retry n (1-based) a random pause in
    [0, min(max_backoff, initial_backoff × multiplier^(n-1))] (full jitter)."""

    max_attempts: int = 3
    initial_backoff: float = 0.1
    max_backoff: float = 2.0
    multiplier: float = 2.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(
            max_attempts=settings.retry_max_attempts,
            initial_backoff=settings.retry_initial_backoff_seconds,
            max_backoff=settings.retry_max_backoff_seconds,
            multiplier=settings.retry_backoff_multiplier,
        )

    def backoff_cap(self, retry: int) -> float:
        """The longest pause before retry number `retry` (1 is the first retry)."""
        # Computed in log space so a large retry number cannot overflow the float.
        exponent = max(0, retry - 1)
        if exponent * math.log(max(self.multiplier, 1.0)) > math.log(
            self.max_backoff / self.initial_backoff
        ):
            return self.max_backoff
        return min(self.max_backoff, self.initial_backoff * self.multiplier**exponent)

    def delay(
        self,
        attempt: int,
        *,
        time_left: float | None,
        reserve: float,
        rng: random.Random,
        not_before: float = 0.0,
    ) -> float | None:
        """The pause before the next attempt after attempt number `attempt` failed, or None
        when no attempt is left or the deadline leaves no room for one.

        `time_left` is the caller's remaining deadline (None: none); `reserve` is what one
        more upstream call needs. The pause is cut short rather than sleep past the point
        where the retry could still finish in time. `not_before` is the pause the upstream
        asked for (Retry-After): the retry never comes sooner, and when that is longer than
        `max_backoff` or than the deadline allows, the failure is surfaced instead (the
        caller's RetryInfo carries the pause).
        """
        if attempt >= self.max_attempts or not_before > self.max_backoff:
            return None
        pause = max(rng.uniform(0.0, self.backoff_cap(attempt)), not_before)
        if time_left is None:
            return pause
        room = time_left - reserve
        if room <= 0 or room < not_before:
            return None
        return min(pause, room)


class RetryBudget:
    """Retries may add at most `ratio` × calls over the last `window` seconds, plus
    `min_per_second` × `window` so a quiet domain can still retry at all.

    Counted in one-second buckets, so memory stays constant at any call rate.
    """

    def __init__(
        self,
        ratio: float,
        min_per_second: float,
        window: float = 10.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 0 <= ratio <= 1:
            raise ValueError(f"ratio: must be between 0 and 1 (got {ratio})")
        if min_per_second < 0 or not window > 0:
            raise ValueError("min_per_second must be >= 0 and window > 0")
        self._ratio = ratio
        self._reserve = min_per_second * window
        self._window = window
        self._clock = clock
        self._buckets: deque[list[int]] = deque()  # [second, calls, retries], oldest first

    def record_call(self) -> None:
        """Count one call (its first attempt)."""
        self._bucket()[1] += 1

    def try_spend(self) -> bool:
        """Take one retry from the budget; False (and nothing taken) when it is used up."""
        bucket = self._bucket()
        calls = sum(b[1] for b in self._buckets)
        retries = sum(b[2] for b in self._buckets)
        if retries + 1 > self._ratio * calls + self._reserve:
            return False
        bucket[2] += 1
        return True

    def counts(self) -> tuple[int, int]:
        """(calls, retries) within the window."""
        self._bucket()
        return sum(b[1] for b in self._buckets), sum(b[2] for b in self._buckets)

    def _bucket(self) -> list[int]:
        second = math.floor(self._clock())
        horizon = second - math.ceil(self._window)
        while self._buckets and self._buckets[0][0] <= horizon:
            self._buckets.popleft()
        if not self._buckets or self._buckets[-1][0] != second:
            self._buckets.append([second, 0, 0])
        return self._buckets[-1]
