"""Image checks and conversions before the paid call: what they cost next to the gateway's own
CPU per call.

In one run: (1) `validate_image` (and, within it, the header parse that reads the structure) on
real files of each format and on hostile 20 MB inputs, best of several runs, in this process;
(2) the gateway's CPU per call for the same real files, measured from /proc on a gateway process
in front of a fixed-answer upstream (the method of serving_bench.py), so the ratio bounds what the
checks add to a call; (3) each conversion (images/transcode.py) on phone photos and scans: CPU,
sizes in and out, the memory the budget reserves and the peak RSS growth measured in a fresh
process; and the PNG compression level chosen against zlib's default; (4) bursts of
conversions at once within the default OCR_CONVERSION_MEMORY_BYTES: the peak RSS they add next
to the budget (docs/deploy.md "Memory" adds the budget to the container's memory).
Usage: python benchmarks/imaging_bench.py [--calls N] [--conversions-only]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import subprocess
import sys
import tempfile
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
from clova_ocr_gateway.images.transcode import (  # noqa: E402
    estimated_memory_bytes,
    transcode,
)
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


def conversion_sources() -> dict[str, bytes]:
    """What phones and scanners hand callers in the formats CLOVA does not read."""
    from photo_samples import with_exif_orientation

    phone = document_photo(3024, 4032)  # 12 MP, portrait
    stored = document_photo(4032, 3024)  # the same photo as the sensor stores it
    scan = document_photo(1654, 2339)  # A4 at 200 dpi
    return {
        "heic 12 MP photo": encode(phone, "HEIF", quality=80),
        "webp 12 MP photo": encode(phone, "WEBP", quality=80),
        "jpeg 12 MP exif-rotated": encode(
            stored, "JPEG", quality=90, exif=with_exif_orientation(stored, 6)
        ),
        "bmp A4 scan": encode(scan, "BMP"),
        "webp A4 scan lossless": encode(scan, "WEBP", lossless=True),
        "gif A4 scan": encode(scan.convert("P"), "GIF"),
    }


_PEAK_PROBE = """
import sys
from clova_ocr_gateway.images.transcode import transcode
from clova_ocr_gateway.images.validation import validate_image
import PIL.Image, pillow_heif  # loaded before the baseline: libraries are not the conversion
data = open(sys.argv[1], "rb").read()
image = validate_image(data, None, None, 64 << 20)
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
    raise KeyError(key)
before = status("VmRSS")
transcode(image, max_bytes=64 << 20, max_pixels=10**9)
print(status("VmHWM") - before)  # the high-water mark of this process (not inherited on exec)
"""


def peak_rss_growth(content: bytes) -> int:
    """Peak RSS growth of one conversion, in a fresh process (ru_maxrss is per process)."""
    with tempfile.NamedTemporaryFile(suffix=".img") as file:
        file.write(content)
        file.flush()
        out = subprocess.run(
            [sys.executable, "-c", _PEAK_PROBE, file.name],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    return int(out.stdout.strip())


_BURST_PROBE = """
import asyncio, sys
from clova_ocr_gateway.images.transcode import Transcoder, estimated_memory_bytes
from clova_ocr_gateway.images.validation import validate_image
from clova_ocr_gateway.serving.reclaim import tune_malloc
import PIL.Image, pillow_heif  # loaded before the baseline: libraries are not the conversion
tune_malloc()  # as `clova-ocr-gateway serve` does
budget, workers, paths = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
# The sources are request bytes, held against OCR_MAX_INFLIGHT_BYTES, not this budget.
images = [validate_image(open(p, "rb").read(), None, None, 64 << 20) for p in paths]
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) * 1024
    raise KeyError(key)
async def burst():
    transcoder = Transcoder(
        max_image_bytes=64 << 20, max_image_pixels=10**9, memory_bytes=budget, workers=workers
    )
    async def one(image):
        return (await transcoder.transcode_for_clova(image)).size_bytes  # the output is dropped
    await asyncio.gather(*(one(i) for i in images))
    transcoder.close()
