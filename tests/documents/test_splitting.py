"""Splitting without rasterizing: each page file is a valid one-page document of the same format
holding exactly that page; malformed files are refused with DocumentError, never a crash or a
hang, in bounded time."""

from __future__ import annotations

import io
import struct
import time

import pikepdf
import pytest
from document_samples import marker_of, marker_pdf, marker_tiff, page_pixel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imaging_samples import pdf_with_object_streams, tiny_pdf, tiny_png, tiny_tiff
from PIL import Image

from clova_ocr_gateway.documents.errors import DocumentError
from clova_ocr_gateway.documents.pdf import MAX_PDF_OBJECTS
from clova_ocr_gateway.documents.splitting import Document, open_document

# A malformed file of a few kilobytes is refused in milliseconds; this bound is generous for a
# loaded CI machine and still catches a hang or a quadratic walk.
BOUND_SECONDS = 2.0
PDF = marker_pdf(3)
TIFF = marker_tiff(3)


def split_all(data: bytes, max_pages: int = 100) -> list[bytes]:
    """Every page of `data`, or DocumentError; fails the test on any other exception."""
    document = open_document(data, max_pages=max_pages)
    try:
        return [document.page(n) for n in range(1, document.page_count + 1)]
    finally:
        document.close()


def test_pdf_pages_are_one_page_pdfs_each_with_only_its_own_content() -> None:
    pages = split_all(PDF)
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        with pikepdf.open(io.BytesIO(page)) as pdf:
            assert len(pdf.pages) == 1
            content = pdf.pages[0].Contents.read_bytes()
        assert marker_of(number) in content
        assert [n for n in (1, 2, 3) if marker_of(n) in page] == [number]


def test_pdf_page_keeps_attributes_inherited_from_the_page_tree() -> None:
    # MediaBox on the /Pages node only: a copied page must not lose it.
    with pikepdf.open(io.BytesIO(marker_pdf(2))) as source:
        for page in source.pages:
            del page.obj["/MediaBox"]
        source.Root.Pages.MediaBox = pikepdf.Array([0, 0, 200, 300])
        out = io.BytesIO()
        source.save(out)
    document = open_document(out.getvalue(), max_pages=10)
    with pikepdf.open(io.BytesIO(document.page(2))) as pdf:
        assert [float(v) for v in pdf.pages[0].mediabox] == [0, 0, 200, 300]


def test_pdf_with_object_streams_is_split_too() -> None:
    assert len(split_all(pdf_with_object_streams(4))) == 4


@pytest.mark.parametrize("byteorder", ["II", "MM"])
def test_tiff_pages_are_one_page_tiffs_with_their_own_pixels_and_tags(byteorder: str) -> None:
    pages = split_all(marker_tiff(3, byteorder=byteorder))
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert page[:2] == byteorder.encode()
        with Image.open(io.BytesIO(page)) as image:
            assert getattr(image, "n_frames", 1) == 1
            assert image.getpixel((0, 0)) == page_pixel(number)
            assert image.tag_v2[270].startswith(marker_of(number).decode())


@pytest.mark.parametrize("compression", ["tiff_lzw", "tiff_deflate", "jpeg", "packbits"])
def test_compressed_tiff_pages_are_copied_without_decoding(compression: str) -> None:
    frames = [Image.new("RGB", (40 + 8 * i, 30), (60 * i, 200 - 60 * i, 9)) for i in range(3)]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression=compression)
    original = Image.open(out)
    for number, page in enumerate(split_all(out.getvalue()), start=1):
        original.seek(number - 1)
        with Image.open(io.BytesIO(page)) as image:
            assert image.size == frames[number - 1].size
            assert image.tag_v2[259] == original.tag_v2[259]  # same compression, not re-encoded
            expected = frames[number - 1].getpixel((5, 5))
            got = image.convert("RGB").getpixel((5, 5))
            assert all(abs(a - b) <= 8 for a, b in zip(got, expected, strict=True))


def test_bigtiff_is_split_into_bigtiff_pages() -> None:
    pages = split_all(tiny_tiff(2, bigtiff=True))
    assert len(pages) == 2
    for page in pages:
        assert struct.unpack_from("<H", page, 2)[0] == 43
        assert open_document(page, max_pages=1).page_count == 1


def test_an_image_is_one_page_left_as_it_came() -> None:
    document = open_document(tiny_png(), max_pages=1)
    assert (document.kind, document.page_count, document.page(1)) == ("image", 1, tiny_png())


