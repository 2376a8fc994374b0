"""Serving-path benchmark: the gateway beside the pieces it is made of, in one run.

Paths, for a 20 kB and a 1 MiB image:
  (a) a bare grpc.aio echo of the same request bytes (its server process' CPU);
  (b) a direct httpx multipart POST to a fast fixed-answer upstream (this process' CPU: the
      client side, which is what the gateway does besides serving gRPC);
  (c) a direct aiohttp multipart POST to the same upstream (this process' CPU);
  (d) the gateway in front of that upstream (its process' CPU).

Latency (p50/p99) is measured one call at a time, so it shows each path's own cost rather than
queueing; calls/s and CPU per call come from a run with K calls in flight. Each round measures
every path once, interleaved, so machine noise hits them alike; the table shows the median of
the rounds. The goals (issue 11) are printed as ratios:
  gateway CPU/call <= 4x (echo + aiohttp) at 20 kB and <= 2x at 1 MiB;
  gateway calls/s >= 1.0x the direct httpx client at K in flight;
  gateway p50 <= 1.3x (echo p50 + httpx p50) with one call in flight.
Usage: python benchmarks/serving_bench.py [--calls N] [--concurrency K] [--rounds R]

Measured (2-core machine shared with other work and the test suite; --rounds 2 --calls 1000,
two runs of each, alternated in the same minutes; "base" is 70e2eec, the upstream path of issue
11 item 9; "before" the main of the self-protection, callers and images work; "after" with
the serving-path fixes: mmap threshold 4 MiB, no shield task per call, metrics children and
the observed handler cached). Gateway CPU ms/call and the three ratios, per run:

| size  | code   | CPU ms/call | CPU d/(a+c) (<=4 / 2) | calls/s d/b (>=1) | p50 d/(a+b) (<=1.3) |
|-------|--------|-------------|----------------------|------------------|--------------------|
| 20 kB | base   | 3.75, 3.85  | 3.86, 3.72           | 0.72, 0.51       | 0.70, 1.46         |
| 20 kB | before | 4.08, 4.11  | 4.30, 4.27           | 0.66, 0.71       | 1.78, 1.50         |
| 20 kB | after  | 4.34, 3.76  | 3.87, 3.64           | 0.84, 0.72       | 1.00, 1.53         |
| 1 MiB | base   | 6.40, 6.56  | 1.72, 1.68           | 0.94, 0.48       | 1.11, 1.50         |
| 1 MiB | before | 8.42, 7.96  | 2.12, 2.10           | 0.61, 0.59       | 1.59, 1.37         |
| 1 MiB | after  | 6.76, 5.78  | 1.60, 1.42           | 0.58, 1.22       | 1.29, 0.58         |

calls/s and p50 swing with the machine's load (the suite ran alongside); the CPU ratio is the
steady one.
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
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
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
# run_app calls `print` once the port is bound: only then is the server ready.
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None,
            print=lambda *_: print("ready", flush=True))
"""

SIZES = (("20 kB", 20_000), ("1 MiB", 1 << 20))
PATHS = ("(a) grpc echo", "(b) direct httpx", "(c) direct aiohttp", "(d) gateway")
SELF = 0  # "pid" of the paths whose CPU is this process' own (the direct clients)


