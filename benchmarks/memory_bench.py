"""Memory benchmark: the gateway with the shipped Kubernetes values (deploy/kubernetes/base:
gateway.env and the container's memory limit) under concurrent large-image callers.

Each row starts a fresh `clova-ocr-gateway serve` process in front of a separate emulator
process (so only the gateway's memory is measured), samples the gateway's RSS from
/proc/<pid>/status every 20 ms, and runs N concurrent callers. It prints, per row: idle RSS,
peak RSS, peak growth ÷ the image bytes admission allows in flight (min(callers × size,
OCR_MAX_INFLIGHT_BYTES); goal <= 2.5), peak against the container limit (never above), RSS 15 s
after the burst, and the calls that succeeded, were refused (RESOURCE_EXHAUSTED, with RetryInfo
or without) or failed otherwise. The gzip row sends compressible images with gRPC gzip: a few
kB on the wire, the full size once decompressed. The `32+convert` row adds 8 callers that send
12 MP WebP and HEIC photos (converted to JPEG by the gateway) for the whole burst, so the
conversion budget (OCR_CONVERSION_MEMORY_BYTES) is used at the same time as the byte budget.

Usage: python benchmarks/memory_bench.py [--quick] [--service-path DIR] [--rows 4,8,gzip]
  --service-path runs the gateway from another checkout's service/ folder (e.g. a worktree of
  main), so before/after can be compared with one script.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import yaml
from google.rpc import error_details_pb2
from grpc_status import rpc_status

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from imaging_samples import png_chunk, tiny_png

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "deploy" / "kubernetes" / "base"
MiB = 1024 * 1024
SECRET = "memory-bench-secret-0123456789"
CALL_DEADLINE_SECONDS = 30.0
EMULATOR_LATENCY_MS = 200
SAMPLE_SECONDS = 0.02
AFTER_SECONDS = 15.0
ROW_TIME_LIMIT_SECONDS = 240.0


@dataclass(frozen=True)
class Row:
    name: str
    callers: int
    image_bytes: int
    calls: int
    gzip: bool = False
    # Extra callers at the same time, each sending 12 MP photos the gateway converts
    # (lossy WebP and HEIC to JPEG): the conversion budget's share of the formula.
    converting: int = 0


@dataclass
class Result:
    row: Row
    idle_mib: float
    peak_mib: float
    after_mib: float
    admitted_bytes: int
    outcomes: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def shipped_values() -> tuple[dict[str, str], int]:
    """The base ConfigMap's settings and the gateway container's memory limit in bytes."""
    env: dict[str, str] = {}
    for line in (BASE / "gateway.env").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip()
    deployment = yaml.safe_load((BASE / "deployment.yaml").read_text())
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    return env, memory_bytes(container["resources"]["limits"]["memory"])


def memory_bytes(quantity: str) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 10**3, "M": 10**6, "G": 10**9}
    for suffix, factor in units.items():
        if quantity.endswith(suffix):
            return int(float(quantity[: -len(suffix)]) * factor)
    return int(quantity)


def large_png(size_bytes: int, *, compressible: bool) -> bytes:
    """A structurally valid 1x1 PNG of `size_bytes`: the bulk is a private ancillary chunk,
    random (incompressible) or zeros (gzip shrinks it a thousandfold)."""
    base = tiny_png()
    iend = png_chunk(b"IEND", b"")
    filler_len = size_bytes - len(base) - 12
    filler = bytes(filler_len) if compressible else os.urandom(filler_len)
    return base[: -len(iend)] + png_chunk(b"paDd", filler) + iend


def rss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Sampler:
    """Peak RSS of a process, sampled every 20 ms in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(SAMPLE_SECONDS)


