"""Tests for image validation before any paid CLOVA call (clova_ocr_gateway.images.validation)."""

from __future__ import annotations

import contextlib
import struct
import zlib
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imaging_samples import (
    padded_png,
    pdf_with_object_streams,
    png_chunk,
    tiny_jpeg,
    tiny_pdf,
    tiny_png,
    tiny_tiff,
)

from clova_ocr_gateway.images.validation import (
    DEFAULT_IMAGE_NAME,
    MAX_NAME_LENGTH,
    PAGE_COUNT_LIMIT,
    SUPPORTED_FORMATS,
    FieldViolation,
    ImageValidationError,
    MalformedImageError,
    ValidatedImage,
    count_pages,
    detect_format,
    normalize_format,
    validate_image,
)

MiB = 1024 * 1024
LIMIT = 20 * MiB


def violations_of(
    content: bytes,
    declared: str | None = None,
    name: str | None = "scan.jpg",
    max_bytes: int = LIMIT,
) -> list[FieldViolation]:
    with pytest.raises(ImageValidationError) as caught:
        validate_image(content, declared, name, max_bytes)
    return caught.value.violations


# --- samples are what they claim -------------------------------------------------------------


def test_tiny_png_chunks_have_correct_crcs() -> None:
    data = tiny_png()
    at, kinds = 8, []
    while at < len(data):
        (length,) = struct.unpack_from(">I", data, at)
        kind = data[at + 4 : at + 8]
        (crc,) = struct.unpack_from(">I", data, at + 8 + length)
        assert zlib.crc32(data[at + 4 : at + 8 + length]) == crc
        kinds.append(kind)
        at += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


@pytest.mark.parametrize("size", [79, 20_000, MiB])
def test_padded_png_has_exactly_the_requested_size(size: int) -> None:
    data = padded_png(size)
    assert len(data) == size
    assert data.endswith(png_chunk(b"IEND", b""))
    assert validate_image(data, "png", None, LIMIT).size_bytes == size


def test_padded_png_refuses_sizes_below_a_minimal_png() -> None:
    with pytest.raises(ValueError, match="at least"):
        padded_png(10)


