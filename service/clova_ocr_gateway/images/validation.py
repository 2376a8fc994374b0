"""Checks an uploaded image before any paid CLOVA call: size, magic bytes, page count, name.

Pure Python on bytes; every problem found becomes a `FieldViolation` on the proto request path so
the gRPC layer can return them all at once as a google.rpc.BadRequest.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

__all__ = [
    "DEFAULT_IMAGE_NAME",
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
    "normalize_format",
    "oversize_description",
    "validate_image",
]

# Field paths of the proto request, as google.rpc.BadRequest.FieldViolation.field expects them.
FIELD_CONTENT: Final = "image.content"
FIELD_FORMAT: Final = "image.format"
FIELD_NAME: Final = "image.name"

# Spellings CLOVA accepts in `images[].format`, mapped to one canonical name per real format.
_CANONICAL: Final[dict[str, str]] = {
    "jpg": "jpg",
    "jpeg": "jpg",
    "png": "png",
    "pdf": "pdf",
    "tif": "tiff",
    "tiff": "tiff",
}
SUPPORTED_FORMATS: Final[tuple[str, ...]] = tuple(_CANONICAL)
_ACCEPTED_TEXT: Final = ", ".join(SUPPORTED_FORMATS)
_DISPLAY: Final[dict[str, str]] = {"jpg": "JPEG", "png": "PNG", "pdf": "PDF", "tiff": "TIFF"}

DEFAULT_IMAGE_NAME: Final = "image"
MAX_NAME_LENGTH: Final = 128

# Counting stops here: the number only feeds an error message, and an adversarial file with
# millions of IFDs or page objects must not cost more than a bounded walk.
PAGE_COUNT_LIMIT: Final = 10_000

_PNG_MAGIC: Final = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC: Final = b"\xff\xd8\xff"
_TIFF_MAGICS: Final = (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")
_PDF_MAGIC: Final = b"%PDF-"
# Acrobat (and most readers) accept the PDF header anywhere in the first 1024 bytes.
_PDF_HEADER_WINDOW: Final = 1024


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


class MalformedImageError(ValueError):
    """The bytes claim a format but their structure is broken (e.g. a TIFF IFD chain loop)."""


@dataclass(frozen=True, slots=True)
class ValidatedImage:
    """An image that passed validation, ready to be sent to CLOVA as one `images[]` entry."""

    content: bytes
    format: str  # what CLOVA receives: the caller's spelling (lowercased) or the detected one
    name: str
    size_bytes: int
    detected_format: str  # canonical: "jpg", "png", "pdf" or "tiff"
    pages: int | None  # None when the page count could not be determined (not a rejection)


def normalize_format(fmt: str | None) -> str | None:
    """Map a format spelling ("JPEG", " tif ") to its canonical name, or None if unsupported."""
    if fmt is None:
        return None
    return _CANONICAL.get(fmt.strip().lower())


def detect_format(data: bytes) -> str | None:
    """Return "jpg", "png", "pdf" or "tiff" from the magic bytes, or None if unrecognized."""
    if data.startswith(_JPEG_MAGIC):
        return "jpg"
    if data.startswith(_PNG_MAGIC):
        return "png"
    if data.startswith(_TIFF_MAGICS):
        return "tiff"
    # Checked last, so a JPEG whose metadata happens to contain "%PDF-" is still a JPEG.
    if data.find(_PDF_MAGIC, 0, _PDF_HEADER_WINDOW + len(_PDF_MAGIC) - 1) >= 0:
        return "pdf"
    return None


def count_pages(data: bytes, fmt: str) -> int | None:
    """Number of pages in `data` read as `fmt` (any supported spelling), capped at PAGE_COUNT_LIMIT.

    JPEG and PNG are one page. TIFF walks the IFD chain and raises MalformedImageError when it
    is broken. PDF is a heuristic and returns None when the count is not readable in plain text
    (e.g. everything inside compressed object streams): unknown is not a reason to reject.
    """
    canonical = normalize_format(fmt)
    if canonical in ("jpg", "png"):
        return 1
    if canonical == "tiff":
        return _tiff_page_count(data)
    if canonical == "pdf":
        return _pdf_page_count(data)
    raise ValueError(f"unsupported format {fmt!r}; expected one of {_ACCEPTED_TEXT}")


# --- TIFF -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _TiffLayout:
    header_size: int
    first_offset_at: int  # where the header stores the first IFD offset
    count: struct.Struct  # number of entries at the start of an IFD
    entry_size: int
    offset: struct.Struct  # IFD offsets: the header's and each IFD's next-IFD link


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
        return _TiffLayout(8, 4, struct.Struct(endian + "H"), 12, struct.Struct(endian + "I"))
    if version != 43:
        raise MalformedImageError(f"the TIFF version is {version}; expected 42 or 43 (BigTIFF)")
    if len(data) < 16:
        raise MalformedImageError(f"the BigTIFF header needs 16 bytes, the file has {len(data)}")
    offset_size, reserved = struct.unpack_from(endian + "HH", data, 4)
    if offset_size != 8 or reserved != 0:
        raise MalformedImageError(
            f"the BigTIFF header declares {offset_size}-byte offsets; only 8 is defined"
        )
    return _TiffLayout(16, 8, struct.Struct(endian + "Q"), 20, struct.Struct(endian + "Q"))


def _tiff_page_count(data: bytes) -> int:
    """Length of the main IFD chain; each IFD is one page (SubIFDs are not part of the chain)."""
    layout = _tiff_layout(data)
    size = len(data)
    offset: int = layout.offset.unpack_from(data, layout.first_offset_at)[0]
    if offset == 0:
        raise MalformedImageError("the TIFF header points to no image directory (IFD offset 0)")
    seen: set[int] = set()
    pages = 0
    while offset != 0:
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
        pages += 1
        if pages >= PAGE_COUNT_LIMIT:
            return PAGE_COUNT_LIMIT
        offset = layout.offset.unpack_from(data, next_at)[0]
    return pages


# --- PDF --------------------------------------------------------------------------------------

# Every repetition is bounded so that no pattern backtracks over megabytes of digits or
# whitespace: each scan stays linear in the file size. 32 whitespace bytes between tokens is far
# more than any PDF writer emits.
_WS: Final = rb"\s{1,32}"
_REF: Final = rb"(\d{1,10})" + _WS + rb"(\d{1,5})" + _WS + rb"R"
_ROOT_RE: Final = re.compile(rb"/Root\s{0,32}" + _REF)
_PAGES_REF_RE: Final = re.compile(rb"/Pages\s{0,32}" + _REF)
_COUNT_RE: Final = re.compile(rb"/Count\s{0,32}(\d{1,10})(?!\d)")
# "/Type /Page" but not "/Type /Pages": a PDF name ends at whitespace or a delimiter.
_PAGE_TYPE_RE: Final = re.compile(rb"/Type\s{0,32}/Page(?=[\s()<>\[\]{}/%]|\Z)")
_OBJ_NUMBER_BEFORE_RE: Final = re.compile(rb"(?<!\d)(\d{1,10})" + _WS + rb"\d{1,5}" + _WS + rb"\Z")
# Caps on how much evidence the heuristic looks at. Real files stay far below them (a trailer
# per incremental update, a few definitions per object); beyond them the file is adversarial
# and the heuristic gives up or reports a lower bound instead of spending CPU.
_MAX_ROOT_CANDIDATES: Final = 16
_MAX_DEFINITIONS: Final = 1_000
_MAX_HEADER_MATCHES: Final = 100_000  # "1 0 obj" also matches inside "11 0 obj", "21 0 obj"...
_MAX_PAGE_TYPE_HITS: Final = 2 * PAGE_COUNT_LIMIT
# An object dictionary is small; never scan further than this for its "endobj".
_MAX_DICT_SCAN: Final = 64 * 1024


def _pdf_page_count(data: bytes) -> int | None:
    count = _pdf_count_from_root(data)
    if count is not None:
        return min(count, PAGE_COUNT_LIMIT)
    objects = _pdf_count_page_objects(data)
    return objects if objects > 0 else None


def _pdf_last_root(data: bytes) -> re.Match[bytes] | None:
    """The trailer's `/Root n g R` nearest the end: the newest after incremental updates."""
    end = len(data)
    for _ in range(_MAX_ROOT_CANDIDATES):
        at = data.rfind(b"/Root", 0, end)
        if at < 0:
            return None
        match = _ROOT_RE.match(data, at)
        if match is not None:
            return match
        end = at
    return None


