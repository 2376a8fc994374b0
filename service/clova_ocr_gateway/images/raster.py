"""Header parsers for the raster formats: PNG and JPEG (sent to CLOVA as they are) and GIF, BMP,
WebP and HEIC/HEIF (converted by the gateway first).

Each `*_header(data)` reads the structure on bytes, without decoding pixels, and returns an
`ImageHeader` or raises `MalformedImageError`. Work is linear in the file at worst and bounded by
caps on the number of chunks, segments or boxes a real file never reaches; entropy-coded data is
never walked byte by byte (one C-level search finds what comes after it).
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import Final

from clova_ocr_gateway.images.header import ImageHeader, MalformedImageError, exif_orientation

__all__ = [
    "HEIF_BRANDS",
    "PNG_SIGNATURE",
    "bmp_header",
    "gif_header",
    "heif_header",
    "is_heif",
    "is_webp",
    "jpeg_header",
    "png_header",
    "webp_header",
]

# Dimensions are stored as 31-bit (PNG), 16-bit (JPEG, GIF) or 24-bit (WebP) numbers; anything
# above this is a lie no decoder accepts either.
_MAX_SIDE: Final = 2**31 - 1

# --- PNG --------------------------------------------------------------------------------------

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
# A 20 MiB PNG written with libpng's 8 KiB IDAT chunks has ~2,600 chunks; even 400-byte chunks
# stay below this. Beyond it the file is built to make the walk slow.
_MAX_PNG_CHUNKS: Final = 50_000
# Valid bit depths per colour type (PNG spec, table 11.1).
_PNG_DEPTHS: Final[dict[int, tuple[int, ...]]] = {
    0: (1, 2, 4, 8, 16),  # greyscale
    2: (8, 16),  # truecolour
    3: (1, 2, 4, 8),  # indexed
    4: (8, 16),  # greyscale with alpha
    6: (8, 16),  # truecolour with alpha
}


def png_header(data: bytes) -> ImageHeader:
    """Signature, IHDR first (sane size, depth, colour type, CRC), chunks within the file, IDAT
    present, IEND reached. Chunk CRCs other than IHDR's are not checked (that would read every
    byte of the image data)."""
    size = len(data)
    if not data.startswith(PNG_SIGNATURE):
        raise MalformedImageError("the file does not start with the PNG signature")
    if size < 8 + 12 + 13:
        raise MalformedImageError(
            f"the file ends after {size} bytes, before its IHDR header chunk is complete "
            "(signature-only or truncated)"
        )
    length, kind = struct.unpack_from(">I4s", data, 8)
    if kind != b"IHDR" or length != 13:
        raise MalformedImageError(
            f"the first chunk must be a 13-byte IHDR; found {_ascii(kind)} of {length} bytes"
        )
    width, height, depth, colour, compression, filtering, interlace = struct.unpack_from(
        ">IIBBBBB", data, 16
    )
    (crc,) = struct.unpack_from(">I", data, 29)
    if zlib.crc32(data[12:29]) != crc:
        raise MalformedImageError("the IHDR chunk's CRC does not match its content")
    if not (1 <= width <= _MAX_SIDE and 1 <= height <= _MAX_SIDE):
        raise MalformedImageError(f"IHDR declares {width}x{height} pixels")
    if depth not in _PNG_DEPTHS.get(colour, ()):
        raise MalformedImageError(f"IHDR declares colour type {colour} with bit depth {depth}")
    if compression != 0 or filtering != 0 or interlace not in (0, 1):
        raise MalformedImageError(
            f"IHDR declares compression {compression}, filter {filtering}, interlace {interlace}"
        )
    at = 33
    chunks = 1
    seen_idat = seen_plte = False
    orientation = 1
    while True:
        if at + 12 > size:
            raise MalformedImageError(
                f"the file is truncated: it ends at byte {size} without an IEND chunk"
            )
        length, kind = struct.unpack_from(">I4s", data, at)
        if not kind.isalpha():
            raise MalformedImageError(f"bytes {at + 4}..{at + 8} are not a chunk type")
        end = at + 12 + length
        if length > _MAX_SIDE or end > size:
            raise MalformedImageError(
                f"the file is truncated: chunk {_ascii(kind)} at byte {at} declares {length} "
                f"bytes but the file ends at byte {size}"
            )
        if kind == b"IEND":
            break
        if kind == b"IDAT":
            seen_idat = True
        elif kind == b"PLTE":
            seen_plte = True
        elif kind == b"eXIf":
            orientation = exif_orientation(memoryview(data)[at + 8 : end - 4])
        chunks += 1
        if chunks > _MAX_PNG_CHUNKS:
            raise MalformedImageError(f"the file has more than {_MAX_PNG_CHUNKS} chunks")
        at = end
    if not seen_idat:
        raise MalformedImageError("the file has no image data (IDAT chunk)")
    if colour == 3 and not seen_plte:
        raise MalformedImageError("an indexed-colour image has no palette (PLTE chunk)")
    return ImageHeader(width, height, 1, orientation=orientation, lossless=True)


# --- JPEG -------------------------------------------------------------------------------------

_SOF_MARKERS: Final = frozenset(
    (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF)
)
_SOS: Final = 0xDA
_EOI: Final = b"\xff\xd9"
_FILL: Final = re.compile(rb"\xff+")
# Real files have a few dozen segments before the first scan (APPn, DQT, DHT, SOF, DRI, COM).
_MAX_JPEG_SEGMENTS: Final = 4_096


def jpeg_header(data: bytes) -> ImageHeader:
    """SOI, marker segments within the file up to the first scan, a frame header (SOFn) with
    non-zero dimensions before it, and an EOI marker after it. Trailing bytes after EOI are
    allowed (some cameras append data)."""
    size = len(data)
    if not data.startswith(b"\xff\xd8"):
        raise MalformedImageError("the file does not start with the JPEG SOI marker")
    at = 2
    frame: tuple[int, int] | None = None
    orientation = 1
    for _ in range(_MAX_JPEG_SEGMENTS):
        if at >= size:
            raise MalformedImageError(
                f"the file ends at byte {size} before any image data (no SOS scan): "
                "signature-only or truncated"
            )
        if data[at] != 0xFF:
            raise MalformedImageError(f"expected a marker at byte {at}, found 0x{data[at]:02X}")
        fill = _FILL.match(data, at)
        assert fill is not None
        at = fill.end()
        if at >= size:
            raise MalformedImageError(f"the file is truncated: it ends inside a marker at {size}")
        marker = data[at]
        at += 1
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # RSTn and TEM stand alone
        if marker in (0x00, 0xD8, 0xD9):
            raise MalformedImageError(
                f"unexpected marker 0xFF{marker:02X} at byte {at - 2} before any image data"
            )
        if at + 2 > size:
            raise MalformedImageError(f"the file is truncated inside marker 0xFF{marker:02X}")
        (length,) = struct.unpack_from(">H", data, at)
        end = at + length
        if length < 2 or end > size:
            raise MalformedImageError(
                f"the file is truncated: segment 0xFF{marker:02X} at byte {at - 2} declares "
                f"{length} bytes but the file ends at byte {size}"
            )
        if marker in _SOF_MARKERS and frame is None:
            frame = _jpeg_frame(data, at, length)
        elif marker == 0xE1 and data[at + 2 : at + 8] == b"Exif\x00\x00":
            orientation = exif_orientation(memoryview(data)[at + 8 : end])
        elif marker == _SOS:
            if frame is None:
                raise MalformedImageError("the image data (SOS) comes before any frame header")
            # Entropy-coded data cannot contain FF D9 (FF is stuffed as FF 00), so the last EOI
            # after the first scan closes the image; an EXIF thumbnail's EOI lies before it.
            if data.rfind(_EOI, end) < 0:
                raise MalformedImageError(
                    "the file is truncated: no end-of-image marker (FFD9) after its image data"
                )
            width, height = frame
            return ImageHeader(width, height, 1, orientation=orientation)
        at = end
    raise MalformedImageError(f"the file has more than {_MAX_JPEG_SEGMENTS} marker segments")


def _jpeg_frame(data: bytes, at: int, length: int) -> tuple[int, int]:
    if length < 8:
        raise MalformedImageError(f"the frame header at byte {at - 2} is {length} bytes long")
    precision, height, width, components = struct.unpack_from(">BHHB", data, at + 2)
    if length != 8 + 3 * components or not 1 <= components <= 4:
        raise MalformedImageError(
            f"the frame header declares {components} components in {length} bytes"
        )
    if precision not in (2, 8, 12, 16):
        raise MalformedImageError(f"the frame header declares {precision}-bit samples")
    if width == 0 or height == 0:
        # Height 0 defers it to a DNL marker, which libjpeg (and so most decoders) refuse.
        raise MalformedImageError(f"the frame header declares {width}x{height} pixels")
    return width, height


# --- GIF --------------------------------------------------------------------------------------

# A first frame of 20 MiB is ~82,000 data sub-blocks of 255 bytes; extensions before it are few.
_MAX_GIF_BLOCKS: Final = 200_000


def gif_header(data: bytes) -> ImageHeader:
    """Header, logical screen, and the first frame's descriptor and data sub-blocks within the
    file (only the first frame is converted, so later frames are not walked)."""
    size = len(data)
    if not data.startswith((b"GIF87a", b"GIF89a")):
        raise MalformedImageError("the file does not start with GIF87a or GIF89a")
    if size < 13:
        raise MalformedImageError(f"the file ends after {size} bytes, inside its screen header")
    width, height, flags = struct.unpack_from("<HHB", data, 6)
    if width == 0 or height == 0:
        raise MalformedImageError(f"the logical screen is {width}x{height} pixels")
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    blocks = 0
    while True:
        if at >= size:
            raise MalformedImageError(
                f"the file is truncated: it ends at byte {size} before its first frame"
            )
        introducer = data[at]
        if introducer == 0x21:  # extension: label, then data sub-blocks
            at, blocks = _gif_sub_blocks(data, at + 2, blocks)
        elif introducer == 0x2C:  # image descriptor
            if at + 10 > size:
                raise MalformedImageError("the file is truncated inside the first frame's header")
            frame_w, frame_h, frame_flags = struct.unpack_from("<HHB", data, at + 5)
            if frame_w == 0 or frame_h == 0:
                raise MalformedImageError(f"the first frame is {frame_w}x{frame_h} pixels")
            at += 10 + (3 << ((frame_flags & 7) + 1) if frame_flags & 0x80 else 0)
            at, blocks = _gif_sub_blocks(data, at + 1, blocks)  # after the LZW code size
            return ImageHeader(width, height, 1, lossless=True)
        else:
            raise MalformedImageError(
                f"unexpected block 0x{introducer:02X} at byte {at} before the first frame"
            )


def _gif_sub_blocks(data: bytes, at: int, blocks: int) -> tuple[int, int]:
    """Skip data sub-blocks up to and including the terminator; return (next offset, blocks)."""
    size = len(data)
    while True:
        if at >= size:
            raise MalformedImageError(f"the file is truncated: it ends inside a block ({size})")
        length = data[at]
        at += 1 + length
        if length == 0:
            return at, blocks
        blocks += 1
        if blocks > _MAX_GIF_BLOCKS:
            raise MalformedImageError(f"the first frame has more than {_MAX_GIF_BLOCKS} blocks")


# --- BMP --------------------------------------------------------------------------------------

_BMP_INFO_SIZES: Final = frozenset((40, 52, 56, 64, 108, 124))
_BMP_DEPTHS: Final = frozenset((1, 2, 4, 8, 16, 24, 32))
# BI_RGB, BI_RLE8, BI_RLE4, BI_BITFIELDS, BI_ALPHABITFIELDS; 4/5 embed JPEG/PNG, which Pillow
# (and so the gateway) does not read.
_BMP_COMPRESSIONS: Final = frozenset((0, 1, 2, 3, 6))


def bmp_header(data: bytes) -> ImageHeader:
    """File and info headers, and (uncompressed) pixel rows within the file."""
    size = len(data)
    if not data.startswith(b"BM"):
        raise MalformedImageError("the file does not start with 'BM'")
    if size < 26:
        raise MalformedImageError(f"the file ends after {size} bytes, inside its headers")
    (pixels_at,) = struct.unpack_from("<I", data, 10)
    (info_size,) = struct.unpack_from("<I", data, 14)
    if info_size == 12:
        width, height, planes, depth = struct.unpack_from("<HHHH", data, 18)
        compression = 0
    elif info_size in _BMP_INFO_SIZES:
        if size < 14 + 20:
            raise MalformedImageError(f"the file ends after {size} bytes, inside its info header")
        width, height, planes, depth, compression = struct.unpack_from("<iiHHI", data, 18)
    else:
        raise MalformedImageError(f"the info header is {info_size} bytes, not a known BMP header")
    height = abs(height)  # negative: rows stored top-down
    if not (1 <= width <= _MAX_SIDE and 1 <= height <= _MAX_SIDE):
        raise MalformedImageError(f"the info header declares {width}x{height} pixels")
    if planes != 1 or depth not in _BMP_DEPTHS:
        raise MalformedImageError(f"the info header declares {planes} planes of {depth} bits")
    if compression not in _BMP_COMPRESSIONS:
        raise MalformedImageError(f"compression {compression} (embedded JPEG/PNG) is not supported")
    if not 14 + info_size <= pixels_at < size:
        raise MalformedImageError(
            f"the pixel data offset {pixels_at} lies outside the file ({size} bytes)"
        )
    if compression in (0, 3, 6):
        stride = (depth * width + 31) // 32 * 4
        if pixels_at + stride * height > size:
            raise MalformedImageError(
                f"the file is truncated: {height} rows of {stride} bytes from byte {pixels_at} "
                f"need {pixels_at + stride * height} bytes, the file has {size}"
            )
    return ImageHeader(width, height, 1, lossless=True)


# --- WebP -------------------------------------------------------------------------------------

_MAX_WEBP_CHUNKS: Final = 1_024  # VP8X files carry a handful (ICCP, ANIM, EXIF, XMP, ALPH)


def is_webp(data: bytes) -> bool:
    return len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def webp_header(data: bytes) -> ImageHeader:
    """RIFF container within the file and the first image chunk's dimensions (VP8, VP8L or the
    VP8X canvas); lossless when that chunk is VP8L."""
    size = len(data)
    if not is_webp(data):
        raise MalformedImageError("the file does not start with a RIFF/WEBP header")
    (riff_size,) = struct.unpack_from("<I", data, 4)
    if riff_size + 8 > size:
        raise MalformedImageError(
            f"the file is truncated: its RIFF header declares {riff_size + 8} bytes, "
            f"the file has {size}"
        )
    end_of_riff = riff_size + 8
    at = 12
    canvas: tuple[int, int] | None = None
    has_exif = False
    orientation = 1
    image: tuple[int, int, bool] | None = None  # width, height, lossless of the first image
    for _ in range(_MAX_WEBP_CHUNKS):
        if at + 8 > end_of_riff:
            break
        kind = data[at : at + 4]
        (length,) = struct.unpack_from("<I", data, at + 4)
        body = at + 8
        if body + length > end_of_riff:
            raise MalformedImageError(
                f"the file is truncated: chunk {_ascii(kind)} at byte {at} declares {length} "
                f"bytes past the end of the file"
            )
        if kind == b"VP8X":
            if length < 10:
                raise MalformedImageError("the VP8X chunk is too short")
            has_exif = bool(data[body] & 0x08)
            w = int.from_bytes(data[body + 4 : body + 7], "little") + 1
            h = int.from_bytes(data[body + 7 : body + 10], "little") + 1
            canvas = (w, h)
        elif kind == b"EXIF":
            orientation = exif_orientation(memoryview(data)[body : body + length])
        elif image is None and kind in (b"VP8 ", b"VP8L", b"ANMF"):
            if kind == b"VP8 ":
                image = (*_vp8_size(data, body, length), False)
            elif kind == b"VP8L":
                image = (*_vp8l_size(data, body, length), True)
            elif canvas is None:
                raise MalformedImageError("an animation frame without a VP8X canvas")
            else:
                image = (*canvas, False)
        if image is not None and not has_exif:
            break  # the EXIF chunk, when the canvas announces one, follows the image data
        at = body + length + (length & 1)
    if image is None:
        raise MalformedImageError("the file has no image chunk (VP8, VP8L or ANMF)")
    w, h, lossless = image
    if canvas is not None:
        w, h = canvas  # the canvas is what a decoder allocates
    return ImageHeader(w, h, 1, orientation=orientation, lossless=lossless)


def _vp8_size(data: bytes, body: int, length: int) -> tuple[int, int]:
    if length < 10 or data[body + 3 : body + 6] != b"\x9d\x01\x2a":
        raise MalformedImageError("the VP8 chunk has no key frame header")
    w, h = struct.unpack_from("<HH", data, body + 6)
    w, h = w & 0x3FFF, h & 0x3FFF
    if w == 0 or h == 0:
        raise MalformedImageError(f"the VP8 frame is {w}x{h} pixels")
    return w, h


def _vp8l_size(data: bytes, body: int, length: int) -> tuple[int, int]:
    if length < 5 or data[body] != 0x2F:
        raise MalformedImageError("the VP8L chunk has no lossless signature")
    (bits,) = struct.unpack_from("<I", data, body + 1)
    return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1


# --- HEIF -------------------------------------------------------------------------------------

# Brands of HEIF files whose images are HEVC-coded (what libheif's HEVC decoder reads), plus the
# generic image brands that HEVC files also declare.
HEIF_BRANDS: Final = frozenset((b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1"))
_MAX_BOXES: Final = 4_096  # top-level boxes plus meta/iprp/ipco children; real files: dozens
_CONTAINERS: Final = {b"meta": 4, b"iprp": 0, b"ipco": 0}  # bytes before children (FullBox)


def is_heif(data: bytes) -> bool:
    """ISO BMFF `ftyp` box first, whose major or a compatible brand is a HEVC/HEIF image."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    (box_size,) = struct.unpack_from(">I", data, 0)
    brands = data[8:12] + data[16 : min(box_size, 256, len(data))]
    return any(brands[i : i + 4] in HEIF_BRANDS for i in range(0, len(brands) - 3, 4))


