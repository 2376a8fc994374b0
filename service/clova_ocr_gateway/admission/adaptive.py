"""Adaptive concurrency limit (AIMD): when CLOVA still answers 0025 the real limit is lower than
configured, so the domain's limit is cut, then grown back one slot at a time."""

from __future__ import annotations

import math
from collections.abc import Mapping

from clova_ocr_gateway.admission.permits import PermitSource
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.observability.metrics import GatewayMetrics

__all__ = ["AdaptiveLimit"]

_log = get_logger("clova_ocr_gateway.adaptive")


class AdaptiveLimit:
    """Multiplicative decrease on 0025, additive increase after successes, per domain.

    A 0025 multiplies the limit by `decrease_factor` (floor 1), once per "epoch": calls that
    started before the last cut were launched under the old, higher limit, so their 0025s say
    nothing new and are ignored. After `increase_after` consecutive successes that ran while
    every slot was taken (only those show that the current limit is safe), the limit grows by
    one, never above the configured one.
    """

    def __init__(
        self,
        configured: Mapping[Domain, int],
        permits: PermitSource,
        *,
        decrease_factor: float = 0.5,
        increase_after: int = 10,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        if not 0 < decrease_factor < 1:
            raise ValueError(f"decrease_factor: must be between 0 and 1 (got {decrease_factor})")
        if increase_after < 1:
            raise ValueError(f"increase_after: must be at least 1 (got {increase_after})")
        self._configured = dict(configured)
        self._permits = permits
        self._decrease_factor = decrease_factor
        self._increase_after = increase_after
        self._metrics = metrics
        self._epoch = dict.fromkeys(configured, 0)
        self._successes = dict.fromkeys(configured, 0)

    def limit(self, domain: Domain) -> int:
        return self._permits.limit(domain)

    def epoch(self, domain: Domain) -> int:
        """Changes whenever the limit is cut; read it when an upstream call starts.

        Growing the limit keeps the epoch: a 0025 to a call started under the smaller limit
        still shows that limit was too high."""
        return self._epoch[domain]

    def saturated(self, domain: Domain) -> bool:
        """True when every slot is taken (read while holding one, as the call starts)."""
        return self._permits.in_use(domain) >= self._permits.limit(domain)

    def on_overloaded(self, domain: Domain, epoch: int) -> bool:
        """CLOVA answered 0025 to a call started in `epoch`; True when the limit was cut."""
        if epoch != self._epoch[domain]:
            return False
        current = self._permits.limit(domain)
        # Rounded down, but a cut always takes at least one slot while above the floor.
        lowered = max(1, min(current - 1, math.floor(current * self._decrease_factor)))
        self._successes[domain] = 0
        if lowered == current:
            return False
        self._epoch[domain] += 1
        self._set(domain, lowered)
        _log.warning(
            "adaptive_limit_decreased",
            domain=domain.value,
            limit=lowered,
            previous=current,
            configured=self._configured[domain],
        )
        return True

    def on_success(self, domain: Domain, *, saturated: bool) -> bool:
        """An upstream call answered 200; True when the limit grew by one."""
        current = self._permits.limit(domain)
        if not saturated or current >= self._configured[domain]:
            return False
        self._successes[domain] += 1
        if self._successes[domain] < self._increase_after:
            return False
        self._successes[domain] = 0
        self._set(domain, current + 1)
        _log.info(
            "adaptive_limit_increased",
            domain=domain.value,
            limit=current + 1,
            configured=self._configured[domain],
        )
        return True

    def _set(self, domain: Domain, limit: int) -> None:
        self._permits.set_limit(domain, limit)
        if self._metrics is not None:
            self._metrics.set_admission_limit(domain, limit)
