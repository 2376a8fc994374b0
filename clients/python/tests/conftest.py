"""Fixtures: the fake gateway (clients/testing/fake_gateway.py) on a background event loop."""

from __future__ import annotations

import asyncio
import struct
import sys
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import clova_ocr_client  # noqa: F401  (first, so the fake can reuse the client's stubs)

TESTING_DIR = Path(__file__).resolve().parents[2] / "testing"
sys.path.insert(0, str(TESTING_DIR))

import fake_gateway  # noqa: E402


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tiny_png() -> bytes:
    """A real 1x1 grayscale PNG."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", ihdr)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + _png_chunk(b"IEND", b"")
    )


class ThreadedFake:
    """FakeGateway served from its own event loop thread, usable from sync and async tests."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.gateway = fake_gateway.FakeGateway()
        self._run(self.gateway.start())

    def _run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    @property
    def target(self) -> str:
        return self.gateway.target

    @property
    def calls(self) -> list[Any]:
        return self.gateway.calls

    def attempts(self, request_id: str) -> int:
        return self.gateway.attempts(request_id)

    def close(self) -> None:
        self._run(self.gateway.stop(None))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture(scope="session")
def _fake_server() -> Iterator[ThreadedFake]:
    fake = ThreadedFake()
    yield fake
    fake.close()


@pytest.fixture
def fake(_fake_server: ThreadedFake) -> ThreadedFake:
    _fake_server.calls.clear()
    return _fake_server


@pytest.fixture
def receipt_file(tmp_path: Path) -> Path:
    path = tmp_path / "receipt.png"
    path.write_bytes(tiny_png())
    return path


@pytest.fixture
def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    return path
