"""Upstream permits counted in this process alone: right for a single replica, and what every
replica falls back to without a shared store."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Mapping

from clova_ocr_gateway.admission.permits import Permit
from clova_ocr_gateway.domains import Domain

__all__ = ["LocalPermitSource"]


class LocalPermitSource:
    """`PermitSource` over in-memory counters; a release wakes waiters at once (no polling)."""

    def __init__(self, limits: Mapping[Domain, int]) -> None:
        if any(limit < 1 for limit in limits.values()):
            raise ValueError("limits: every limit must be at least 1")
        self._limits: dict[Domain, int] = dict(limits)
        self._held: dict[Domain, set[str]] = {d: set() for d in limits}
        # One event per "generation": a release sets the current one and the next waiter
        # creates a fresh one, so nobody has to clear an event others still wait on.
        self._released: dict[Domain, asyncio.Event] = {}
        self._tokens = itertools.count(1)
        self._closed = False

    def limit(self, domain: Domain) -> int:
        return self._limits[domain]

    def effective_limit(self, domain: Domain) -> int:
        return self._limits[domain]

    def set_limit(self, domain: Domain, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"limit: must be at least 1 (got {limit})")
        grew = limit > self._limits[domain]
        self._limits[domain] = limit
        if grew:
            self._notify(domain)

    def in_use(self, domain: Domain) -> int:
        return len(self._held[domain])

    async def try_acquire(self, domain: Domain) -> Permit | None:
        held = self._held[domain]
        if self._closed or len(held) >= self._limits[domain]:
            return None
        token = f"local-{next(self._tokens)}"
        held.add(token)
        return Permit(domain, token)

    # The signature is PermitSource's: a plain bound, not a cancellation scope.
    async def wait_for_release(self, domain: Domain, timeout: float) -> None:  # noqa: ASYNC109
        if timeout <= 0:
            return
        event = self._released.get(domain)
        if event is None:
            event = self._released[domain] = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    async def release(self, permit: Permit) -> None:
        held = self._held[permit.domain]
        if permit.token in held:
            held.discard(permit.token)
            self._notify(permit.domain)

    @property
    def degraded(self) -> bool:
        return False

    async def start(self) -> None:
        self._closed = False

    async def close(self) -> None:
        self._closed = True
        for domain, held in self._held.items():
            held.clear()
            self._notify(domain)

    def _notify(self, domain: Domain) -> None:
        event = self._released.pop(domain, None)
        if event is not None:
            event.set()
