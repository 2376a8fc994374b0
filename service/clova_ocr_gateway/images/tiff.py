"""TIFF structure on bytes: the header, the main IFD chain (one IFD per page) and, per IFD, the
image size and whether its strips or tiles lie within the file. Classic TIFF and BigTIFF.

Reusable by whoever needs pages: `tiff_page_count`, `tiff_ifd_offsets` and `tiff_directory`.
"""

from __future__ import annotations

import struct
import sys
from array import array
from dataclasses import dataclass
from typing import Final

from clova_ocr_gateway.images.header import MalformedImageError

__all__ = [
    "TIFF_MAGICS",
    "TiffDirectory",
    "tiff_directory",
    "tiff_ifd_offsets",
    "tiff_page_count",
]

TIFF_MAGICS: Final = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")

_IMAGE_WIDTH: Final = 256
_IMAGE_LENGTH: Final = 257
_STRIP_OFFSETS: Final = 273
_ORIENTATION: Final = 274
_STRIP_BYTE_COUNTS: Final = 279
_TILE_OFFSETS: Final = 324
_TILE_BYTE_COUNTS: Final = 325
_LAST_WANTED: Final = _TILE_BYTE_COUNTS
# Field type -> (struct code, size) for the integer types these tags use.
_INTEGER_TYPES: Final[dict[int, tuple[str, int]]] = {3: ("H", 2), 4: ("I", 4), 16: ("Q", 8)}
# Tags are sorted, so a real IFD yields what we need within its first few dozen entries; an
# unsorted one is read this far and no further.
_MAX_ENTRIES_READ: Final = 4_096


@dataclass(frozen=True, slots=True)
class _TiffLayout:
    endian: str
    header_size: int
    first_offset_at: int  # where the header stores the first IFD offset
    count: struct.Struct  # number of entries at the start of an IFD
    entry_size: int
    offset: struct.Struct  # IFD offsets: the header's and each IFD's next-IFD link


@dataclass(frozen=True, slots=True)
class TiffDirectory:
    """One page's IFD: where it is, its size, its EXIF-style orientation."""

    offset: int
    width: int
    height: int
    orientation: int


def _tiff_layout(data: bytes) -> _TiffLayout:
    if len(data) < 8:
        raise MalformedImageError(f"the TIFF header needs 8 bytes, the file has {len(data)}")
    if data[:2] == b"II":
        endian = "<"
    elif data[:2] == b"MM":
        endian = ">"
    else:
        raise MalformedImageError("the TIFF header does not start with 'II' or 'MM'")
    version = struct.unpack_from(endian + "H", data, 2)[0]
    if version == 42:
        return _TiffLayout(
            endian, 8, 4, struct.Struct(endian + "H"), 12, struct.Struct(endian + "I")
        )
    if version != 43:
        raise MalformedImageError(f"the TIFF version is {version}; expected 42 or 43 (BigTIFF)")
    if len(data) < 16:
        raise MalformedImageError(f"the BigTIFF header needs 16 bytes, the file has {len(data)}")
    offset_size, reserved = struct.unpack_from(endian + "HH", data, 4)
    if offset_size != 8 or reserved != 0:
        raise MalformedImageError(
            f"the BigTIFF header declares {offset_size}-byte offsets; only 8 is defined"
        )
    return _TiffLayout(endian, 16, 8, struct.Struct(endian + "Q"), 20, struct.Struct(endian + "Q"))


def tiff_ifd_offsets(data: bytes, limit: int) -> list[int]:
    """Offsets of the main IFD chain, in page order, at most `limit` of them.

    Raises MalformedImageError when the chain loops, leaves the file or an IFD is empty or cut.
    SubIFDs (thumbnails, EXIF) are not part of the chain.
    """
    layout = _tiff_layout(data)
    size = len(data)
    offset: int = layout.offset.unpack_from(data, layout.first_offset_at)[0]
    if offset == 0:
        raise MalformedImageError("the TIFF header points to no image directory (IFD offset 0)")
    seen: set[int] = set()
    offsets: list[int] = []
    while offset != 0 and len(offsets) < limit:
        if offset in seen:
            raise MalformedImageError(f"the TIFF IFD chain loops back to offset {offset}")
        if offset < layout.header_size or offset + layout.count.size > size:
            raise MalformedImageError(
                f"a TIFF IFD offset ({offset}) points outside the file ({size} bytes)"
            )
        seen.add(offset)
        entries: int = layout.count.unpack_from(data, offset)[0]
        if entries == 0:
            raise MalformedImageError(f"the TIFF IFD at offset {offset} has no entries")
        next_at = offset + layout.count.size + entries * layout.entry_size
        if next_at + layout.offset.size > size:
            raise MalformedImageError(
                f"the TIFF IFD at offset {offset} ({entries} entries) runs past the end "
                f"of the file ({size} bytes)"
            )
        offsets.append(offset)
        offset = layout.offset.unpack_from(data, next_at)[0]
    return offsets