before = status("VmRSS")
asyncio.run(burst())
print(status("VmHWM") - before, max(estimated_memory_bytes(i) for i in images))
"""

# Bursts of conversions at once through the gateway's Transcoder (default budget and threads).
BURSTS: dict[str, list[str]] = {
    "8 x heic 12 MP": ["heic 12 MP photo"] * 8,
    "8 x webp 12 MP": ["webp 12 MP photo"] * 8,
    "8 x jpeg 12 MP rotated": ["jpeg 12 MP exif-rotated"] * 8,
    "12 mixed (2 of each)": [
        "heic 12 MP photo",
        "webp 12 MP photo",
        "jpeg 12 MP exif-rotated",
        "bmp A4 scan",
        "webp A4 scan lossless",
        "gif A4 scan",
    ]
    * 2,
}


def burst_peak_rss_growth(contents: list[bytes], budget: int, workers: int) -> tuple[int, int]:
    """Peak RSS growth of conversions run at once within `budget`, in a fresh process, and
    the largest single estimate among them."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for n, content in enumerate(contents):
            path = Path(folder) / f"{n}.img"
            path.write_bytes(content)
            paths.append(str(path))
        out = subprocess.run(
            [sys.executable, "-c", _BURST_PROBE, str(budget), str(workers), *paths],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
    peak, largest = out.stdout.split()
    return int(peak), int(largest)


def print_conversion_bursts(runs: int) -> None:
    from clova_ocr_gateway.config.settings import Settings

    budget = Settings().conversion_memory_bytes
    workers = 2  # images/transcode.py Transcoder default, as the recognizer builds it
    sources = conversion_sources()
    print(
        f"conversion bursts: all at once through Transcoder, OCR_CONVERSION_MEMORY_BYTES = "
        f"{budget // MiB} MiB, {workers} threads; peak RSS growth in a fresh process, "
        f"worst of {runs}"
    )
    print(f"{'burst':<26}{'largest estimate MiB':>22}{'peak MiB':>10}{'peak/budget':>13}")
    for name, members in BURSTS.items():
        results = [
            burst_peak_rss_growth([sources[m] for m in members], budget, workers)
            for _ in range(runs)
        ]
        peak = max(p for p, _ in results)
        largest = results[0][1]
        print(f"{name:<26}{largest / MiB:>22.0f}{peak / MiB:>10.0f}{peak / budget:>13.2f}")
    print()


def cpu_ms(fn: Callable[[], object], repeat: int) -> float:
    """Best process CPU time of `fn` (threads Pillow starts included)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best * 1000


def print_conversions(repeat: int) -> None:
    print("conversions (images/transcode.py): CPU best of runs; memory: budget estimate and peak")
    print("RSS growth measured in a fresh process")
    print(
        f"{'input':<25}{'bytes in':>10}{'sent as':>8}{'bytes out':>11}{'CPU ms':>9}"
        f"{'budget MiB':>12}{'peak MiB':>10}"
    )
    for name, content in conversion_sources().items():
        image = validate_image(content, None, None, 64 * MiB)
        out = transcode(image, max_bytes=64 * MiB, max_pixels=10**9)
        spent = cpu_ms(lambda i=image: transcode(i, max_bytes=64 * MiB, max_pixels=10**9), repeat)
        print(
            f"{name:<25}{len(content):>10}{out.format:>8}{out.size_bytes:>11}{spent:>9.0f}"
            f"{estimated_memory_bytes(image) / MiB:>12.0f}{peak_rss_growth(content) / MiB:>10.0f}"
        )
    print()
    print("PNG output: zlib level 1 (chosen) against the default 6, A4 scan")
    from PIL import Image

    scan = Image.open(io.BytesIO(encode(document_photo(1654, 2339), "BMP")))
    scan.load()
    for level in (1, 6):
        sizes: list[int] = []

        def save(lv: int = level, out: list[int] = sizes) -> None:
            buffer = io.BytesIO()
            scan.save(buffer, "PNG", compress_level=lv)
            out.append(len(buffer.getvalue()))

        spent = cpu_ms(save, 1)
        print(f"level {level}: {sizes[-1]:>9} bytes {spent:>7.0f} ms CPU")


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
    parser.add_argument("--conversion-repeat", type=int, default=3)
    parser.add_argument(
        "--conversions-only",
        action="store_true",
        help="only the conversion tables (single conversions and bursts within the budget)",
    )
    parser.add_argument("--burst-runs", type=int, default=2)
    args = parser.parse_args()
    if args.conversions_only:
        print_conversion_bursts(args.burst_runs)
        print_conversions(args.conversion_repeat)
        return

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
    print()
    print_conversion_bursts(args.burst_runs)
    print_conversions(args.conversion_repeat)


if __name__ == "__main__":
    main()
