"""Admission control: at most `limit` upstream calls per domain; the rest wait in a bounded queue
served fairly between callers, and are refused at once when waiting cannot meet their deadline."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import grpc

from clova_ocr_gateway.admission.fairqueue import FairQueue
from clova_ocr_gateway.admission.permits import Permit, PermitSource
from clova_ocr_gateway.config.settings import Settings
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.errors import AdmissionError
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.observability.metrics import GatewayMetrics

__all__ = ["ANONYMOUS", "Admission"]

ANONYMOUS = "anonymous"  # the caller of calls without x-client-id
# Weight of the newest successful upstream latency in the per-domain estimate. The first
# samples are averaged with the configured estimate as if it were one sample, so a wrong
# prior is forgotten after a handful of calls.
LATENCY_EWMA_WEIGHT = 0.2
# A waiter re-reads the latency estimate at least this often, so a drifting estimate is seen.
RECHECK_SECONDS = 0.5
# A release notification can be lost with a shared source (pub/sub is at-most-once), so the
# dispatcher also tries again after this long.
DISPATCH_POLL_SECONDS = 1.0
DISPATCH_ERROR_PAUSE_SECONDS = 0.1
# RetryInfo delays are kept within these bounds: 0 would invite a hot loop, hours are useless.
MIN_RETRY_DELAY_SECONDS = 0.05
MAX_RETRY_DELAY_SECONDS = 60.0

_log = get_logger("clova_ocr_gateway.admission")


@dataclass(eq=False, slots=True)
class _Waiter:
    caller: str
    deadline: float | None  # event-loop time
    future: asyncio.Future[Permit]


class _DomainState:
    def __init__(self, queue: FairQueue[_Waiter], estimate: float) -> None:
        self.queue = queue
        self.inflight = 0  # slots held through this Admission (the shared source counts more)
        self.estimate = estimate  # seconds one upstream call is expected to take
        self.samples = 0  # successful upstream latencies folded into the estimate
        self.dispatcher: asyncio.Task[None] | None = None


class Admission:
    """Per-domain concurrency limit over a `PermitSource`, with a fair, deadline-aware queue.

    A call takes a free permit at once when nobody waits. Otherwise it queues behind its own
    caller's earlier calls; callers take turns by deficit round robin with the weights of
    OCR_CLIENT_WEIGHTS. A call is refused at once when its deadline cannot cover the expected
    wait plus the expected upstream time, and gives up while waiting as soon as its remaining
    time no longer covers the upstream time.
    """

    def __init__(
        self,
        settings: Settings,
        permits: PermitSource,
        metrics: GatewayMetrics | None = None,
        *,
        weight_of: Callable[[str], float] | None = None,
    ) -> None:
        self._settings = settings
        self._permits = permits
        self._metrics = metrics
        self._weights = settings.client_weights
        # The callers policy's weights (OCR_CALLERS_FILE), read at every turn so a re-read
        # file takes effect at once; without it, the deprecated OCR_CLIENT_WEIGHTS.
        self._weight_of = weight_of
        self._states = {
            d: _DomainState(FairQueue(self.weight), settings.upstream_latency_estimate_seconds)
            for d in Domain
        }
        self._closed = False
        if metrics is not None:
            for domain in Domain:
                metrics.set_admission_queue_capacity(domain, settings.max_queue_length)
                self._publish(domain)  # inflight, queue length and limit

    @property
    def permits(self) -> PermitSource:
        return self._permits

    def weight(self, caller: str) -> float:
        """The caller's share weight (callers policy, else OCR_CLIENT_WEIGHTS; 1 by default)."""
        if self._weight_of is not None:
            return self._weight_of(caller)
        return self._weights.get(caller, 1.0)

    def usage(self, domain: Domain) -> tuple[int, int, int]:
        """(in flight, limit, waiting) of a domain."""
        state = self._states[domain]
        return state.inflight, self._permits.effective_limit(domain), len(state.queue)

    def latency_estimate(self, domain: Domain) -> float:
        """Seconds one upstream call of `domain` is expected to take."""
        return self._states[domain].estimate

    def record_upstream_latency(self, domain: Domain, seconds: float) -> None:
        """Fold a successful upstream call's duration into the domain's estimate (EWMA)."""
        if seconds >= 0:
            state = self._states[domain]
            state.samples += 1
            weight = max(LATENCY_EWMA_WEIGHT, 1 / (state.samples + 1))
            state.estimate += weight * (seconds - state.estimate)

    def circuit_open(self, domain: Domain, retry_after: float) -> AdmissionError:
        """The rejection for a call shed because the domain's circuit breaker is open."""
        return self._reject(
            domain,
            "circuit_open",
            "CLOVA failed repeatedly, so the gateway sheds calls until a probe call succeeds",
            retry_after,
            code=grpc.StatusCode.UNAVAILABLE,
            every_call=True,
        )

    @asynccontextmanager
    async def slot(
        self,
        domain: Domain,
        *,
        caller: str,
        time_remaining: float | None,
        retry: bool = False,
    ) -> AsyncIterator[float]:
        """Hold one upstream slot of `domain`; yields the seconds spent waiting for it.

        `caller` is the x-client-id ("" counts as "anonymous"); `retry` queues the call ahead
        of its caller's other waiting calls, since it has waited its turn once already.
        Raises AdmissionError when the call is refused.
        """
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = None if time_remaining is None else started + time_remaining
        caller = caller or ANONYMOUS
        state = self._states[domain]
        if self._permits.degraded and self._permits.effective_limit(domain) == 0:
            # OCR_REDIS_FALLBACK_LIMIT=0: no upstream call while the shared store is down, so
            # waiting could only end at the deadline.
            raise self._reject(
                domain,
                "redis_unavailable",
                "the shared admission store (Redis) is unreachable and the fallback limit is 0",
                state.estimate,
                code=grpc.StatusCode.UNAVAILABLE,
                every_call=True,
            )
        # The request's bytes were admitted before it was read (serving/intake.py, against
        # OCR_MAX_INFLIGHT_BYTES); here only upstream slots are handed out.
        permit = await self._acquire(domain, state, caller, deadline, retry)
        waited = loop.time() - started
        state.inflight += 1
        self._publish(domain)
        if self._metrics is not None:
            self._metrics.observe_queue_wait(domain, waited)
        try:
            yield waited
        finally:
            state.inflight -= 1
            # Back to the source, never handed straight to a local waiter: with a shared
            # source, waiters of other replicas must get their chance at it too.
            await self._permits.release(permit)
            self._publish(domain)

    async def close(self) -> None:
        """Stop the dispatchers (call after the server stopped: queued calls are abandoned)."""
        self._closed = True
        tasks = [s.dispatcher for s in self._states.values() if s.dispatcher is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # ------------------------------------------------------------------ queueing

    async def _acquire(
        self,
        domain: Domain,
        state: _DomainState,
        caller: str,
        deadline: float | None,
        retry: bool,
    ) -> Permit:
        if not state.queue:
            permit = await self._permits.try_acquire(domain)
            if permit is not None:
                return permit
        # No slot is free, or others already wait for one: queue, if waiting can pay off.
        loop = asyncio.get_running_loop()
        capacity = self._settings.max_queue_length
        limit = max(1, self._permits.effective_limit(domain))
        if capacity == 0:
            raise self._reject(
                domain,
                "queue_full",
                f"all {limit} upstream slots are busy and no queue is configured "
                "(OCR_MAX_QUEUE_LENGTH=0)",
                state.estimate / limit,
            )
        position = 1 if retry else state.queue.count(caller) + 1
        ahead = state.queue.served_before(caller, position)
        expected_wait = self._expected_wait(domain, state, ahead)
        if deadline is not None:
            left = deadline - loop.time()
            if state.samples == 0:
                # The estimate is still only the configured prior (2 s by default): projecting
                # a whole queue with it refused 126 of 200 start-up callers with 30 s deadlines
                # against a 0.1 s upstream. Until a real call has been measured, only a deadline
                # that cannot cover one upstream call is refused; queued calls still give up
                # once their time no longer covers one.
                if left < state.estimate:
                    raise self._reject(
                        domain,
                        "deadline",
                        f"the {max(left, 0.0):.2f}s left before the deadline cannot cover one "
                        f"upstream call (expected {state.estimate:.2f}s, "
                        "OCR_UPSTREAM_LATENCY_ESTIMATE_SECONDS until calls are measured)",
                        expected_wait,
                    )
            elif left - state.estimate < expected_wait:
                raise self._reject(
                    domain,
                    "deadline",
                    f"about {ahead} calls wait ahead of this one on {limit} upstream slots: the "
                    f"expected wait {expected_wait:.2f}s plus the expected upstream time "
                    f"{state.estimate:.2f}s exceed the {max(left, 0.0):.2f}s left before the "
                    "deadline",
                    expected_wait,
                )
        if len(state.queue) >= capacity:
            self._push_out(domain, state, caller, expected_wait)
        waiter = _Waiter(caller, deadline, loop.create_future())
        state.queue.push(caller, waiter, front=retry)
        self._publish(domain)
        self._ensure_dispatcher(domain, state)
        try:
            return await self._wait(domain, state, waiter)
        except BaseException:
            future = waiter.future
            if future.done() and not future.cancelled() and future.exception() is None:
                # Granted in the very step the wait ended (cancel, timeout): give it back.
                await self._permits.release(future.result())
            else:
                future.cancel()
            raise
        finally:
            state.queue.remove(waiter.caller, waiter)
            self._publish(domain)

    async def _wait(self, domain: Domain, state: _DomainState, waiter: _Waiter) -> Permit:
        loop = asyncio.get_running_loop()
        future = waiter.future
        while not future.done():
            timeout = None
            if waiter.deadline is not None:
                left = waiter.deadline - loop.time()
                timeout = left - state.estimate
                if timeout <= 0:
                    raise self._give_up(domain, state, waiter, left)
                timeout = min(timeout, RECHECK_SECONDS)
            await asyncio.wait((future,), timeout=timeout)
        return future.result()

    def _push_out(
        self, domain: Domain, state: _DomainState, caller: str, expected_wait: float
    ) -> None:
        """Make room in a full queue by refusing the newest call of the caller holding the
        largest share of it, if that is not `caller` itself; else refuse `caller`."""
        heaviest = state.queue.heaviest()
        mine = (state.queue.count(caller) + 1) / self.weight(caller)
        capacity = self._settings.max_queue_length
        if heaviest is not None and heaviest[0] != caller and heaviest[1] > mine:
            victim = state.queue.pop_newest(heaviest[0])
            if victim is not None and not victim.future.done():
                victim.future.set_exception(
                    self._reject(
                        domain,
                        "queue_full",
                        f"the queue of {capacity} calls is full and this caller holds the "
                        "largest share of it; a call of another caller took this place",
                        expected_wait,
                    )
                )
            return
        raise self._reject(
            domain,
            "queue_full",
            f"{len(state.queue)} calls already wait for an upstream slot "
            f"(OCR_MAX_QUEUE_LENGTH={capacity})",
            expected_wait,
        )

    def _give_up(
        self, domain: Domain, state: _DomainState, waiter: _Waiter, left: float
    ) -> AdmissionError:
        ahead = state.queue.served_before(waiter.caller, max(1, state.queue.count(waiter.caller)))
        return self._reject(
            domain,
            "deadline",
            f"no upstream slot freed up in time: {max(left, 0.0):.2f}s remain before the "
            f"deadline, less than the expected upstream time {state.estimate:.2f}s",
            self._expected_wait(domain, state, ahead),
        )

    def _expected_wait(self, domain: Domain, state: _DomainState, ahead: int) -> float:
        # Slots free up at about limit / estimate per second; this call needs ahead + 1 of them.
        return (ahead + 1) * state.estimate / max(1, self._permits.effective_limit(domain))

    # ------------------------------------------------------------------ dispatching

    def _ensure_dispatcher(self, domain: Domain, state: _DomainState) -> None:
        if state.dispatcher is None and not self._closed:
            state.dispatcher = asyncio.create_task(
                self._dispatch(domain, state), name=f"admission-dispatch-{domain.value}"
            )

    async def _dispatch(self, domain: Domain, state: _DomainState) -> None:
        """Hand permits to queued calls in DRR order; ends when the queue is empty."""
        failing = False
        try:
            # Bounded: runs only while calls wait, and each of them leaves by its deadline, its
            # cancellation or a permit.
            while state.queue:
                try:
                    if not await self._grant_next(domain, state):
                        await self._permits.wait_for_release(domain, DISPATCH_POLL_SECONDS)
                    failing = False
                except Exception as exc:  # a shared source's store failing: keep serving
                    if not failing:
                        _log.warning(
                            "admission_permit_source_failed",
                            domain=domain.value,
                            error=type(exc).__name__,
                        )
                    failing = True
                    await asyncio.sleep(DISPATCH_ERROR_PAUSE_SECONDS)
        finally:
            # No await since the loop condition was last read, so no waiter can be stranded.
            state.dispatcher = None

    async def _grant_next(self, domain: Domain, state: _DomainState) -> bool:
        """Take a permit if one is free and give it to the next live waiter; False when no
        permit was free."""
        permit = await self._permits.try_acquire(domain)
        if permit is None:
            return False
        if not self._grant(domain, state, permit, asyncio.get_running_loop().time()):
            await self._permits.release(permit)
        return True

    def _grant(self, domain: Domain, state: _DomainState, permit: Permit, now: float) -> bool:
        """Give `permit` to the next live waiter; False when none is left."""
        while (popped := state.queue.pop()) is not None:
            waiter = popped[1]
            if waiter.future.done():
                continue  # cancelled or pushed out, its cleanup runs later
            if waiter.deadline is not None and waiter.deadline - now < state.estimate:
                waiter.future.set_exception(
                    self._give_up(domain, state, waiter, waiter.deadline - now)
                )
                continue
            waiter.future.set_result(permit)
            self._publish(domain)
            return True
        self._publish(domain)
        return False

    # ------------------------------------------------------------------ errors and metrics

    def _reject(
        self,
        domain: Domain,
        reason: str,
        message: str,
        retry_after: float,
        *,
        code: grpc.StatusCode = grpc.StatusCode.RESOURCE_EXHAUSTED,
        every_call: bool = False,
    ) -> AdmissionError:
        if self._metrics is not None:
            self._metrics.admission_rejected(domain, reason)
        delay = min(max(retry_after, MIN_RETRY_DELAY_SECONDS), MAX_RETRY_DELAY_SECONDS)
        return AdmissionError(
            code,
            "ADMISSION_" + reason.upper(),
            f"{domain.value}: {message}; retry in about {delay:.2f}s",
            metadata={"domain": domain.value, "rejection": reason},
            retry_after_seconds=round(delay, 3),
            every_call=every_call,
        )

    def _publish(self, domain: Domain) -> None:
        if self._metrics is not None:
            state = self._states[domain]
            self._metrics.set_admission_inflight(domain, state.inflight)
            self._metrics.set_admission_queue_length(domain, len(state.queue))
            # Moves with the adaptive limit and with a shared source's fallback.
            self._metrics.set_admission_limit(domain, self._permits.effective_limit(domain))