def test_tiny_pdf_xref_offsets_point_at_their_objects() -> None:
    data = tiny_pdf(2)
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    assert data[xref_at:].startswith(b"xref\n0 5\n")
    rows = data[xref_at:].split(b"\n")[3:7]
    for number, row in enumerate(rows, start=1):
        assert data[int(row[:10]) :].startswith(b"%d 0 obj" % number)


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(tiny_jpeg(), "jpg", id="jpeg"),
        pytest.param(b"\xff\xd8\xff", "jpg", id="jpeg-magic-only"),
        pytest.param(tiny_png(), "png", id="png"),
        pytest.param(tiny_pdf(), "pdf", id="pdf"),
        pytest.param(b"\r\n\x00junk" + tiny_pdf(), "pdf", id="pdf-after-leading-junk"),
        pytest.param(b"x" * 1019 + b"%PDF-1.7", "pdf", id="pdf-header-starting-at-1019"),
        pytest.param(b"x" * 1024 + b"%PDF-1.7", None, id="pdf-header-after-first-1024-bytes"),
        pytest.param(tiny_tiff(byteorder="II"), "tiff", id="tiff-little-endian"),
        pytest.param(tiny_tiff(byteorder="MM"), "tiff", id="tiff-big-endian"),
        pytest.param(tiny_tiff(byteorder="II", bigtiff=True), "tiff", id="bigtiff-little-endian"),
        pytest.param(tiny_tiff(byteorder="MM", bigtiff=True), "tiff", id="bigtiff-big-endian"),
        pytest.param(tiny_jpeg()[:3] + b"%PDF-" + tiny_jpeg()[3:], "jpg", id="jpeg-mentioning-pdf"),
        pytest.param(b"", None, id="empty"),
        pytest.param(b"\x89PNG", None, id="truncated-png-signature"),
        pytest.param(b"GIF89a\x01\x00\x01\x00", "gif", id="gif"),
        pytest.param(b"GIF87a", "gif", id="gif87a"),
        pytest.param(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp", id="webp"),
        pytest.param(b"RIFF\x00\x00\x00\x00WAVEfmt ", None, id="riff-but-not-webp"),
        pytest.param(b"BM" + bytes(12) + b"\x28\x00\x00\x00", "bmp", id="bmp-info-header"),
        pytest.param(b"BM\x00\x00", None, id="bm-alone-is-not-enough"),
        pytest.param(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heic", id="heic-brand"),
        pytest.param(
            b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", "heic", id="heif-mif1-brand"
        ),
        pytest.param(
            b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isommp41", None, id="mp4-is-not-heif"
        ),
        pytest.param(b"II*", None, id="truncated-tiff-magic"),
        pytest.param(b"hello, world", None, id="text"),
    ],
)
def test_detect_format_recognizes_magic_bytes(data: bytes, expected: str | None) -> None:
    assert detect_format(data) == expected


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("jpg", "jpg"),
        ("jpeg", "jpg"),
        ("JPEG", "jpg"),
        (" png ", "png"),
        ("pdf", "pdf"),
        ("tif", "tiff"),
        ("TIFF", "tiff"),
        ("gif", "gif"),
        ("HEIF", "heic"),
        ("heic", "heic"),
        ("webp", "webp"),
        ("xcf", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_format_treats_jpg_jpeg_and_tif_tiff_as_one_format(
    spelling: str | None, canonical: str | None
) -> None:
    assert normalize_format(spelling) == canonical


def test_supported_formats_are_the_six_clova_spellings() -> None:
    assert set(SUPPORTED_FORMATS) == {"jpg", "jpeg", "png", "pdf", "tif", "tiff"}


# --- page counting ---------------------------------------------------------------------------


def _without_trailer(pdf: bytes) -> bytes:
    """The same objects with no /Root reference, so the page tree cannot be found from it."""
    return pdf.replace(b"/Root", b"/Info")


def _incremental_update(pdf: bytes, body: bytes) -> bytes:
    """Append a rewritten object and a new trailer, as an editor saving in place would."""
    prev = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    at = len(pdf)
    number = int(body.split(b" ", 1)[0])
    return (
        pdf
        + body
        + (
            b"xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n"
            b"trailer\n<< /Size 4 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (number, at, prev, at + len(body))
        )
    )


@pytest.mark.parametrize(
    ("data", "fmt", "expected"),
    [
        pytest.param(tiny_jpeg(), "jpg", 1, id="jpeg"),
        pytest.param(tiny_png(), "png", 1, id="png"),
        pytest.param(tiny_pdf(1), "pdf", 1, id="pdf-1"),
        pytest.param(tiny_pdf(3), "pdf", 3, id="pdf-3"),
        pytest.param(tiny_pdf(0), "pdf", 0, id="pdf-0"),
        pytest.param(b"%PDF-1.4 garbage" + tiny_pdf(2)[8:], "pdf", 2, id="pdf-after-junk"),
        pytest.param(pdf_with_object_streams(1), "pdf", None, id="pdf-object-streams-1"),
        pytest.param(pdf_with_object_streams(4), "pdf", None, id="pdf-object-streams-4"),
        pytest.param(_without_trailer(tiny_pdf(1)), "pdf", 1, id="pdf-no-trailer-1-page-object"),
        pytest.param(_without_trailer(tiny_pdf(5)), "pdf", 5, id="pdf-no-trailer-5-page-objects"),
        pytest.param(
            tiny_pdf(2).replace(b" /Count 2", b""), "pdf", 2, id="pdf-without-count-falls-back"
        ),
        pytest.param(
            _incremental_update(
                tiny_pdf(1),
                b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 90 90] >>\nendobj\n",
            ),
            "pdf",
            1,
            id="pdf-page-rewritten-by-incremental-update",
        ),
        pytest.param(
            _without_trailer(
                _incremental_update(
                    tiny_pdf(1), b"3 0 obj\n<< /Type /Page /MediaBox [0 0 90 90] >>\nendobj\n"
                )
            ),
            "pdf",
            1,
            id="pdf-rewritten-page-object-counted-once",
        ),
        pytest.param(
            _incremental_update(
                tiny_pdf(3),
                b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
            ),
            "pdf",
            1,
            id="pdf-newest-trailer-and-page-tree-win",
        ),
        pytest.param(b"%PDF-1.4\n%%EOF\n", "pdf", None, id="pdf-with-nothing-readable"),
        pytest.param(tiny_tiff(1), "tiff", 1, id="tiff-1"),
        pytest.param(tiny_tiff(2, "MM"), "tif", 2, id="tiff-2-big-endian"),
        pytest.param(tiny_tiff(5, bigtiff=True), "tiff", 5, id="bigtiff-5"),
        pytest.param(tiny_tiff(3, "MM", bigtiff=True), "tiff", 3, id="bigtiff-3-big-endian"),
    ],
)
def test_count_pages(data: bytes, fmt: str, expected: int | None) -> None:
    assert count_pages(data, fmt) == expected


