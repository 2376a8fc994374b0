"""`convertedImageInfo` as CLOVA answers it for PDF and TIFF input: the size of the image the
page was converted to, and the page's index in the file (always 0: one page per call)."""

from __future__ import annotations

import io
import struct
from typing import Final

__all__ = ["RENDER_DPI", "converted_image_info"]

# The emulator's stand-in for CLOVA's conversion resolution (PDF points are 1/72 inch).
RENDER_DPI: Final = 150


def converted_image_info(content: bytes, image_format: str | None) -> dict[str, int] | None:
    """{"width", "height", "pageIndex"} for a PDF or TIFF's first page, None for other formats
    or when the file cannot be read (the emulator then answers without the member)."""
    kind = (image_format or "").lower()
    try:
        if kind == "pdf":
            size = _pdf_size(content)
        elif kind in ("tif", "tiff"):
            size = _tiff_size(content)
        else:
            return None
    except Exception:  # a broken file: CLOVA's envelope simply lacks the member
        return None
    if size is None:
        return None
    return {"width": size[0], "height": size[1], "pageIndex": 0}


def _pdf_size(content: bytes) -> tuple[int, int] | None:
    import pikepdf

    with pikepdf.open(io.BytesIO(content)) as pdf:
        if not pdf.pages:
            return None
        box = pdf.pages[0].mediabox
        width = abs(float(box[2]) - float(box[0]))
        height = abs(float(box[3]) - float(box[1]))
    return round(width * RENDER_DPI / 72), round(height * RENDER_DPI / 72)


def _tiff_size(content: bytes) -> tuple[int, int] | None:
    """ImageWidth and ImageLength of the first IFD (classic TIFF or BigTIFF)."""
    endian = {b"II": "<", b"MM": ">"}.get(content[:2])
    if endian is None:
        return None
    version = struct.unpack_from(endian + "H", content, 2)[0]
    big = version == 43
    offset_fmt, count_fmt, entry_size = ("Q", "Q", 20) if big else ("I", "H", 12)
    ifd = struct.unpack_from(endian + offset_fmt, content, 8 if big else 4)[0]
    entries = struct.unpack_from(endian + count_fmt, content, ifd)[0]
    first = ifd + struct.calcsize(count_fmt)
    found: dict[int, int] = {}
    for index in range(min(entries, 4096)):
        at = first + index * entry_size
        tag, kind = struct.unpack_from(endian + "HH", content, at)
        if tag in (256, 257):
            value_at = at + 4 + struct.calcsize(offset_fmt)
            fmt = {3: "H", 4: "I", 16: "Q"}.get(kind)
            if fmt is not None:
                found[tag] = struct.unpack_from(endian + fmt, content, value_at)[0]
    if 256 not in found or 257 not in found:
        return None
    return found[256], found[257]
