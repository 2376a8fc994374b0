"""Header structure checks before any paid call: real files pass with their true size; truncated,
signature-only and lying files are refused; any mutation ends in an answer, never a crash."""

from __future__ import annotations

import contextlib
import struct
import zlib
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imaging_samples import png_chunk, tiny_pdf, tiny_tiff
from photo_samples import document_photo, encode

from clova_ocr_gateway.images.header import MalformedImageError, exif_orientation
from clova_ocr_gateway.images.pdf import pdf_check_structure, pdf_page_count
from clova_ocr_gateway.images.tiff import tiff_directory, tiff_ifd_offsets
from clova_ocr_gateway.images.validation import (
    ImageValidationError,
    detect_format,
    read_header,
    validate_image,
)

MiB = 1024 * 1024
LIMIT = 20 * MiB
PHOTO = document_photo(320, 240)
REAL = {
    "jpg": encode(PHOTO, "JPEG", quality=85),
    "progressive-jpg": encode(PHOTO, "JPEG", quality=85, progressive=True),
    "png": encode(PHOTO, "PNG"),
    "palette-png": encode(PHOTO.convert("P"), "PNG"),
    "tiff": encode(PHOTO, "TIFF"),
    "lzw-tiff": encode(PHOTO, "TIFF", compression="tiff_lzw"),
    "pdf": encode(PHOTO, "PDF"),
}


def _format_of(key: str) -> str:
    return key.rsplit("-", 1)[-1]


def _violations(content: bytes, max_pixels: int = 100_000_000) -> list[str]:
    with pytest.raises(ImageValidationError) as caught:
        validate_image(content, None, "scan", LIMIT, max_pixels)
    return [v.description for v in caught.value.violations]


# --- real files -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(REAL))
def test_real_files_pass_with_their_true_size(key: str) -> None:
    image = validate_image(REAL[key], None, "scan", LIMIT)
    assert image.detected_format == _format_of(key)
    assert image.pages == 1
    if image.detected_format == "pdf":
        assert (image.width, image.height) == (None, None)
    else:
        assert (image.width, image.height) == (320, 240)


def test_exif_orientation_is_read_from_jpeg_and_png() -> None:
    exif = PHOTO.getexif()
    exif[0x0112] = 6
    assert read_header(encode(PHOTO, "JPEG", exif=exif), "jpg").orientation == 6
    assert read_header(encode(PHOTO, "PNG", exif=exif), "png").orientation == 6
    assert read_header(REAL["jpg"], "jpg").orientation == 1


@pytest.mark.parametrize(
    "blob", [b"", b"MM", b"II*\x00\xff\xff\xff\x7f", b"II*\x00\x08\x00\x00\x00"]
)
def test_broken_exif_means_no_rotation_not_an_error(blob: bytes) -> None:
    assert exif_orientation(blob) == 1


# --- refused: signature-only, truncated, lying ------------------------------------------------