def test_count_pages_counts_page_objects_but_not_the_pages_tree() -> None:
    data = b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R] >> endobj\n"
    data += b"2 0 obj << /Type/Page /Parent 1 0 R >> endobj\n"
    assert count_pages(data, "pdf") == 1


def test_count_pages_rejects_an_unsupported_format_name() -> None:
    with pytest.raises(ValueError, match="xcf"):
        count_pages(tiny_png(), "xcf")


def test_count_pages_stops_at_the_limit_for_huge_tiff_chains() -> None:
    assert count_pages(tiny_tiff(PAGE_COUNT_LIMIT + 5), "tiff") == PAGE_COUNT_LIMIT


# --- malformed TIFF ---------------------------------------------------------------------------


def _with_u32(data: bytes, at: int, value: int, endian: str = "<") -> bytes:
    out = bytearray(data)
    struct.pack_into(endian + "I", out, at, value)
    return bytes(out)


def _first_ifd(data: bytes) -> int:
    return int(struct.unpack_from("<I", data, 4)[0])


def _next_link(data: bytes, ifd_at: int) -> int:
    """Position of the next-IFD offset of the classic little-endian IFD at `ifd_at`."""
    (entries,) = struct.unpack_from("<H", data, ifd_at)
    return ifd_at + 2 + 12 * int(entries)


_ONE = tiny_tiff(1)
_TWO = tiny_tiff(2)

MALFORMED_TIFFS = [
    pytest.param(
        _with_u32(_ONE, _next_link(_ONE, _first_ifd(_ONE)), _first_ifd(_ONE)),
        "loops back",
        id="ifd-points-to-itself",
    ),
    pytest.param(
        _with_u32(
            _TWO,
            _next_link(_TWO, struct.unpack_from("<I", _TWO, _next_link(_TWO, _first_ifd(_TWO)))[0]),
            _first_ifd(_TWO),
        ),
        "loops back",
        id="second-ifd-points-to-first",
    ),
    pytest.param(
        _with_u32(_ONE, 4, len(_ONE) + 100), "outside the file", id="first-offset-past-end"
    ),
    pytest.param(_with_u32(_ONE, 4, 0xFFFFFFFF), "outside the file", id="first-offset-max-u32"),
    pytest.param(_with_u32(_ONE, 4, 2), "outside the file", id="first-offset-inside-header"),
    pytest.param(
        _with_u32(_ONE, _next_link(_ONE, _first_ifd(_ONE)), len(_ONE) + 8),
        "outside the file",
        id="next-offset-past-end",
    ),
    pytest.param(_ONE[: _first_ifd(_ONE) + 20], "runs past the end", id="truncated-ifd"),
    pytest.param(_with_u32(_ONE, 4, 0), "no image directory", id="first-offset-zero"),
    pytest.param(
        _ONE[: _first_ifd(_ONE)] + b"\x00\x00\x00\x00\x00\x00",
        "no entries",
        id="ifd-without-entries",
    ),
    pytest.param(b"II*\x00\x08\x00", "8 bytes", id="header-too-short"),
    pytest.param(b"II+\x00\x04\x00\x00\x00" + bytes(8), "8 is defined", id="bigtiff-bad-offsize"),
    pytest.param(b"II+\x00\x08\x00\x00\x00", "16 bytes", id="bigtiff-header-too-short"),
]


@pytest.mark.parametrize(("data", "reason"), MALFORMED_TIFFS)
def test_count_pages_raises_malformed_for_broken_tiff(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedImageError, match=reason):
        count_pages(data, "tiff")


@pytest.mark.parametrize(("data", "reason"), MALFORMED_TIFFS)
def test_malformed_tiff_is_a_content_violation_not_a_crash(data: bytes, reason: str) -> None:
    [violation] = violations_of(data, "tiff")
    assert violation.field == "image.content"
    assert "malformed TIFF" in violation.description
    assert reason in violation.description


