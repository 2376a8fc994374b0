"""Tests for clova_ocr_gateway.upstream.body: the answer body is read within its cap while it
arrives, compressed or not, and a decompression bomb is stopped before it expands."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import AsyncIterator, Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clova_ocr_gateway.upstream.body import BodyTooLarge, UnreadableBody, read_body


class Chunks:
    """An async byte stream that counts how much of it was consumed."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = list(chunks)
        self.consumed = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            self.consumed += 1
            yield chunk


def split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [b""]


async def read(
    data: bytes | Chunks,
    *,
    limit: int = 1000,
    encoding: str | None = None,
    length: str | None = None,
) -> bytes:
    chunks = data if isinstance(data, Chunks) else Chunks(split(data, 7))
    return await read_body(chunks, limit=limit, content_encoding=encoding, content_length=length)


async def test_an_identity_body_within_the_cap_is_returned_exactly() -> None:
    body = bytes(range(256)) * 3
    assert await read(body) == body
    assert await read(b"x" * 1000, limit=1000) == b"x" * 1000
    assert await read(b"") == b""


async def test_an_identity_body_past_the_cap_stops_at_the_cap() -> None:
    chunks = Chunks([b"x" * 100] * 50)
    with pytest.raises(BodyTooLarge):
        await read(chunks, limit=1000)
    assert chunks.consumed == 11  # the 11th chunk crossed the cap; the rest was never read


async def test_an_announced_length_past_the_cap_is_refused_before_reading() -> None:
    chunks = Chunks([b"x" * 100])
    with pytest.raises(BodyTooLarge):
        await read(chunks, limit=1000, length="1001")
    assert chunks.consumed == 0
    assert await read(b"x" * 10, length="junk") == b"x" * 10  # unreadable lengths: just count


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("x-gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send
        (" GZIP ", gzip.compress),
    ],
)
async def test_compressed_bodies_are_decoded(encoding: str, compress: object) -> None:
    body = b'{"images": []}' * 20
    assert callable(compress)
    assert await read(compress(body), encoding=encoding) == body


async def test_every_gzip_member_is_read() -> None:
    assert await read(gzip.compress(b"abc") + gzip.compress(b"def"), encoding="gzip") == b"abcdef"


async def test_a_bomb_is_stopped_at_the_cap_without_inflating_the_rest() -> None:
    # 16 MiB of zeros in one member, sent as one chunk: inflating it whole would take 16 MiB.
    bomb = gzip.compress(bytes(16 << 20), compresslevel=1)
    with pytest.raises(BodyTooLarge):
        await read(Chunks([bomb]), limit=4096, encoding="gzip")
    # Many members: the cap counts across them.
    with pytest.raises(BodyTooLarge):
        await read(gzip.compress(bytes(1000)) * 10, limit=4096, encoding="gzip")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"not gzip at all", "gzip"),
        (gzip.compress(b"x" * 100)[:-12], "gzip"),  # truncated before the end marker
        (b"\x00\x01\x02", "deflate"),
        (zlib.compress(b"x") + b"junk", "deflate"),
        (b"{}", "br"),
        (b"{}", "gzip, br"),
    ],
)
async def test_unreadable_encodings_are_refused(data: bytes, encoding: str) -> None:
    with pytest.raises(UnreadableBody):
        await read(data, encoding=encoding)


@settings(max_examples=100, deadline=None)
@given(
    st.binary(max_size=3000),
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=1, max_value=2000),
    st.sampled_from([None, "identity", "gzip", "deflate"]),
)
async def test_any_body_in_any_chunking_is_returned_whole_or_refused_by_size(
    body: bytes, chunk_size: int, limit: int, encoding: str | None
) -> None:
    if encoding == "gzip":
        wire = gzip.compress(body)
    elif encoding == "deflate":
        wire = zlib.compress(body)
    else:
        wire = body
    chunks = Chunks(split(wire, chunk_size))
    if len(body) > limit:
        with pytest.raises(BodyTooLarge):
            await read(chunks, limit=limit, encoding=encoding)
    else:
        assert await read(chunks, limit=limit, encoding=encoding) == body
