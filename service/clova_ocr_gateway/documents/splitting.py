"""Opens a caller's document and cuts it into pages: PDF and TIFF files into single-page files
of the same format (see pdf.py and tiff.py), anything else as one page left as it is (the
per-page road validates, and converts, it like a unary call's image)."""

from __future__ import annotations

from typing import Protocol

from clova_ocr_gateway.documents.errors import DocumentError
from clova_ocr_gateway.images.validation import detect_format

__all__ = ["Document", "SingleImage", "open_document"]


class Document(Protocol):
    """A document opened for splitting. Methods are CPU work: call them off the event loop,
    one at a time (the PDF library's objects are not thread-safe)."""

    @property
    def kind(self) -> str:
        """ "pdf", "tiff" or "image" (one page sent as it came)."""
        ...

    @property
    def page_count(self) -> int: ...

    def page(self, number: int) -> bytes:
        """Page `number` (1-based) as a file of its own; raises DocumentError."""
        ...

    def close(self) -> None: ...


class SingleImage:
    """A one-page image (JPEG, PNG, or a format the per-page road converts or refuses)."""

    kind = "image"
    page_count = 1

    def __init__(self, data: bytes) -> None:
        self._data = data

    def page(self, number: int) -> bytes:
        if number != 1:
            raise DocumentError(f"an image has one page, not {number}")
        return self._data

    def close(self) -> None:
        """Nothing to release."""


def open_document(data: bytes, *, max_pages: int) -> Document:
    """The document in `data`, with its pages counted; raises DocumentError when it cannot be
    read or has more than `max_pages` pages. CPU work bounded by the size of `data`."""
    detected = detect_format(data)
    if detected == "pdf":
        from clova_ocr_gateway.documents.pdf import PdfDocument

        return PdfDocument(data, max_pages=max_pages)
    if detected == "tiff":
        from clova_ocr_gateway.documents.tiff import TiffDocument

        return TiffDocument(data, max_pages=max_pages)
    return SingleImage(data)
