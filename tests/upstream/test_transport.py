"""Tests for clova_ocr_gateway.upstream.transport: the aiohttp-backed httpx transport against a
raw HTTP/1.1 server on loopback that misbehaves on purpose. Each aiohttp failure must arrive as
the httpx exception the client maps to the same error-table row as before."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from clova_ocr_gateway.upstream.transport import AiohttpTransport

Reply = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[bool]]


@dataclass
class RawServer:
    """HTTP/1.1 on loopback; `reply` answers each request and says whether to keep the
    connection. Counts connections opened and currently open."""

    reply: Reply
    port: int = 0
    opened: int = 0
    open_now: int = 0
    bodies: list[bytes] = field(default_factory=list)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.opened += 1
        self.open_now += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                self.bodies.append(await reader.readexactly(length))
                if not await self.reply(reader, writer):
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.open_now -= 1
            writer.close()


def ok(body: bytes = b'{"images": []}') -> Reply:
    async def reply(_r: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        await writer.drain()
        return True

    return reply


def reset(_r: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Awaitable[bool]:
    """Half an answer, then a TCP reset (SO_LINGER 0)."""

    async def run() -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
        await writer.drain()
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
        return False

    return run()


def garbage(_r: asyncio.StreamReader, writer: asyncio.StreamWriter) -> Awaitable[bool]:
    async def run() -> bool:
        writer.write(b"SMTP READY\r\n\r\n")
        await writer.drain()
        return False

    return run()


def hang_up(_r: asyncio.StreamReader, _w: asyncio.StreamWriter) -> Awaitable[bool]:
    async def run() -> bool:
        return False  # closes without a status line

    return run()


def silent(_r: asyncio.StreamReader, _w: asyncio.StreamWriter) -> Awaitable[bool]:
    return asyncio.sleep(5, result=False)


def chunked(body: bytes) -> Reply:
    async def reply(_r: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        for i in range(0, len(body), 1000):
            part = body[i : i + 1000]
            writer.write(b"%x\r\n%s\r\n" % (len(part), part))
            await writer.drain()
        writer.write(b"0\r\n\r\n")
        await writer.drain()
        return True

    return reply


@pytest.fixture
async def raw_server() -> AsyncIterator[Callable[[Reply], Awaitable[RawServer]]]:
    servers: list[asyncio.Server] = []

    async def start(reply: Reply) -> RawServer:
        raw = RawServer(reply)
        server = await asyncio.start_server(raw.serve, "127.0.0.1", 0)
        raw.port = server.sockets[0].getsockname()[1]
        servers.append(server)
        return raw

    yield start
    for server in servers:
        server.close()


def client(max_keepalive: int = 20) -> httpx.AsyncClient:
    transport = AiohttpTransport(
        max_connections=10, max_keepalive_connections=max_keepalive, keepalive_expiry=5.0
    )
    return httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(2.0, connect=1.0))


async def test_body_and_headers_arrive_exactly(raw_server: Callable[..., Any]) -> None:
    body = bytes(range(256)) * 40
    for reply in (ok(body), chunked(body)):
        server = await raw_server(reply)
        async with client() as http:
            response = await http.post(
                f"http://127.0.0.1:{server.port}/x",
                content=b"request-bytes",
                headers={"X-OCR-SECRET": "s", "Accept-Encoding": "identity"},
            )
        assert response.status_code == 200
        assert response.content == body
        assert server.bodies == [b"request-bytes"]


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (reset, (httpx.ReadError, httpx.RemoteProtocolError)),
        (garbage, (httpx.RemoteProtocolError,)),
        (hang_up, (httpx.ReadError,)),
        (silent, (httpx.ReadTimeout,)),
    ],
    ids=["reset mid-body", "not HTTP", "closed before the status line", "no answer"],
)
async def test_broken_exchanges_raise_the_httpx_error_of_their_row(
    raw_server: Callable[..., Any], reply: Reply, expected: tuple[type[Exception], ...]
) -> None:
    server = await raw_server(reply)
    async with client() as http:
        with pytest.raises(expected):
            response = await http.post(
                f"http://127.0.0.1:{server.port}/x",
                content=b"{}",
                timeout=httpx.Timeout(0.5, connect=0.5),
            )
            await response.aread()


async def test_a_refused_connection_is_a_connect_error() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    async with client() as http:
        with pytest.raises(httpx.ConnectError):
            await http.post(f"http://127.0.0.1:{port}/x", content=b"{}")


async def test_idle_connections_are_capped_at_max_keepalive(
    raw_server: Callable[..., Any],
) -> None:
    server = await raw_server(ok())
    async with client(max_keepalive=1) as http:
        url = f"http://127.0.0.1:{server.port}/x"
        await asyncio.gather(*(http.post(url, content=b"{}") for _ in range(3)))
        assert server.opened == 3
        for _ in range(100):  # bounded wait for the closes to reach the server
            if server.open_now == 1:
                break
            await asyncio.sleep(0.01)
        assert server.open_now == 1  # one idle connection kept, two closed
        await http.post(url, content=b"{}")
        assert server.opened == 3  # and the kept one is reused


async def test_an_unread_body_drops_the_connection(raw_server: Callable[..., Any]) -> None:
    server = await raw_server(ok(b"x" * (8 << 20)))  # far more than one read takes
    async with client() as http:
        url = f"http://127.0.0.1:{server.port}/x"
        async with http.stream("POST", url, content=b"{}") as response:
            async for _chunk in response.aiter_raw():
                break  # stop reading, as the body cap does
        for _ in range(100):
            if server.open_now == 0:
                break
            await asyncio.sleep(0.01)
        assert server.open_now == 0
