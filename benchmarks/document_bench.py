"""Documents benchmark, side by side in one run, vendor cap C (5) and a fixed upstream latency L:

1. fairness: a light caller's unary calls alone, then beside 60-page RecognizeDocument calls of
   another caller (goal: light p99 <= 2x unloaded; the cap never exceeded at the emulator);
2. BatchRecognize of 200 items sent as fast as the client can (goal: goodput >= 0.95 of the
   ideal C / L), with the gateway process's peak RSS while it runs;
3. splitting cost per page (PDF text, PDF scans, TIFF) beside the cost of one gateway call.

The emulator runs in this process (its concurrency is counted there); the gateway is a separate
`clova-ocr-gateway serve` process, so its RSS is its own (sampled from /proc every 10 ms).

    .venv/bin/python benchmarks/document_bench.py [--latency-ms 200] [--items 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from document_samples import marker_pdf, marker_tiff, scan_pdf
from imaging_samples import padded_png, tiny_png
from tests_support import ServerProcess, spawn_gateway

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.documents.splitting import open_document
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig, RunningEmulator, start_emulator

CAP = 5
D = Domain.RECEIPT
RECEIPT = service_pb2.DOCUMENT_TYPE_RECEIPT


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class RssSampler:
    """Peak RSS of a process, sampled every 10 ms in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, rss_bytes(self.pid))

    def __enter__(self) -> RssSampler:
        self.peak = rss_bytes(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def light_calls(stub: service_grpc.DocumentOcrServiceStub, count: int) -> list[float]:
    """`count` unary calls one after another by the caller "light"; their latencies."""
    request = service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=tiny_png()))
    seconds = []
    for _ in range(count):
        started = time.perf_counter()
        await stub.RecognizeReceipt(request, timeout=30, metadata=(("x-client-id", "light"),))
        seconds.append(time.perf_counter() - started)
        await asyncio.sleep(0.02)
    return seconds


async def heavy_documents(
    stub: service_grpc.DocumentOcrServiceStub, document: bytes, stop: asyncio.Event
) -> tuple[int, int]:
    """60-page documents back to back by the caller "heavy" until `stop`; (documents, pages)."""
    documents = pages = 0
    request = service_pb2.RecognizeDocumentRequest(
        document_type=RECEIPT, image=image_pb2.Image(content=document)
    )
    while not stop.is_set():
        call = stub.RecognizeDocument(request, timeout=120, metadata=(("x-client-id", "heavy"),))
        async for response in call:
            assert response.status.code == 0, response.status.message
            pages += 1
        documents += 1
    return documents, pages


def light_queue_waits(gateway: ServerProcess) -> list[float]:
    """Admission waits of the light caller's calls so far, from the gateway's rpc_finished."""
    waits = []
    for line in list(gateway.lines):
        if "rpc_finished" in line and "light" in line:
            event = json.loads(line)
            if event.get("event") == "rpc_finished" and event.get("caller") == "light":
                waits.append(float(event["queue_seconds"]))
    return waits