def _ihdr_png(width: int, height: int) -> bytes:
    """A structurally complete PNG whose IHDR declares `width` x `height` (CRC correct)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + png_chunk(b"IEND", b"")
    )


def _jpeg_with_size(width: int, height: int) -> bytes:
    data = bytearray(REAL["jpg"])
    at = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def _tiff_with_size(width: int, height: int) -> bytes:
    data = bytearray(tiny_tiff())
    (ifd,) = struct.unpack_from("<I", data, 4)
    for index in range(2):  # ImageWidth, ImageLength: rewrite as LONG
        at = ifd + 2 + 12 * index
        struct.pack_into("<HII", data, at + 2, 4, 1, (width, height)[index])
    return bytes(data)


def _startxref(pdf: bytes, offset: int) -> bytes:
    head, _, tail = pdf.rpartition(b"startxref\n")
    return head + b"startxref\n%d\n" % offset + tail.split(b"\n", 1)[1]


def _cut(key: str, fraction: float) -> bytes:
    data = REAL[key]
    return data[: int(len(data) * fraction)]


REFUSED = [
    # signature only
    pytest.param(b"\xff\xd8\xff", "truncated", id="jpeg-signature-only"),
    pytest.param(b"\xff\xd8\xff\xd9", "FFD9", id="jpeg-soi-eoi"),
    pytest.param(b"\x89PNG\r\n\x1a\n", "signature-only or truncated", id="png-signature-only"),
    pytest.param(b"II*\x00", "8 bytes", id="tiff-signature-only"),
    pytest.param(b"%PDF-1.7\n", "startxref", id="pdf-signature-only"),
    pytest.param(b"%PDF-1.4\n%%EOF\n", "startxref", id="pdf-header-and-eof-only"),
    # truncated
    pytest.param(_cut("jpg", 0.5), "no end-of-image marker", id="jpeg-cut-in-half"),
    pytest.param(REAL["jpg"][:-1], "no end-of-image marker", id="jpeg-without-last-byte"),
    pytest.param(_cut("jpg", 0.01), "truncated", id="jpeg-cut-in-headers"),
    pytest.param(_cut("progressive-jpg", 0.7), "end-of-image", id="progressive-jpeg-cut"),
    pytest.param(_cut("png", 0.5), "truncated", id="png-cut-in-half"),
    pytest.param(REAL["png"][:-12], "without an IEND", id="png-without-iend"),
    pytest.param(REAL["png"][:-1], "truncated", id="png-without-last-byte"),
    pytest.param(_cut("tiff", 0.5), "truncated", id="tiff-cut-in-half"),
    pytest.param(REAL["lzw-tiff"][:-100], "past the end", id="lzw-tiff-cut-in-its-ifd"),
    pytest.param(_cut("pdf", 0.5), "startxref", id="pdf-cut-in-half"),
    pytest.param(_cut("pdf", 0.97), "startxref", id="pdf-cut-before-its-tail"),
    # structure broken
    pytest.param(
        _ihdr_png(1, 1).replace(b"IHDR", b"IHDX"), "13-byte IHDR", id="png-first-chunk-not-ihdr"
    ),
    pytest.param(REAL["png"][:19] + b"\x07" + REAL["png"][20:], "CRC", id="png-ihdr-corrupted"),
    pytest.param(
        _ihdr_png(1, 1)[:24] + b"\x03" + _ihdr_png(1, 1)[25:], "CRC", id="png-bad-depth-bad-crc"
    ),
    pytest.param(
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 3, 2, 0, 0, 0))
        + png_chunk(b"IDAT", b"")
        + png_chunk(b"IEND", b""),
        "colour type 2 with bit depth 3",
        id="png-impossible-depth",
    ),
    pytest.param(
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + png_chunk(b"IEND", b""),
        "no image data",
        id="png-without-idat",
    ),
    pytest.param(_ihdr_png(0, 5), "0x5", id="png-zero-width"),
    pytest.param(_jpeg_with_size(0, 240), "0x240", id="jpeg-zero-width"),
    pytest.param(
        b"\xff\xd8" + b"\xff\xda\x00\x02" + b"\x00" * 10 + b"\xff\xd9",
        "before any frame header",
        id="jpeg-scan-without-frame",
    ),
    pytest.param(
        _startxref(tiny_pdf(1), 20).replace(b"trailer", b"traile_"),
        "not a cross-reference",
        id="pdf-startxref-off-and-no-trailer",
    ),
    # lying dimensions: structure intact, a size no one sends
    pytest.param(_ihdr_png(20_000, 20_000), "400.0 megapixels", id="png-lying-400-mp"),
    pytest.param(_jpeg_with_size(65_000, 65_000), "4225.0 megapixels", id="jpeg-lying-65000"),
    pytest.param(_tiff_with_size(70_000, 70_000), "4900.0 megapixels", id="tiff-lying-70000"),
]


@pytest.mark.parametrize(("content", "fragment"), REFUSED)
def test_broken_or_lying_files_are_refused_with_a_content_violation(
    content: bytes, fragment: str
) -> None:
    descriptions = _violations(content)
    assert any(fragment in d for d in descriptions), descriptions


def test_the_pixel_bound_is_configurable_and_inclusive() -> None:
    assert validate_image(REAL["png"], None, None, LIMIT, max_pixels=320 * 240).width == 320
    [description] = _violations(REAL["png"], max_pixels=320 * 240 - 1)
    assert "320x240 pixels" in description
    assert "limit of 76799 pixels" in description


def test_pdf_with_leading_junk_and_wrong_xref_offset_but_a_trailer_is_accepted() -> None:
    data = b"junk\r\n" + tiny_pdf(1)  # offsets now count from the header, as readers allow
    pdf_check_structure(data)
    pdf_check_structure(_startxref(tiny_pdf(1), 20))  # points nowhere useful; has a trailer
    with pytest.raises(MalformedImageError, match="past the end"):
        pdf_check_structure(_startxref(tiny_pdf(1), 10**9))


def test_pdf_page_tree_loop_is_malformed() -> None:
    looping = tiny_pdf(1).replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]")
    with pytest.raises(MalformedImageError, match="loops back to object 2"):
        pdf_page_count(looping, 100)
    assert any("loops back" in d for d in _violations(looping))


def test_pdf_page_count_walks_kids_and_ignores_a_lying_count() -> None:
    lying = tiny_pdf(3).replace(b"/Count 3", b"/Count 1")
    assert pdf_page_count(lying, 100) == 3


def test_pdf_page_count_is_capped_for_huge_kid_lists() -> None:
    kids = b" ".join(b"3 0 R" for _ in range(500))
    data = tiny_pdf(1).replace(b"/Kids [3 0 R]", b"/Kids [" + kids + b"]")
    assert pdf_page_count(data, 100) == 100


def test_tiff_directories_give_each_page_its_size() -> None:
    data = tiny_tiff(3, "MM")
    offsets = tiff_ifd_offsets(data, 10)
    assert len(offsets) == 3
    assert [(d.width, d.height) for d in map(lambda o: tiff_directory(data, o), offsets)] == [
        (1, 1)
    ] * 3
    assert tiff_ifd_offsets(data, 2) == offsets[:2]


def test_detect_format_is_unchanged_for_the_clova_formats() -> None:
    assert [detect_format(REAL[k]) for k in ("jpg", "png", "tiff", "pdf")] == [
        "jpg",
        "png",
        "tiff",
        "pdf",
    ]


# --- robustness ---------------------------------------------------------------------------------


def _truncations_and_mutations(sample: bytes) -> st.SearchStrategy[bytes]:
    cut = st.integers(0, len(sample)).map(lambda n: sample[:n])
    edits = st.lists(
        st.tuples(st.integers(0, len(sample) - 1), st.integers(0, 255)), min_size=1, max_size=6
    )

    def apply(changes: list[tuple[int, int]]) -> bytes:
        out = bytearray(sample)
        for at, value in changes:
            out[at] = value
        return bytes(out)

    # Mutations near the start hit the headers, where parsers make their decisions.
    head = st.lists(
        st.tuples(st.integers(0, min(len(sample), 400) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=6,
    )
    return st.one_of(cut, edits.map(apply), head.map(apply))


_SMALL = {
    "jpg": encode(document_photo(48, 32), "JPEG"),
    "png": encode(document_photo(48, 32), "PNG"),
    "tiff": encode(document_photo(48, 32), "TIFF"),
    "pdf": encode(document_photo(48, 32), "PDF"),
}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=st.one_of(*(_truncations_and_mutations(sample) for sample in _SMALL.values())),
    max_pixels=st.sampled_from([1, 1_000, 100_000_000]),
)
def test_truncated_or_mutated_files_get_an_answer_never_a_crash(
    content: bytes, max_pixels: int
) -> None:
    try:
        image = validate_image(content, None, None, LIMIT, max_pixels)
    except ImageValidationError as exc:
        assert exc.violations
    else:
        assert image.pages in (1, None)
        if image.width is not None and image.height is not None:
            assert image.width * image.height <= max_pixels


# --- hostile 20 MB inputs: bounded work ---------------------------------------------------------

_TWENTY_MB = 20 * MiB


def _png_of_empty_chunks() -> bytes:
    chunk = png_chunk(b"tEXt", b"")
    return _ihdr_png(1, 1)[:33] + chunk * (_TWENTY_MB // len(chunk))


def _tiff_with_huge_unsorted_ifd() -> bytes:
    entries = 65_535
    body = bytearray(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", entries))
    body += struct.pack("<HHII", 999, 3, 1, 0) * entries + b"\x00\x00\x00\x00"
    return bytes(body)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_png_of_empty_chunks, id="png-of-empty-chunks"),
        pytest.param(lambda: b"\xff\xd8" + b"\xff" * _TWENTY_MB, id="jpeg-of-fill-bytes"),
        pytest.param(
            lambda: b"\xff\xd8" + b"\xff\xfe\x00\x02" * (_TWENTY_MB // 4), id="jpeg-of-comments"
        ),
        pytest.param(
            lambda: REAL["jpg"][:-2] + b"\xff\x00" * (_TWENTY_MB // 2), id="jpeg-without-eoi"
        ),
        pytest.param(_tiff_with_huge_unsorted_ifd, id="tiff-huge-unsorted-ifd"),
        pytest.param(lambda: tiny_tiff(3000), id="tiff-3000-pages"),
        pytest.param(
            lambda: (
                b"%PDF-1.4\n"
                + b"1 0 obj << /Kids [1 0 R] >> endobj\n" * (_TWENTY_MB // 34)
                + b"trailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"
            ),
            id="pdf-of-self-referencing-kids",
        ),
        pytest.param(
            lambda: (
                b"%PDF-1.4\n"
                + b"obj " * (_TWENTY_MB // 4)
                + b"trailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"
            ),
            id="pdf-of-obj-keywords",
        ),
    ],
)
def test_hostile_20_mb_inputs_are_answered(make: Callable[[], bytes]) -> None:
    # No timing assertion (shared machines are noisy): a quadratic scan of 20 MB would run into
    # pytest's timeout instead; benchmarks/imaging_bench.py prints the actual times.
    content = make()
    with contextlib.suppress(ImageValidationError):
        validate_image(content, None, None, 25 * MiB)


# --- the formats the gateway converts -----------------------------------------------------------

CONVERTED = {
    "webp": encode(PHOTO, "WEBP", quality=80),
    "lossless-webp": encode(PHOTO, "WEBP", lossless=True),
    "bmp": encode(PHOTO, "BMP"),
    "gif": encode(PHOTO.convert("P"), "GIF"),
    "heic": encode(PHOTO, "HEIF", quality=60),
}


@pytest.mark.parametrize("key", list(CONVERTED))
def test_converted_formats_are_read_with_their_true_size(key: str) -> None:
    image = validate_image(CONVERTED[key], None, "scan", LIMIT)
    assert image.detected_format == _format_of(key)
    assert (image.width, image.height, image.pages) == (320, 240, 1)
    assert image.lossless == (key in ("lossless-webp", "bmp", "gif"))


def _riff_size_fixed(data: bytes) -> bytes:
    return data[:4] + struct.pack("<I", len(data) - 8) + data[8:]


def _webp_with_canvas(width: int, height: int) -> bytes:
    """A lossless WebP whose VP8L header declares `width` x `height`."""
    data = bytearray(CONVERTED["lossless-webp"])
    at = data.index(b"VP8L") + 8
    bits = struct.unpack_from("<I", data, at + 1)[0] & ~0x0FFFFFFF
    struct.pack_into("<I", data, at + 1, bits | (width - 1) | (height - 1) << 14)
    return bytes(data)


def _bmp_with_size(width: int, height: int) -> bytes:
    data = bytearray(CONVERTED["bmp"])
    struct.pack_into("<ii", data, 18, width, height)
    return bytes(data)


def _gif_with_screen(width: int, height: int) -> bytes:
    data = bytearray(CONVERTED["gif"])
    struct.pack_into("<HH", data, 6, width, height)
    return bytes(data)


def _heic_with_ispe(width: int, height: int) -> bytes:
    data = bytearray(CONVERTED["heic"])
    at = data.index(b"ispe") + 8
    struct.pack_into(">II", data, at, width, height)
    return bytes(data)


CONVERTED_REFUSED = [
    pytest.param(b"RIFF\x00\x00\x00\x00WEBP", "no image chunk", id="webp-signature-only"),
    pytest.param(CONVERTED["webp"][:-100], "truncated", id="webp-truncated"),
    pytest.param(_riff_size_fixed(CONVERTED["webp"][:-100]), "past the end", id="webp-chunk-cut"),
    pytest.param(CONVERTED["bmp"][:30], "inside its info header", id="bmp-cut-in-its-headers"),
    pytest.param(CONVERTED["bmp"][:-10], "truncated", id="bmp-missing-rows"),
    pytest.param(b"GIF89a", "screen header", id="gif-signature-only"),
    pytest.param(CONVERTED["gif"][: len(CONVERTED["gif"]) // 2], "truncated", id="gif-truncated"),
    pytest.param(CONVERTED["heic"][:40], "truncated", id="heic-cut-in-its-boxes"),
    pytest.param(
        CONVERTED["heic"][: len(CONVERTED["heic"]) // 2], "truncated", id="heic-cut-in-mdat"
    ),
    pytest.param(_webp_with_canvas(16_000, 16_000), "256.0 megapixels", id="webp-lying-size"),
    pytest.param(_bmp_with_size(50_000, 50_000), "truncated", id="bmp-lying-size-is-truncated"),
    pytest.param(_gif_with_screen(0, 10), "0x10", id="gif-empty-screen"),
    pytest.param(_heic_with_ispe(30_000, 30_000), "900.0 megapixels", id="heic-lying-ispe"),
]


@pytest.mark.parametrize(("content", "fragment"), CONVERTED_REFUSED)
def test_broken_or_lying_converted_formats_are_refused(content: bytes, fragment: str) -> None:
    descriptions = _violations(content)
    assert any(fragment in d for d in descriptions), descriptions


_SMALL_CONVERTED = {
    "webp": encode(document_photo(48, 32), "WEBP"),
    "bmp": encode(document_photo(48, 32), "BMP"),
    "gif": encode(document_photo(48, 32).convert("P"), "GIF"),
    "heic": encode(document_photo(64, 64), "HEIF", quality=50),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.one_of(*(_truncations_and_mutations(s) for s in _SMALL_CONVERTED.values())))
def test_truncated_or_mutated_converted_formats_get_an_answer_never_a_crash(
    content: bytes,
) -> None:
    try:
        image = validate_image(content, None, None, LIMIT)
    except ImageValidationError as exc:
        assert exc.violations
    else:
        assert image.pages == 1
        assert image.width is not None and image.height is not None
