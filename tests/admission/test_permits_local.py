"""Tests for clova_ocr_gateway.admission.permits_local: the limit holds, releases wake waiters at
once, limits move, and releasing twice or after close is harmless."""

from __future__ import annotations

import asyncio

import pytest

from clova_ocr_gateway.admission.permits import PermitSource
from clova_ocr_gateway.admission.permits_local import LocalPermitSource
from clova_ocr_gateway.domains import Domain

D = Domain.RECEIPT


def source(limit: int = 2) -> LocalPermitSource:
    return LocalPermitSource({d: limit for d in Domain})


def test_local_source_satisfies_the_protocol() -> None:
    permits: PermitSource = source()
    assert permits.limit(D) == 2 and not permits.degraded


async def test_no_more_permits_than_the_limit_and_release_frees_one() -> None:
    permits = source(2)
    first, second = await permits.try_acquire(D), await permits.try_acquire(D)
    assert first is not None and second is not None and first.token != second.token
    assert await permits.try_acquire(D) is None
    assert permits.in_use(D) == 2
    await permits.release(first)
    assert permits.in_use(D) == 1
    assert await permits.try_acquire(D) is not None


async def test_domains_are_counted_apart() -> None:
    permits = source(1)
    assert await permits.try_acquire(Domain.RECEIPT) is not None
    assert await permits.try_acquire(Domain.PASSPORT) is not None


async def test_release_wakes_a_waiter_long_before_its_timeout() -> None:
    permits = source(1)
    held = await permits.try_acquire(D)
    assert held is not None
    waiter = asyncio.create_task(permits.wait_for_release(D, timeout=30))
    await asyncio.sleep(0)
    assert not waiter.done()
    await permits.release(held)
    await asyncio.wait_for(waiter, timeout=5)  # a missed wake-up would hang for 30 s


async def test_raising_the_limit_wakes_waiters_and_lowering_it_revokes_nothing() -> None:
    permits = source(2)
    a, b = await permits.try_acquire(D), await permits.try_acquire(D)
    permits.set_limit(D, 1)
    assert permits.in_use(D) == 2  # granted permits are kept
    assert a is not None
    await permits.release(a)
    assert await permits.try_acquire(D) is None  # 1 in use, limit 1
    waiter = asyncio.create_task(permits.wait_for_release(D, timeout=30))
    await asyncio.sleep(0)
    permits.set_limit(D, 3)
    await asyncio.wait_for(waiter, timeout=5)
    assert await permits.try_acquire(D) is not None
    assert b is not None


async def test_wait_returns_after_its_timeout_without_a_release() -> None:
    permits = source(1)
    await permits.wait_for_release(D, timeout=0.01)
    await permits.wait_for_release(D, timeout=0)


async def test_releasing_twice_is_harmless() -> None:
    permits = source(1)
    permit = await permits.try_acquire(D)
    assert permit is not None
    await permits.release(permit)
    await permits.release(permit)
    assert permits.in_use(D) == 0
    assert await permits.try_acquire(D) is not None
    assert permits.in_use(D) == 1


async def test_close_returns_every_permit_and_refuses_new_ones() -> None:
    permits = source(2)
    await permits.start()
    permit = await permits.try_acquire(D)
    await permits.close()
    assert permits.in_use(D) == 0
    assert await permits.try_acquire(D) is None
    assert permit is not None
    await permits.release(permit)  # after close: harmless


def test_limits_below_one_are_refused() -> None:
    with pytest.raises(ValueError):
        LocalPermitSource({D: 0})
    with pytest.raises(ValueError):
        source().set_limit(D, 0)
