"""Per-domain concurrency limit (0025 violations) and cancellation accounting."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig

from .helpers import Caller, started


async def test_calls_beyond_the_concurrency_limit_answer_0025_and_count_as_violations() -> None:
    config = EmulatorConfig(port=0, concurrency_limit_per_domain=5, latency_ms=400)
    async with started(config) as caller:
        responses = await asyncio.gather(*(caller.post_json(Domain.RECEIPT) for _ in range(8)))
        stats = caller.emulator.stats

        codes = sorted(r.status_code for r in responses)
        assert codes == [200] * 5 + [400] * 3
        rejected = [r.json() for r in responses if r.status_code == 400]
        assert {body["code"] for body in rejected} == {"0025"}
        assert stats.violations[Domain.RECEIPT] == 3
        assert stats.max_concurrent[Domain.RECEIPT] == 5
        assert stats.calls[Domain.RECEIPT] == 5
        assert stats.in_flight[Domain.RECEIPT] == 0


async def test_concurrency_limit_is_counted_per_domain() -> None:
    config = EmulatorConfig(port=0, concurrency_limit_per_domain=1, latency_ms=300)
    async with started(config) as caller:
        responses = await asyncio.gather(
            caller.post_json(Domain.RECEIPT), caller.post_json(Domain.PASSPORT)
        )

        assert [r.status_code for r in responses] == [200, 200]
        assert sum(caller.emulator.stats.violations.values()) == 0


async def test_without_a_limit_no_call_is_rejected() -> None:
    config = EmulatorConfig(port=0, concurrency_limit_per_domain=None, latency_ms=200)
    async with started(config) as caller:
        responses = await asyncio.gather(*(caller.post_json() for _ in range(12)))

        assert {r.status_code for r in responses} == {200}
        assert caller.emulator.stats.max_concurrent[Domain.RECEIPT] == 12


async def _wait_until_idle(caller: Caller, domain: Domain) -> None:
    for _ in range(100):  # at most ~2 s
        if caller.emulator.stats.in_flight[domain] == 0:
            return
        await asyncio.sleep(0.02)


async def test_client_timeout_is_counted_as_cancelled_and_frees_the_slot() -> None:
    config = EmulatorConfig(port=0, concurrency_limit_per_domain=1)
    async with started(config) as caller:
        with pytest.raises(httpx.ReadTimeout):
            await caller.post_json(Domain.BIZ_LICENSE, fault="latency_ms=5000", timeout=0.3)
        await _wait_until_idle(caller, Domain.BIZ_LICENSE)

        stats = caller.emulator.stats
        assert stats.cancelled[Domain.BIZ_LICENSE] == 1
        assert stats.in_flight[Domain.BIZ_LICENSE] == 0
        # The slot is free again: the next call is not a violation.
        assert (await caller.post_json(Domain.BIZ_LICENSE)).status_code == 200
        assert stats.violations[Domain.BIZ_LICENSE] == 0


async def test_completed_calls_are_not_counted_as_cancelled(caller: Caller) -> None:
    await caller.post_json(fault="latency_ms=50")

    assert caller.emulator.stats.cancelled[Domain.RECEIPT] == 0
