"""Chooses the splitting libraries: time per page and behaviour on malformed files, side by side.

PDF: pikepdf (qpdf) against pypdf. TIFF: the gateway's own IFD rewrite (documents/tiff.py)
against tifffile and Pillow, which decode the pixels and encode them again. Robustness: the same
seeded mutations (truncation, byte flips, broken xref offset, lying /Count, page-tree loop) fed
to each; counted are files refused, files accepted, distinct exception types and the slowest
case. Needs the bench extra: `pip install -e '.[bench]'`.

    .venv/bin/python benchmarks/split_bench.py
"""

from __future__ import annotations

import io
import logging
import random
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from document_samples import marker_pdf, marker_tiff, scan_pdf

from clova_ocr_gateway.documents.errors import DocumentError
from clova_ocr_gateway.documents.pdf import PdfDocument
from clova_ocr_gateway.documents.tiff import TiffDocument

MUTATIONS = 300
Splitter = Callable[[bytes], list[bytes]]


def pikepdf_split(data: bytes) -> list[bytes]:
    document = PdfDocument(data, max_pages=10_000)
    try:
        return [document.page(n) for n in range(1, document.page_count + 1)]
    finally:
        document.close()


def pypdf_split(data: bytes) -> list[bytes]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    pages = []
    for page in reader.pages:
        writer = pypdf.PdfWriter()
        writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        pages.append(out.getvalue())
    return pages


def own_tiff_split(data: bytes) -> list[bytes]:
    document = TiffDocument(data, max_pages=10_000)
    return [document.page(n) for n in range(1, document.page_count + 1)]


def tifffile_split(data: bytes) -> list[bytes]:
    import tifffile

    pages = []
    with tifffile.TiffFile(io.BytesIO(data)) as tif:
        for page in tif.pages:
            out = io.BytesIO()
            tifffile.imwrite(out, page.asarray(), compression=page.compression)
            pages.append(out.getvalue())
    return pages


def pillow_tiff_split(data: bytes) -> list[bytes]:
    from PIL import Image

    pages = []
    with Image.open(io.BytesIO(data)) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            out = io.BytesIO()
            image.save(out, "TIFF", compression=image.info.get("compression", "raw"))
            pages.append(out.getvalue())
    return pages


def scan_tiff(pages: int) -> bytes:
    from PIL import Image

    frames = [Image.effect_noise((1240, 1754), 30 + p).convert("L") for p in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return out.getvalue()


def per_page_ms(split: Splitter, data: bytes, repeat: int = 3) -> tuple[float, int]:
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        started = time.perf_counter()
        pages = len(split(data))
        best = min(best, time.perf_counter() - started)
    return best / pages * 1000, pages


def _cell(split: Splitter, data: bytes) -> str:
    try:
        return f"{per_page_ms(split, data)[0]:>12.2f}"
    except Exception as exc:  # e.g. tifffile without imagecodecs cannot decode LZW
        return f"{'fails*':>12}" if exc else ""


def pdf_mutants(rng: random.Random) -> list[bytes]:
    base = marker_pdf(5)
    loop = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    cases = [loop, base.replace(b"/Count 5", b"/Count 999999999")]
    at = base.rfind(b"startxref")
    cases.append(base[: at + 10] + b"99" + base[at + 10 :])
    return cases + _mutants(base, rng)


def _mutants(base: bytes, rng: random.Random) -> list[bytes]:
    cases = []
    for index in range(MUTATIONS):
        data = bytearray(base)
        if index % 2:
            del data[rng.randrange(8, len(data)) :]
        else:
            for _ in range(rng.randrange(1, 16)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        cases.append(bytes(data))
    return cases


def robustness(split: Splitter, cases: list[bytes]) -> tuple[int, int, set[str], float]:
    refused = accepted = 0
    kinds: set[str] = set()
    worst = 0.0
    for data in cases:
        started = time.perf_counter()
        try:
            split(data)
            accepted += 1
        except Exception as exc:
            refused += 1
            kinds.add(type(exc).__name__)
        worst = max(worst, time.perf_counter() - started)
    return refused, accepted, kinds, worst


def main() -> None:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    rng = random.Random(13)
    suites: list[tuple[str, dict[str, Splitter], dict[str, bytes], list[bytes]]] = [
        (
            "PDF",
            {"pikepdf": pikepdf_split, "pypdf": pypdf_split},
            {"100 text pages": marker_pdf(100), "20 scanned pages": scan_pdf(20)},
            pdf_mutants(rng),
        ),
        (
            "TIFF",
            {"own IFD": own_tiff_split, "tifffile": tifffile_split, "Pillow": pillow_tiff_split},
            {"100 small pages": marker_tiff(100), "10 scanned LZW pages": scan_tiff(10)},
            _mutants(marker_tiff(5), rng),
        ),
    ]
    for title, splitters, documents, mutants in suites:
        print(f"\n{title}: ms per page (best of 3)")
        print(f"{'document':<24}{'bytes':>11}" + "".join(f"{n:>12}" for n in splitters))
        for name, data in documents.items():
            cells = "".join(_cell(s, data) for s in splitters.values())
            print(f"{name:<24}{len(data):>11}{cells}")
        print(f"{title}: {len(mutants)} malformed files")
        print(f"{'library':<12}{'refused':>9}{'accepted':>10}{'worst ms':>10}  exception types")
        for name, split in splitters.items():
            refused, accepted, kinds, worst = robustness(split, mutants)
            print(f"{name:<12}{refused:>9}{accepted:>10}{worst * 1000:>10.1f}  {sorted(kinds)}")
    print("\n* fails: the library cannot split it (tifffile needs imagecodecs to decode LZW)")
    print(f"(the gateway's own splitters raise only {DocumentError.__name__})")


if __name__ == "__main__":
    main()