# --- validate_image: accepted ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "declared", "sent_format", "detected"),
    [
        pytest.param(tiny_jpeg(), None, "jpg", "jpg", id="jpeg-detected"),
        pytest.param(tiny_jpeg(), "", "jpg", "jpg", id="jpeg-empty-declared"),
        pytest.param(tiny_jpeg(), "jpeg", "jpeg", "jpg", id="jpeg-declared-jpeg"),
        pytest.param(tiny_jpeg(), "JPG", "jpg", "jpg", id="jpeg-declared-uppercase"),
        pytest.param(tiny_png(), None, "png", "png", id="png-detected"),
        pytest.param(tiny_pdf(), None, "pdf", "pdf", id="pdf-detected"),
        pytest.param(tiny_pdf(), "PDF", "pdf", "pdf", id="pdf-declared"),
        pytest.param(tiny_tiff(), None, "tiff", "tiff", id="tiff-detected"),
        pytest.param(tiny_tiff(), "tif", "tif", "tiff", id="tiff-declared-tif"),
        pytest.param(tiny_tiff(bigtiff=True), "tiff", "tiff", "tiff", id="bigtiff"),
    ],
)
def test_validate_image_accepts_single_page_images(
    data: bytes, declared: str | None, sent_format: str, detected: str
) -> None:
    image = validate_image(data, declared, "scan", LIMIT)
    assert image == ValidatedImage(
        content=data,
        format=sent_format,
        name="scan",
        size_bytes=len(data),
        detected_format=detected,
        pages=1,
        width=None if detected == "pdf" else 1,
        height=None if detected == "pdf" else 1,
        lossless=detected == "png",
    )


def test_validate_image_accepts_pdf_whose_page_count_is_unknown() -> None:
    data = pdf_with_object_streams(3)
    image = validate_image(data, "pdf", None, LIMIT)
    assert image.pages is None
    assert image.format == "pdf"


@pytest.mark.parametrize("name", [None, ""])
def test_validate_image_defaults_a_missing_name(name: str | None) -> None:
    assert validate_image(tiny_png(), None, name, LIMIT).name == DEFAULT_IMAGE_NAME == "image"


@pytest.mark.parametrize(
    "name", ["a" * MAX_NAME_LENGTH, "영수증 2024-01.jpg", "receipt (1).png", "é", "..", "a b"]
)
def test_validate_image_accepts_reasonable_names(name: str) -> None:
    assert validate_image(tiny_png(), None, name, LIMIT).name == name


def test_validate_image_accepts_content_exactly_at_the_limit() -> None:
    data = padded_png(20_000)
    assert validate_image(data, None, None, max_bytes=20_000).size_bytes == 20_000


def test_validated_image_is_frozen() -> None:
    image = validate_image(tiny_png(), None, None, LIMIT)
    with pytest.raises(AttributeError):
        image.name = "other"  # type: ignore[misc]