async def fairness(
    stub: service_grpc.DocumentOcrServiceStub,
    emulator: RunningEmulator,
    gateway: ServerProcess,
    latency: float,
) -> None:
    unloaded = await light_calls(stub, 30)
    await asyncio.sleep(0.5)  # the gateway's log lines of the last calls
    waits_alone = light_queue_waits(gateway)
    emulator.stats.reset()
    stop = asyncio.Event()
    heavy = asyncio.create_task(heavy_documents(stub, marker_pdf(60), stop))
    await asyncio.sleep(latency * 2)  # the document's window is open
    loaded = await light_calls(stub, 60)
    stop.set()
    documents, pages = await heavy
    await asyncio.sleep(0.5)
    waits_loaded = light_queue_waits(gateway)[len(waits_alone) :]
    stats = emulator.stats
    print(f"\n1. fairness: 60-page documents beside a light caller (cap {CAP}, L={latency:.2f}s)")
    print(f"{'light caller':<26}{'calls':>7}{'p50 s':>9}{'p99 s':>9}{'max s':>9}")
    for name, values in (("alone", unloaded), ("beside 60-page documents", loaded)):
        print(
            f"{name:<26}{len(values):>7}{pct(values, 0.5):>9.3f}{pct(values, 0.99):>9.3f}"
            f"{max(values):>9.3f}"
        )
    print(f"{'light caller admission wait':<26}{'calls':>7}{'p50 s':>9}{'p99 s':>9}{'max s':>9}")
    for name, values in (("alone", waits_alone), ("beside 60-page documents", waits_loaded)):
        if values:
            print(
                f"{name:<26}{len(values):>7}{pct(values, 0.5):>9.3f}{pct(values, 0.99):>9.3f}"
                f"{max(values):>9.3f}"
            )
    ratio = pct(loaded, 0.99) / pct(unloaded, 0.99)
    print(
        f"light p99 latency loaded / alone = {ratio:.2f} (goal <= 2); admission wait p99 beside "
        f"the documents {pct(waits_loaded or [0.0], 0.99):.3f}s (one slot turn is L/C = "
        f"{latency / CAP:.3f}s, at most L); heavy: {documents} documents, "
        f"{pages} pages; emulator max concurrent {stats.max_concurrent[D]} (cap {CAP}), "
        f"0025 violations {stats.violations[D]}"
    )


async def requests_of(items: int, image: bytes) -> AsyncIterator[service_pb2.BatchRecognizeRequest]:
    for index in range(items):
        yield service_pb2.BatchRecognizeRequest(
            item_id=f"item-{index}", document_type=RECEIPT, image=image_pb2.Image(content=image)
        )


async def batch(
    stub: service_grpc.DocumentOcrServiceStub,
    emulator: RunningEmulator,
    gateway: ServerProcess,
    items: int,
    item_bytes: int,
    latency: float,
) -> None:
    emulator.stats.reset()
    image = padded_png(item_bytes)
    idle = rss_bytes(gateway.process.pid)
    answered = 0
    busy: list[int] = []  # CLOVA calls in flight at the emulator, sampled every 5 ms

    async def sample() -> None:
        while True:
            busy.append(emulator.stats.in_flight[D])
            await asyncio.sleep(0.005)

    sampler = asyncio.create_task(sample())
    with RssSampler(gateway.process.pid) as rss:
        started = time.perf_counter()
        async for response in stub.BatchRecognize(requests_of(items, image), timeout=300):
            assert response.status.code == 0, response.status.message
            answered += 1
        elapsed = time.perf_counter() - started
    sampler.cancel()
    ideal = CAP / latency
    goodput = answered / elapsed
    stats = emulator.stats
    await asyncio.sleep(0.5)
    pages = [
        json.loads(line) for line in list(gateway.lines) if '"document_page_finished"' in line
    ][-answered:]
    upstream = [float(page["upstream_seconds"]) for page in pages]
    # A page's time in its window beyond its admission wait and its CLOVA call: the gateway's
    # own work per page while it holds one of the domain's slots' worth of window.
    own = [
        float(p["total_seconds"]) - float(p["queue_seconds"]) - float(p["upstream_seconds"])
        for p in pages
    ]
    queued = [float(p["queue_seconds"]) for p in pages]
    print(f"\n2. BatchRecognize of {items} items of {item_bytes / 2**20:.1f} MiB, sent at once")
    print(
        f"{'items':>6}{'seconds':>9}{'items/s':>9}{'ideal C/L':>11}{'goodput':>9}"
        f"{'idle RSS MiB':>14}{'peak RSS MiB':>14}{'growth MiB':>12}{'offered MiB':>13}"
    )
    print(
        f"{answered:>6}{elapsed:>9.2f}{goodput:>9.2f}{ideal:>11.2f}{goodput / ideal:>9.3f}"
        f"{idle / 2**20:>14.1f}{rss.peak / 2**20:>14.1f}{(rss.peak - idle) / 2**20:>12.1f}"
        f"{items * item_bytes / 2**20:>13.1f}"
    )
    measured = statistics.median(upstream) if upstream else latency
    print(
        f"goal goodput >= 0.95; emulator max concurrent {stats.max_concurrent[D]} (cap {CAP}), "
        f"0025 violations {stats.violations[D]}; median upstream time per page {measured:.3f}s "
        f"(L={latency:.3f}s): goodput against C / measured = {goodput / (CAP / measured):.3f}; "
        f"slots in use at the emulator {statistics.fmean(busy) / CAP:.3f} of the time; "
        f"per page, gateway work in its window median {statistics.median(own or [0]) * 1000:.1f}"
        f" ms (p90 {pct(own or [0], 0.9) * 1000:.1f}), admission wait median "
        f"{statistics.median(queued or [0]) * 1000:.1f} ms"
    )


