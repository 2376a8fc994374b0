"""Callers' quotas shared by gateways through a real redis-server: two `serve` processes hold one
quota together even under concurrent calls, a used-up quota resets with its window (two
gateways, injectable clock), and while Redis is stopped each gateway counts alone, reports it,
and adds what it counted once Redis is back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import grpc
import pytest
import redis.asyncio as aioredis
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from redis_harness import GatewayProcess, RedisServer, start_gateway_process, tiny_png

from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig, RunningEmulator, start_emulator
from clova_ocr_gateway.serving.server import Gateway, start_gateway

D = Domain.RECEIPT
CALL_TIMEOUT = 30.0
POLL_STEP = 0.05
MAX_POLLS = 400  # caps every "wait until" loop below (about 20 s)


def policy_file(directory: Path, per: str, calls: int) -> Path:
    path = directory / "callers.yaml"
    path.write_text(
        "callers:\n"
        "  alice:\n"
        "    domains: [receipt]\n"
        f"    quotas: [{{domain: receipt, per: {per}, calls: {calls}}}]\n"
        "  default: {domains: []}\n"
    )
    return path


@pytest.fixture
async def emulator() -> AsyncIterator[RunningEmulator]:
    running = await start_emulator(EmulatorConfig(port=0, concurrency_limit_per_domain=50))
    yield running
    await running.close()


async def recognize(port: int) -> str:
    """OK, or the ErrorInfo reason of the refusal (a new channel per call: like separate
    clients)."""
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = service_grpc.DocumentOcrServiceStub(channel)
        request = REGISTRY[D].request_type(image=image_pb2.Image(content=tiny_png()))
        try:
            await stub.RecognizeReceipt(
                request, metadata=(("x-client-id", "alice"),), timeout=CALL_TIMEOUT
            )
        except grpc.aio.AioRpcError as exc:
            return reason_of(exc)
    return "OK"


def reason_of(exc: grpc.aio.AioRpcError) -> str:
    status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    assert status is not None, exc
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info.reason
    raise AssertionError(f"no ErrorInfo in {exc}")


async def wait_until(what: str, check: Callable[[], bool | Awaitable[bool]]) -> None:
    for _ in range(MAX_POLLS):
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        await asyncio.sleep(POLL_STEP)
    raise AssertionError(f"never happened: {what}")


@pytest.mark.slow
async def test_two_gateway_processes_hold_one_quota_under_concurrent_calls(
    redis_server: RedisServer, emulator: RunningEmulator, tmp_path: Path
) -> None:
    # A day window: this test never straddles a window change unless it runs at midnight UTC.
    now = datetime.now(UTC)
    if now.hour == 23 and now.minute == 59:
        await asyncio.sleep(61 - now.second)
    env = {
        **emulator.env(),
        "OCR_REDIS_URL": redis_server.url,
        "OCR_CALLERS_FILE": str(policy_file(tmp_path, "day", 5)),
        "OCR_SHUTDOWN_GRACE_SECONDS": "1",
    }
    replicas: list[GatewayProcess] = []
    try:
        for _ in range(2):
            replicas.append(await asyncio.to_thread(start_gateway_process, env))
        results = await asyncio.gather(*(recognize(replicas[i % 2].port) for i in range(12)))
    finally:
        for replica in replicas:
            await asyncio.to_thread(replica.stop)
    # Each process alone would have granted 5, so 10 in all: the count really is shared.
    assert results.count("OK") == 5, results
    assert results.count("CALLER_QUOTA_EXCEEDED") == 7, results
    assert emulator.stats.calls[D] == 5  # refused calls never reached CLOVA


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


StartGateways = Callable[..., Awaitable[list[Gateway]]]


@pytest.fixture
async def start_gateways(
    redis_server: RedisServer, emulator: RunningEmulator, tmp_path: Path
) -> AsyncIterator[StartGateways]:
    """Two gateways in this process sharing `redis_server`, each with its own Redis clients."""
    started: list[Gateway] = []

    async def start(per: str, calls: int, clock: Clock) -> list[Gateway]:
        env = {
            **emulator.env(),
            "OCR_REDIS_URL": redis_server.url,
            "OCR_CALLERS_FILE": str(policy_file(tmp_path, per, calls)),
        }
        for _ in range(2):
            settings = load_settings(env, host="127.0.0.1", port=0, metrics_port=None)
            started.append(await start_gateway(settings, quota_clock=clock))
        return started[-2:]

    yield start
    for gateway in started:
        await gateway.stop(grace=0.5)


def degraded(gateway: Gateway) -> float | None:
    return gateway.metrics.registry.get_sample_value("clova_ocr_quota_degraded")


async def test_a_used_up_quota_resets_with_its_window_on_every_gateway(
    start_gateways: StartGateways,
) -> None:
    clock = Clock(datetime(2024, 5, 1, 10, 0, 45, tzinfo=UTC).timestamp())
    a, b = await start_gateways("minute", 3, clock)
    assert [await recognize(g.port) for g in (a, b, a)] == ["OK"] * 3
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{b.port}") as channel:
            stub = service_grpc.DocumentOcrServiceStub(channel)
            request = REGISTRY[D].request_type(image=image_pb2.Image(content=tiny_png()))
            await stub.RecognizeReceipt(request, metadata=(("x-client-id", "alice"),))
    status = rpc_status.from_call(caught.value)  # type: ignore[arg-type]
    assert status is not None
    retry = error_details_pb2.RetryInfo()
    assert any(d.Unpack(retry) for d in status.details)
    assert retry.retry_delay.seconds == 15  # until 10:01:00 on the gateways' clock
    quota = error_details_pb2.QuotaFailure()
    assert any(d.Unpack(quota) for d in status.details)
    assert quota.violations[0].subject == "caller:alice/receipt/minute:2024-05-01T10:00Z"

    clock.now += 15  # the next minute
    assert [await recognize(g.port) for g in (b, a, b)] == ["OK"] * 3
    assert await recognize(a.port) == "CALLER_QUOTA_EXCEEDED"


async def test_while_redis_is_down_each_gateway_counts_alone_and_catches_up_after(
    start_gateways: StartGateways, redis_server: RedisServer
) -> None:
    clock = Clock(datetime.now(UTC).timestamp())
    a, b = await start_gateways("month", 5, clock)
    assert [await recognize(a.port) for _ in range(2)] == ["OK", "OK"]

    redis_server.stop()
    # Gateway a saw 2 of 5 used: it allows 3 more on its own. Gateway b never saw this caller's
    # window: it allows 5 (the documented worst case is one quota per replica).
    assert [await recognize(a.port) for _ in range(4)] == ["OK"] * 3 + ["CALLER_QUOTA_EXCEEDED"]
    assert [await recognize(b.port) for _ in range(6)] == ["OK"] * 5 + ["CALLER_QUOTA_EXCEEDED"]
    assert degraded(a) == 1 and degraded(b) == 1

    redis_server.start()  # empty: no persistence, like a Redis pod that was replaced
    await wait_until("both gateways are back on Redis", lambda: degraded(a) == degraded(b) == 0)
    # The calls counted alone were added to the shared count (3 + 5), so the quota holds again.
    store: Any = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    try:
        keys = [k async for k in store.scan_iter(match="*:receipt:month:*:used")]
        assert len(keys) == 1
        assert int(await store.get(keys[0])) == 8
    finally:
        await store.aclose()
    assert await recognize(a.port) == "CALLER_QUOTA_EXCEEDED"
    assert await recognize(b.port) == "CALLER_QUOTA_EXCEEDED"
