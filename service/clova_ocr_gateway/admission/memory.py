"""The in-flight byte budget (OCR_MAX_INFLIGHT_BYTES): request bytes are reserved here BEFORE
they are read, so the gateway's memory follows the budget whatever callers send.

A stage that is about to hold bytes (the intake reading a request, a streaming upload reading
its next chunk) reserves their worst case first, waits in FIFO order while the budget is
spent, and shrinks the reservation to what it really holds once it knows. Everything the
gateway keeps per call is then at most the budget; docs/deploy.md sizes the container from it
and from the image conversion budget (`memory_needed_for`, checked at start-up against the
container's limit).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "BASE_MEMORY_BYTES",
    "CGROUP_MEMORY_LIMIT_FILES",
    "ENVELOPE_BYTES",
    "MEMORY_PER_BUDGET_BYTE",
    "ByteBudget",
    "Reservation",
    "container_memory_limit",
    "memory_needed_for",
    "receive_limit_for",
]


@dataclass(eq=False)
class Reservation:
    """Bytes reserved from a `ByteBudget`; `resize` to what is really held, then `release`
    (idempotent; also a context manager)."""

    budget: ByteBudget
    size: int
    released: bool = field(default=False)

    def resize(self, size: int) -> bool:
        """Hold `size` bytes from now on. Shrinking always succeeds and wakes waiters; growing
        succeeds only if the budget has room (no waiting: the caller decides what to do)."""
        if self.released:
            raise RuntimeError("resize of a released reservation")
        return self.budget._resize(self, size)

    def release(self) -> None:
        if not self.released:
            self.released = True
            self.budget._give_back(self.size)
            self.size = 0

    def __enter__(self) -> Reservation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@dataclass(eq=False)
class _Waiter:
    size: int
    future: asyncio.Future[Reservation]


class ByteBudget:
    """At most `limit` bytes reserved at once; at most `max_waiters` calls wait for room."""

    def __init__(
        self,
        limit: int,
        *,
        max_waiters: int,
        on_change: Callable[[int], None] | None = None,
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.max_waiters = max_waiters
        self._used = 0
        self._waiters: collections.deque[_Waiter] = collections.deque()
        self._on_change = on_change

    @property
    def used(self) -> int:
        """Bytes reserved now."""
        return self._used

    @property
    def waiting(self) -> int:
        """Calls waiting for room."""
        return sum(1 for w in self._waiters if not w.future.done())

    def try_reserve(self, size: int) -> Reservation | None:
        """Reserve at once if there is room and nobody waits ahead; else None."""
        self._check(size)
        if self._waiters or self._used + size > self.limit:
            return None
        return self._grant(size)

    async def reserve(self, size: int, wait: float) -> Reservation | None:
        """Reserve `size` bytes, waiting in FIFO order at most `wait` seconds; None when
        the time ran out or too many calls wait already."""
        granted = self.try_reserve(size)
        if granted is not None or wait <= 0 or self.waiting >= self.max_waiters:
            return granted
        waiter = _Waiter(size, asyncio.get_running_loop().create_future())
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter.future), wait)
        except TimeoutError:
            self._abandon(waiter)
            return None
        except BaseException:
            self._abandon(waiter)
            raise
        finally:
            self._discard(waiter)

    def _abandon(self, waiter: _Waiter) -> None:
        """The wait ended without the reservation being taken: cancel it, or give it back if
        it was granted in the very step the wait ended."""
        if not waiter.future.done():
            waiter.future.cancel()
        elif not waiter.future.cancelled():
            waiter.future.result().release()

    def _check(self, size: int) -> None:
        if size < 0:
            raise ValueError("size must be >= 0")
        if size > self.limit:
            raise ValueError(f"{size} bytes can never fit a budget of {self.limit}")

    def _grant(self, size: int) -> Reservation:
        self._used += size
        self._changed()
        return Reservation(self, size)

    def _resize(self, reservation: Reservation, size: int) -> bool:
        self._check(size)
        delta = size - reservation.size
        if delta > 0 and self._used + delta > self.limit:
            return False
        self._used += delta
        reservation.size = size
        self._changed()
        if delta < 0:
            self._wake()
        return True

    def _give_back(self, size: int) -> None:
        self._used -= size
        self._changed()
        self._wake()

    def _wake(self) -> None:
        # FIFO: the head waits for room even if a smaller call behind it would fit, so a
        # large request is never starved by a stream of small ones.
        while self._waiters:
            head = self._waiters[0]
            if head.future.done():
                self._waiters.popleft()
                continue
            if self._used + head.size > self.limit:
                return
            self._waiters.popleft()
            head.future.set_result(self._grant(head.size))

    def _discard(self, waiter: _Waiter) -> None:
        with contextlib.suppress(ValueError):  # already taken off by _wake
            self._waiters.remove(waiter)
        self._wake()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change(self._used)


# --- sizing: the one formula the container's memory, the budget and the limits follow -------
# (docs/deploy.md "Memory"; tests/deploy/test_kubernetes.py checks the shipped manifests)

MiB = 1024 * 1024
# Request fields around the image (request id, name, format) and protobuf framing.
ENVELOPE_BYTES = 1 * MiB
# Bytes of memory per budget byte at the peak: the image held by the call, the upload body
# built from it while CLOVA is called, transient copies while it is received and sent.
# benchmarks/memory_bench.py measures 2.3-2.7.
MEMORY_PER_BUDGET_BYTE = 3.0
# The idle process (about 65 MiB) plus per-call state, metrics, threads and headroom.
BASE_MEMORY_BYTES = 128 * MiB
# Where a container's memory limit is read (cgroup v2, then v1); "max" or a huge v1 value
# means none.
CGROUP_MEMORY_LIMIT_FILES: tuple[Path, ...] = (
    Path("/sys/fs/cgroup/memory.max"),
    Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
)
_NO_LIMIT_ABOVE = 1 << 60


def receive_limit_for(max_image_bytes: int, max_document_bytes: int = 0) -> int:
    """OCR_MAX_RECEIVE_MESSAGE_BYTES for the image and document limits: the larger of the two
    (a RecognizeDocument request, or one BatchRecognize item, is one message) plus its
    envelope."""
    return max(max_image_bytes, max_document_bytes) + ENVELOPE_BYTES


def memory_needed_for(max_inflight_bytes: int, conversion_memory_bytes: int) -> int:
    """The container memory (request = limit) a gateway needs with this request byte budget
    (OCR_MAX_INFLIGHT_BYTES) and image conversion budget (OCR_CONVERSION_MEMORY_BYTES).

    The two budgets are separate bounds held at the same time: the request bytes of the calls
    in flight (with their upload bodies and copies), and the decoding memory of the
    conversions running (images/transcode.py reserves each one's estimated peak; the burst
    table of benchmarks/imaging_bench.py measures the peak RSS at about half the budget)."""
    return (
        BASE_MEMORY_BYTES
        + int(MEMORY_PER_BUDGET_BYTE * max_inflight_bytes)
        + conversion_memory_bytes
    )


def container_memory_limit(files: tuple[Path, ...] = CGROUP_MEMORY_LIMIT_FILES) -> int | None:
    """The memory limit of the cgroup this process runs in, or None when there is none (or
    it cannot be read: not Linux, no cgroup filesystem)."""
    for file in files:
        try:
            raw = file.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if raw == "max":
            return None
        try:
            limit = int(raw)
        except ValueError:
            return None
        return None if limit >= _NO_LIMIT_ABOVE else limit
    return None
