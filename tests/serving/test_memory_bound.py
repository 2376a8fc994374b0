"""The memory bound, measured on a real `serve` process (its RSS from /proc): many callers with
large images against a small in-flight budget. A cheap version of benchmarks/memory_bench.py."""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from memory_bench import (
    MiB,
    Sampler,
    emulator_process,
    gateway_process,
    large_png,
    outcome,
    rss_mib,
)

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2

BUDGET = 16 * MiB
IMAGE = 3 * MiB
CALLERS = 24
# Peak RSS growth within 2.5 x OCR_MAX_INFLIGHT_BYTES, plus what two dozen concurrent calls
# cost whatever their size (tasks, HTTP/2 streams, buffers; part of BASE_MEMORY_BYTES in
# docs/deploy.md's formula), which is noticeable next to a budget as small as this one.
FACTOR = 2.5
CALLS_OVERHEAD = 16 * MiB


def request() -> service_pb2.RecognizeReceiptRequest:
    image = image_pb2.Image(content=large_png(IMAGE, compressible=False))
    return service_pb2.RecognizeReceiptRequest(image=image)


async def calls(port: int, count: int, deadline: float) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = service_grpc.DocumentOcrServiceStub(channel)
        message = request()

        async def call() -> None:
            try:
                await stub.RecognizeReceipt(message, timeout=deadline)
                outcomes["ok"] += 1
            except grpc.aio.AioRpcError as exc:
                outcomes[outcome(exc)] += 1

        await asyncio.gather(*(call() for _ in range(count)))
    return outcomes


def test_peak_rss_growth_stays_within_the_bound_and_refusals_carry_retry_info() -> None:
    """24 callers of 3 MiB images against a 16 MiB budget, CLOVA taking 0.4 s: those that
    cannot get room within half their 3 s deadline are refused with RetryInfo, and the
    gateway's peak RSS growth stays within 2.5 x the budget."""
    env = {
        "OCR_HOST": "127.0.0.1",
        "OCR_METRICS_PORT": "off",
        "OCR_MAX_INFLIGHT_BYTES": str(BUDGET),
        "OCR_MAX_RECEIVE_MESSAGE_BYTES": str(4 * MiB),
        "OCR_MAX_IMAGE_BYTES": str(IMAGE),
    }
    with (
        emulator_process(latency_ms=400) as upstream,
        gateway_process({**env, **upstream}) as (
            pid,
            port,
        ),
    ):
        # Warm-up: connections, lazy imports and the first buffers are not growth.
        assert asyncio.run(calls(port, 2, 20.0)) == Counter(ok=2)
        time.sleep(0.5)
        idle = rss_mib(pid)
        with Sampler(pid) as sampler:
            outcomes = asyncio.run(calls(port, CALLERS, 3.0))
    growth = (sampler.peak - idle) * MiB
    assert growth <= FACTOR * BUDGET + CALLS_OVERHEAD, (
        f"peak {sampler.peak:.0f} MiB, idle {idle:.0f} MiB"
    )
    assert outcomes["ok"] >= 1
    assert outcomes["refused+RetryInfo"] >= 1, outcomes
    assert set(outcomes) <= {"ok", "refused+RetryInfo"}, outcomes