def _pdf_object_body(data: bytes, number: int, generation: int) -> bytes | None:
    """Text of the last definition of object `number generation` (the newest incremental update)."""
    pattern = re.compile(b"%d" % number + _WS + b"%d" % generation + _WS + rb"obj\b")
    last: re.Match[bytes] | None = None
    definitions = 0
    # The literal prefix keeps the search fast (a lookbehind for "no digit before" would make it
    # ~50x slower), so "12 0 obj" inside "112 0 obj" is matched here and skipped below.
    for seen, match in enumerate(pattern.finditer(data), start=1):
        if seen > _MAX_HEADER_MATCHES:
            return None
        if not data[match.start() - 1 : match.start()].isdigit():
            definitions += 1
            if definitions > _MAX_DEFINITIONS:
                return None
            last = match
    if last is None:
        return None
    end = data.find(b"endobj", last.end(), last.end() + _MAX_DICT_SCAN)
    return data[last.end() : end if end >= 0 else last.end() + _MAX_DICT_SCAN]


def _pdf_count_from_root(data: bytes) -> int | None:
    """`/Count` of the page tree root reached from the trailer's /Root, if all are plain text."""
    root = _pdf_last_root(data)
    if root is None:
        return None
    catalog = _pdf_object_body(data, int(root.group(1)), int(root.group(2)))
    if catalog is None:
        return None
    pages_ref = _PAGES_REF_RE.search(catalog)
    if pages_ref is None:
        return None
    tree = _pdf_object_body(data, int(pages_ref.group(1)), int(pages_ref.group(2)))
    if tree is None:
        return None
    count = _COUNT_RE.search(tree)
    return int(count.group(1)) if count is not None else None