@pytest.mark.parametrize(
    "data",
    [marker_pdf(5), marker_tiff(5), tiny_pdf(20_000), tiny_tiff(50)],
    ids=["pdf", "tiff", "pdf-20000-pages", "tiff-50-pages"],
)
def test_more_pages_than_the_limit_are_refused_quickly(data: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(DocumentError) as caught:
        open_document(data, max_pages=4)
    assert caught.value.too_many_pages
    assert time.perf_counter() - started < BOUND_SECONDS


def test_lying_page_count_is_refused_as_too_many_pages() -> None:
    # Same length, so the cross-reference offsets still hold and qpdf opens the file: the
    # page tree's /Count (9) is believed over the 3 pages it holds, and refused by the limit.
    with pytest.raises(DocumentError) as caught:
        open_document(PDF.replace(b"/Count 3", b"/Count 9"), max_pages=5)
    assert caught.value.too_many_pages
    # A huge lie (which also shifts every offset) is refused quickly, without walking it.
    started = time.perf_counter()
    with pytest.raises(DocumentError):
        open_document(PDF.replace(b"/Count 3", b"/Count 999999999"), max_pages=100)
    assert time.perf_counter() - started < BOUND_SECONDS


def test_pdf_declaring_too_many_objects_is_refused_before_parsing() -> None:
    data = PDF.replace(b"/Size ", b"/Size %d " % (MAX_PDF_OBJECTS * 10) + b"/Ignored ")
    with pytest.raises(DocumentError, match="objects"):
        open_document(data, max_pages=100)


PAGE_TREE_LOOP = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def tiff_loop() -> bytes:
    data = bytearray(marker_tiff(2))
    first = struct.unpack_from("<I", data, 4)[0]
    entries = struct.unpack_from("<H", data, first)[0]
    link = first + 2 + entries * 12
    second = struct.unpack_from("<I", data, link)[0]
    entries2 = struct.unpack_from("<H", data, second)[0]
    struct.pack_into("<I", data, second + 2 + entries2 * 12, first)  # page 2 links to page 1
    return bytes(data)


def broken_xref(data: bytes) -> bytes:
    at = data.rfind(b"startxref") + len(b"startxref\n")
    return data[:at] + b"7" + data[at:]


@pytest.mark.parametrize(
    "data",
    [
        PAGE_TREE_LOOP,
        broken_xref(PDF),
        PDF[: PDF.rfind(b"xref")],
        b"%PDF-1.7\n",
        tiff_loop(),
        TIFF[:-3],
        b"II*\x00\xff\xff\xff\x7f",
        b"MM\x00*\x00\x00\x00\x08\xff\xff",
    ],
    ids=[
        "page-tree-loop",
        "broken-xref-offset",
        "no-xref",
        "signature-only-pdf",
        "ifd-loop",
        "truncated-tiff",
        "ifd-outside-file",
        "ifd-entries-past-end",
    ],
)
def test_malformed_documents_are_refused(data: bytes) -> None:
    started = time.perf_counter()
    with pytest.raises(DocumentError):
        split_all(data)
    assert time.perf_counter() - started < BOUND_SECONDS


def _never_crashes(data: bytes) -> None:
    started = time.perf_counter()
    document: Document | None = None
    try:
        document = open_document(data, max_pages=100)
        for number in range(1, document.page_count + 1):
            document.page(number)
    except DocumentError:
        pass  # the one way a malformed document may fail
    finally:
        if document is not None:
            document.close()
    assert time.perf_counter() - started < BOUND_SECONDS


_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(cut=st.integers(min_value=len(b"%PDF-"), max_value=len(PDF) - 1))
def test_truncated_pdf_before_its_trailer_is_refused(cut: int) -> None:
    data = PDF[: min(cut, PDF.rfind(b"startxref"))]
    started = time.perf_counter()
    with pytest.raises(DocumentError):
        split_all(data)
    assert time.perf_counter() - started < BOUND_SECONDS


@_FUZZ
@given(cut=st.integers(min_value=4, max_value=len(TIFF) - 1))
def test_truncated_tiff_is_refused(cut: int) -> None:
    with pytest.raises(DocumentError):
        split_all(TIFF[:cut])


@_FUZZ
@given(
    source=st.sampled_from([PDF, TIFF, pdf_with_object_streams(3), tiny_tiff(3, "MM")]),
    flips=st.lists(
        st.tuples(st.floats(min_value=0, max_value=1, exclude_max=True), st.integers(0, 255)),
        min_size=1,
        max_size=12,
    ),
)
def test_corrupted_documents_never_crash_or_hang(
    source: bytes, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(source)
    for where, value in flips:
        data[int(where * len(data))] = value
    _never_crashes(bytes(data))


@_FUZZ
@given(
    count=st.integers(min_value=0, max_value=2**40),
    size=st.integers(min_value=0, max_value=2**40),
)
def test_huge_declared_counts_never_crash_or_hang(count: int, size: int) -> None:
    data = PDF.replace(b"/Count 3", b"/Count %d" % count).replace(b"/Size ", b"/Size %d /X " % size)
    _never_crashes(data)
