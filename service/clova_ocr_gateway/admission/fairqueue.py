"""Deficit round robin over per-caller FIFO queues: the order in which one domain's waiting calls
get upstream slots, so every backlogged caller is served in proportion to its weight."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

__all__ = ["FairQueue"]

T = TypeVar("T")


class FairQueue(Generic[T]):
    """Items queued per caller; `pop` serves callers by deficit round robin (each call costs 1).

    A caller's turn adds its weight to its deficit and serves calls while the deficit covers
    them, so weight 4 gets four calls per turn to weight 1's one, and weight 0.5 one call every
    other turn. A caller whose queue empties leaves the ring and forgets its deficit (standard
    DRR: idle callers do not bank credit).
    """

    def __init__(self, weight_of: Callable[[str], float]) -> None:
        self._weight_of = weight_of
        self._queues: dict[str, deque[T]] = {}
        self._deficit: dict[str, float] = {}
        self._ring: deque[str] = deque()  # callers with queued items, in turn order
        self._credited: str | None = None  # the ring's head, once its turn's quantum is added
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[T]:
        for queue in self._queues.values():
            yield from queue

    def count(self, caller: str) -> int:
        """Items queued by `caller`."""
        queue = self._queues.get(caller)
        return 0 if queue is None else len(queue)

    def callers(self) -> tuple[str, ...]:
        """Callers with queued items, in turn order."""
        return tuple(self._ring)

    def push(self, caller: str, item: T, *, front: bool = False) -> None:
        """Queue `item` at the back of `caller`'s FIFO (front: served next among its own)."""
        queue = self._queues.get(caller)
        if queue is None:
            queue = self._queues[caller] = deque()
            self._deficit[caller] = 0.0
            self._ring.append(caller)
        if front:
            queue.appendleft(item)
        else:
            queue.append(item)
        self._size += 1

    def pop(self) -> tuple[str, T] | None:
        """The next (caller, item) by DRR, or None when empty."""
        # Terminates: every pass that serves nothing adds a weight >= min weight to a deficit,
        # so within ceil(1 / weight) turns of each caller some deficit reaches 1.
        while self._ring:
            caller = self._ring[0]
            if self._credited != caller:
                self._deficit[caller] += self._weight_of(caller)
                self._credited = caller
            if self._deficit[caller] >= 1.0:
                self._deficit[caller] -= 1.0
                queue = self._queues[caller]
                item = queue.popleft()
                self._size -= 1
                if not queue:
                    self._drop(caller)
                return caller, item
            self._ring.rotate(-1)
            self._credited = None
        return None

    def remove(self, caller: str, item: T) -> bool:
        """Take `item` out of `caller`'s queue (a cancelled or rejected waiter); False if absent."""
        queue = self._queues.get(caller)
        if queue is None:
            return False
        for index, queued in enumerate(queue):
            if queued is item:
                del queue[index]
                self._size -= 1
                if not queue:
                    self._drop(caller)
                return True
        return False

    def pop_newest(self, caller: str) -> T | None:
        """Take the most recently queued item of `caller` (push-out when the queue is full)."""
        queue = self._queues.get(caller)
        if not queue:
            return None
        item = queue.pop()
        self._size -= 1
        if not queue:
            self._drop(caller)
        return item

    def heaviest(self) -> tuple[str, float] | None:
        """The caller holding the most queue per unit of weight, and that amount."""
        best: tuple[str, float] | None = None
        for caller, queue in self._queues.items():
            load = len(queue) / self._weight_of(caller)
            if best is None or load > best[1]:
                best = (caller, load)
        return best

    def served_before(self, caller: str, position: int) -> int:
        """About how many items `pop` returns before `caller`'s item number `position` (1 is
        the head of its own queue, count+1 a call not queued yet).

        While `caller` is served `position` times, each other caller is served about
        position × its weight / caller's weight times, never more than it has queued.
        """
        mine = self._weight_of(caller)
        ahead = position - 1
        for other, queue in self._queues.items():
            if other != caller:
                ahead += min(len(queue), math.ceil(position * self._weight_of(other) / mine))
        return ahead

    def _drop(self, caller: str) -> None:
        del self._queues[caller]
        del self._deficit[caller]
        self._ring.remove(caller)
        if self._credited == caller:
            self._credited = None