def heif_header(data: bytes) -> ImageHeader:
    """Top-level boxes within the file, a `meta` and an `mdat` box, and the image sizes in the
    `ispe` properties; the largest one bounds what a decoder allocates (tiles of a grid image
    are smaller than the grid)."""
    if not is_heif(data):
        raise MalformedImageError("the file does not start with an ftyp box of a HEIF brand")
    sizes: list[tuple[int, int]] = []
    found: set[bytes] = set()
    boxes = 0
    stack = [(0, len(data), 0)]  # (start, end, depth): top level, then meta/iprp/ipco
    while stack:
        at, end, depth = stack.pop()
        while at < end:
            boxes += 1
            if boxes > _MAX_BOXES:
                raise MalformedImageError(f"the file has more than {_MAX_BOXES} boxes")
            if at + 8 > end:
                raise MalformedImageError(f"the file is truncated inside a box header at byte {at}")
            box_size, kind = struct.unpack_from(">I4s", data, at)
            header = 8
            if box_size == 1:
                if at + 16 > end:
                    raise MalformedImageError(f"the file is truncated at byte {at}")
                (box_size,) = struct.unpack_from(">Q", data, at + 8)
                header = 16
            elif box_size == 0:
                box_size = end - at  # runs to the end of its parent
            if box_size < header or at + box_size > end:
                raise MalformedImageError(
                    f"the file is truncated: box {_ascii(kind)} at byte {at} declares "
                    f"{box_size} bytes past the end of its container ({end})"
                )
            if depth == 0:
                found.add(kind)
            if kind in _CONTAINERS and depth < 3:
                stack.append((at + header + _CONTAINERS[kind], at + box_size, depth + 1))
            elif kind == b"ispe" and at + header + 12 <= at + box_size:
                w, h = struct.unpack_from(">II", data, at + header + 4)
                sizes.append((w, h))
            at += box_size
    if b"meta" not in found or b"mdat" not in found:
        raise MalformedImageError("the file has no meta or no mdat box (truncated?)")
    if not sizes:
        raise MalformedImageError("the file declares no image size (ispe property)")
    width, height = max(sizes, key=lambda s: s[0] * s[1])
    if width == 0 or height == 0:
        raise MalformedImageError(f"the image is {width}x{height} pixels")
    return ImageHeader(width, height, 1)


def _ascii(kind: bytes) -> str:
    return repr(kind.decode("latin-1"))
