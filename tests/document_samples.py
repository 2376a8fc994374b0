"""Multi-page PDFs and TIFFs whose every page carries a marker (text in the PDF page's content
stream, ImageDescription and a pixel value in the TIFF page), so a test can tell which page a
single-page file holds. Import with `from document_samples import marker_pdf` (tests/ is on the
path)."""

from __future__ import annotations

import io
import struct
from collections.abc import Mapping

import pikepdf

__all__ = ["marker_of", "marker_pdf", "marker_tiff", "page_pixel", "scan_pdf"]


def marker_of(page: int) -> bytes:
    """The marker text page `page` (1-based) carries."""
    return b"PAGE-%d-MARKER" % page


def page_pixel(page: int) -> int:
    """The gray value of every pixel of page `page` of `marker_tiff`."""
    return (page * 37) % 256


def marker_pdf(pages: int, *, extra: Mapping[int, bytes] | None = None, pad: int = 0) -> bytes:
    """A valid PDF of `pages` letter pages; page n shows `marker_of(n)` (plus `extra[n]`, e.g. an
    emulator-fault directive) in an uncompressed content stream; `pad` bytes of comment each."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for number in range(1, pages + 1):
        text = marker_of(number) + b" " + (extra or {}).get(number, b"")
        content = b"BT /F1 18 Tf 72 720 Td (%s) Tj ET\n%%%s\n" % (text, b"x" * pad)
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 612, 792],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
        )
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, static_id=True)
    return out.getvalue()


def scan_pdf(pages: int, size: tuple[int, int] = (1240, 1754)) -> bytes:
    """A PDF like a scanner's: every page one JPEG image (noise, so it does not compress away)."""
    from PIL import Image

    images = [Image.effect_noise(size, 30 + page).convert("RGB") for page in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], quality=75)
    return out.getvalue()


def marker_tiff(
    pages: int,
    *,
    byteorder: str = "II",
    size: tuple[int, int] = (16, 8),
    extra: Mapping[int, bytes] | None = None,
) -> bytes:
    """A valid uncompressed grayscale TIFF of `pages` pages; page n has every pixel at
    `page_pixel(n)` and ImageDescription `marker_of(n)` (plus `extra[n]`)."""
    e = "<" if byteorder == "II" else ">"
    width, height = size
    out = bytearray(byteorder.encode() + struct.pack(e + "HI", 42, 0))
    link_at = 4
    for number in range(1, pages + 1):
        pixels_at = len(out)
        out += bytes([page_pixel(number)]) * (width * height)
        out += b"\x00" * (len(out) % 2)
        description = marker_of(number) + b" " + (extra or {}).get(number, b"") + b"\x00"
        description_at = len(out)
        out += description + b"\x00" * (len(description) % 2)
        entries = [
            (256, 3, 1, struct.pack(e + "H", width) + b"\x00\x00"),
            (257, 3, 1, struct.pack(e + "H", height) + b"\x00\x00"),
            (258, 3, 1, struct.pack(e + "H", 8) + b"\x00\x00"),
            (259, 3, 1, struct.pack(e + "H", 1) + b"\x00\x00"),
            (262, 3, 1, struct.pack(e + "H", 1) + b"\x00\x00"),
            (270, 2, len(description), struct.pack(e + "I", description_at)),
            (273, 4, 1, struct.pack(e + "I", pixels_at)),
            (277, 3, 1, struct.pack(e + "H", 1) + b"\x00\x00"),
            (278, 3, 1, struct.pack(e + "H", height) + b"\x00\x00"),
            (279, 4, 1, struct.pack(e + "I", width * height)),
        ]
        ifd_at = len(out)
        struct.pack_into(e + "I", out, link_at, ifd_at)
        out += struct.pack(e + "H", len(entries))
        for tag, kind, count, value in entries:
            out += struct.pack(e + "HHI", tag, kind, count) + value
        link_at = len(out)
        out += b"\x00\x00\x00\x00"
    return bytes(out)
