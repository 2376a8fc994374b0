"""Tiny, valid JPEG/PNG/PDF/TIFF byte strings built by hand, for tests and benchmarks.

Pure Python (struct + zlib), so no imaging library is needed; import with
`from imaging_samples import tiny_png` (pytest puts `tests/` on sys.path).
"""

from __future__ import annotations

import random
import struct
import zlib
from typing import Literal

__all__ = [
    "padded_png",
    "pdf_with_object_streams",
    "png_chunk",
    "tiny_jpeg",
    "tiny_pdf",
    "tiny_png",
    "tiny_tiff",
]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC over type + data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tiny_png() -> bytes:
    """A real 1x1 8-bit grayscale PNG (67 bytes)."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, depth 8, grayscale, no interlace
    idat = zlib.compress(b"\x00\x80")  # filter type 0, one mid-gray pixel
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def padded_png(size_bytes: int) -> bytes:
    """A valid 1x1 PNG of exactly `size_bytes`, padded with a private ancillary chunk.

    The padding is pseudo-random (deterministic per size) so transport compression cannot shrink
    it, and it lives in chunk "paDd" (ancillary, private, safe-to-copy) which decoders skip.
    """
    base = tiny_png()
    overhead = len(base) + 12  # the padding chunk's length, type and CRC
    if size_bytes < overhead:
        raise ValueError(f"a padded PNG needs at least {overhead} bytes, got {size_bytes}")
    filler = random.Random(size_bytes).randbytes(size_bytes - overhead)
    iend = png_chunk(b"IEND", b"")
    return base[: -len(iend)] + png_chunk(b"paDd", filler) + iend


def _jpeg_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def tiny_jpeg() -> bytes:
    """A minimal valid baseline JPEG: 1x1 grayscale, one 8x8 block with DC 0 and no AC terms."""
    one_code = bytes([1]) + bytes(15)  # Huffman table with a single 1-bit code ("0")
    return (
        b"\xff\xd8"  # SOI
        + _jpeg_segment(0xE0, b"JFIF\x00\x01\x01\x00" + struct.pack(">HHBB", 1, 1, 0, 0))
        + _jpeg_segment(0xDB, b"\x00" + bytes([1]) * 64)  # quantization table 0: all ones
        + _jpeg_segment(0xC0, struct.pack(">BHHB", 8, 1, 1, 1) + b"\x01\x11\x00")  # SOF0
        + _jpeg_segment(0xC4, b"\x00" + one_code + b"\x00")  # DC table 0: category 0
        + _jpeg_segment(0xC4, b"\x10" + one_code + b"\x00")  # AC table 0: EOB
        + _jpeg_segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")  # SOS: 1 component, Ss=0 Se=63
        + b"\x3f"  # bits "0" (DC diff 0) + "0" (EOB), padded with ones
        + b"\xff\xd9"  # EOI
    )


def _pdf(objects: list[bytes], *, version: bytes = b"1.4") -> bytes:
    """Objects numbered from 1, a classic xref table and a trailer whose /Root is object 1."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref_at,
    )
    return bytes(out)


def tiny_pdf(pages: int = 1) -> bytes:
    """A minimal valid PDF with `pages` blank 72x72 pt pages and a correct xref table."""
    if pages < 0:
        raise ValueError("pages must be >= 0")
    page_numbers = range(3, 3 + pages)
    kids = b" ".join(b"%d 0 R" % n for n in page_numbers)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Resources << >> >>"
        for _ in page_numbers
    ]
    return _pdf(objects)


def pdf_with_object_streams(pages: int = 1) -> bytes:
    """A valid PDF 1.5 whose catalog, page tree and pages sit in a compressed object stream.

    Nothing about the pages is readable without inflating the stream, which is what a page
    counter that does not decompress must cope with.
    """
    inner = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % n for n in range(3, 3 + pages)), pages),
    ]
    inner += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] >>"] * pages
    positions: list[int] = []
    body = bytearray()
    for obj in inner:
        positions.append(len(body))
        body += obj + b"\n"
    index = b" ".join(b"%d %d" % (n, pos) for n, pos in enumerate(positions, start=1)) + b"\n"
    packed = zlib.compress(index + bytes(body))
    objstm_number = len(inner) + 1
    xref_number = objstm_number + 1

    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    objstm_at = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        objstm_number,
        len(inner),
        len(index),
        len(packed),
    )
    out += b"stream\n" + packed + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF)]
    rows += [struct.pack(">BIH", 2, objstm_number, i) for i in range(len(inner))]
    rows += [struct.pack(">BIH", 1, objstm_at, 0), struct.pack(">BIH", 1, xref_at, 0)]
    table = b"".join(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        len(table),
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


# TIFF field types used below, with their struct codes.
_SHORT, _LONG, _RATIONAL = 3, 4, 5


def tiny_tiff(
    pages: int = 1,
    byteorder: Literal["II", "MM"] = "II",
    *,
    bigtiff: bool = False,
) -> bytes:
    """A valid uncompressed 1x1 grayscale TIFF with `pages` IFDs (classic, or BigTIFF)."""
    if pages < 1:
        raise ValueError("pages must be >= 1")
    e = "<" if byteorder == "II" else ">"
    value_size = 8 if bigtiff else 4
    if bigtiff:
        out = bytearray(byteorder.encode() + struct.pack(e + "HHHQ", 43, 8, 0, 0))
    else:
        out = bytearray(byteorder.encode() + struct.pack(e + "HI", 42, 0))
    first_link_at = 8 if bigtiff else 4
    links: list[int] = [first_link_at]  # where each "offset of the next IFD" is stored

    for page in range(pages):
        pixel_at = len(out)
        out += bytes([0x40 * (page % 4)])
        out += b"\x00" * (len(out) % 2)  # IFDs and values start on a word boundary
        resolution = struct.pack(e + "II", 72, 1)
        if bigtiff:
            resolution_value = resolution  # fits in the 8-byte value field
        else:
            resolution_value = struct.pack(e + "I", len(out))
            out += resolution
        fields: list[tuple[int, int, bytes]] = [
            (256, _SHORT, struct.pack(e + "H", 1)),  # ImageWidth
            (257, _SHORT, struct.pack(e + "H", 1)),  # ImageLength
            (258, _SHORT, struct.pack(e + "H", 8)),  # BitsPerSample
            (259, _SHORT, struct.pack(e + "H", 1)),  # Compression: none
            (262, _SHORT, struct.pack(e + "H", 1)),  # PhotometricInterpretation: BlackIsZero
            (273, _LONG, struct.pack(e + "I", pixel_at)),  # StripOffsets
            (277, _SHORT, struct.pack(e + "H", 1)),  # SamplesPerPixel
            (278, _SHORT, struct.pack(e + "H", 1)),  # RowsPerStrip
            (279, _LONG, struct.pack(e + "I", 1)),  # StripByteCounts
            (282, _RATIONAL, resolution_value),  # XResolution
            (283, _RATIONAL, resolution_value),  # YResolution
            (296, _SHORT, struct.pack(e + "H", 2)),  # ResolutionUnit: inch
        ]
        ifd_at = len(out)
        struct.pack_into(e + ("Q" if bigtiff else "I"), out, links[-1], ifd_at)
        out += struct.pack(e + ("Q" if bigtiff else "H"), len(fields))
        for tag, kind, value in fields:
            count = struct.pack(e + ("Q" if bigtiff else "I"), 1)
            out += struct.pack(e + "HH", tag, kind) + count + value.ljust(value_size, b"\x00")
        links.append(len(out))
        out += b"\x00" * value_size  # next IFD: none, unless the next page patches it
    return bytes(out)
