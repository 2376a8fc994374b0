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
    with start_gateway_process(
        "--emulator",
        "--metrics-port",
        "0",
        env={"OCR_SHUTDOWN_GRACE_SECONDS": str(GRACE_SECONDS)},
    ) as started:
        yield started


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
