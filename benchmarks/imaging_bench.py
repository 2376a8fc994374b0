"""Image checks before the paid call: what they cost next to the gateway's own CPU per call.

In one run: (1) `validate_image` (and, within it, the header parse that reads the structure) on
real files of each format and on hostile 20 MB inputs, best of several runs, in this process;
(2) the gateway's CPU per call for the same real files, measured from /proc on a gateway process
in front of a fixed-answer upstream (the method of serving_bench.py). The ratio bounds what the
checks add to a call.
Usage: python benchmarks/imaging_bench.py [--calls N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from imaging_samples import padded_png, tiny_pdf  # noqa: E402
from photo_samples import document_photo, encode  # noqa: E402
from serving_bench import FIXED_UPSTREAM, cpu_seconds, free_port, spawn  # noqa: E402

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2  # noqa: E402
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc  # noqa: E402
from clova.ocr.document.v1 import image_pb2  # noqa: E402
from clova_ocr_gateway.images.validation import (  # noqa: E402
    ImageValidationError,
    read_header,
    validate_image,
)

MiB = 1024 * 1024


def real_files() -> dict[str, bytes]:
    """What callers send: phone photos and scans of documents, in each format CLOVA takes."""
    small = document_photo(480, 640)
    phone = document_photo(3024, 4032)  # a 12 MP phone photo
    scan = document_photo(1654, 2339, mode="L")  # A4 at 200 dpi, greyscale
    return {
        "jpeg 480x640": encode(small, "JPEG", quality=80),
        "jpeg 12 MP": encode(phone, "JPEG", quality=90),
        "png scan A4": encode(scan, "PNG"),
        "tiff scan A4 lzw": encode(scan, "TIFF", compression="tiff_lzw"),
        "pdf scan A4": encode(scan, "PDF", quality=85),
        "png 1 MiB padded": padded_png(MiB),
    }


HOSTILE: dict[str, Callable[[], bytes]] = {
    "png 20 MiB padded": lambda: padded_png(20 * MiB),
    "pdf 20 MiB body": lambda: tiny_pdf(1)[:-6] + b"x" * (20 * MiB) + tiny_pdf(1),
    "pdf of /Type /Page": lambda: b"%PDF-1.4\n" + b"/Type /Page " * (20 * MiB // 12),
    "pdf of obj keywords": lambda: (
        b"%PDF-1.4\n" + b"obj " * (5 * MiB) + b"trailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"
    ),
    "jpeg of fill bytes": lambda: b"\xff\xd8" + b"\xff" * (20 * MiB),
    "png of empty chunks": lambda: (
        padded_png(100)[:33] + b"\x00\x00\x00\x00tEXt\x00\x00\x00\x00" * (20 * MiB // 12)
    ),
}


def best_ms(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        with contextlib.suppress(ImageValidationError):
            fn()
        best = min(best, time.perf_counter() - started)
    return best * 1000


async def gateway_cpu_ms(files: dict[str, bytes], calls: int) -> dict[str, float]:
    """Gateway CPU per call for each file (multipart to a fixed-answer upstream)."""
    upstream_port, gateway_port = free_port(), free_port()
    upstream = spawn([sys.executable, "-c", FIXED_UPSTREAM, str(upstream_port)])
    gateway = spawn(
        [sys.executable, "-m", "clova_ocr_gateway.cli", "serve", "--port", str(gateway_port)],
        env={
            "OCR_RECEIPT_INVOKE_URL": f"http://127.0.0.1:{upstream_port}/x/document/receipt",
            "OCR_RECEIPT_SECRET": "bench-secret",
            "OCR_METRICS_PORT": "off",
            "OCR_LOG_FORMAT": "json",
            "OCR_CONCURRENCY_LIMIT": "16",
        },
    )
    result: dict[str, float] = {}
    try:
        options = [("grpc.max_send_message_length", 32 << 20)]
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway_port}", options=options) as ch:
            stub = service_grpc.DocumentOcrServiceStub(ch)
            for name, content in files.items():
                request = service_pb2.RecognizeReceiptRequest(
                    image=image_pb2.Image(content=content)
                )
                n = calls if len(content) < MiB else max(40, calls // 5)
                for _ in range(8):  # warm up
                    await stub.RecognizeReceipt(request, timeout=60)
                before = cpu_seconds(gateway.pid)
                for _ in range(n // 4):
                    await asyncio.gather(
                        *(stub.RecognizeReceipt(request, timeout=60) for _ in range(4))
                    )
                result[name] = (cpu_seconds(gateway.pid) - before) / (n // 4 * 4) * 1000
    finally:
        for process in (gateway, upstream):
            process.terminate()
            process.wait(timeout=30)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    files = real_files()
    cpu = asyncio.run(gateway_cpu_ms(files, args.calls))
    print("real files: validation (best of runs) against the gateway's CPU per call (same run)")
    print(
        f"{'input':<20}{'bytes':>10}{'header ms':>11}{'validate ms':>13}"
        f"{'gateway CPU ms/call':>21}{'validate/gateway':>18}"
    )
    for name, content in files.items():
        checked = validate_image(content, None, None, 25 * MiB)
        header = best_ms(
            lambda c=content, f=checked.detected_format: read_header(c, f), args.repeat
        )
        whole = best_ms(lambda c=content: validate_image(c, None, None, 25 * MiB), args.repeat)
        print(
            f"{name:<20}{len(content):>10}{header:>11.3f}{whole:>13.3f}"
            f"{cpu[name]:>21.2f}{whole / cpu[name]:>17.2%}"
        )
    print()
    print("hostile inputs: bounded work (validation answers, best of 3)")
    print(f"{'input':<22}{'bytes':>12}{'validate ms':>13}")
    for name, make in HOSTILE.items():
        content = make()
        whole = best_ms(lambda c=content: validate_image(c, None, None, 25 * MiB), 3)
        print(f"{name:<22}{len(content):>12}{whole:>13.2f}")


if __name__ == "__main__":
    main()
