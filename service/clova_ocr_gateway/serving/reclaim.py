"""Giving memory back to the system once large requests are done with it.

Two things kept the RSS of a gateway that had served a burst of large images at its peak long
after the burst (benchmarks/memory_bench.py):

- glibc's malloc raises its mmap threshold to the size of every large block freed (up to
  32 MiB), so after the first 20 MiB image every later one came from the heap, whose free
  space is rarely returned. `tune_malloc` fixes the threshold (and the trim threshold) at start,
  so blocks of 4 MiB and more are mapped on their own and unmapped when freed. Not lower: a
  block mapped on its own costs a page fault per 4 KiB touched and three system calls, on
  every call. At 128 KiB every 1 MiB image cost ~1,000 page faults per call (gateway CPU per
  call 8.0 ms against 5.9 ms at 4 MiB, benchmarks/serving_bench.py), and even a 20 kB call
  mapped asyncio's 256 KiB socket read buffer (mmap, mremap, munmap per call). Smaller freed
  blocks stay in the heap, which `malloc_trim` below gives back.
- An upstream request and its answer form reference cycles (HTTP client objects) that live
  until the cyclic garbage collector's oldest generation runs, which can take thousands of
  calls; each held the 20 MiB request body. `Reclaimer` runs a full collection, then
  `malloc_trim`, once enough request bytes were released since the last one, at most once per
  `min_interval` seconds; `freeze_startup_objects` keeps that collection short.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import time
from collections.abc import Callable

__all__ = ["MMAP_THRESHOLD_BYTES", "Reclaimer", "freeze_startup_objects", "tune_malloc"]

MMAP_THRESHOLD_BYTES = 4 * 1024 * 1024
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    # glibc only: musl and others have no mallopt/malloc_trim and need neither.
    if not hasattr(libc, "mallopt") or not hasattr(libc, "malloc_trim"):
        return None
    return libc


_LIBC = _libc()


def tune_malloc() -> bool:
    """Fix glibc's mmap and trim thresholds (see the module docstring); False where the C
    library is not glibc. Environment settings (MALLOC_MMAP_THRESHOLD_, ...) win."""
    if _LIBC is None:
        return False
    import os

    if "MALLOC_MMAP_THRESHOLD_" not in os.environ:
        _LIBC.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        _LIBC.mallopt(_M_TRIM_THRESHOLD, 4 * MMAP_THRESHOLD_BYTES)
    return True


def freeze_startup_objects() -> None:
    """Move everything alive after start-up (modules, descriptors, settings: ~66,000 objects)
    out of the collector's sight, so the full collections `Reclaimer` runs scan only what calls
    created: 30-70 ms with them on a loaded 2-core machine, well under 1 ms without."""
    gc.collect()
    gc.freeze()


def _trim() -> None:
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


class Reclaimer:
    """Collects cycles and trims malloc after `threshold_bytes` of requests were released,
    at most every `min_interval` seconds."""

    def __init__(
        self,
        threshold_bytes: int,
        *,
        min_interval: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        collect: Callable[[], object] = gc.collect,
        trim: Callable[[], None] = _trim,
    ) -> None:
        self._threshold = threshold_bytes
        self._min_interval = min_interval
        self._clock = clock
        self._collect = collect
        self._trim = trim
        self._released = 0
        self._last = float("-inf")
        self._scheduled = False
        self.runs = 0

    def released(self, size: int) -> None:
        """`size` request bytes are no longer held; reclaim once enough piled up (now, or as
        soon as the interval allows: a burst's last calls must not stay unreclaimed)."""
        self._released += size
        if self._released < self._threshold or self._scheduled:
            return
        wait = self._last + self._min_interval - self._clock()
        if wait <= 0:
            self._run()
            return
        self._scheduled = True
        asyncio.get_running_loop().call_later(wait, self._run)

    def _run(self) -> None:
        self._scheduled = False
        self._released = 0
        self._last = self._clock()
        self.runs += 1
        self._collect()
        self._trim()