def _pdf_count_page_objects(data: bytes) -> int:
    """Distinct objects typed /Page; an object rewritten by an incremental update counts once."""
    numbered: set[int] = set()
    anonymous = 0  # /Type /Page outside any recognizable "n g obj": counted, cannot be deduped
    current: int | None = None
    segment_start = 0
    for hits, match in enumerate(_PAGE_TYPE_RE.finditer(data), start=1):
        # Only look back to the previous hit, so the total scan stays linear in the file size.
        obj_at = data.rfind(b"obj", segment_start, match.start())
        if obj_at >= 0:
            current = None
            if data[obj_at - 3 : obj_at] != b"end":
                header = _OBJ_NUMBER_BEFORE_RE.search(data, max(segment_start, obj_at - 48), obj_at)
                if header is not None:
                    current = int(header.group(1))
        segment_start = match.end()
        if current is None:
            anonymous += 1
        else:
            numbered.add(current)
        if len(numbered) + anonymous >= PAGE_COUNT_LIMIT:
            return PAGE_COUNT_LIMIT
        if hits >= _MAX_PAGE_TYPE_HITS:
            break  # the count so far is a lower bound; enough to decide on "more than one page"
    return len(numbered) + anonymous


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
) -> ValidatedImage:
    """Check one image for CLOVA and return it normalized, or raise ImageValidationError.

    Every rule is checked so the caller learns all problems in one round trip. An empty or
    None `declared_format` is filled in from the content; an empty or None `name` becomes
    DEFAULT_IMAGE_NAME.
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
    pages: int | None = None
    if size == 0:
        violations.append(
            FieldViolation(
                FIELD_CONTENT,
                "image content is empty; send the bytes of one JPEG, PNG, PDF or TIFF image",
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
                    f"image content is not a JPEG, PNG, PDF or TIFF file (it starts with bytes "
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
            pages, page_violation = _check_pages(content, detected)
            if page_violation is not None:
                violations.append(page_violation)

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
        pages=pages,
    )


def _check_pages(content: bytes, detected: str) -> tuple[int | None, FieldViolation | None]:
    """Page count of recognized content, and the violation it causes, if any."""
    kind = _DISPLAY[detected]
    try:
        pages = count_pages(content, detected)
    except MalformedImageError as exc:
        return None, FieldViolation(
            FIELD_CONTENT,
            f"image is a malformed {kind}: {exc}; re-export it as a single-page {kind}, "
            "JPEG or PNG",
        )
    if pages is None or pages == 1:
        return pages, None
    if pages == 0:
        return pages, FieldViolation(
            FIELD_CONTENT, f"image is a {kind} with no pages; send a {kind} with exactly one page"
        )
    at_least = "at least " if pages >= PAGE_COUNT_LIMIT else ""
    return pages, FieldViolation(
        FIELD_CONTENT,
        f"image is a {kind} with {at_least}{pages} pages; the CLOVA Document API reads one "
        "page per request, so split it and send each page separately",
    )
