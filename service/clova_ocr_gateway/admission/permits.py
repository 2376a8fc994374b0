"""Where upstream concurrency permits come from: this process alone, or a Redis server shared
by every replica. Admission (fair queueing, deadlines) sits on top and never knows which."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from clova_ocr_gateway.domains import Domain


@dataclass(frozen=True, slots=True)
class Permit:
    """The right to run one upstream call on `domain` until released (or its lease expires)."""

    domain: Domain
    token: str


class PermitSource(Protocol):
    """Grants at most `limit(domain)` concurrent permits per domain."""

    def limit(self, domain: Domain) -> int:
        """The current limit (it moves when the adaptive limit shrinks or grows it)."""
        ...

    def effective_limit(self, domain: Domain) -> int:
        """The limit enforced right now: `limit`, or a shared source's fallback while degraded."""
        ...

    def set_limit(self, domain: Domain, limit: int) -> None:
        """Change the limit; permits already granted are not revoked."""
        ...

    def in_use(self, domain: Domain) -> int:
        """Permits currently granted (for shared sources: across all replicas, as last seen)."""
        ...

    async def try_acquire(self, domain: Domain) -> Permit | None:
        """A permit now, or None when the limit is reached. Never waits for one."""
        ...

    # A plain bound on the wait, not a cancellation scope, hence the parameter.
    async def wait_for_release(self, domain: Domain, timeout: float) -> None:  # noqa: ASYNC109
        """Return when a permit of `domain` may have been freed, or after `timeout` seconds."""
        ...

    async def release(self, permit: Permit) -> None:
        """Give a permit back. Releasing twice is harmless."""
        ...

    @property
    def degraded(self) -> bool:
        """True while a shared source cannot reach its store and runs on a local fallback."""
        ...

    async def start(self) -> None:
        """Start background work (lease renewal, health probes)."""
        ...

    async def close(self) -> None:
        """Release every permit this process holds and stop background work."""
        ...
