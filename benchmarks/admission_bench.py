"""Admission benchmark: gateways in front of the emulator (limit C, latency L) under a flood of
callers; prints goodput as a fraction of the ideal C/L, 0025 errors seen by callers and at the
emulator, p50/p99 latency and queue wait, and a fairness run (a flood plus an occasional caller).

Everything runs in this process over loopback: one emulator, R gateways sharing it, the load.
The first row is the ceiling on this machine: C plain HTTP loops straight to the emulator.
With --replicas 3 --redis-url redis://127.0.0.1:6379/0 the gateways share permits through
Redis (RedisPermitSource); without a Redis URL every replica counts its own permits, so R
replicas together offer R×C slots and lean on the adaptive limit (shown for comparison).
Goals: goodput >= 0.95 of C/L on one replica and no 0025 reaching callers.
Usage: python benchmarks/admission_bench.py [--limit C] [--latency-ms L] [--seconds S]
       [--callers N] [--replicas R] [--redis-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import httpx
from google.rpc import error_details_pb2
from grpc_status import rpc_status

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from imaging_samples import tiny_png

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.admission.controller import Admission
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig, RunningEmulator, start_emulator
from clova_ocr_gateway.images.validation import validate_image
from clova_ocr_gateway.observability.logs import configure_logging
from clova_ocr_gateway.serving.server import Gateway, start_gateway
from clova_ocr_gateway.upstream.client import encode_request

D = Domain.RECEIPT
PNG = tiny_png()
CALL_DEADLINE_SECONDS = 30.0
WARMUP_SECONDS = 1.0


@dataclass
class Sample:
    caller: str
    finished: float
    seconds: float
    reason: str  # "OK" or the ErrorInfo reason


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    waits: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))


def reason_of(exc: grpc.aio.AioRpcError) -> str:
    status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    for detail in status.details if status is not None else ():
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return str(info.reason)
    return exc.code().name


def record_queue_waits(admission: Admission, run: Run) -> None:
    """Wrap this gateway's Admission.slot to note each admitted attempt's queue wait."""
    original = admission.slot

    @asynccontextmanager
    async def recording(domain: Domain, **kwargs: Any) -> AsyncIterator[float]:
        async with original(domain, **kwargs) as waited:
            run.waits[kwargs.get("caller") or "anonymous"].append(waited)
            yield waited

    admission.slot = recording  # type: ignore[method-assign]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def caller_loop(stub: Any, caller: str, run: Run, stop_at: float, pause: float = 0.0) -> None:
    request = service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=PNG))
    metadata = (("x-client-id", caller),)
    # Bounded by the clock: no new call starts after stop_at.
    while time.monotonic() < stop_at:
        started = time.monotonic()
        try:
            await stub.RecognizeReceipt(request, metadata=metadata, timeout=CALL_DEADLINE_SECONDS)
            reason = "OK"
        except grpc.aio.AioRpcError as exc:
            reason = reason_of(exc)
        finished = time.monotonic()
        run.samples.append(Sample(caller, finished, finished - started, reason))
        if pause:
            await asyncio.sleep(pause)


@asynccontextmanager
async def gateways(
    emulator: RunningEmulator, args: argparse.Namespace, replicas: int, redis_url: str | None
) -> AsyncIterator[list[Gateway]]:
    overrides: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": 0,
        "metrics_port": None,
        "upstream_latency_estimate_seconds": args.latency_ms / 1000,
    }
    env = {
        **emulator.env(),
        "OCR_CONCURRENCY_LIMIT": str(args.limit),
        "OCR_LOG_LEVEL": "ERROR",
    }
    if redis_url:
        env["OCR_REDIS_URL"] = redis_url
        env["OCR_REDIS_KEY_PREFIX"] = f"admission-bench-{time.monotonic_ns()}"
    started = [await start_gateway(load_settings(env, **overrides)) for _ in range(replicas)]
    try:
        yield started
    finally:
        for gateway in started:
            await gateway.stop(grace=1.0)


async def direct_run(args: argparse.Namespace) -> tuple[Run, RunningEmulator, float]:
    """The ceiling: C plain httpx loops straight to the emulator, one call each at a time."""
    emulator = await start_emulator(
        EmulatorConfig(port=0, concurrency_limit_per_domain=args.limit, latency_ms=args.latency_ms)
    )
    run = Run()
    image = validate_image(PNG, None, None, len(PNG))
    stop_at = time.monotonic() + args.seconds

    async def loop(client: httpx.AsyncClient) -> None:
        # Bounded by the clock: no new call starts after stop_at.
        while time.monotonic() < stop_at:
            body, content_type = encode_request("bench", image, "multipart")
            started = time.monotonic()
            response = await client.post(
                emulator.url_for(D),
                content=body,
                headers={"X-OCR-SECRET": emulator.secret_for(D), "Content-Type": content_type},
            )
            finished = time.monotonic()
            reason = "OK" if response.status_code == 200 else f"HTTP_{response.status_code}"
            run.samples.append(Sample("direct", finished, finished - started, reason))

    try:
        async with httpx.AsyncClient(trust_env=False) as client:
            await asyncio.gather(*(loop(client) for _ in range(args.limit)))
    finally:
        await emulator.close()
    return run, emulator, args.seconds


async def load_run(
    args: argparse.Namespace, replicas: int, redis_url: str | None, *, fairness: bool
) -> tuple[Run, RunningEmulator, float]:
    """One run against a fresh emulator; returns the samples, the emulator and the duration."""
    emulator = await start_emulator(
        EmulatorConfig(port=0, concurrency_limit_per_domain=args.limit, latency_ms=args.latency_ms)
    )
    run = Run()
    try:
        async with gateways(emulator, args, replicas, redis_url) as started:
            channels = [grpc.aio.insecure_channel(f"127.0.0.1:{g.port}") for g in started]
            stubs = [service_grpc.DocumentOcrServiceStub(c) for c in channels]
            for gateway in started:
                assert gateway.admission is not None
                record_queue_waits(gateway.admission, run)
            stop_at = time.monotonic() + args.seconds
            tasks = [
                asyncio.create_task(caller_loop(stubs[i % replicas], "batch", run, stop_at))
                for i in range(args.callers)
            ]
            if fairness:
                # One call every two upstream latencies: far below a fair share of C slots.
                pause = 2 * args.latency_ms / 1000
                tasks.append(
                    asyncio.create_task(caller_loop(stubs[0], "checkout", run, stop_at, pause))
                )
            await asyncio.gather(*tasks)
            for channel in channels:
                await channel.close()
    finally:
        await emulator.close()
    return run, emulator, args.seconds


def summarize(
    label: str, run: Run, emulator: RunningEmulator, seconds: float, args: argparse.Namespace
) -> list[str]:
    first = min(s.finished for s in run.samples) - min(s.seconds for s in run.samples)
    window_start, window_end = first + WARMUP_SECONDS, first + seconds
    ok = [s for s in run.samples if s.reason == "OK"]
    in_window = [s for s in ok if window_start <= s.finished <= window_end]
    goodput = len(in_window) / (window_end - window_start)
    ideal = args.limit / (args.latency_ms / 1000)
    reasons = Counter(s.reason for s in run.samples if s.reason != "OK")
    rate_limited = reasons.pop("UPSTREAM_RATE_LIMITED", 0)
    waits = [w for values in run.waits.values() for w in values]
    latencies = [s.seconds for s in ok]
    other = ",".join(f"{r}={n}" for r, n in reasons.most_common()) or "-"
    return [
        label,
        f"{goodput:.2f}",
        f"{ideal:.2f}",
        f"{goodput / ideal:.3f}",
        str(rate_limited),
        str(emulator.stats.violations[D]),
        f"{percentile(latencies, 0.5) * 1000:.0f}",
        f"{percentile(latencies, 0.99) * 1000:.0f}",
        f"{percentile(waits, 0.5) * 1000:.0f}",
        f"{percentile(waits, 0.99) * 1000:.0f}",
        other,
    ]


def print_table(rows: list[list[str]]) -> None:
    header = [
        "run",
        "goodput/s",
        "C/L",
        "fraction",
        "0025 callers",
        "0025 emulator",
        "p50 ms",
        "p99 ms",
        "p50 wait ms",
        "p99 wait ms",
        "other errors",
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        print(
            "  ".join(
                cell.rjust(w) if i else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def print_fairness(run: Run, args: argparse.Namespace) -> None:
    print()
    print(
        f"fairness: 'batch' floods with {args.callers} concurrent callers, 'checkout' sends one "
        f"call every {2 * args.latency_ms} ms (equal weights)"
    )
    for caller in ("batch", "checkout"):
        samples = [s for s in run.samples if s.caller == caller]
        served = [s for s in samples if s.reason == "OK"]
        waits = run.waits.get(caller, [])
        print(
            f"  {caller:<9} calls {len(samples):>5}  served {len(served):>5}  "
            f"queue wait mean {statistics.fmean(waits) * 1000 if waits else float('nan'):7.1f} ms"
            f"  p99 {percentile(waits, 0.99) * 1000:7.1f} ms"
            f"  latency p50 {percentile([s.seconds for s in served], 0.5) * 1000:7.1f} ms"
        )
    batch = run.waits.get("batch", [])
    checkout = run.waits.get("checkout", [])
    if batch and checkout:
        ratio = statistics.fmean(checkout) / statistics.fmean(batch)
        print(f"  checkout's mean queue wait is {ratio:.3f} of batch's (fair share: << 1)")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=5, help="C: emulator and gateway limit")
    parser.add_argument("--latency-ms", type=int, default=200, help="L: emulator latency")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each run")
    parser.add_argument("--callers", type=int, default=20, help="concurrent flooding callers")
    parser.add_argument("--replicas", type=int, default=3, help="replicas for the shared run")
    parser.add_argument("--redis-url", default=None, help="share permits through this Redis")
    args = parser.parse_args()
    configure_logging(level="ERROR")
    logging.getLogger("aiohttp.access").setLevel(logging.ERROR)

    print(
        f"emulator limit C={args.limit}, latency L={args.latency_ms} ms, {args.callers} callers, "
        f"{args.seconds:g} s per run (first {WARMUP_SECONDS:g} s not counted)"
    )
    rows = []
    run, emulator, seconds = await direct_run(args)
    rows.append(summarize(f"no gateway: {args.limit} httpx loops", run, emulator, seconds, args))
    run, emulator, seconds = await load_run(args, 1, None, fairness=False)
    rows.append(summarize("1 replica", run, emulator, seconds, args))
    if args.replicas > 1:
        shared = "redis" if args.redis_url else "local permits"
        run, emulator, seconds = await load_run(args, args.replicas, args.redis_url, fairness=False)
        rows.append(summarize(f"{args.replicas} replicas ({shared})", run, emulator, seconds, args))
    print()
    print_table(rows)
    fairness_run, _, _ = await load_run(args, 1, None, fairness=True)
    print_fairness(fairness_run, args)


if __name__ == "__main__":
    asyncio.run(main())