def tiff_page_count(data: bytes, limit: int) -> int:
    """Length of the main IFD chain (one IFD per page), capped at `limit`."""
    return len(tiff_ifd_offsets(data, limit))


def tiff_directory(data: bytes, offset: int) -> TiffDirectory:
    """Read the IFD at `offset` (from `tiff_ifd_offsets`): ImageWidth and ImageLength must be
    present and non-zero, and the strip or tile that starts last must end within the file
    (a truncated file loses its last strips first)."""
    layout = _tiff_layout(data)
    endian = layout.endian
    value_size = layout.offset.size  # 4 (classic) or 8 (BigTIFF) bytes of inline value
    count_code = "I" if value_size == 4 else "Q"
    entries: int = layout.count.unpack_from(data, offset)[0]
    first = offset + layout.count.size
    fields: dict[int, tuple[int, int, int]] = {}  # tag -> (type, count, value field position)
    for index in range(min(entries, _MAX_ENTRIES_READ)):
        at = first + index * layout.entry_size
        tag, kind = struct.unpack_from(endian + "HH", data, at)
        if tag > _LAST_WANTED and _IMAGE_WIDTH in fields and _IMAGE_LENGTH in fields:
            break  # tags are sorted: nothing we need comes later
        (count,) = struct.unpack_from(endian + count_code, data, at + 4)
        fields[tag] = (kind, count, at + 4 + value_size)
    width = _scalar(data, layout, fields, _IMAGE_WIDTH, "ImageWidth")
    height = _scalar(data, layout, fields, _IMAGE_LENGTH, "ImageLength")
    if width == 0 or height == 0:
        raise MalformedImageError(f"the TIFF IFD at offset {offset} declares {width}x{height}")
    orientation = 1
    if _ORIENTATION in fields:
        value = _scalar(data, layout, fields, _ORIENTATION, "Orientation")
        orientation = value if 1 <= value <= 8 else 1
    if _TILE_OFFSETS in fields and _TILE_BYTE_COUNTS in fields:
        _check_data_within_file(data, layout, fields, _TILE_OFFSETS, _TILE_BYTE_COUNTS)
    elif _STRIP_OFFSETS in fields and _STRIP_BYTE_COUNTS in fields:
        _check_data_within_file(data, layout, fields, _STRIP_OFFSETS, _STRIP_BYTE_COUNTS)
    elif _STRIP_OFFSETS not in fields and _TILE_OFFSETS not in fields:
        raise MalformedImageError(f"the TIFF IFD at offset {offset} has no strips or tiles")
    return TiffDirectory(offset, width, height, orientation)


def _scalar(
    data: bytes, layout: _TiffLayout, fields: dict[int, tuple[int, int, int]], tag: int, name: str
) -> int:
    if tag not in fields:
        raise MalformedImageError(f"a TIFF IFD has no {name} field")
    kind, count, value_at = fields[tag]
    if kind not in _INTEGER_TYPES or count < 1:
        raise MalformedImageError(f"the TIFF {name} field has type {kind} and count {count}")
    code, _ = _INTEGER_TYPES[kind]
    return int(struct.unpack_from(layout.endian + code, data, value_at)[0])


def _values(data: bytes, layout: _TiffLayout, field: tuple[int, int, int], name: str) -> array[int]:
    """All values of an integer array field, read in one C-level step."""
    kind, count, value_at = field
    if kind not in _INTEGER_TYPES:
        raise MalformedImageError(f"the TIFF {name} field has type {kind}")
    code, item = _INTEGER_TYPES[kind]
    length = count * item
    if length > layout.offset.size:  # stored elsewhere: the value field holds its offset
        (value_at,) = layout.offset.unpack_from(data, value_at)
    if value_at + length > len(data):
        raise MalformedImageError(
            f"the TIFF {name} array ({count} values at byte {value_at}) runs past the end of "
            f"the file ({len(data)} bytes)"
        )
    values = array(code)  # H, I, Q: 2, 4 and 8 bytes on every platform CPython supports
    values.frombytes(data[value_at : value_at + length])
    if (layout.endian == "<") != (sys.byteorder == "little"):
        values.byteswap()
    return values


def _check_data_within_file(
    data: bytes,
    layout: _TiffLayout,
    fields: dict[int, tuple[int, int, int]],
    offsets_tag: int,
    counts_tag: int,
) -> None:
    offsets = _values(data, layout, fields[offsets_tag], "strip/tile offsets")
    counts = _values(data, layout, fields[counts_tag], "strip/tile byte counts")
    if not offsets or len(offsets) != len(counts):
        raise MalformedImageError(
            f"the TIFF has {len(offsets)} strip/tile offsets but {len(counts)} byte counts"
        )
    last = offsets.index(max(offsets))
    end = offsets[last] + counts[last]
    if end > len(data):
        raise MalformedImageError(
            f"the file is truncated: its last strip/tile ends at byte {end}, the file has "
            f"{len(data)} bytes"
        )
