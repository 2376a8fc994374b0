"""Tests for clova_ocr_gateway.admission.controller over a LocalPermitSource: the limit, the fair
queue, deadline-aware rejections, queue bounds, cancellation without leaked permits, and
metrics."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import grpc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clova_ocr_gateway.admission.controller import Admission
from clova_ocr_gateway.admission.permits_local import LocalPermitSource
from clova_ocr_gateway.config.settings import Settings, load_settings
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.errors import AdmissionError
from clova_ocr_gateway.observability.metrics import GatewayMetrics

D = Domain.RECEIPT


def make(
    limit: int = 1, metrics: GatewayMetrics | None = None, **overrides: Any
) -> tuple[Admission, LocalPermitSource]:
    values: dict[str, Any] = {"upstream_latency_estimate_seconds": 0.05}
    values.update(overrides)
    config: Settings = load_settings({}, **values)
    permits = LocalPermitSource({d: limit for d in Domain})
    return Admission(config, permits, metrics), permits


def slot(
    admission: Admission,
    caller: str = "",
    *,
    time_remaining: float | None = None,
    retry: bool = False,
) -> AbstractAsyncContextManager[float]:
    return admission.slot(D, caller=caller, time_remaining=time_remaining, retry=retry)


async def settle(condition: Callable[[], bool], steps: int = 200) -> None:
    """Let other tasks run until `condition` holds (bounded in loop iterations)."""
    for _ in range(steps):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never held")


class Holder:
    """Holds one slot in a task until told to let go."""

    def __init__(self, admission: Admission, caller: str = "holder", **kwargs: Any) -> None:
        self.admitted = asyncio.Event()
        self.go = asyncio.Event()
        self.task = asyncio.create_task(self._run(admission, caller, kwargs))

    async def _run(self, admission: Admission, caller: str, kwargs: dict[str, Any]) -> float:
        async with slot(admission, caller, **kwargs) as waited:
            self.admitted.set()
            await self.go.wait()
            return waited


@pytest.fixture
async def cleanup() -> AsyncIterator[list[asyncio.Task[Any]]]:
    tasks: list[asyncio.Task[Any]] = []
    yield tasks
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def test_free_slot_is_taken_at_once_and_given_back_on_exit() -> None:
    admission, permits = make(limit=2)
    async with slot(admission) as waited:
        assert waited >= 0
        assert permits.in_use(D) == 1
        assert admission.usage(D) == (1, 2, 0)
    assert permits.in_use(D) == 0
    assert admission.usage(D) == (0, 2, 0)


async def test_calls_beyond_the_limit_wait_and_never_exceed_it(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, permits = make(limit=3)
    peak = 0
    running = 0

    async def call() -> None:
        nonlocal peak, running
        async with slot(admission):
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.001)
            running -= 1

    await asyncio.wait_for(asyncio.gather(*(call() for _ in range(30))), timeout=30)
    assert peak == 3
    assert permits.in_use(D) == 0 and admission.usage(D) == (0, 3, 0)


async def test_exception_inside_the_slot_releases_it() -> None:
    admission, permits = make()
    with pytest.raises(RuntimeError):
        async with slot(admission):
            raise RuntimeError("upstream blew up")
    assert permits.in_use(D) == 0


async def test_cancelled_waiter_leaves_the_queue_and_leaks_no_permit(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, permits = make()
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()

    async def waiter() -> None:
        async with slot(admission, "w"):
            await asyncio.Event().wait()

    task = asyncio.create_task(waiter())
    await settle(lambda: admission.usage(D)[2] == 1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert admission.usage(D) == (1, 1, 0)
    holder.go.set()
    await holder.task
    assert permits.in_use(D) == 0
    async with slot(admission) as waited:  # the slot is free again, nobody queued
        assert permits.in_use(D) == 1
    assert waited >= 0


@pytest.mark.parametrize("extra_steps", range(6))
async def test_waiter_cancelled_around_the_moment_it_is_granted_leaks_no_permit(
    cleanup: list[asyncio.Task[Any]], extra_steps: int
) -> None:
    admission, permits = make()
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    entered = asyncio.Event()

    async def waiter() -> None:
        async with slot(admission, "w"):
            entered.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(waiter())
    await settle(lambda: admission.usage(D)[2] == 1)
    holder.go.set()
    # Cancel at each step of the hand-over: before the grant, between grant and wake-up,
    # and after the waiter entered its slot.
    await settle(lambda: admission.usage(D)[2] == 0)
    for _ in range(extra_steps):
        await asyncio.sleep(0)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await holder.task
    assert permits.in_use(D) == 0
    assert admission.usage(D) == (0, 1, 0)


async def test_deadline_that_cannot_cover_the_queue_is_rejected_at_once(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, _ = make(upstream_latency_estimate_seconds=1.0)
    admission.record_upstream_latency(D, 1.0)  # a measured estimate, not only the prior
    holder = Holder(admission, "batch")
    cleanup.append(holder.task)
    await holder.admitted.wait()
    for _ in range(3):
        cleanup.append(Holder(admission, "batch").task)
    await settle(lambda: admission.usage(D)[2] == 3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(AdmissionError) as caught:
        async with slot(admission, "batch", time_remaining=3.0):
            pass
    elapsed = loop.time() - started
    error = caught.value
    assert error.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert error.reason == "ADMISSION_DEADLINE"
    assert error.metadata == {"domain": "receipt", "rejection": "deadline"}
    # Three queued ahead plus itself on one slot of about 1 s each.
    assert error.retry_after_seconds == pytest.approx(4.0)
    assert elapsed < 3.0 / 10  # refused at once, not after waiting
    assert admission.usage(D)[2] == 3  # it never joined the queue


async def test_another_callers_deadline_counts_only_its_fair_share_of_the_queue(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, _ = make(upstream_latency_estimate_seconds=1.0)
    holder = Holder(admission, "batch")
    cleanup.append(holder.task)
    await holder.admitted.wait()
    for _ in range(10):
        cleanup.append(Holder(admission, "batch").task)
    await settle(lambda: admission.usage(D)[2] == 10)
    # One batch call is served before it, not ten: 2 s wait + 1 s upstream fit in 3.5 s.
    task = asyncio.create_task(slot(admission, "checkout", time_remaining=3.5).__aenter__())
    cleanup.append(task)
    await settle(lambda: admission.usage(D)[2] == 11)
    assert not task.done()


async def test_waiter_gives_up_once_its_time_no_longer_covers_the_upstream_estimate(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, permits = make(upstream_latency_estimate_seconds=0.3)
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    loop = asyncio.get_running_loop()
    started = loop.time()
    with pytest.raises(AdmissionError) as caught:
        async with slot(admission, time_remaining=1.2):
            pass
    elapsed = loop.time() - started
    assert caught.value.reason == "ADMISSION_DEADLINE"
    assert elapsed < 1.2  # gave up while 0.3 s remained, before the deadline itself
    assert admission.usage(D) == (1, 1, 0)
    assert permits.in_use(D) == 1


async def test_full_queue_refuses_the_caller_holding_most_of_it(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, _ = make(max_queue_length=2)
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    cleanup += [Holder(admission, "batch").task for _ in range(2)]
    await settle(lambda: admission.usage(D)[2] == 2)
    with pytest.raises(AdmissionError) as caught:
        async with slot(admission, "batch"):
            pass
    assert caught.value.reason == "ADMISSION_QUEUE_FULL"
    assert caught.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert caught.value.retry_after_seconds is not None


async def test_full_queue_pushes_out_a_flooding_callers_newest_call_for_another_caller(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, _ = make(max_queue_length=2)
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    floods = [Holder(admission, "batch") for _ in range(2)]
    cleanup += [f.task for f in floods]
    await settle(lambda: admission.usage(D)[2] == 2)
    newcomer = Holder(admission, "checkout")
    cleanup.append(newcomer.task)
    await settle(lambda: floods[1].task.done())
    with pytest.raises(AdmissionError) as caught:
        await floods[1].task
    assert caught.value.reason == "ADMISSION_QUEUE_FULL"
    assert not floods[0].task.done()
    holder.go.set()
    floods[0].go.set()
    await asyncio.wait_for(newcomer.admitted.wait(), timeout=10)
    assert admission.usage(D)[2] == 0


async def test_no_queue_configured_refuses_when_every_slot_is_busy(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, _ = make(max_queue_length=0)
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    with pytest.raises(AdmissionError) as caught:
        async with slot(admission):
            pass
    assert caught.value.reason == "ADMISSION_QUEUE_FULL"


async def test_retry_goes_ahead_of_its_callers_other_waiting_calls(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, _ = make()
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    order: list[str] = []

    async def call(name: str, retry: bool) -> None:
        async with slot(admission, "a", retry=retry):
            order.append(name)

    first = asyncio.create_task(call("first", False))
    await settle(lambda: admission.usage(D)[2] == 1)
    again = asyncio.create_task(call("retry", True))
    await settle(lambda: admission.usage(D)[2] == 2)
    holder.go.set()
    await asyncio.wait_for(asyncio.gather(first, again), timeout=10)
    assert order == ["retry", "first"]


async def test_slots_are_granted_by_weight_between_backlogged_callers(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, _ = make(client_weights={"checkout": 3.0})
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    order: list[str] = []

    async def call(caller: str) -> None:
        async with slot(admission, caller):
            order.append(caller)

    tasks = [asyncio.create_task(call(c)) for c in ["batch", "checkout"] * 12]
    await settle(lambda: admission.usage(D)[2] == 24)
    holder.go.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)
    first_sixteen = order[:16]
    assert first_sixteen.count("checkout") == 12 and first_sixteen.count("batch") == 4


async def test_empty_caller_is_queued_as_anonymous(cleanup: list[asyncio.Task[Any]]) -> None:
    admission, _ = make(client_weights={"anonymous": 2.0})
    assert admission.weight("anonymous") == 2.0
    assert admission.weight("someone") == 1.0


async def test_gauges_histogram_and_rejections_are_exported(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    metrics = GatewayMetrics(process_metrics=False)
    admission, _ = make(limit=1, metrics=metrics, max_queue_length=1)
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    cleanup.append(Holder(admission, "q").task)
    await settle(lambda: admission.usage(D)[2] == 1)
    with pytest.raises(AdmissionError):
        async with slot(admission, "q"):
            pass
    text = metrics.render().decode()
    assert 'clova_ocr_admission_inflight{domain="receipt"} 1.0' in text
    assert 'clova_ocr_admission_limit{domain="receipt"} 1.0' in text
    assert 'clova_ocr_admission_queue_length{domain="receipt"} 1.0' in text
    assert 'clova_ocr_admission_queue_capacity{domain="receipt"} 1.0' in text
    assert 'clova_ocr_admission_rejections_total{domain="receipt",reason="queue_full"} 1.0' in text
    assert 'clova_ocr_admission_queue_wait_seconds_count{domain="receipt"} 1.0' in text
    error = admission.circuit_open(D, 3.0)
    assert error.code == grpc.StatusCode.UNAVAILABLE
    assert error.reason == "ADMISSION_CIRCUIT_OPEN"
    assert error.retry_after_seconds == 3.0
    assert 'reason="circuit_open"} 1.0' in metrics.render().decode()


async def test_start_up_burst_with_ample_deadlines_is_not_refused_on_the_prior_estimate() -> None:
    """Before any call was measured, the 2 s prior projected over a full queue refused most of
    a burst of callers whose 30 s deadlines were ample for a 0.02 s upstream."""
    metrics = GatewayMetrics()
    admission, permits = make(5, metrics, upstream_latency_estimate_seconds=2.0)

    async def call() -> str:
        try:
            async with slot(admission, time_remaining=30.0):
                await asyncio.sleep(0.02)
            admission.record_upstream_latency(D, 0.02)
            return "ok"
        except AdmissionError as exc:
            return exc.reason

    results = await asyncio.gather(*(call() for _ in range(100)))  # 5 admitted, 95 queued
    assert results == ["ok"] * 100
    assert (
        metrics.registry.get_sample_value(
            "clova_ocr_admission_rejections_total", {"domain": D.value, "reason": "deadline"}
        )
        == 0
    )
    assert permits.in_use(D) == 0


async def test_before_any_measured_call_a_deadline_shorter_than_the_prior_is_still_refused(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    admission, _ = make(upstream_latency_estimate_seconds=2.0)
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    with pytest.raises(AdmissionError) as caught:
        async with slot(admission, time_remaining=1.0):
            pass
    assert caught.value.reason == "ADMISSION_DEADLINE"
    assert "cannot cover one upstream call" in str(caught.value)


def test_latency_estimate_follows_successful_calls() -> None:
    admission, _ = make(upstream_latency_estimate_seconds=2.0)
    admission.record_upstream_latency(D, 1.0)
    assert admission.latency_estimate(D) == pytest.approx(1.5)  # the prior counts as one sample
    for _ in range(50):
        admission.record_upstream_latency(D, 0.5)
    assert admission.latency_estimate(D) == pytest.approx(0.5, abs=0.01)
    assert admission.latency_estimate(Domain.PASSPORT) == 2.0


# --- scheduling invariants over random workloads ----------------------------------------------

CALL = st.tuples(
    st.sampled_from(["a", "b", "c", ""]),  # caller
    st.integers(min_value=0, max_value=3),  # ms holding the slot
    st.sampled_from([None, 0.02, 0.2, 5.0]),  # deadline
    st.booleans(),  # cancelled by its caller while queued or running
    st.booleans(),  # retry
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(CALL, min_size=1, max_size=25),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=0, max_value=2**16),
)
def test_permits_never_exceed_the_limit_and_every_call_is_served_or_rejected(
    calls: list[tuple[str, int, float | None, bool, bool]], limit: int, seed: int
) -> None:
    async def scenario() -> None:
        admission, permits = make(limit=limit, max_queue_length=5)
        rng = random.Random(seed)
        peak = 0
        outcomes: list[str] = []

        async def call(hold_ms: int, caller: str, deadline: float | None, retry: bool) -> None:
            nonlocal peak
            try:
                async with slot(admission, caller, time_remaining=deadline, retry=retry):
                    peak = max(peak, permits.in_use(D))
                    assert permits.in_use(D) <= limit
                    await asyncio.sleep(hold_ms / 1000)
                outcomes.append("served")
            except AdmissionError:
                outcomes.append("rejected")

        tasks = []
        for caller, hold_ms, deadline, cancel, retry in calls:
            task = asyncio.create_task(call(hold_ms, caller, deadline, retry))
            tasks.append((task, cancel))
            if rng.random() < 0.5:
                await asyncio.sleep(0)
        for task, cancel in tasks:
            if cancel:
                await asyncio.sleep(rng.random() / 1000)
                task.cancel()
        async with asyncio.timeout(30):  # bounded: each call holds a slot ≤ 3 ms
            results = await asyncio.gather(*(t for t, _ in tasks), return_exceptions=True)
        cancelled = sum(isinstance(r, asyncio.CancelledError) for r in results)
        assert all(r is None or isinstance(r, asyncio.CancelledError) for r in results)
        assert len(outcomes) + cancelled == len(calls)
        assert peak <= limit
        assert permits.in_use(D) == 0
        assert admission.usage(D) == (0, limit, 0)
        await admission.close()

    asyncio.run(scenario())


class FlakySource(LocalPermitSource):
    """A shared source's failure modes: its store errors for a while, and releases of other
    replicas are never announced (only the poll timeout wakes the dispatcher)."""

    def __init__(self, limit: int, failures: int) -> None:
        super().__init__({d: limit for d in Domain})
        self.failures = failures

    async def try_acquire(self, domain: Domain) -> Any:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("store unreachable")
        return await super().try_acquire(domain)

    async def wait_for_release(self, domain: Domain, timeout: float) -> None:  # noqa: ASYNC109
        await asyncio.sleep(min(timeout, 0.01))


async def test_dispatcher_keeps_serving_through_permit_source_errors(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    permits = FlakySource(limit=1, failures=0)
    admission = Admission(load_settings({}), permits)
    holder = Holder(admission)
    cleanup.append(holder.task)
    await holder.admitted.wait()
    waiter = Holder(admission, "w")
    cleanup.append(waiter.task)
    await settle(lambda: admission.usage(D)[2] == 1)
    permits.failures = 3  # the next acquires fail, the dispatcher must carry on
    holder.go.set()
    await asyncio.wait_for(waiter.admitted.wait(), timeout=10)
    assert permits.failures == 0
    waiter.go.set()
    await waiter.task
    assert permits.in_use(D) == 0


async def test_a_release_elsewhere_is_found_by_polling_without_a_notification(
    cleanup: list[asyncio.Task[Any]],
) -> None:
    permits = FlakySource(limit=1, failures=0)
    admission = Admission(load_settings({}), permits)
    other_replica = await permits.try_acquire(D)  # held outside this Admission
    assert other_replica is not None
    waiter = Holder(admission, "w")
    cleanup.append(waiter.task)
    await settle(lambda: admission.usage(D)[2] == 1)
    await LocalPermitSource.release(permits, other_replica)
    await asyncio.wait_for(waiter.admitted.wait(), timeout=10)
    await admission.close()
