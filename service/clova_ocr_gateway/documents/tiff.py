"""Splits a multi-page TIFF into single-page TIFFs by rewriting IFDs: each page keeps its own
encoded strips or tiles byte for byte (nothing is decoded or re-encoded), so a page costs a copy
of its bytes and the work on any input is bounded by the file's size.

Chosen over tifffile and Pillow by benchmarks/split_bench.py: both decode pixels (Pillow also
re-encodes them), are 10-100x slower per page, and need codecs for compressions CLOVA reads
anyway; see the table in docs/documents.md.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final

from clova_ocr_gateway.documents.errors import DocumentError
from clova_ocr_gateway.images.header import MalformedImageError
from clova_ocr_gateway.images.tiff import tiff_ifd_offsets

__all__ = ["TiffDocument"]

# Bytes per value of each TIFF field type (TIFF 6.0 + BigTIFF).
_TYPE_SIZES: Final[dict[int, int]] = {
    1: 1,  # BYTE
    2: 1,  # ASCII
    3: 2,  # SHORT
    4: 4,  # LONG
    5: 8,  # RATIONAL
    6: 1,  # SBYTE
    7: 1,  # UNDEFINED
    8: 2,  # SSHORT
    9: 4,  # SLONG
    10: 8,  # SRATIONAL
    11: 4,  # FLOAT
    12: 8,  # DOUBLE
    13: 4,  # IFD
    16: 8,  # LONG8
    17: 8,  # SLONG8
    18: 8,  # IFD8
}
_SHORT, _LONG, _LONG8 = 3, 4, 16
# (offsets tag, byte counts tag): the page's encoded data, copied and re-pointed.
_DATA_TAGS: Final = ((273, 279), (324, 325), (513, 514))  # strips, tiles, old-style JPEG
_OFFSET_TAGS: Final = frozenset(offsets for offsets, _ in _DATA_TAGS)
# Pointers to other IFDs or free space: meaningless in a single page taken out of the file
# (thumbnails, EXIF, GPS), so they are dropped rather than followed.
_DROPPED_TAGS: Final = frozenset({288, 289, 330, 34665, 34853, 40965})
# An IFD with more entries than this is not a page description (real ones have 10-40).
_MAX_ENTRIES: Final = 4096


@dataclass(frozen=True, slots=True)
class _Layout:
    endian: str
    big: bool
    header_size: int
    count_format: str  # entries count at the start of an IFD
    entry_size: int
    offset_format: str  # offsets: header's first IFD, next-IFD links, out-of-line values
    inline_size: int  # values up to this many bytes sit inside the entry


@dataclass(frozen=True, slots=True)
class _Entry:
    tag: int
    kind: int
    count: int
    value: bytes  # the value's bytes in the file's byte order


def _layout(data: bytes) -> _Layout:
    if len(data) < 8 or data[:2] not in (b"II", b"MM"):
        raise DocumentError("the TIFF header is missing or does not start with 'II' or 'MM'")
    endian = "<" if data[:2] == b"II" else ">"
    version = struct.unpack_from(endian + "H", data, 2)[0]
    if version == 42:
        return _Layout(endian, False, 8, "H", 12, "I", 4)
    if version == 43 and len(data) >= 16:
        offset_size, reserved = struct.unpack_from(endian + "HH", data, 4)
        if offset_size == 8 and reserved == 0:
            return _Layout(endian, True, 16, "Q", 20, "Q", 8)
    raise DocumentError(f"the TIFF header is not a TIFF or BigTIFF header (version {version})")


class TiffDocument:
    """A TIFF's main IFD chain, read once; `page(n)` builds a one-page TIFF of page n."""

    kind = "tiff"

    def __init__(self, data: bytes, *, max_pages: int) -> None:
        self._data = data
        self._layout = _layout(data)
        self._ifds = self._walk(max_pages)

    @property
    def page_count(self) -> int:
        return len(self._ifds)

    def close(self) -> None:
        """Nothing to release: pages are cut from the caller's bytes."""

    def _unpack(self, fmt: str, at: int) -> int:
        value: int = struct.unpack_from(self._layout.endian + fmt, self._data, at)[0]
        return value

    def _walk(self, max_pages: int) -> list[int]:
        # The image checks' bounded walk of the main chain (loops, offsets outside the file,
        # empty or cut IFDs refused), one IFD past the limit to tell "too many" apart.
        try:
            ifds = tiff_ifd_offsets(self._data, max_pages + 1)
        except MalformedImageError as exc:
            raise DocumentError(str(exc)) from None
        if len(ifds) > max_pages:
            raise DocumentError(f"the TIFF has more than {max_pages} pages", too_many_pages=True)
        for ifd in ifds:
            # Each page's entries are copied one by one (`_entries`): bound their number.
            entries = self._unpack(self._layout.count_format, ifd)
            if entries > _MAX_ENTRIES:
                raise DocumentError(
                    f"the TIFF IFD at offset {ifd} declares {entries} entries, more than "
                    f"{_MAX_ENTRIES}"
                )
        return ifds

    def _entries(self, ifd: int) -> list[_Entry]:
        layout, data = self._layout, self._data
        count_size = struct.calcsize(layout.count_format)
        entries: list[_Entry] = []
        for index in range(self._unpack(layout.count_format, ifd)):
            at = ifd + count_size + index * layout.entry_size
            tag, kind = struct.unpack_from(layout.endian + "HH", data, at)
            count = self._unpack(layout.offset_format, at + 4)
            type_size = _TYPE_SIZES.get(kind)
            if type_size is None or tag in _DROPPED_TAGS:
                continue  # unknown types must be skipped by readers (TIFF 6.0, section 2)
            length = type_size * count
            value_at = at + 4 + struct.calcsize(layout.offset_format)
            if length > layout.inline_size:
                value_at = self._unpack(layout.offset_format, value_at)
            if value_at + length > len(data):
                raise DocumentError(
                    f"the value of TIFF tag {tag} in the IFD at offset {ifd} runs past the end "
                    "of the file"
                )
            entries.append(_Entry(tag, kind, count, data[value_at : value_at + length]))
        return entries

    def _numbers(self, entry: _Entry) -> list[int]:
        formats = {_SHORT: "H", _LONG: "I", _LONG8: "Q", 13: "I", 18: "Q"}
        fmt = formats.get(entry.kind)
        if fmt is None:
            raise DocumentError(f"TIFF tag {entry.tag} has type {entry.kind}, not an integer")
        return list(struct.unpack(f"{self._layout.endian}{entry.count}{fmt}", entry.value))

    def page(self, number: int) -> bytes:
        """Page `number` (1-based) as a one-page TIFF of the same byte order and variant."""
        ifd = self._ifds[number - 1]
        entries = {e.tag: e for e in self._entries(ifd)}
        blocks: list[tuple[int, list[bytes]]] = []  # (offsets tag, data blocks)
        total = 0
        for offsets_tag, counts_tag in _DATA_TAGS:
            offsets_entry, counts_entry = entries.get(offsets_tag), entries.get(counts_tag)
            if offsets_entry is None and counts_entry is None:
                continue
            if offsets_entry is None or counts_entry is None:
                raise DocumentError(
                    f"TIFF page {number} has tag {offsets_tag or counts_tag} without its pair"
                )
            offsets, counts = self._numbers(offsets_entry), self._numbers(counts_entry)
            if len(offsets) != len(counts):
                raise DocumentError(
                    f"TIFF page {number} has {len(offsets)} data offsets but {len(counts)} counts"
                )
            chunks: list[bytes] = []
            for offset, length in zip(offsets, counts, strict=True):
                total += length
                # Blocks may not overlap in a sane file, so a page never holds more bytes than
                # the file: this bounds the output of hostile offset tables.
                if offset + length > len(self._data) or total > len(self._data):
                    raise DocumentError(f"TIFF page {number} points at data outside the file")
                chunks.append(self._data[offset : offset + length])
            blocks.append((offsets_tag, chunks))
        if not blocks:
            raise DocumentError(f"TIFF page {number} has no image data (no strips or tiles)")
        return self._assemble(entries, blocks)

    def _assemble(self, entries: dict[int, _Entry], blocks: list[tuple[int, list[bytes]]]) -> bytes:
        layout = self._layout
        e, off = layout.endian, layout.offset_format
        offsets_kind = _LONG8 if layout.big else _LONG
        tags = sorted(entries)
        count_size = struct.calcsize(layout.count_format)
        ifd_size = count_size + len(tags) * layout.entry_size + layout.inline_size
        # Layout: header, IFD, out-of-line values, then the data blocks.
        cursor = layout.header_size + ifd_size
        values = bytearray()
        data_start = {}
        position = cursor + sum(
            _padded(len(_value_of(entries[t], offsets_kind, layout))) for t in tags
        )
        data = bytearray()
        for offsets_tag, chunks in blocks:
            starts = []
            for chunk in chunks:
                starts.append(position + len(data))
                data += chunk
                if len(data) % 2:
                    data += b"\x00"  # word alignment, as TIFF 6.0 recommends
            data_start[offsets_tag] = starts
        ifd = bytearray(struct.pack(e + layout.count_format, len(tags)))
        for tag in tags:
            entry = entries[tag]
            kind, value = entry.kind, entry.value
            if tag in data_start:
                kind = offsets_kind
                value = struct.pack(f"{e}{len(data_start[tag])}{off}", *data_start[tag])
            ifd += struct.pack(e + "HH", tag, kind) + struct.pack(e + off, entry.count)
            if len(value) <= layout.inline_size:
                ifd += value.ljust(layout.inline_size, b"\x00")
            else:
                ifd += struct.pack(e + off, cursor + len(values))
                values += value
                if len(values) % 2:
                    values += b"\x00"
        ifd += b"\x00" * layout.inline_size  # no next IFD: one page
        if layout.big:
            header = self._data[:2] + struct.pack(e + "HHHQ", 43, 8, 0, layout.header_size)
        else:
            header = self._data[:2] + struct.pack(e + "HI", 42, layout.header_size)
        assert len(header) + len(ifd) == cursor and cursor + len(values) == position
        return bytes(header + ifd + values + data)


def _value_of(entry: _Entry, offsets_kind: int, layout: _Layout) -> bytes:
    """The bytes an entry's value takes out of line (empty when it fits inside the entry)."""
    length = len(entry.value)
    if entry.tag in _OFFSET_TAGS:
        length = entry.count * _TYPE_SIZES[offsets_kind]
    return b"" if length <= layout.inline_size else bytes(length)


def _padded(length: int) -> int:
    return length + (length % 2)
