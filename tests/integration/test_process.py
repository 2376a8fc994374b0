"""Process-level behaviour of `clova-ocr-gateway serve`: start-up, SIGTERM drain, exit code."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import grpc
import pytest
from imaging_samples import tiny_png
from tests_support import ServerProcess, start_gateway_process

from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain

GRACE_SECONDS = 6.0


@pytest.fixture
def server() -> Iterator[ServerProcess]:
    # No drain delay: this test is about what the stop itself does to old and new calls.
    with start_gateway_process(
        "--emulator",
        "--metrics-port",
        "0",
        env={"OCR_SHUTDOWN_GRACE_SECONDS": str(GRACE_SECONDS), "OCR_DRAIN_DELAY_SECONDS": "0"},
    ) as started:
        yield started


LATE_CALLERS = 200


async def test_calls_arriving_as_sigterm_lands_are_refused_unavailable_never_cancelled() -> None:
    """200 calls sent as SIGTERM arrives, with the default settings: the stop used to cancel
    about 195 of them with CANCELLED (they had reached the process but not their handler,
    grpc/grpc#41785), a code clients do not retry. Now the gateway refuses late calls with
    UNAVAILABLE (SERVER_DRAINING, retried by the clients' service config) until none has
    arrived for a moment, and only then stops."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCR_")}
    with start_gateway_process(
        "--emulator", "--emulator-concurrency-limit", "1000", "--metrics-port", "0", env=env
    ) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = service_grpc.DocumentOcrServiceStub(channel)
            await stub.RecognizeReceipt(slow_request(Domain.RECEIPT), timeout=10)  # connected
            calls = [
                asyncio.ensure_future(
                    stub.RecognizeReceipt(slow_request(Domain.RECEIPT), timeout=20)
                )
                for _ in range(LATE_CALLERS)
            ]
            await asyncio.sleep(0)  # the calls are on their way
            server.process.send_signal(signal.SIGTERM)
            results = await asyncio.gather(*calls, return_exceptions=True)
        codes = [r.code().name for r in results if isinstance(r, grpc.aio.AioRpcError)]
        assert all(
            not isinstance(r, BaseException) or isinstance(r, grpc.aio.AioRpcError) for r in results
        )
        assert "CANCELLED" not in codes
        assert set(codes) <= {"UNAVAILABLE"}, codes
        assert await asyncio.to_thread(server.process.wait, 30) == 0


def slow_request(domain: Domain) -> object:
    return REGISTRY[domain].request_type(image=image_pb2.Image(content=tiny_png()))


async def test_sigterm_lets_in_flight_calls_finish_refuses_new_ones_and_exits_zero(
    server: ServerProcess,
) -> None:
    domains = list(Domain)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
        stub = service_grpc.DocumentOcrServiceStub(channel)
        await stub.RecognizeReceipt(slow_request(Domain.RECEIPT), timeout=10)  # warm connection
        # 20 calls spread over the domains so none hits the emulator's limit of 5 per domain.
        calls = [
            asyncio.ensure_future(
                getattr(stub, REGISTRY[domains[i % len(domains)]].rpc_name)(
                    slow_request(domains[i % len(domains)]),
                    metadata=(("x-emulator-fault", "latency_ms=1500"),),
                    timeout=30,
                )
            )
            for i in range(20)
        ]
        await asyncio.sleep(0.5)  # all 20 are in flight at the emulator
        server.process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        await asyncio.sleep(0.2)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as fresh:
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await service_grpc.DocumentOcrServiceStub(fresh).RecognizeReceipt(
                    slow_request(Domain.RECEIPT), timeout=2
                )
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        results = await asyncio.gather(*calls, return_exceptions=True)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    code = await asyncio.to_thread(server.process.wait, GRACE_SECONDS + 1)
    assert code == 0
    assert time.monotonic() - signalled < GRACE_SECONDS + 1


def test_bad_configuration_fails_fast_naming_the_setting() -> None:
    process = subprocess.run(
        [sys.executable, "-m", "clova_ocr_gateway.cli", "serve", "--port", "0"],
        env={**os.environ, "OCR_RECEIPT_INVOKE_URL": "http://ocr.example.com/x"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert process.returncode == 2
    assert "OCR_RECEIPT_INVOKE_URL" in process.stderr