def cpu_seconds(pid: int) -> float:
    """User+system CPU seconds a process has used so far (Linux /proc); SELF: this process."""
    if pid == SELF:
        return time.process_time()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def spawn(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Start a server and return once it says it is ready.

    Its output goes to an unlinked temporary file, not a pipe: a pipe drained by this busy
    process would make the gateway's log writes wait on the load generator.
    """
    # The child keeps its own descriptor of the file after this one is closed.
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(
            args,
            stdout=output,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None:
            output.seek(0)
            for line in output.read().decode(errors="replace").splitlines():
                started = line.startswith("ready")
                with contextlib.suppress(ValueError):
                    started = started or json.loads(line).get("event") == "gateway_started"
                if started:
                    return process
            time.sleep(0.05)
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
    call: Callable[[], Awaitable[object]], calls: int, concurrency: int, cpu_pid: int
) -> dict[str, float]:
    await _drive(call, max(8, concurrency), concurrency)  # warm up connections
    _, latencies = await _drive(call, max(50, calls // 4), 1)
    cpu_before = cpu_seconds(cpu_pid)
    elapsed, _ = await _drive(call, calls, concurrency)
    return {
        "cpu_ms": (cpu_seconds(cpu_pid) - cpu_before) / calls * 1000,
        "rps": calls / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def _median_rows(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}


async def run(
    calls: int,
    concurrency: int,
    rounds: int,
    gateway_env: dict[str, str],
    profile: str | None = None,
    sizes: tuple[str, ...] = ("20 kB", "1 MiB"),
) -> None:
    echo_port, upstream_port, gateway_port = free_port(), free_port(), free_port()
    processes = [
        spawn([sys.executable, "-c", ECHO_SERVER, str(echo_port)]),
        spawn([sys.executable, "-c", FIXED_UPSTREAM, str(upstream_port)]),
    ]
    upstream_url = f"http://127.0.0.1:{upstream_port}/custom/v1/1/bench/document/receipt"
    # Under cProfile the gateway writes its profile when it stops (SIGTERM drains it normally).
    profiler = ["-m", "cProfile", "-o", profile] if profile else []
    processes.append(
        spawn(
            [
                sys.executable,
                *profiler,
                "-m",
                "clova_ocr_gateway.cli",
                "serve",
                "--port",
                str(gateway_port),
            ],
            env={
                "OCR_RECEIPT_INVOKE_URL": upstream_url,
                "OCR_RECEIPT_SECRET": "bench-secret-value",
                "OCR_METRICS_PORT": "off",
                "OCR_LOG_FORMAT": "json",
                # Admission must not be the bottleneck of a raw-overhead benchmark.
                "OCR_CONCURRENCY_LIMIT": str(concurrency * 2),
                **gateway_env,
            },
        )
    )
    pids = {
        PATHS[0]: processes[0].pid,
        PATHS[1]: SELF,
        PATHS[2]: SELF,
        PATHS[3]: processes[2].pid,
    }
    options = [("grpc.max_send_message_length", 32 << 20)]
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    chosen = [(label, size) for label, size in SIZES if label.replace(" ", "") in sizes]
    try:
        async with (
            grpc.aio.insecure_channel(f"127.0.0.1:{echo_port}", options=options) as echo_channel,
            grpc.aio.insecure_channel(f"127.0.0.1:{gateway_port}", options=options) as gw_channel,
            httpx.AsyncClient(trust_env=False, timeout=60) as http,
            aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=100), timeout=aiohttp.ClientTimeout(total=60)
            ) as session,
        ):
            echo = echo_channel.unary_unary("/bench.Echo/Echo")
            stub = service_grpc.DocumentOcrServiceStub(gw_channel)
            for label, size in chosen:
                image = padded_png(size)
                checked = validate_image(image, "png", "bench", 32 << 20)
                request = service_pb2.RecognizeReceiptRequest(
                    image=image_pb2.Image(content=image, format=image_pb2.IMAGE_FORMAT_PNG)
                )
                payload = request.SerializeToString()
                n = calls if size < (1 << 20) else max(100, calls // 4)

                async def call_echo(payload: bytes = payload) -> object:
                    return await echo(payload, timeout=30)

                async def call_httpx(checked: ValidatedImage = checked) -> object:
                    body, content_type = encode_request("bench", checked, "multipart")
                    response = await http.post(
                        upstream_url,
                        content=body,
                        headers={"X-OCR-SECRET": "bench-secret", "Content-Type": content_type},
                    )
                    response.raise_for_status()
                    return response.content

                async def call_aiohttp(checked: ValidatedImage = checked) -> object:
                    body, content_type = encode_request("bench", checked, "multipart")
                    async with session.post(
                        upstream_url,
                        data=body,
                        headers={"X-OCR-SECRET": "bench-secret", "Content-Type": content_type},
                    ) as response:
                        response.raise_for_status()
                        return await response.read()

                async def call_gateway(
                    request: service_pb2.RecognizeReceiptRequest = request,
                ) -> object:
                    return await stub.RecognizeReceipt(request, timeout=30)

                paths = (call_echo, call_httpx, call_aiohttp, call_gateway)
                calls_of = dict(zip(PATHS, paths, strict=True))
                for _ in range(rounds):
                    for name in PATHS:
                        measured = await measure(calls_of[name], n, concurrency, pids[name])
                        results.setdefault((label, name), []).append(measured)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    print(
        f"calls per size and round: {calls} (1 MiB: {max(100, calls // 4)}), "
        f"{concurrency} in flight, median of {rounds} round(s)"
    )
    print(f"{'image':<7}{'path':<22}{'calls/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/call':>13}")
    table = {key: _median_rows(value) for key, value in results.items()}
    for (label, name), r in table.items():
        print(
            f"{label:<7}{name:<22}{r['rps']:>10.0f}{r['p50']:>9.2f}{r['p99']:>9.2f}"
            f"{r['cpu_ms']:>13.3f}"
        )
    print(
        "p50/p99: one call in flight; calls/s and CPU: the run with K in flight. CPU is the "
        "server process' for (a) and (d), the client's (this process) for (b) and (c)."
    )
    for label, cpu_goal in (("20 kB", 4.0), ("1 MiB", 2.0)):
        if (label, PATHS[0]) not in table:
            continue
        a, b, c, d = (table[(label, name)] for name in PATHS)
        print(
            f"{label}: CPU d/(a+c) = {d['cpu_ms'] / (a['cpu_ms'] + c['cpu_ms']):.2f} "
            f"(goal <= {cpu_goal:g}); calls/s d/b = {d['rps'] / b['rps']:.2f} (goal >= 1.0); "
            f"p50 d/(a+b) = {d['p50'] / (a['p50'] + b['p50']):.2f} (goal <= 1.3)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--gateway-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an extra OCR_* setting for the gateway process (repeatable)",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="run the gateway under cProfile and write its profile here (its CPU numbers then "
        "include the profiler's overhead)",
    )
    parser.add_argument(
        "--sizes", default="20kB,1MiB", help="comma-separated image sizes to run: 20kB, 1MiB"
    )
    args = parser.parse_args()
    gateway_env = dict(item.split("=", 1) for item in args.gateway_env)
    sizes = tuple(args.sizes.replace(" ", "").split(","))
    asyncio.run(run(args.calls, args.concurrency, args.rounds, gateway_env, args.profile, sizes))


if __name__ == "__main__":
    main()
