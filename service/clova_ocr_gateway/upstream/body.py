"""Reads an upstream answer's body within a byte cap, while it arrives: gzip and deflate are
decoded a bounded piece at a time, so neither a huge body nor a small compressed one that
expands (a decompression bomb) can make the gateway hold more than the cap."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable

__all__ = ["BodyTooLarge", "UnreadableBody", "read_body"]

# Content-Encoding values that mean "not encoded".
_IDENTITY = frozenset({"", "identity"})


class BodyTooLarge(Exception):
    """The body (after decoding) is larger than the cap; reading stopped at the cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the body is larger than {limit} bytes; reading stopped there")
        self.limit = limit


class UnreadableBody(Exception):
    """The body is in an encoding the gateway does not read, or its compressed data is corrupt."""


class _Inflater:
    """Incremental gzip (every member, RFC 1952) or deflate (zlib-wrapped or raw) decoding that
    never produces more than the bytes still allowed."""

    def __init__(self, encoding: str) -> None:
        self._gzip = encoding in ("gzip", "x-gzip")
        self._raw_fallback = not self._gzip  # "deflate" is sent both zlib-wrapped and raw
        self._decoder = self._new()
        self._started = False

    def _new(self) -> zlib._Decompress:
        return zlib.decompressobj(16 + zlib.MAX_WBITS if self._gzip else zlib.MAX_WBITS)

    def feed(self, data: bytes, allowed: int, out: list[bytes]) -> int:
        """Decode `data` into `out`; returns the bytes produced. Produces at most `allowed` + 1
        bytes, so the caller sees the cap exceeded without the rest ever being inflated."""
        produced = 0
        while data:
            try:
                piece = self._decoder.decompress(data, allowed - produced + 1)
            except zlib.error as exc:
                if self._raw_fallback and not self._started:
                    self._raw_fallback = False
                    self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise UnreadableBody(f"corrupt compressed body: {exc}") from None
            self._started = True
            self._raw_fallback = False
            if piece:
                out.append(piece)
                produced += len(piece)
                if produced > allowed:
                    return produced
            if self._decoder.unconsumed_tail:
                data = self._decoder.unconsumed_tail
            elif self._decoder.eof:
                data = self._decoder.unused_data
                if data and self._gzip:
                    self._decoder = self._new()  # the next gzip member
                elif data:
                    raise UnreadableBody("data after the end of the deflate stream")
            else:
                data = b""
        return produced

    def finish(self) -> None:
        if self._started and not self._decoder.eof:
            raise UnreadableBody("the compressed body ends before its end marker")


async def read_body(
    chunks: AsyncIterable[bytes],
    *,
    limit: int,
    content_encoding: str | None,
    content_length: str | None,
) -> bytes:
    """The whole body, decoded, or BodyTooLarge as soon as more than `limit` decoded bytes
    arrive (the rest is not read: the caller must drop the connection), or UnreadableBody."""
    encoding = (content_encoding or "").strip().lower()
    inflater: _Inflater | None = None
    if encoding not in _IDENTITY:
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise UnreadableBody(f"unsupported Content-Encoding {encoding[:40]!r}")
        inflater = _Inflater(encoding)
    elif content_length is not None:
        try:
            announced = int(content_length.strip()[:20])
        except ValueError:
            announced = None
        if announced is not None and announced > limit:
            raise BodyTooLarge(limit)
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        if not chunk:
            continue
        if inflater is None:
            size += len(chunk)
            if size > limit:
                raise BodyTooLarge(limit)
            parts.append(chunk)
        else:
            size += inflater.feed(chunk, limit - size, parts)
            if size > limit:
                raise BodyTooLarge(limit)
    if inflater is not None:
        inflater.finish()
    if len(parts) == 1:
        return parts[0]
    return b"".join(parts)
