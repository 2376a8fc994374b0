"""Three `clova-ocr-gateway serve` processes sharing one Redis hold CLOVA's per-domain limit
together, and a replica killed with SIGKILL gives its slots back within the lease."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import grpc
import httpx
import pytest
import redis.asyncio as aioredis
from redis_harness import (
    GatewayProcess,
    RedisServer,
    free_port,
    start_gateway_process,
    tiny_png,
)

from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig, RunningEmulator, start_emulator

pytestmark = pytest.mark.slow

D = Domain.RECEIPT
LIMIT = 5  # OCR_CONCURRENCY_LIMIT of every replica: the limit of all three together
# Short, so the kill test is quick; still 2 s of event-loop stall tolerance (2/3 of it).
KILL_TEST_LEASE_SECONDS = 3.0
PERMITS_KEY = "{clova-ocr-gateway:receipt}:permits"
REPLICAS = 3
CALL_TIMEOUT = 60.0
POLL_STEP = 0.05
MAX_POLLS = 600  # caps every "wait until" loop below (about 30 s)


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    # Far above LIMIT: the emulator must not be what keeps the gateways in line.
    running = await start_emulator(
        EmulatorConfig(port=0, concurrency_limit_per_domain=50, latency_ms=300)
    )
    yield running
    await running.close()


StartReplicas = Callable[..., Awaitable[list[GatewayProcess]]]


@pytest.fixture
async def start_replicas(
    redis_server: RedisServer, emulator: RunningEmulator
) -> AsyncIterator[StartReplicas]:
    """Start REPLICAS gateways sharing `redis_server` and `emulator`; killed at teardown."""
    processes: list[GatewayProcess] = []

    async def start(**env: str) -> list[GatewayProcess]:
        full_env = {
            **emulator.env(),
            "OCR_REDIS_URL": redis_server.url,
            "OCR_CONCURRENCY_LIMIT": str(LIMIT),
            "OCR_SHUTDOWN_GRACE_SECONDS": "1",
            **env,
        }
        started = await asyncio.gather(
            *(asyncio.to_thread(start_gateway_process, full_env) for _ in range(REPLICAS)),
            return_exceptions=True,
        )
        processes.extend(p for p in started if isinstance(p, GatewayProcess))
        for failure in started:
            if isinstance(failure, BaseException):
                raise failure
        return [p for p in started if isinstance(p, GatewayProcess)]

    yield start
    for process in processes:
        await asyncio.to_thread(process.stop)


@pytest.fixture
async def store(redis_server: RedisServer) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    yield client
    await client.aclose()


def request() -> object:
    return REGISTRY[D].request_type(image=image_pb2.Image(content=tiny_png()))


async def recognize(channel: grpc.aio.Channel, latency_ms: int | None = None) -> object:
    stub = service_grpc.DocumentOcrServiceStub(channel)
    metadata = (("x-emulator-fault", f"latency_ms={latency_ms}"),) if latency_ms else None
    return await stub.RecognizeReceipt(request(), metadata=metadata, timeout=CALL_TIMEOUT)


def channel_to(process: GatewayProcess) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(f"127.0.0.1:{process.port}")


async def wait_until(what: str, check: object) -> None:
    assert callable(check)
    for _ in range(MAX_POLLS):
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        await asyncio.sleep(POLL_STEP)
    raise AssertionError(f"never happened: {what}")


async def test_three_replicas_never_run_more_than_the_limit_against_one_upstream(
    start_replicas: StartReplicas, emulator: RunningEmulator
) -> None:
    replicas = await start_replicas()
    channels = [channel_to(p) for p in replicas]
    try:
        results = await asyncio.gather(
            *(recognize(channels[i % REPLICAS]) for i in range(60)), return_exceptions=True
        )
    finally:
        for channel in channels:
            await channel.close()

    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    stats = emulator.stats
    assert stats.calls[D] >= 60  # more only if the gateways retried something
    assert stats.max_concurrent[D] <= LIMIT
    assert stats.max_concurrent[D] > 1  # really concurrent, not serialized
    assert stats.violations[D] == 0
    assert "0025" not in stats.errors
    print(f"60 calls over {REPLICAS} replicas: peak {stats.max_concurrent[D]} at the emulator")


async def test_a_killed_replicas_slots_are_freed_within_the_lease_for_the_others(
    start_replicas: StartReplicas, emulator: RunningEmulator, store: aioredis.Redis
) -> None:
    lease = KILL_TEST_LEASE_SECONDS
    victim, *survivors = await start_replicas(OCR_REDIS_LEASE_SECONDS=str(lease))
    victim_channel = channel_to(victim)
    survivor_channels = [channel_to(p) for p in survivors]
    try:
        # The victim takes every slot with calls that would run for a minute.
        doomed = [
            asyncio.ensure_future(recognize(victim_channel, latency_ms=60_000))
            for _ in range(LIMIT)
        ]
        await wait_until(
            "the victim holds every slot", lambda: emulator.stats.in_flight[D] == LIMIT
        )
        prefix = f"{socket.gethostname()}-{victim.process.pid}-"
        members = await store.zrange(PERMITS_KEY, 0, -1)
        assert len(members) == LIMIT
        assert all(m.startswith(prefix) for m in members)

        victim.process.kill()  # SIGKILL: no drain, no release, no goodbye
        killed_at = time.monotonic()
        await asyncio.gather(*doomed, return_exceptions=True)
        await wait_until("the emulator saw the victim go", lambda: emulator.stats.in_flight[D] == 0)
        emulator.stats.reset()

        calls = [
            asyncio.ensure_future(recognize(survivor_channels[i % 2], latency_ms=3000))
            for i in range(2 * LIMIT)
        ]

        async def victim_permits_gone() -> bool:
            return not any(m.startswith(prefix) for m in await store.zrange(PERMITS_KEY, 0, -1))

        await wait_until("the victim's permits expired", victim_permits_gone)
        freed_after = time.monotonic() - killed_at
        results = await asyncio.gather(*calls, return_exceptions=True)
    finally:
        await victim_channel.close()
        for channel in survivor_channels:
            await channel.close()

    assert [r for r in results if isinstance(r, BaseException)] == []
    # Bounded by the lease (plus the survivors' next acquire attempt), not by the minute-long
    # calls the victim had started; the margin is generous for slow machines.
    assert freed_after < lease + 5.0, freed_after
    stats = emulator.stats
    assert stats.max_concurrent[D] == LIMIT  # the survivors use all five slots again...
    assert stats.violations[D] == 0  # ...and never more
    print(f"victim's permits freed {freed_after:.2f}s after SIGKILL (lease {lease}s)")


async def test_a_gateway_whose_redis_is_down_serves_on_the_fallback_and_reports_it(
    emulator: RunningEmulator,
) -> None:
    nothing_there = f"redis://127.0.0.1:{free_port()}/0"
    env = {**emulator.env(), "OCR_REDIS_URL": nothing_there, "OCR_REDIS_FALLBACK_LIMIT": "1"}
    gateway = await asyncio.to_thread(start_gateway_process, env)
    try:
        channel = channel_to(gateway)
        try:
            results = await asyncio.gather(*(recognize(channel) for _ in range(4)))
        finally:
            await channel.close()
        (started,) = gateway.events("gateway_started")
        async with httpx.AsyncClient() as http:
            scrape = await http.get(f"http://127.0.0.1:{started['metrics_port']}/metrics")
    finally:
        await asyncio.to_thread(gateway.stop)

    assert len(results) == 4
    assert emulator.stats.max_concurrent[D] == 1  # the fallback: one call at a time
    assert "clova_ocr_admission_degraded 1.0" in scrape.text
    assert len(gateway.events("redis_unavailable")) == 1
