"""What a format parser reports about an image before any pixel is decoded, and the error it
raises when the bytes are not the structure they claim to be."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final

__all__ = ["ImageHeader", "MalformedImageError", "exif_orientation"]


class MalformedImageError(ValueError):
    """The bytes claim a format but their structure is broken or truncated.

    The message completes the sentence "image is a malformed <FORMAT>: ..." and names the byte
    offset where the structure stops making sense.
    """


@dataclass(frozen=True, slots=True)
class ImageHeader:
    """What the header of one image says, read without decoding pixels."""

    width: int | None  # pixels; None for PDF (vector pages, rasterized by CLOVA)
    height: int | None
    pages: int | None  # None when the count cannot be read without decompression (PDF)
    orientation: int = 1  # EXIF orientation 1..8; 1 when absent or unreadable
    lossless: bool = False  # PNG, GIF, BMP, lossless WebP: PNG is the faithful re-encoding

    @property
    def pixels(self) -> int | None:
        if self.width is None or self.height is None:
            return None
        return self.width * self.height


_EXIF_ORIENTATION_TAG: Final = 0x0112
_SHORT: Final = 3
# An EXIF IFD0 holds a few dozen entries; reading more than this is not worth it for a hint.
_MAX_EXIF_ENTRIES: Final = 512


def exif_orientation(tiff: bytes | memoryview, start: int = 0) -> int:
    """The Orientation tag (1..8) of the EXIF block whose TIFF header starts at `start`.

    EXIF is metadata: a broken block yields 1 (no rotation) instead of an error, as viewers do.
    """
    try:
        order = bytes(tiff[start : start + 2])
        if order == b"II":
            endian = "<"
        elif order == b"MM":
            endian = ">"
        else:
            return 1
        magic, ifd = struct.unpack_from(endian + "HI", tiff, start + 2)
        if magic != 42:
            return 1
        at = start + ifd
        (entries,) = struct.unpack_from(endian + "H", tiff, at)
        for index in range(min(entries, _MAX_EXIF_ENTRIES)):
            tag, kind, count = struct.unpack_from(endian + "HHI", tiff, at + 2 + 12 * index)
            if tag == _EXIF_ORIENTATION_TAG:
                if kind != _SHORT or count != 1:
                    return 1
                (value,) = struct.unpack_from(endian + "H", tiff, at + 2 + 12 * index + 8)
                return int(value) if 1 <= value <= 8 else 1
    except struct.error:
        return 1
    return 1
