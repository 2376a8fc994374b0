"""Admission control end to end: a real gateway in front of the emulator, which enforces its own
per-domain limit and counts every call that exceeds it (0025) as a violation."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

import grpc
import pytest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig
from clova_ocr_gateway.upstream.breaker import CircuitState

from .conftest import Harness
from .test_serving import details_of, domain_request

D = Domain.RECEIPT


async def recognize(
    harness: Harness, *, client: str = "", fault: str = "", deadline: float = 30
) -> Any:
    metadata = []
    if client:
        metadata.append(("x-client-id", client))
    if fault:
        metadata.append(("x-emulator-fault", fault))
    return await harness.stub.RecognizeReceipt(
        domain_request(D), metadata=tuple(metadata), timeout=deadline
    )


async def outcome(harness: Harness, **kwargs: Any) -> grpc.StatusCode:
    try:
        await recognize(harness, **kwargs)
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


def queued(harness: Harness) -> int:
    """Calls of the domain waiting in the gateway's admission queue."""
    assert harness.gateway.admission is not None
    return harness.gateway.admission.usage(D)[2]


async def wait_until(condition: Any, *, seconds: float = 10) -> None:
    """Poll `condition` every 10 ms, at most `seconds` (bounded)."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached in time")


async def test_fifty_concurrent_callers_never_make_the_emulator_answer_0025(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        emulator=EmulatorConfig(port=0, concurrency_limit_per_domain=5, latency_ms=50),
        upstream_latency_estimate_seconds=0.05,
    )
    results = await asyncio.gather(*(outcome(harness) for _ in range(50)))
    stats = harness.emulator.stats
    assert results == [grpc.StatusCode.OK] * 50
    assert stats.violations[D] == 0
    assert stats.calls[D] == 50
    assert stats.max_concurrent[D] == 5  # every slot busy while there was work
    assert "0025" not in stats.errors


async def test_call_whose_deadline_cannot_be_met_is_rejected_well_before_it(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        emulator=EmulatorConfig(port=0, concurrency_limit_per_domain=5, latency_ms=1000),
        upstream_latency_estimate_seconds=1.0,
    )
    # One measured call first: before it, only the configured prior is known, and admission
    # refuses on it only deadlines shorter than one upstream call.
    assert await outcome(harness, client="warm-up") == grpc.StatusCode.OK
    # 5 calls in flight and 10 queued, all from "batch".
    backlog = [asyncio.create_task(outcome(harness, client="batch")) for _ in range(15)]
    try:
        await wait_until(lambda: queued(harness) == 10)
        started = time.monotonic()
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await recognize(harness, client="batch", deadline=2.0)
        elapsed = time.monotonic() - started
        assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        found = details_of(caught.value)
        assert found["info"].reason == "ADMISSION_DEADLINE"
        assert found["info"].metadata["rejection"] == "deadline"
        # About 11 calls ahead of it on 5 slots of 1 s each.
        assert found["retry"].retry_delay.ToTimedelta().total_seconds() > 1.0
        assert elapsed < 2.0 / 4  # refused at once, not after waiting out the deadline
        # Another caller's call counts only its fair share of the queue, so it is admitted.
        assert await outcome(harness, client="checkout", deadline=5.0) == grpc.StatusCode.OK
    finally:
        for task in backlog:
            task.cancel()
        await asyncio.gather(*backlog, return_exceptions=True)


async def test_occasional_caller_keeps_its_share_while_another_floods(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        emulator=EmulatorConfig(port=0, concurrency_limit_per_domain=5, latency_ms=250),
        upstream_latency_estimate_seconds=0.25,
    )
    flood_latencies: list[float] = []
    steady_latencies: list[float] = []

    async def timed(client: str, into: list[float]) -> None:
        started = time.monotonic()
        assert await outcome(harness, client=client) == grpc.StatusCode.OK
        into.append(time.monotonic() - started)

    # 80 calls on 5 slots of 250 ms: the backlog lasts about 4 s, the occasional caller's four
    # calls about a quarter of that. The slots drain 20 calls/s, slow enough that the flood
    # builds its backlog even when a loaded machine delivers its calls slowly.
    flood = [asyncio.create_task(timed("batch", flood_latencies)) for _ in range(80)]
    await wait_until(lambda: queued(harness) >= 40)
    for _ in range(4):
        await timed("checkout", steady_latencies)
        await asyncio.sleep(0.01)
    still_queued = queued(harness)
    await asyncio.gather(*flood)
    assert still_queued > 0, "the flood drained before the occasional caller finished"
    assert len(flood_latencies) == 80
    # The flood waits behind its own calls; the occasional caller waits for about one slot.
    assert statistics.mean(steady_latencies) < statistics.mean(flood_latencies) / 2
    assert max(steady_latencies) < statistics.median(flood_latencies)
    assert harness.emulator.stats.violations[D] == 0


async def test_emulator_limit_below_the_gateways_is_learned_and_0025_never_reaches_callers(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        emulator=EmulatorConfig(port=0, concurrency_limit_per_domain=3, latency_ms=100),
        env={"OCR_CONCURRENCY_LIMIT": "5"},
        upstream_latency_estimate_seconds=0.1,
    )
    results = await asyncio.gather(*(outcome(harness) for _ in range(60)))
    stats = harness.emulator.stats
    assert results == [grpc.StatusCode.OK] * 60
    assert stats.violations[D] > 0  # the gateway did meet the lower limit...
    # ...and adapted: without it, two of every five attempts would be refused.
    assert stats.violations[D] <= 60 // 4
    assert harness.gateway.recognizer.adaptive_limit.limit(D) < 5


async def test_only_transient_failures_are_retried_and_retries_stay_within_the_budget(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        emulator=EmulatorConfig(port=0, faults="code=0500"),
        retry_budget_ratio=0.1,
        retry_budget_min_per_second=0.5,
        retry_budget_window_seconds=10.0,
        retry_initial_backoff_seconds=0.01,
        retry_max_backoff_seconds=0.05,
        breaker_failure_threshold=10_000,
        breaker_failure_ratio=1.0,
        breaker_window_calls=10_000,
    )
    calls = 0
    for _ in range(10):  # 100 calls in 10 bursts, all answered 0500 by the emulator
        results = await asyncio.gather(*(outcome(harness) for _ in range(10)))
        assert results == [grpc.StatusCode.UNAVAILABLE] * 10
        calls += 10
    attempts = harness.emulator.stats.requests[D]
    retries = attempts - calls
    assert retries > 0
    assert retries <= 0.1 * calls + 0.5 * 10  # ratio × calls + floor over the window

    # A caller fault is answered once: no retry.
    before = harness.emulator.stats.requests[D]
    assert await outcome(harness, fault="code=0011") == grpc.StatusCode.INVALID_ARGUMENT
    assert harness.emulator.stats.requests[D] == before + 1


@pytest.mark.parametrize("fault", ["infer=ERROR", "malformed", "code=0011"])
async def test_answers_that_are_no_transient_failure_are_never_retried(
    harness: Harness, fault: str
) -> None:
    assert await outcome(harness, fault=fault) != grpc.StatusCode.OK
    assert harness.emulator.stats.requests[D] == 1


async def test_same_transient_fault_on_every_attempt_surfaces_the_mapped_error_after_retries(
    harness: Harness,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await recognize(harness, fault="code=0501", deadline=10)
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
    assert details_of(caught.value)["info"].reason == "UPSTREAM_OCR_ERROR"
    assert harness.emulator.stats.requests[D] == 3  # OCR_RETRY_MAX_ATTEMPTS


async def test_breaker_opens_under_sustained_failures_sheds_fast_and_closes_after_a_probe(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        retry_max_attempts=1, breaker_failure_threshold=3, breaker_cooldown_seconds=0.5
    )
    breaker = harness.gateway.recognizer.breaker(D)
    for _ in range(3):
        assert await outcome(harness, fault="code=0500") == grpc.StatusCode.UNAVAILABLE
    assert breaker.state == CircuitState.OPEN
    requests = harness.emulator.stats.requests[D]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await recognize(harness)
    assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
    found = details_of(caught.value)
    assert found["info"].reason == "ADMISSION_CIRCUIT_OPEN"
    assert "retry" in found
    assert harness.emulator.stats.requests[D] == requests  # shed without an upstream call
    metrics = harness.gateway.metrics.render().decode()
    assert 'clova_ocr_circuit_breaker_state{domain="receipt"} 2.0' in metrics

    await wait_until(lambda: breaker.state == CircuitState.HALF_OPEN, seconds=5)
    assert await outcome(harness) == grpc.StatusCode.OK  # the probe
    assert breaker.state == CircuitState.CLOSED
    assert await outcome(harness) == grpc.StatusCode.OK


async def test_breaker_reopens_when_the_probe_fails(harness_factory: Any) -> None:
    harness: Harness = await harness_factory(
        retry_max_attempts=1, breaker_failure_threshold=2, breaker_cooldown_seconds=0.3
    )
    breaker = harness.gateway.recognizer.breaker(D)
    for _ in range(2):
        await outcome(harness, fault="reset")
    await wait_until(lambda: breaker.state == CircuitState.HALF_OPEN, seconds=5)
    assert await outcome(harness, fault="http502html") == grpc.StatusCode.UNAVAILABLE
    assert breaker.state == CircuitState.OPEN


async def test_image_bytes_in_flight_are_bounded(harness_factory: Any) -> None:
    # Room for two requests of at most `message` bytes: each reserves that much before it is
    # read and keeps its real size (a little less) while CLOVA works on it.
    message = domain_request(D).ByteSize() + 64
    harness: Harness = await harness_factory(
        emulator=EmulatorConfig(port=0, latency_ms=1000),
        max_receive_message_bytes=message,
        max_inflight_bytes=2 * message,
    )
    first = [asyncio.create_task(outcome(harness)) for _ in range(2)]
    await wait_until(lambda: harness.emulator.stats.in_flight[D] == 2)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        # It may wait half its deadline for room, less than the 1 s the first two take.
        await recognize(harness, deadline=1.0)
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert details_of(caught.value)["info"].reason == "ADMISSION_INFLIGHT_BYTES"
    assert await asyncio.gather(*first) == [grpc.StatusCode.OK] * 2
