"""Shared-admission benchmark: several gateway replicas in front of one emulator that answers
0025 above C concurrent calls, with and without a shared Redis permit store.

Prints, per scenario: goodput as a fraction of the ideal C/L calls/s (L = emulator latency),
0025s seen by callers and answered by the emulator, the emulator's peak concurrency, and p50/p99
latency of successful calls. Each gateway is a `clova-ocr-gateway serve` process; redis-server
and the emulator are started here, on loopback.
Usage: python benchmarks/admission_shared_bench.py [--calls N] [--concurrency K]
       [--limit C] [--latency-ms L] [--replicas R]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "redis"))

from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from redis_harness import (  # noqa: E402
    REDIS_SERVER,
    GatewayProcess,
    RedisServer,
    start_gateway_process,
    tiny_png,
)

from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc  # noqa: E402
from clova.ocr.document.v1 import image_pb2  # noqa: E402
from clova_ocr_gateway.conversion.registry import REGISTRY  # noqa: E402
from clova_ocr_gateway.domains import Domain  # noqa: E402
from clova_ocr_gateway.emulator import EmulatorConfig, start_emulator  # noqa: E402

D = Domain.RECEIPT
CALL_TIMEOUT = 30.0
RATE_LIMITED = "UPSTREAM_RATE_LIMITED"  # the gateway's ErrorInfo reason for CLOVA 0025


@dataclass
class Result:
    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    emulator_0025: int = 0
    emulator_peak: int = 0


def error_reason(error: grpc.aio.AioRpcError) -> str:
    """The ErrorInfo reason of a gateway error, else the status code name."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin" and isinstance(value, bytes):
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                info = error_details_pb2.ErrorInfo()
                if detail.Unpack(info):
                    return info.reason
    return str(error.code().name)


async def drive(
    replicas: list[GatewayProcess], calls: int, concurrency: int, result: Result
) -> None:
    channels = [grpc.aio.insecure_channel(f"127.0.0.1:{p.port}") for p in replicas]
    stubs = [service_grpc.DocumentOcrServiceStub(c) for c in channels]
    request = REGISTRY[D].request_type(image=image_pb2.Image(content=tiny_png()))
    remaining = calls

    async def worker(index: int) -> None:
        nonlocal remaining
        stub = stubs[index % len(stubs)]
        while remaining > 0:  # bounded: every iteration takes one of `calls`
            remaining -= 1
            started = time.perf_counter()
            try:
                await stub.RecognizeReceipt(request, timeout=CALL_TIMEOUT)
            except grpc.aio.AioRpcError as exc:
                result.failures[error_reason(exc)] += 1
            else:
                result.latencies.append(time.perf_counter() - started)

    try:
        began = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        result.seconds = time.perf_counter() - began
    finally:
        for channel in channels:
            await channel.close()


async def scenario(
    name: str,
    *,
    replicas: int,
    redis: RedisServer | None,
    args: argparse.Namespace,
) -> Result:
    emulator = await start_emulator(
        EmulatorConfig(
            port=0, concurrency_limit_per_domain=args.limit, latency_ms=args.latency_ms, seed=1
        )
    )
    env = {
        **emulator.env(),
        "OCR_CONCURRENCY_LIMIT": str(args.limit),
        "OCR_SHUTDOWN_GRACE_SECONDS": "1",
    }
    if redis is not None:
        env["OCR_REDIS_URL"] = redis.url
        env["OCR_REDIS_KEY_PREFIX"] = f"bench-{name.replace(' ', '-').replace(',', '')}"
    processes = await asyncio.gather(
        *(asyncio.to_thread(start_gateway_process, env) for _ in range(replicas))
    )
    result = Result(name)
    try:
        await drive(list(processes), args.calls, args.concurrency, result)
    finally:
        for process in processes:
            await asyncio.to_thread(process.stop)
        result.emulator_0025 = emulator.stats.violations[D]
        result.emulator_peak = emulator.stats.max_concurrent[D]
        await emulator.close()
    return result


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def report(results: list[Result], args: argparse.Namespace) -> None:
    ideal = args.limit / (args.latency_ms / 1000)
    print(
        f"\n{args.calls} calls, {args.concurrency} callers, CLOVA limit C={args.limit}, "
        f"latency L={args.latency_ms:g} ms -> ideal C/L = {ideal:.1f} calls/s\n"
    )
    header = (
        "| scenario | ok | goodput (calls/s) | of ideal | 0025 at callers | 0025 at emulator "
        "| other failures | emulator peak | p50 (s) | p99 (s) |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for r in results:
        ok = len(r.latencies)
        goodput = ok / r.seconds if r.seconds else 0.0
        other = {k: v for k, v in r.failures.items() if k != RATE_LIMITED}
        print(
            f"| {r.name} | {ok}/{args.calls} | {goodput:.1f} | {goodput / ideal:.0%} "
            f"| {r.failures.get(RATE_LIMITED, 0)} | {r.emulator_0025} "
            f"| {', '.join(f'{k} {v}' for k, v in sorted(other.items())) or '0'} "
            f"| {r.emulator_peak} | {percentile(r.latencies, 50):.2f} "
            f"| {percentile(r.latencies, 99):.2f} |"
        )


async def run(args: argparse.Namespace) -> None:
    if REDIS_SERVER is None:
        raise SystemExit("redis-server is not installed (scripts/bootstrap --dev installs it)")
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="admission-bench-") as tmp:
        redis = RedisServer(Path(tmp))
        redis.start()
        try:
            results.append(await scenario("1 replica, local", replicas=1, redis=None, args=args))
            results.append(
                await scenario(
                    f"{args.replicas} replicas, local limits",
                    replicas=args.replicas,
                    redis=None,
                    args=args,
                )
            )
            results.append(
                await scenario(
                    f"{args.replicas} replicas, shared Redis",
                    replicas=args.replicas,
                    redis=redis,
                    args=args,
                )
            )
        finally:
            redis.stop()
    report(results, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=30, help="callers in flight")
    parser.add_argument("--limit", type=int, default=5, help="CLOVA's and the gateways' C")
    parser.add_argument("--latency-ms", type=float, default=250.0, help="emulator latency L")
    parser.add_argument("--replicas", type=int, default=3)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
