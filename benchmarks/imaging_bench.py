"""Prints how long image validation takes on 20 kB, 1 MiB and hostile 20 MB inputs."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from imaging_samples import padded_png, tiny_pdf

from clova_ocr_gateway.images.validation import ImageValidationError, validate_image

MiB = 1024 * 1024
CASES = {
    "png 20 kB": lambda: padded_png(20_000),
    "png 1 MiB": lambda: padded_png(MiB),
    "png 20 MiB": lambda: padded_png(20 * MiB),
    "pdf 20 MiB body": lambda: tiny_pdf(1)[:-6] + b"x" * (20 * MiB) + tiny_pdf(1),
    "pdf of /Type /Page": lambda: b"%PDF-1.4\n" + b"/Type /Page " * (20 * MiB // 12),
}


def main() -> None:
    print(f"{'input':<22}{'bytes':>12}{'best ms':>10}")
    for name, make in CASES.items():
        content = make()
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            with contextlib.suppress(ImageValidationError):
                validate_image(content, None, None, 25 * MiB)
            best = min(best, time.perf_counter() - started)
        print(f"{name:<22}{len(content):>12}{best * 1000:>10.2f}")


if __name__ == "__main__":
    main()