# --- validate_image: each violation ----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "declared", "name", "max_bytes", "field", "fragments"),
    [
        pytest.param(b"", None, None, LIMIT, "image.content", ["empty", "JPEG"], id="empty"),
        pytest.param(
            padded_png(2_000),
            None,
            None,
            1_000,
            "image.content",
            ["2000 bytes", "limit of 1000 bytes", "compress"],
            id="over-max-bytes",
        ),
        pytest.param(
            tiny_png(),
            "xcf",
            None,
            LIMIT,
            "image.format",
            ["'xcf'", "not supported", "jpg, jpeg, png, pdf, tif, tiff, webp, bmp, gif", "empty"],
            id="unsupported-declared-format",
        ),
        pytest.param(
            tiny_png(),
            "x" * 10_000,
            None,
            LIMIT,
            "image.format",
            ["not supported", "..."],
            id="unsupported-declared-format-is-not-echoed-in-full",
        ),
        pytest.param(
            tiny_jpeg(),
            "png",
            None,
            LIMIT,
            "image.format",
            ["'png'", "does not match", "JPEG", "'jpg'"],
            id="declared-png-but-jpeg",
        ),
        pytest.param(
            tiny_tiff(),
            "pdf",
            None,
            LIMIT,
            "image.format",
            ["'pdf'", "TIFF", "'tiff'"],
            id="declared-pdf-but-tiff",
        ),
        pytest.param(
            b"XCF\x01\x00\x01\x00\x00",
            None,
            None,
            LIMIT,
            "image.content",
            ["not a JPEG, PNG, PDF, TIFF, WebP, BMP, GIF or HEIC/HEIF", "58 43 46 01 00 01 00 00"],
            id="unrecognized-bytes",
        ),
        pytest.param(
            tiny_pdf(3),
            None,
            None,
            LIMIT,
            "image.content",
            ["PDF", "3 pages", "one page per request", "split"],
            id="multi-page-pdf",
        ),
        pytest.param(
            tiny_pdf(0), "pdf", None, LIMIT, "image.content", ["no pages"], id="pdf-without-pages"
        ),
        pytest.param(
            tiny_tiff(2),
            "tiff",
            None,
            LIMIT,
            "image.content",
            ["TIFF", "2 pages", "split"],
            id="multi-page-tiff",
        ),
        pytest.param(
            tiny_tiff(4, "MM", bigtiff=True),
            None,
            None,
            LIMIT,
            "image.content",
            ["TIFF", "4 pages"],
            id="multi-page-bigtiff",
        ),
        pytest.param(
            tiny_tiff(PAGE_COUNT_LIMIT + 1),
            None,
            None,
            LIMIT,
            "image.content",
            [f"at least {PAGE_COUNT_LIMIT} pages"],
            id="tiff-with-absurd-page-count",
        ),
        pytest.param(
            tiny_png(),
            None,
            "a" * (MAX_NAME_LENGTH + 1),
            LIMIT,
            "image.name",
            ["129 characters", "at most 128"],
            id="name-too-long",
        ),
        pytest.param(
            tiny_png(),
            None,
            "scan\n.png",
            LIMIT,
            "image.name",
            ["control character U+000A at position 4"],
            id="name-with-newline",
        ),
        pytest.param(
            tiny_png(), None, "a\x00", LIMIT, "image.name", ["U+0000"], id="name-with-nul"
        ),
        pytest.param(
            tiny_png(), None, "a\x7f", LIMIT, "image.name", ["U+007F"], id="name-with-delete"
        ),
        pytest.param(
            tiny_png(), None, "a\x85", LIMIT, "image.name", ["U+0085"], id="name-with-c1-control"
        ),
        pytest.param(
            tiny_png(),
            None,
            "a\u2028b",
            LIMIT,
            "image.name",
            ["U+2028"],
            id="name-with-line-separator",
        ),
        pytest.param(
            tiny_png(),
            None,
            "scans/a.png",
            LIMIT,
            "image.name",
            ["path separator '/'", "bare file name"],
            id="name-with-slash",
        ),
        pytest.param(
            tiny_png(),
            None,
            "C:\\scans\\a.png",
            LIMIT,
            "image.name",
            ["path separator", "position 2"],
            id="name-with-backslash",
        ),
        pytest.param(
            tiny_png(),
            None,
            "bad\ud800name",
            LIMIT,
            "image.name",
            ["not valid UTF-8", "U+D800"],
            id="name-with-lone-surrogate",
        ),
    ],
)
def test_validate_image_reports_violation(
    content: bytes,
    declared: str | None,
    name: str | None,
    max_bytes: int,
    field: str,
    fragments: list[str],
) -> None:
    [violation] = violations_of(content, declared, name, max_bytes)
    assert violation.field == field
    for fragment in fragments:
        assert fragment in violation.description


def test_validate_image_collects_every_violation_instead_of_stopping_at_the_first() -> None:
    content = tiny_pdf(2) + b"\x00" * 100
    violations = violations_of(content, "png", "dir/na\tme" + "x" * 200, max_bytes=100)
    assert [v.field for v in violations] == [
        "image.content",  # over max_bytes
        "image.format",  # declared png, content is PDF
        "image.content",  # two pages
        "image.name",  # too long
        "image.name",  # control character
        "image.name",  # path separator
    ]


def test_validate_image_reports_unsupported_format_and_empty_content_together() -> None:
    violations = violations_of(b"", "xcf", None)
    assert {v.field for v in violations} == {"image.format", "image.content"}


def test_image_validation_error_message_names_every_field() -> None:
    with pytest.raises(ImageValidationError) as caught:
        validate_image(b"", "xcf", "a/b", LIMIT)
    message = str(caught.value)
    assert "image.content:" in message
    assert "image.format:" in message
    assert "image.name:" in message
    assert isinstance(caught.value, ValueError)


def test_every_violation_description_is_valid_utf8() -> None:
    # Descriptions travel in a protobuf string field, which must be valid UTF-8.
    violations = violations_of(b"\xff\xfe", "\ud800gif", "\ud800/\n" * 50)
    for violation in violations:
        violation.description.encode("utf-8")


# --- robustness -------------------------------------------------------------------------------

