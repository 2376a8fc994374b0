"""Checks an uploaded image before any paid CLOVA call: size, magic bytes, the header structure
of its format (truncated and signature-only files fail here), pixel dimensions, page count, name.

Pure Python on bytes (the parsers live in `raster`, `tiff` and `pdf`); every problem found becomes
a `FieldViolation` on the proto request path so the gRPC layer can return them all at once as a
google.rpc.BadRequest.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final

from clova_ocr_gateway.images.header import ImageHeader, MalformedImageError
from clova_ocr_gateway.images.pdf import header_offset, pdf_check_structure, pdf_page_count
from clova_ocr_gateway.images.raster import (
    PNG_SIGNATURE,
    bmp_header,
    gif_header,
    heif_header,
    is_heif,
    is_webp,
    jpeg_header,
    png_header,
    webp_header,
)
from clova_ocr_gateway.images.tiff import (
    TIFF_MAGICS,
    tiff_directory,
    tiff_ifd_offsets,
    tiff_page_count,
)

__all__ = [
    "DEFAULT_IMAGE_NAME",
    "DEFAULT_MAX_IMAGE_PIXELS",
    "FIELD_CONTENT",
    "FIELD_FORMAT",
    "FIELD_NAME",
    "MAX_NAME_LENGTH",
    "PAGE_COUNT_LIMIT",
    "SUPPORTED_FORMATS",
    "FieldViolation",
    "ImageValidationError",
    "MalformedImageError",
    "ValidatedImage",
    "count_pages",
    "detect_format",
    "display_name",
    "normalize_format",
    "oversize_description",
    "read_header",
    "validate_image",
]

# Field paths of the proto request, as google.rpc.BadRequest.FieldViolation.field expects them.
FIELD_CONTENT: Final = "image.content"
FIELD_FORMAT: Final = "image.format"
FIELD_NAME: Final = "image.name"

# Spellings CLOVA accepts in `images[].format`, mapped to one canonical name per real format.
_CLOVA_CANONICAL: Final[dict[str, str]] = {
    "jpg": "jpg",
    "jpeg": "jpg",
    "png": "png",
    "pdf": "pdf",
    "tif": "tiff",
    "tiff": "tiff",
}
SUPPORTED_FORMATS: Final[tuple[str, ...]] = tuple(_CLOVA_CANONICAL)
# Formats the gateway accepts and converts to JPEG or PNG before the call (images/transcode.py).
_CONVERTED_CANONICAL: Final[dict[str, str]] = {
    "webp": "webp",
    "bmp": "bmp",
    "gif": "gif",
    "heic": "heic",
    "heif": "heic",
}
_CANONICAL: Final[dict[str, str]] = {**_CLOVA_CANONICAL, **_CONVERTED_CANONICAL}
_ACCEPTED_TEXT: Final = ", ".join(_CANONICAL)
_DISPLAY: Final[dict[str, str]] = {
    "jpg": "JPEG",
    "png": "PNG",
    "pdf": "PDF",
    "tiff": "TIFF",
    "webp": "WebP",
    "bmp": "BMP",
    "gif": "GIF",
    "heic": "HEIC/HEIF",
}
_KINDS_TEXT: Final = "JPEG, PNG, PDF, TIFF, WebP, BMP, GIF or HEIC/HEIF"
# Info-header sizes of the BMP variants: "BM" alone is too weak a signature.
_BMP_INFO_SIZES: Final = frozenset((12, 40, 52, 56, 64, 108, 124))

DEFAULT_IMAGE_NAME: Final = "image"
MAX_NAME_LENGTH: Final = 128

# Counting stops here: the number only feeds an error message, and an adversarial file with
# millions of IFDs or page objects must not cost more than a bounded walk.
PAGE_COUNT_LIMIT: Final = 10_000

# 100 megapixels admits what real callers send: an A4 page scanned at 600 dpi is 35 MP, A3 at
# 600 dpi 70 MP, a 48/50 MP phone photo (the largest most phones save by default is 24 MP) fits
# twice. Past it are 200 MP sensor modes and crafted headers; CLOVA reads receipts and cards at a
# small fraction of that, and a decoder would allocate 300-400 MB for one image.
DEFAULT_MAX_IMAGE_PIXELS: Final = 100_000_000

_JPEG_MAGIC: Final = b"\xff\xd8\xff"
_REEXPORT: Final = {
    "PDF": "a single-page PDF, JPEG or PNG",
    "TIFF": "a single-page TIFF, JPEG or PNG",
}


@dataclass(frozen=True, slots=True)
class FieldViolation:
    """One problem with one request field; mirrors google.rpc.BadRequest.FieldViolation."""

    field: str
    description: str


class ImageValidationError(ValueError):
    """The image must not be sent to CLOVA; `violations` lists every problem found."""

    def __init__(self, violations: Iterable[FieldViolation]) -> None:
        self.violations: list[FieldViolation] = list(violations)
        super().__init__("; ".join(f"{v.field}: {v.description}" for v in self.violations))


# weakref_slot: a converted image's memory stays counted until it is freed (images/transcode.py).
@dataclass(frozen=True, slots=True, weakref_slot=True)
class ValidatedImage:
    """An image that passed validation, ready to be sent to CLOVA as one `images[]` entry."""

    content: bytes
    format: str  # what CLOVA receives: the caller's spelling (lowercased) or the detected one
    name: str
    size_bytes: int
    detected_format: str  # canonical: "jpg", "png", "pdf", "tiff", "webp", "bmp", "gif", "heic"
    pages: int | None  # None when the page count could not be determined (not a rejection)
    width: int | None = None  # pixels, from the header (TIFF: first page); None for PDF
    height: int | None = None
    orientation: int = 1  # EXIF orientation 1..8 the header declares; 1 when none
    lossless: bool = False  # PNG, BMP, GIF, lossless WebP: re-encode as PNG, not JPEG
    converted_from: str | None = None  # canonical source format when the gateway converted it


def display_name(canonical: str) -> str:
    """How messages name a canonical format: "JPEG", "HEIC/HEIF", ..."""
    return _DISPLAY.get(canonical, canonical.upper())


def normalize_format(fmt: str | None) -> str | None:
    """Map a format spelling ("JPEG", " tif ") to its canonical name, or None if unsupported."""
    if fmt is None:
        return None
    return _CANONICAL.get(fmt.strip().lower())


def detect_format(data: bytes) -> str | None:
    """The canonical format from the magic bytes ("jpg", "png", "pdf", "tiff", "webp", "bmp",
    "gif", "heic"), or None if unrecognized."""
    if data.startswith(_JPEG_MAGIC):
        return "jpg"
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data.startswith(TIFF_MAGICS):
        return "tiff"
    if is_webp(data):
        return "webp"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if is_heif(data):
        return "heic"
    if data.startswith(b"BM") and int.from_bytes(data[14:18], "little") in _BMP_INFO_SIZES:
        return "bmp"
    # Checked last, so a JPEG whose metadata happens to contain "%PDF-" is still a JPEG.
    if header_offset(data) >= 0:
        return "pdf"
    return None


def count_pages(data: bytes, fmt: str) -> int | None:
    """Number of pages in `data` read as `fmt` (any supported spelling), capped at PAGE_COUNT_LIMIT.

    JPEG and PNG are one page. TIFF walks the IFD chain and raises MalformedImageError when it
    is broken. PDF is a heuristic and returns None when the count is not readable in plain text
    (e.g. everything inside compressed object streams): unknown is not a reason to reject.
    """
    canonical = normalize_format(fmt)
    if canonical in ("jpg", "png", *_CONVERTED_CANONICAL.values()):
        return 1  # GIF and animated WebP: the first frame is what is sent
    if canonical == "tiff":
        return tiff_page_count(data, PAGE_COUNT_LIMIT)
    if canonical == "pdf":
        return pdf_page_count(data, PAGE_COUNT_LIMIT)
    raise ValueError(f"unsupported format {fmt!r}; expected one of {_ACCEPTED_TEXT}")


def _tiff_header(data: bytes) -> ImageHeader:
    offsets = tiff_ifd_offsets(data, PAGE_COUNT_LIMIT)
    first = tiff_directory(data, offsets[0])
    return ImageHeader(first.width, first.height, len(offsets), orientation=first.orientation)


def _pdf_header(data: bytes) -> ImageHeader:
    pdf_check_structure(data)
    return ImageHeader(None, None, pdf_page_count(data, PAGE_COUNT_LIMIT))


_HEADER_READERS: Final[dict[str, Callable[[bytes], ImageHeader]]] = {
    "jpg": jpeg_header,
    "png": png_header,
    "tiff": _tiff_header,
    "pdf": _pdf_header,
    "webp": webp_header,
    "bmp": bmp_header,
    "gif": gif_header,
    "heic": heif_header,
}


def read_header(data: bytes, fmt: str) -> ImageHeader:
    """The header of `data` read as canonical format `fmt`; raises MalformedImageError when
    the structure is broken or truncated. Bounded work, no pixel decoding."""
    return _HEADER_READERS[fmt](data)


# --- validation -------------------------------------------------------------------------------


def _quote(text: str, limit: int = 40) -> str:
    """repr() of caller text, shortened: error messages must not echo megabytes back."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.1f} KiB"
    return f"{n} B"


