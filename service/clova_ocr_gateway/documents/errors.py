"""The one exception of document splitting: the file cannot be read as a document."""

from __future__ import annotations

__all__ = ["DocumentError"]


class DocumentError(ValueError):
    """The document is unreadable, malformed or too large; nothing was sent to CLOVA.

    `too_many_pages` marks the one case the caller can fix without a new file (by asking for
    fewer pages is not enough: the whole document must be opened), so the message can say so.
    """

    def __init__(self, message: str, *, too_many_pages: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_many_pages = too_many_pages