_MAGIC_PREFIXES = [
    b"",
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-",
    b"II*\x00",
    b"MM\x00*",
    b"II+\x00",
    b"MM\x00+",
    b"II+\x00\x08\x00\x00\x00",
    b"MM\x00+\x00\x08\x00\x00",
]
_PDF_TOKENS = [
    b"/Root 1 0 R ",
    b"1 0 obj ",
    b"2 0 obj ",
    b"<< /Type /Catalog /Pages 2 0 R >> ",
    b"/Type /Pages ",
    b"/Type /Page ",
    b"/Count 3 ",
    b"endobj\n",
    b"trailer ",
    b"12",
    b" ",
]


def _mutated(sample: bytes) -> st.SearchStrategy[bytes]:
    """`sample` with a few bytes overwritten, so parsers meet almost-valid structure."""
    edits = st.lists(
        st.tuples(st.integers(0, len(sample) - 1), st.integers(0, 255)), min_size=1, max_size=4
    )

    def apply(changes: list[tuple[int, int]]) -> bytes:
        out = bytearray(sample)
        for at, value in changes:
            out[at] = value
        return bytes(out)

    return edits.map(apply)


_ANY_CONTENT = st.one_of(
    st.binary(max_size=256),
    st.builds(lambda p, b: p + b, st.sampled_from(_MAGIC_PREFIXES), st.binary(max_size=256)),
    st.lists(st.sampled_from(_PDF_TOKENS), max_size=30).map(lambda t: b"%PDF-1.4\n" + b"".join(t)),
    _mutated(tiny_tiff(2)),
    _mutated(tiny_tiff(2, "MM", bigtiff=True)),
    _mutated(tiny_pdf(2)),
    _mutated(tiny_png()),
)
_ANY_FORMAT = st.one_of(st.none(), st.sampled_from([*SUPPORTED_FORMATS, "GIF", " "]), st.text())
_ANY_NAME = st.one_of(
    st.none(),
    st.text(st.characters(categories=["Cs", "Cc", "L", "N", "P", "S", "Z"]), max_size=140),
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=_ANY_CONTENT, declared=_ANY_FORMAT, name=_ANY_NAME, max_bytes=st.integers(0, 512))
def test_validate_image_only_returns_an_image_or_raises_validation_error(
    content: bytes, declared: str | None, name: str | None, max_bytes: int
) -> None:
    try:
        image = validate_image(content, declared, name, max_bytes)
    except ImageValidationError as exc:
        assert exc.violations
        assert all(
            v.field in ("image.content", "image.format", "image.name") for v in exc.violations
        )
    else:
        assert image.size_bytes == len(content) <= max_bytes
        assert image.detected_format == detect_format(content)
        assert normalize_format(image.format) == image.detected_format
        assert image.pages in (1, None)


# --- speed ------------------------------------------------------------------------------------

_TWENTY_MB = 20 * MiB


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: padded_png(_TWENTY_MB), id="png"),
        pytest.param(
            lambda: tiny_pdf(1)[:-6] + b"x" * _TWENTY_MB + tiny_pdf(1), id="pdf-with-big-body"
        ),
        pytest.param(lambda: b"%PDF-1.4\n" + b"7" * _TWENTY_MB, id="pdf-of-digits"),
        pytest.param(lambda: b"%PDF-1.4\n/Root 1" + b" " * _TWENTY_MB, id="pdf-of-whitespace"),
        pytest.param(
            lambda: b"%PDF-1.4\n" + b"/Root 1 0 R " * (_TWENTY_MB // 12), id="pdf-of-roots"
        ),
        pytest.param(
            lambda: b"%PDF-1.4\n" + b"11 0 obj " * (_TWENTY_MB // 9) + b"/Root 1 0 R",
            id="pdf-of-near-miss-object-headers",
        ),
        pytest.param(
            lambda: b"%PDF-1.4\n" + b"1 0 obj /Type /Page " * (_TWENTY_MB // 20),
            id="pdf-of-one-page-object-repeated",
        ),
        pytest.param(
            lambda: b"%PDF-1.4\n" + b"/Type /Page " * (_TWENTY_MB // 12), id="pdf-of-page-types"
        ),
    ],
)
def test_validate_image_answers_hostile_20_mb_inputs(make: Callable[[], bytes]) -> None:
    # No timing assertion (shared machines are noisy): a quadratic scan of 20 MB would run into
    # pytest's timeout instead; benchmarks/imaging_bench.py prints the actual times.
    content = make()  # built per test, so the session does not hold 160 MB of samples
    with contextlib.suppress(ImageValidationError):
        validate_image(content, None, None, 25 * MiB)