def oversize_description(size: int, max_bytes: int) -> str:
    """How an image over the size limit is refused: by the gateway, and by the CLI before it
    sends one (so a user reads the same words either way)."""
    return (
        f"image content is {size} bytes ({_human_size(size)}), over the limit of "
        f"{max_bytes} bytes ({_human_size(max_bytes)}); compress or downscale the image"
    )


def _name_violations(name: str) -> list[str]:
    problems: list[str] = []
    if len(name) > MAX_NAME_LENGTH:
        problems.append(
            f"name is {len(name)} characters long; use at most {MAX_NAME_LENGTH} characters"
        )
    for i, ch in enumerate(name):
        if 0xD800 <= ord(ch) <= 0xDFFF:
            problems.append(
                f"name is not valid UTF-8: lone surrogate U+{ord(ch):04X} at position {i}; "
                "send the name as well-formed Unicode text"
            )
            break
    for i, ch in enumerate(name):
        # Line and paragraph separators are rejected with Cc: they split log lines just the same.
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            problems.append(
                f"name contains control character U+{ord(ch):04X} at position {i}; "
                "use printable characters only"
            )
            break
    for i, ch in enumerate(name):
        if ch in "/\\":
            problems.append(
                f"name contains path separator {ch!r} at position {i}; "
                "send a bare file name such as 'receipt-001.jpg', not a path"
            )
            break
    return problems


