"""Serving-path benchmark: prints calls/s, p50 and p99 for a 20 kB and a 1 MiB image of
(a) a bare grpc.aio echo of the same payload, (b) a direct httpx multipart POST to a fast
fixed-answer upstream, (c) the gateway in front of that upstream — all in one run.

Each server runs in its own process; the load comes from this process over loopback.
Latency (p50/p99) is measured one call at a time, so it shows each path's own cost rather than
queueing; throughput (calls/s) is measured with K calls in flight.
Usage: python benchmarks/serving_bench.py [--calls N] [--concurrency K]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from imaging_samples import padded_png  # noqa: E402

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2  # noqa: E402
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc  # noqa: E402
from clova.ocr.document.v1 import image_pb2  # noqa: E402
from clova_ocr_gateway.images.validation import ValidatedImage, validate_image  # noqa: E402
from clova_ocr_gateway.upstream.client import encode_request  # noqa: E402

ECHO_SERVER = """
import asyncio, sys, grpc
async def main():
    async def echo(request, context):
        return b"ok"
    handler = grpc.method_handlers_generic_handler(
        "bench.Echo", {"Echo": grpc.unary_unary_rpc_method_handler(echo)})
    server = grpc.aio.server(options=[("grpc.max_receive_message_length", 32 << 20)])
    server.add_generic_rpc_handlers((handler,))
    server.add_insecure_port("127.0.0.1:" + sys.argv[1])
    await server.start()
    print("ready", flush=True)
    await server.wait_for_termination()
asyncio.run(main())
"""

FIXED_UPSTREAM = """
import sys
from importlib import resources
from aiohttp import web
import orjson
example = orjson.loads(resources.files("clova_ocr_gateway.emulator.fixtures")
                       .joinpath("receipt.json").read_bytes())
body = orjson.dumps(example)
async def answer(request):
    await request.read()
    return web.Response(body=body, content_type="application/json")
app = web.Application(client_max_size=64 << 20)
app.router.add_post("/{tail:.*}", answer)
print("ready", flush=True)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


def cpu_seconds(pid: int) -> float:
    """User+system CPU seconds a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spawn(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        started = line.startswith("ready")
        with contextlib.suppress(ValueError):
            started = started or json.loads(line).get("event") == "gateway_started"
        if started:
            # Keep draining its output: a full pipe would block the server mid-benchmark.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process
    process.kill()
    raise RuntimeError(f"{args} did not start")


async def _drive(
    call: Callable[[], Awaitable[object]], calls: int, concurrency: int
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    queue = iter(range(calls))

    async def worker() -> None:
        for _ in queue:
            started = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(concurrency))), timeout=300)
    return time.perf_counter() - started, sorted(latencies)


async def measure(
    call: Callable[[], Awaitable[object]], calls: int, concurrency: int, server_pid: int
) -> dict[str, float]:
    await _drive(call, max(8, concurrency), concurrency)  # warm up connections
    _, latencies = await _drive(call, max(50, calls // 4), 1)
    cpu_before = cpu_seconds(server_pid)
    elapsed, _ = await _drive(call, calls, concurrency)
    return {
        "cpu_ms": (cpu_seconds(server_pid) - cpu_before) / calls * 1000,
        "rps": calls / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


async def run(calls: int, concurrency: int) -> None:
    echo_port, upstream_port, gateway_port = free_port(), free_port(), free_port()
    processes = [
        spawn([sys.executable, "-c", ECHO_SERVER, str(echo_port)]),
        spawn([sys.executable, "-c", FIXED_UPSTREAM, str(upstream_port)]),
    ]
    upstream_url = f"http://127.0.0.1:{upstream_port}/custom/v1/1/bench/document/receipt"
    processes.append(
        spawn(
            [sys.executable, "-m", "clova_ocr_gateway.cli", "serve", "--port", str(gateway_port)],
            env={
                "OCR_RECEIPT_INVOKE_URL": upstream_url,
                "OCR_RECEIPT_SECRET": "bench-secret",
                "OCR_METRICS_PORT": "off",
                "OCR_LOG_FORMAT": "json",
                # Admission must not be the bottleneck of a raw-overhead benchmark.
                "OCR_CONCURRENCY_LIMIT": str(concurrency * 2),
            },
        )
    )
    options = [("grpc.max_send_message_length", 32 << 20)]
    rows: list[tuple[str, str, dict[str, float]]] = []
    try:
        async with (
            grpc.aio.insecure_channel(f"127.0.0.1:{echo_port}", options=options) as echo_channel,
            grpc.aio.insecure_channel(f"127.0.0.1:{gateway_port}", options=options) as gw_channel,
            httpx.AsyncClient(trust_env=False, timeout=60) as http,
        ):
            echo = echo_channel.unary_unary("/bench.Echo/Echo")
            stub = service_grpc.DocumentOcrServiceStub(gw_channel)
            for label, size in (("20 kB", 20_000), ("1 MiB", 1 << 20)):
                image = padded_png(size)
                checked = validate_image(image, "png", "bench", 32 << 20)
                request = service_pb2.RecognizeReceiptRequest(
                    image=image_pb2.Image(content=image, format=image_pb2.IMAGE_FORMAT_PNG)
                )
                payload = request.SerializeToString()
                n = calls if size < (1 << 20) else max(200, calls // 4)

                async def call_echo(payload: bytes = payload) -> object:
                    return await echo(payload, timeout=30)

                async def call_http(checked: ValidatedImage = checked) -> object:
                    body, content_type = encode_request("bench", checked, "multipart")
                    response = await http.post(
                        upstream_url,
                        content=body,
                        headers={"X-OCR-SECRET": "bench-secret", "Content-Type": content_type},
                    )
                    response.raise_for_status()
                    return response.content

                async def call_gateway(
                    request: service_pb2.RecognizeReceiptRequest = request,
                ) -> object:
                    return await stub.RecognizeReceipt(request, timeout=30)

                for name, fn, process in (
                    ("(a) grpc echo", call_echo, processes[0]),
                    ("(b) httpx multipart", call_http, processes[1]),
                    ("(c) gateway", call_gateway, processes[2]),
                ):
                    rows.append((label, name, await measure(fn, n, concurrency, process.pid)))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    print(f"calls per size: {calls} (1 MiB: {max(200, calls // 4)}), concurrency {concurrency}")
    print(
        f"{'image':<7}{'path':<22}{'calls/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'server CPU ms/call':>20}"
    )
    for label, name, r in rows:
        print(
            f"{label:<7}{name:<22}{r['rps']:>10.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
            f"{r['cpu_ms']:>20.2f}"
        )
    print("p50/p99: one call in flight; calls/s and CPU: the throughput run (K in flight)")
    for label in ("20 kB", "1 MiB"):
        by = {name: r for lab, name, r in rows if lab == label}
        a, b, c = by["(a) grpc echo"], by["(b) httpx multipart"], by["(c) gateway"]
        print(
            f"{label}: gateway p50 / (a+b) p50 = {c['p50'] / (a['p50'] + b['p50']):.2f} "
            f"(goal <= 1.3); gateway calls/s / slower(a,b) = "
            f"{c['rps'] / min(a['rps'], b['rps']):.2f} (goal >= 0.6)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(run(args.calls, args.concurrency))


if __name__ == "__main__":
    main()
