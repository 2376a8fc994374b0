"""ByteBudget (admission/memory.py): bytes reserved before they are held, FIFO waiting, resizing,
the sizing formula the manifests follow, and the container limit it is checked against."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clova_ocr_gateway.admission.memory import (
    BASE_MEMORY_BYTES,
    MEMORY_PER_BUDGET_BYTE,
    ByteBudget,
    container_memory_limit,
    memory_needed_for,
    receive_limit_for,
)


def budget(limit: int = 100, waiters: int = 10) -> tuple[ByteBudget, list[int]]:
    seen: list[int] = []
    return ByteBudget(limit, max_waiters=waiters, on_change=seen.append), seen


async def test_reservations_count_until_released_and_report_every_change() -> None:
    b, seen = budget()
    first = await b.reserve(60, wait=0)
    assert first is not None and b.used == 60
    assert await b.reserve(50, wait=0) is None  # would exceed the limit; no wait allowed
    assert first.resize(20) and b.used == 20
    second = await b.reserve(50, wait=0)
    assert second is not None and b.used == 70
    first.release()
    first.release()  # idempotent
    second.release()
    assert b.used == 0
    assert seen == [60, 20, 70, 50, 0]


async def test_growing_a_reservation_needs_room_and_never_waits() -> None:
    b, _ = budget()
    held = b.try_reserve(90)
    assert held is not None
    other = b.try_reserve(10)
    assert other is not None
    assert not held.resize(91)  # no room: refused at once
    assert held.size == 90 and b.used == 100
    other.release()
    assert held.resize(95) and b.used == 95


async def test_waiters_are_served_first_come_first_served_when_room_frees_up() -> None:
    b, _ = budget()
    holder = b.try_reserve(100)
    assert holder is not None
    order: list[str] = []

    async def wait_for(name: str, size: int) -> None:
        got = await b.reserve(size, wait=5)
        assert got is not None
        order.append(name)

    big = asyncio.create_task(wait_for("big", 80))
    await asyncio.sleep(0)
    small = asyncio.create_task(wait_for("small", 10))
    await asyncio.sleep(0)
    assert b.waiting == 2
    holder.resize(30)  # room for the small one, not the big one: the big one is first
    await asyncio.sleep(0.01)
    assert order == []
    holder.release()
    await asyncio.wait_for(asyncio.gather(big, small), 5)
    assert order == ["big", "small"]
    assert b.used == 90


async def test_a_wait_that_times_out_or_is_cancelled_leaves_nothing_reserved() -> None:
    b, _ = budget()
    holder = b.try_reserve(100)
    assert holder is not None
    assert await b.reserve(10, wait=0.05) is None
    cancelled = asyncio.create_task(b.reserve(10, wait=5))
    await asyncio.sleep(0)
    cancelled.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    assert b.waiting == 0
    holder.release()
    assert b.used == 0


async def test_too_many_waiters_are_refused_at_once() -> None:
    b, _ = budget(waiters=2)
    holder = b.try_reserve(100)
    assert holder is not None
    waiting = [asyncio.create_task(b.reserve(10, wait=5)) for _ in range(2)]
    await asyncio.sleep(0)
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await b.reserve(10, wait=5) is None
    assert loop.time() - started < 1
    holder.release()
    for task in waiting:
        got = await task
        assert got is not None
        got.release()
    assert b.used == 0


def test_a_reservation_larger_than_the_budget_is_a_programming_error() -> None:
    b, _ = budget()
    with pytest.raises(ValueError, match="never fit"):
        b.try_reserve(101)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.booleans()), max_size=30))
def test_used_bytes_never_exceed_the_limit_and_return_to_zero(
    calls: list[tuple[int, int, bool]],
) -> None:
    """Random reserve / resize / release sequences, some waiting: the limit always holds."""

    async def run() -> None:
        b, seen = budget(limit=64, waiters=100)

        async def one(size: int, resized: int, wait: bool) -> None:
            got = await b.reserve(size, wait=0.05 if wait else 0)
            if got is None:
                return
            got.resize(min(resized, size))
            await asyncio.sleep(0.001)
            got.resize(resized)  # may be refused: growing never waits
            got.release()

        await asyncio.gather(*(one(*call) for call in calls))
        assert b.used == 0 and b.waiting == 0
        assert max(seen, default=0) <= 64

    asyncio.run(run())


def test_the_sizing_formula_adds_the_conversion_budget() -> None:
    mib = 1024 * 1024
    assert receive_limit_for(20 * mib) == 21 * mib
    assert memory_needed_for(210 * mib, 0) == BASE_MEMORY_BYTES + int(
        MEMORY_PER_BUDGET_BYTE * 210 * mib
    )
    # The shipped values: 128 + 3 x 210 + 384 MiB.
    assert memory_needed_for(210 * mib, 384 * mib) == 1142 * mib


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"memory.max": "1207959552\n"}, 1207959552),  # cgroup v2, a limit
        ({"memory.max": "max\n"}, None),  # cgroup v2, no limit
        ({"memory.limit_in_bytes": "805306368\n"}, 805306368),  # cgroup v1, a limit
        ({"memory.limit_in_bytes": "9223372036854771712\n"}, None),  # v1's "no limit"
        ({"memory.max": "garbage"}, None),
        ({}, None),  # no cgroup filesystem
    ],
)
def test_the_container_memory_limit_is_read_from_the_cgroup(
    tmp_path: Path, files: dict[str, str], expected: int | None
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    candidates = (tmp_path / "memory.max", tmp_path / "memory.limit_in_bytes")
    assert container_memory_limit(candidates) == expected