def split_ms_per_page(data: bytes, repeat: int = 3) -> float:
    best = float("inf")
    pages = 1
    for _ in range(repeat):
        started = time.perf_counter()
        document = open_document(data, max_pages=1000)
        pages = document.page_count
        for number in range(1, pages + 1):
            document.page(number)
        document.close()
        best = min(best, time.perf_counter() - started)
    return best / pages * 1000


async def costs(stub: service_grpc.DocumentOcrServiceStub) -> None:
    # The fault rides in the image name: the emulator honours it whatever the gateway's mode.
    image = image_pb2.Image(content=tiny_png(), name="bench emulator-fault=latency_ms=0")
    request = service_pb2.RecognizeReceiptRequest(image=image)
    for _ in range(20):  # warm up
        await stub.RecognizeReceipt(request, timeout=30)
    seconds = []
    for _ in range(200):
        started = time.perf_counter()
        await stub.RecognizeReceipt(request, timeout=30)
        seconds.append(time.perf_counter() - started)
    call_ms = statistics.median(seconds) * 1000
    print("\n3. splitting cost per page beside one gateway call (upstream latency 0)")
    print(f"{'work':<42}{'ms':>9}{'x one call':>12}")
    print(f"{'one unary gateway call (median of 200)':<42}{call_ms:>9.2f}{1:>12.2f}")
    for name, data in (
        ("split: PDF, 60 text pages", marker_pdf(60)),
        ("split: PDF, 20 scanned pages (~1 MB each)", scan_pdf(20)),
        ("split: TIFF, 60 pages", marker_tiff(60, size=(800, 1000))),
    ):
        per_page = split_ms_per_page(data)
        print(f"{name + ', per page':<42}{per_page:>9.2f}{per_page / call_ms:>12.2f}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=200.0)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--item-bytes", type=int, default=1024 * 1024)
    parser.add_argument("--skip", action="append", default=[], choices=["fairness", "batch"])
    args = parser.parse_args()
    latency = args.latency_ms / 1000
    emulator = await start_emulator(
        EmulatorConfig(port=0, concurrency_limit_per_domain=CAP, latency_ms=args.latency_ms)
    )
    env = {
        **emulator.env(),
        "OCR_CONCURRENCY_LIMIT": str(CAP),
        "OCR_UPSTREAM_LATENCY_ESTIMATE_SECONDS": str(latency),
        "OCR_METRICS_PORT": "0",
    }
    gateway = await asyncio.to_thread(spawn_gateway, env=env)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}")
    stub = service_grpc.DocumentOcrServiceStub(channel)
    try:
        if "fairness" not in args.skip:
            await fairness(stub, emulator, gateway, latency)
        if "batch" not in args.skip:
            await batch(stub, emulator, gateway, args.items, args.item_bytes, latency)
        await costs(stub)
    finally:
        await channel.close()
        gateway.process.terminate()
        gateway.process.wait(timeout=30)
        await emulator.close()


if __name__ == "__main__":
    asyncio.run(main())
