"""Splits a multi-page PDF into single-page PDFs with pikepdf (qpdf): each page is copied with
the objects it uses (content streams, fonts, images) into a new file; nothing is rasterized.

pikepdf was chosen over pypdf by benchmarks/split_bench.py: faster per page, and on malformed
files it fails with one exception type in milliseconds, where pypdf raised six different
exception types (see docs/documents.md). Files are opened strictly (no qpdf repair): a broken
cross-reference table is refused, not silently rebuilt into pages the caller did not send.
"""

from __future__ import annotations

import io
import re
from typing import Final

import pikepdf

from clova_ocr_gateway.documents.errors import DocumentError
from clova_ocr_gateway.images.header import MalformedImageError
from clova_ocr_gateway.images.validation import count_pages

__all__ = ["MAX_PDF_OBJECTS", "PdfDocument"]

# qpdf reads every cross-reference entry when it opens a file, at about 30 µs each from memory:
# 50,000 objects open in about 1.5 s. Real documents of a hundred pages hold a few thousand.
MAX_PDF_OBJECTS: Final = 50_000
_SIZE_RE: Final = re.compile(rb"/Size\s{0,32}(\d{1,12})(?!\d)")
# Only the newest trailers matter; an adversarial file repeating "/Size" must not cost a scan
# per repetition.
_MAX_SIZE_HITS: Final = 64


def _declared_objects(data: bytes) -> int:
    """The most objects any trailer or xref stream declares, or counts of `endobj`, whichever
    is larger: a cheap upper bound of what qpdf would read, taken before it reads anything."""
    largest = data.count(b"endobj")
    end = len(data)
    for _ in range(_MAX_SIZE_HITS):
        at = data.rfind(b"/Size", 0, end)
        if at < 0:
            break
        match = _SIZE_RE.match(data, at)
        if match is not None:
            largest = max(largest, int(match.group(1)))
        end = at
    return largest


class PdfDocument:
    """An opened PDF; `page(n)` writes page n (1-based) as a one-page PDF."""

    kind = "pdf"

    def __init__(self, data: bytes, *, max_pages: int) -> None:
        # Cheap bounded checks first: qpdf's open time grows with the object count, and a file
        # of a million tiny pages must be refused in milliseconds, not after seconds of parsing.
        try:
            estimated = count_pages(data, "pdf")
        except MalformedImageError as exc:  # the image checks' page-tree walk: a loop, say
            raise DocumentError(f"the PDF is malformed: {exc}") from None
        if estimated is not None and estimated > max_pages:
            raise DocumentError(
                f"the PDF has {'at least ' if estimated >= 10_000 else ''}{estimated} pages, "
                f"more than the {max_pages} this gateway reads in one document",
                too_many_pages=True,
            )
        objects = _declared_objects(data)
        if objects > MAX_PDF_OBJECTS:
            raise DocumentError(
                f"the PDF declares {objects} objects, more than the {MAX_PDF_OBJECTS} a document "
                "of this gateway may hold; re-export or split it"
            )
        try:
            self._pdf = pikepdf.open(io.BytesIO(data), attempt_recovery=False)
        except pikepdf.PasswordError:
            raise DocumentError("the PDF is encrypted with a password; send it decrypted") from None
        except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
            raise DocumentError(f"the PDF cannot be read: {_short(exc)}") from None
        try:
            self._pages = self._read_pages(max_pages)
        except BaseException:
            self._pdf.close()
            raise

    def _read_pages(self, max_pages: int) -> list[pikepdf.Page]:
        try:
            root_pages = self._pdf.Root.Pages
            declared = int(root_pages.get("/Count", 0))
            if declared > max_pages:
                raise DocumentError(
                    f"the PDF has {declared} pages, more than the {max_pages} this gateway "
                    "reads in one document",
                    too_many_pages=True,
                )
            pages = list(self._pdf.pages)
        except DocumentError:
            raise
        except (pikepdf.PdfError, AttributeError, KeyError, TypeError, ValueError) as exc:
            raise DocumentError(f"the PDF's page tree cannot be read: {_short(exc)}") from None
        if not pages:
            raise DocumentError("the PDF has no pages")
        if len(pages) > max_pages:
            raise DocumentError(
                f"the PDF has {len(pages)} pages, more than the {max_pages} this gateway reads "
                "in one document",
                too_many_pages=True,
            )
        return pages

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def page(self, number: int) -> bytes:
        """Page `number` (1-based) with everything it references, as a new one-page PDF."""
        try:
            single = pikepdf.new()
            single.pages.append(self._pages[number - 1])
            out = io.BytesIO()
            # Deterministic (no random /ID); streams kept as they came, compressed or not.
            single.save(out, static_id=True, compress_streams=False)
            single.close()
        except (pikepdf.PdfError, ValueError, RuntimeError, TypeError) as exc:
            raise DocumentError(f"page {number} of the PDF cannot be read: {_short(exc)}") from None
        return out.getvalue()

    def close(self) -> None:
        self._pdf.close()


def _short(exc: BaseException, limit: int = 200) -> str:
    """qpdf's message without the stream's repr, shortened: it goes back to the caller."""
    text = str(exc).replace("<_io.BytesIO object>", "").strip(" :")
    text = re.sub(r"<_io\.BytesIO object at 0x[0-9a-f]+>:?\s*", "", text)
    return text if len(text) <= limit else text[:limit] + "..."
