"""The one exception conversion raises, for answers that cannot be turned into a response."""

from __future__ import annotations


class ConversionError(ValueError):
    """CLOVA's answer cannot be converted (e.g. not JSON, no images); `path` says where.

    `path` uses JSON-path-like notation relative to the answer, e.g. "images[0]"; it is ""
    when the answer as a whole is at fault.
    """

    def __init__(self, reason: str, *, path: str) -> None:
        super().__init__(f"{reason} (at {path})" if path else reason)
        self.reason = reason
        self.path = path

    def __reduce__(self) -> tuple[object, ...]:
        # The keyword-only path would otherwise be lost when the error crosses a process.
        return (_rebuild, (self.reason, self.path))


def _rebuild(reason: str, path: str) -> ConversionError:
    return ConversionError(reason, path=path)