def validate_image(
    content: bytes,
    declared_format: str | None,
    name: str | None,
    max_bytes: int,
    max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
) -> ValidatedImage:
    """Check one image for CLOVA and return it normalized, or raise ImageValidationError.

    Every rule is checked so the caller learns all problems in one round trip. An empty or
    None `declared_format` is filled in from the content; an empty or None `name` becomes
    DEFAULT_IMAGE_NAME. `max_pixels` bounds width x height as the header declares them.
    """
    violations: list[FieldViolation] = []
    size = len(content)

    declared: str | None = None  # caller's spelling, lowercased; None means "detect"
    if declared_format is not None and declared_format.strip():
        spelled = declared_format.strip().lower()
        if spelled in _CANONICAL:
            declared = spelled
        else:
            violations.append(
                FieldViolation(
                    FIELD_FORMAT,
                    f"format {_quote(declared_format)} is not supported; use one of "
                    f"{_ACCEPTED_TEXT} or leave it empty to detect it from the content",
                )
            )

    detected: str | None = None
    header = ImageHeader(None, None, None)
    if size == 0:
        violations.append(
            FieldViolation(
                FIELD_CONTENT,
                f"image content is empty; send the bytes of one {_KINDS_TEXT} image",
            )
        )
    else:
        if size > max_bytes:
            violations.append(FieldViolation(FIELD_CONTENT, oversize_description(size, max_bytes)))
        detected = detect_format(content)
        if detected is None:
            violations.append(
                FieldViolation(
                    FIELD_CONTENT,
                    f"image content is not a {_KINDS_TEXT} file (it starts with bytes "
                    f"{content[:8].hex(' ')}); send the bytes of one image in a supported format",
                )
            )
        else:
            if declared is not None and _CANONICAL[declared] != detected:
                violations.append(
                    FieldViolation(
                        FIELD_FORMAT,
                        f"format {declared!r} does not match the image content, which is "
                        f"{_DISPLAY[detected]}; set format to {detected!r} or leave it empty",
                    )
                )
            parsed, problem = _check_header(content, detected, max_pixels)
            if parsed is not None:
                header = parsed
            violations.extend(problem)

    final_name = name if name else DEFAULT_IMAGE_NAME
    violations.extend(FieldViolation(FIELD_NAME, p) for p in _name_violations(final_name))

    if violations:
        raise ImageValidationError(violations)
    assert detected is not None  # no violations implies non-empty, recognized content
    return ValidatedImage(
        content=content,
        format=declared if declared is not None else detected,
        name=final_name,
        size_bytes=size,
        detected_format=detected,
        pages=header.pages,
        width=header.width,
        height=header.height,
        orientation=header.orientation,
        lossless=header.lossless,
    )


def _check_header(
    content: bytes, detected: str, max_pixels: int
) -> tuple[ImageHeader | None, list[FieldViolation]]:
    """The header of recognized content, and the violations it causes (structure, pixels,
    pages)."""
    kind = _DISPLAY[detected]
    try:
        header = read_header(content, detected)
    except MalformedImageError as exc:
        return None, [
            FieldViolation(
                FIELD_CONTENT,
                f"image is a malformed {kind}: {exc}; send the complete file, or re-export it "
                f"as {_REEXPORT.get(kind, 'JPEG or PNG')}",
            )
        ]
    violations: list[FieldViolation] = []
    pixels = header.pixels
    if pixels is not None and pixels > max_pixels:
        violations.append(
            FieldViolation(
                FIELD_CONTENT,
                f"image is {header.width}x{header.height} pixels ({pixels / 1e6:.1f} megapixels), "
                f"over this gateway's limit of {max_pixels} pixels "
                f"({max_pixels / 1e6:g} megapixels); downscale it",
            )
        )
    pages = header.pages
    if pages == 0:
        violations.append(
            FieldViolation(
                FIELD_CONTENT,
                f"image is a {kind} with no pages; send a {kind} with exactly one page",
            )
        )
    elif pages is not None and pages > 1:
        at_least = "at least " if pages >= PAGE_COUNT_LIMIT else ""
        violations.append(
            FieldViolation(
                FIELD_CONTENT,
                f"image is a {kind} with {at_least}{pages} pages; the CLOVA Document API reads "
                "one page per request, so split it and send each page separately",
            )
        )
    return header, violations