@contextmanager
def emulator_process(latency_ms: int = EMULATOR_LATENCY_MS) -> Iterator[dict[str, str]]:
    """A separate emulator process (its memory is not the gateway's); yields its OCR_* lines."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "clova_ocr_gateway.cli",
            "emulator",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--secret",
            f"receipt={SECRET}",
            "--concurrency-limit",
            "0",
            "--latency-ms",
            str(latency_ms),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    env: dict[str, str] = {}
    try:
        for line in process.stdout:
            if line.startswith("OCR_RECEIPT_"):
                key, _, value = line.strip().partition("=")
                env[key] = value
            if len(env) == 2:
                break
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield env
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def gateway_process(
    env: dict[str, str], service_path: str | None = None
) -> Iterator[tuple[int, int]]:
    """`serve` with the given environment; yields (pid, gRPC port)."""
    full = {**os.environ, **env, "OCR_LOG_FORMAT": "json", "OCR_LOG_LEVEL": "ERROR"}
    if service_path:
        full["PYTHONPATH"] = service_path
    process = subprocess.Popen(
        [sys.executable, "-m", "clova_ocr_gateway.cli", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=full,
    )
    assert process.stdout is not None
    port = 0
    deadline = time.monotonic() + 30
    try:
        # OCR_LOG_LEVEL=ERROR hides gateway_started, so find the port from /proc instead.
        while time.monotonic() < deadline and port == 0:
            if process.poll() is not None:
                raise RuntimeError("gateway exited: " + process.stdout.read())
            port = _listening_port(process.pid)
            time.sleep(0.1)
        if port == 0:
            raise RuntimeError("gateway did not start")
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield process.pid, port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _listening_port(pid: int) -> int:
    """The port the process listens on (the metrics port is off, so the gRPC one)."""
    inodes = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            match = re.fullmatch(r"socket:\[(\d+)\]", target)
            if match:
                inodes.add(match.group(1))
    except OSError:
        return 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as fh:
            next(fh)
            for line in fh:
                parts = line.split()
                if parts[3] == "0A" and parts[9] in inodes:  # LISTEN
                    return int(parts[1].rsplit(":", 1)[1], 16)
    return 0


def outcome(exc: grpc.aio.AioRpcError) -> str:
    code = exc.code()
    if code != grpc.StatusCode.RESOURCE_EXHAUSTED:
        return code.name
    status = rpc_status.from_call(exc)
    for detail in status.details if status else ():
        if detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
            return "refused+RetryInfo"
    return "refused, no RetryInfo"


def phone_photos() -> list[bytes]:
    """A 12 MP document photo as lossy WebP and as HEIC, which the gateway converts."""
    from photo_samples import document_photo, encode

    photo = document_photo(3024, 4032)
    return [encode(photo, "WEBP", quality=80), encode(photo, "HEIF", quality=80)]


async def run_callers(
    port: int, row: Row, image: bytes, photos: list[bytes] | None = None
) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    request = service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=image))
    photo_requests = [
        service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=p)) for p in photos or ()
    ]
    remaining = [row.calls]
    deadline = time.monotonic() + ROW_TIME_LIMIT_SECONDS
    options = [("grpc.max_send_message_length", 64 * MiB)]
    compression = grpc.Compression.Gzip if row.gzip else None
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}", options=options) as channel:
        stub = service_grpc.DocumentOcrServiceStub(channel)

        async def caller() -> None:
            while remaining[0] > 0 and time.monotonic() < deadline:
                remaining[0] -= 1
                try:
                    await stub.RecognizeReceipt(
                        request, timeout=CALL_DEADLINE_SECONDS, compression=compression
                    )
                    outcomes["ok"] += 1
                except grpc.aio.AioRpcError as exc:
                    outcomes[outcome(exc)] += 1

        async def converting(n: int) -> None:
            # Until the large-image callers are done: conversions overlap the whole burst.
            sent = 0
            while remaining[0] > 0 and time.monotonic() < deadline:
                photo = photo_requests[(n + sent) % len(photo_requests)]
                sent += 1
                try:
                    await stub.RecognizeReceipt(photo, timeout=CALL_DEADLINE_SECONDS)
                    outcomes["ok"] += 1
                except grpc.aio.AioRpcError as exc:
                    outcomes[outcome(exc)] += 1

        await asyncio.gather(
            *(caller() for _ in range(row.callers)),
            *(converting(n) for n in range(row.converting if photo_requests else 0)),
        )
    return outcomes


def run_row(
    row: Row, env: dict[str, str], limit_bytes: int, service_path: str | None, after: float
) -> Result:
    image = large_png(row.image_bytes, compressible=row.gzip)
    with (
        emulator_process() as upstream,
        gateway_process({**env, **upstream}, service_path) as (
            pid,
            port,
        ),
    ):
        # One small call first, so connections and lazy imports are not counted as growth.
        small = Row("warm-up", 1, 64 * 1024, 1)
        asyncio.run(run_callers(port, small, large_png(64 * 1024, compressible=False)))
        time.sleep(1.0)
        idle = rss_mib(pid)
        started = time.monotonic()
        photos = phone_photos() if row.converting else None
        with Sampler(pid) as sampler:
            outcomes = asyncio.run(run_callers(port, row, image, photos))
        seconds = time.monotonic() - started
        time.sleep(after)
        after_mib = rss_mib(pid)
    cap = int(env["OCR_MAX_INFLIGHT_BYTES"])
    admitted = min(row.callers * row.image_bytes, cap // row.image_bytes * row.image_bytes)
    del limit_bytes
    return Result(
        row, idle, sampler.peak, after_mib, max(admitted, row.image_bytes), outcomes, seconds
    )


def print_table(results: list[Result], limit_bytes: int, env: dict[str, str]) -> None:
    print(
        "shipped values: "
        f"OCR_MAX_INFLIGHT_BYTES={int(env['OCR_MAX_INFLIGHT_BYTES']) / MiB:.0f} MiB, "
        f"OCR_MAX_IMAGE_BYTES={int(env['OCR_MAX_IMAGE_BYTES']) / MiB:.0f} MiB, "
        f"OCR_MAX_RECEIVE_MESSAGE_BYTES={int(env['OCR_MAX_RECEIVE_MESSAGE_BYTES']) / MiB:.1f} MiB, "
        f"container limit {limit_bytes / MiB:.0f} MiB"
    )
    print(
        "| row | callers × size | calls | idle MiB | peak MiB | growth ÷ admitted (≤ 2.5) | "
        "peak ÷ limit | RSS +15 s MiB | ok | refused+RetryInfo | refused, no RetryInfo | "
        "other | s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        growth = (r.peak_mib - r.idle_mib) * MiB / r.admitted_bytes
        others = sum(
            v
            for k, v in r.outcomes.items()
            if k not in ("ok", "refused+RetryInfo", "refused, no RetryInfo")
        )
        other_codes = ",".join(
            f"{k}:{v}"
            for k, v in r.outcomes.items()
            if k not in ("ok", "refused+RetryInfo", "refused, no RetryInfo")
        )
        print(
            f"| {r.row.name} | {r.row.callers} × {r.row.image_bytes / MiB:.0f} MiB"
            f"{f' + {r.row.converting} converting' if r.row.converting else ''} | {r.row.calls} "
            f"| {r.idle_mib:.0f} | {r.peak_mib:.0f} | {growth:.2f} "
            f"| {r.peak_mib * MiB / limit_bytes:.2f} | {r.after_mib:.0f} | {r.outcomes['ok']} "
            f"| {r.outcomes['refused+RetryInfo']} | {r.outcomes['refused, no RetryInfo']} "
            f"| {others}{' (' + other_codes + ')' if others else ''} | {r.seconds:.1f} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls, 3 s after the burst")
    parser.add_argument("--service-path", help="run the gateway from this service/ folder")
    parser.add_argument("--rows", help="comma-separated row names (default: all)")
    args = parser.parse_args()
    env, limit = shipped_values()
    env = {**env, "OCR_HOST": "127.0.0.1", "OCR_METRICS_PORT": "off"}
    size20 = 20 * MiB
    per_caller = 1 if args.quick else 3
    rows = [
        *(Row(str(n), n, size20, n * per_caller) for n in (4, 8, 16, 32, 64)),
        Row("64x10", 64, 10 * MiB, 200 if args.quick else 2000),
        Row("gzip", 64, size20, 64 * per_caller, gzip=True),
        # The 32 row again with 8 callers converting phone photos all along (the memory
        # formula adds OCR_CONVERSION_MEMORY_BYTES for them).
        Row("32+convert", 32, size20, 32 * per_caller, converting=8),
    ]
    if args.rows:
        wanted = set(args.rows.split(","))
        rows = [r for r in rows if r.name in wanted]
    after = 3.0 if args.quick else AFTER_SECONDS
    results: list[Result] = []
    for row in rows:
        results.append(run_row(row, env, limit, args.service_path, after))
        print(f"# {row.name} done in {results[-1].seconds:.1f} s", file=sys.stderr, flush=True)
    print_table(results, limit, env)


if __name__ == "__main__":
    main()
