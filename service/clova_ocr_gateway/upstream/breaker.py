"""Per-domain circuit breaker: while CLOVA keeps failing, calls are refused at once instead of
queueing for a doomed upstream call; after a cool-down one probe call tests it again."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.observability.metrics import CircuitState, GatewayMetrics

__all__ = ["CircuitBreaker", "CircuitState"]

# While the probe runs, others are told to come back after this long (or the cool-down).
PROBE_RETRY_SECONDS = 1.0

_log = get_logger("clova_ocr_gateway.breaker")


class CircuitBreaker:
    """CLOSED → OPEN after `failure_threshold` consecutive failures, or when at least
    `failure_ratio` of the last `window_calls` outcomes were failures; OPEN → HALF_OPEN after
    `cooldown` seconds; HALF_OPEN lets exactly one probe through: success closes, failure
    re-opens for another cool-down.

    Failures are the upstream being down (5xx, 0500/0501, connect errors, resets); the caller
    decides what counts (see recognition.py). Any answer from CLOVA counts as a success.
    """

    def __init__(
        self,
        domain: Domain,
        *,
        failure_threshold: int = 5,
        failure_ratio: float = 0.5,
        window_calls: int = 20,
        cooldown: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        if failure_threshold < 1 or window_calls < 1:
            raise ValueError("failure_threshold and window_calls must be at least 1")
        if not 0 < failure_ratio <= 1 or not cooldown > 0:
            raise ValueError("failure_ratio must be in (0, 1] and cooldown positive")
        self.domain = domain
        self._threshold = failure_threshold
        self._ratio = failure_ratio
        self._cooldown = cooldown
        self._clock = clock
        self._state = CircuitState.CLOSED
        self._consecutive = 0
        self._outcomes: deque[bool] = deque(maxlen=window_calls)  # True: failure
        self._opened_at = 0.0
        self._probing = False
        if metrics is not None:
            # Read at scrape time, so the exported state never goes stale while nobody calls.
            metrics.watch_circuit(domain, self.observed_state)

    @property
    def state(self) -> CircuitState:
        """The state now (an elapsed cool-down shows as HALF_OPEN)."""
        if self._state == CircuitState.OPEN and self._cooled_down():
            self._move(CircuitState.HALF_OPEN)
        return self._state

    def observed_state(self) -> CircuitState:
        """The state now, as `state` says it, without changing anything: the metrics scrape
        calls it from its own thread. OPEN is set after `_opened_at`, so a reader that sees
        OPEN sees the cool-down that goes with it."""
        state = self._state
        if state == CircuitState.OPEN and self._cooled_down():
            return CircuitState.HALF_OPEN
        return state

    def _cooled_down(self) -> bool:
        return self._clock() >= self._opened_at + self._cooldown

    def rejects(self) -> float | None:
        """Seconds after which to try again if a call would be refused now, else None.

        Does not take the probe: used before queueing, to shed load without waiting.
        """
        state = self.state
        if state == CircuitState.OPEN:
            return self._opened_at + self._cooldown - self._clock()
        if state == CircuitState.HALF_OPEN and self._probing:
            return min(PROBE_RETRY_SECONDS, self._cooldown)
        return None

    def enter(self) -> bool | None:
        """Let a call through: None when refused, True when it is the half-open probe (report
        its outcome or `abandon(True)`), False for an ordinary call."""
        state = self.state
        if state == CircuitState.CLOSED:
            return False
        if state == CircuitState.HALF_OPEN and not self._probing:
            self._probing = True
            return True
        return None

    def record_success(self) -> None:
        if self._state != CircuitState.CLOSED:
            _log.info("circuit_closed", domain=self.domain.value)
            self._move(CircuitState.CLOSED)
        self._consecutive = 0
        self._outcomes.append(False)

    def record_failure(self) -> None:
        if self._state == CircuitState.HALF_OPEN:
            self._open("probe failed")
            return
        if self._state == CircuitState.OPEN:
            return  # a call admitted before the breaker opened; the cool-down stands
        self._consecutive += 1
        self._outcomes.append(True)
        if self._consecutive >= self._threshold:
            self._open(f"{self._consecutive} consecutive failures")
        elif len(self._outcomes) == self._outcomes.maxlen:
            failures = sum(self._outcomes)
            if failures >= self._ratio * len(self._outcomes):
                self._open(f"{failures} of the last {len(self._outcomes)} calls failed")

    def abandon(self, probe: bool | None) -> None:
        """A call let through ended without telling anything (cancelled, timed out by its
        caller's deadline): free the probe so another call can test CLOVA."""
        if probe:
            self._probing = False

    def _open(self, why: str) -> None:
        _log.warning(
            "circuit_opened", domain=self.domain.value, reason=why, cooldown_seconds=self._cooldown
        )
        self._opened_at = self._clock()
        self._consecutive = 0
        self._outcomes.clear()
        self._move(CircuitState.OPEN)

    def _move(self, state: CircuitState) -> None:
        self._state = state
        self._probing = False
