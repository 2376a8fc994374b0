"""An httpx transport that sends requests with aiohttp: the httpx client API stays, the HTTP/1.1
work runs on aiohttp's C-accelerated parser and connection pool (benchmarks/serving_bench.py).

aiohttp's failures become the httpx exceptions the client maps through the error table:

    aiohttp                                   httpx                   error-table row
    ConnectionTimeoutError (sock_connect)     ConnectTimeout          UPSTREAM_TIMEOUT
    ServerTimeoutError (sock_read)            ReadTimeout             UPSTREAM_TIMEOUT
    ClientConnectorError (refused, DNS, TLS)  ConnectError            UPSTREAM_CONNECT_FAILED
    InvalidURL                                ConnectError            UPSTREAM_CONNECT_FAILED
    ClientResponseError (bad status line)     RemoteProtocolError     UPSTREAM_CONNECTION_LOST
    ClientPayloadError (body cut short)       RemoteProtocolError     UPSTREAM_CONNECTION_LOST
    any other ClientConnectionError, OSError  ReadError               UPSTREAM_CONNECTION_LOST

httpx-aiohttp (a maintained package doing the same) was not used: it maps every
ClientConnectionError, resets included, to ConnectTimeout (a reset would read as a timeout), and
its timeouts are per read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import aiohttp
import httpx
import yarl

if TYPE_CHECKING:
    from aiohttp.client_proto import ResponseHandler
    from aiohttp.client_reqrep import ConnectionKey

__all__ = ["AiohttpTransport"]

# httpx sets these itself (or the caller does); aiohttp must not add its own.
_SKIP_AUTO_HEADERS = frozenset({"Accept", "Accept-Encoding", "User-Agent", "Content-Type"})
_HTTP11 = {"http_version": b"HTTP/1.1"}
_MAX_CACHED_URLS = 64


@contextmanager
def _mapped_errors() -> Iterator[None]:
    """Re-raise aiohttp's exceptions as httpx's (see the module docstring's table)."""
    try:
        yield
    except aiohttp.ConnectionTimeoutError as exc:
        raise httpx.ConnectTimeout(str(exc)) from exc
    except aiohttp.ServerTimeoutError as exc:
        raise httpx.ReadTimeout(str(exc)) from exc
    except (aiohttp.ClientConnectorError, aiohttp.InvalidURL) as exc:
        raise httpx.ConnectError(str(exc)) from exc
    except (aiohttp.ClientResponseError, aiohttp.ClientPayloadError) as exc:
        raise httpx.RemoteProtocolError(str(exc)) from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise httpx.ReadError(str(exc) or type(exc).__name__) from exc


class _CappedIdleConnector(aiohttp.TCPConnector):
    """A TCPConnector that keeps at most `max_idle` idle connections (httpx's
    max_keepalive_connections); aiohttp itself keeps every released connection until its
    keep-alive expires. Relies on aiohttp 3's `_release`/`_conns`
    (tests/upstream/test_transport.py checks the cap still holds)."""

    def __init__(self, *, max_idle: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._max_idle = max_idle

    def _release(
        self, key: ConnectionKey, protocol: ResponseHandler, *, should_close: bool = False
    ) -> None:
        idle = sum(len(pool) for pool in self._conns.values())
        super()._release(key, protocol, should_close=should_close or idle >= self._max_idle)


class _ResponseStream(httpx.AsyncByteStream):
    """The body of one aiohttp response, as httpx reads it (raw: aiohttp does not decode)."""

    __slots__ = ("_done", "_response")

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self._done = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        content = self._response.content
        with _mapped_errors():
            while chunk := await content.readany():
                yield chunk
        self._done = True

    async def aclose(self) -> None:
        if self._done:
            self._response.release()  # read to the end: the connection may be reused
        else:
            self._response.close()  # unread bytes left: drop the connection, never read them


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx requests through one aiohttp.ClientSession, created on first use (inside
    the running event loop) and closed by `aclose`.

    No proxies from the environment, no cookies, no redirects, no decompression (the caller
    reads the raw body within its own cap), HTTP/1.1. Of httpx's per-request timeouts, connect
    and read are applied; the caller bounds the whole exchange itself.
    """

    def __init__(
        self, *, max_connections: int, max_keepalive_connections: int, keepalive_expiry: float
    ) -> None:
        self._max_connections = max_connections
        self._max_keepalive = max_keepalive_connections
        self._keepalive_expiry = keepalive_expiry
        self._session: aiohttp.ClientSession | None = None
        # aiohttp's parsed form of each URL sent to (one per domain's invoke URL).
        self._urls: dict[str, yarl.URL] = {}

    def _open(self) -> aiohttp.ClientSession:
        reuse = self._max_keepalive > 0 and self._keepalive_expiry > 0
        connector = _CappedIdleConnector(
            max_idle=self._max_keepalive,
            limit=self._max_connections,
            limit_per_host=0,
            force_close=not reuse,
            keepalive_timeout=self._keepalive_expiry if reuse else None,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,
            auto_decompress=False,
            skip_auto_headers=_SKIP_AUTO_HEADERS,
            timeout=aiohttp.ClientTimeout(total=None),
        )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self._session or self._open()
        timeouts = request.extensions.get("timeout", {})
        # Names as the caller spelled them (multi_items() would lower-case them).
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw]
        try:
            data: Any = request.content
        except httpx.RequestNotRead:
            # A streamed request body: aiohttp sends it chunked.
            data = request.stream
            headers = [(k, v) for k, v in headers if k.lower() != "transfer-encoding"]
        with _mapped_errors():
            response = await session.request(
                request.method,
                self._url(request.url),
                headers=headers,
                data=data or None,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    sock_connect=timeouts.get("connect"),
                    sock_read=timeouts.get("read"),
                ),
            )
        extensions = _HTTP11
        if response.reason:
            extensions = {**_HTTP11, "reason_phrase": response.reason.encode("latin-1", "replace")}
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_ResponseStream(response),
            request=request,
            extensions=extensions,
        )

    def _url(self, url: httpx.URL) -> yarl.URL:
        text = str(url)
        parsed = self._urls.get(text)
        if parsed is None:
            if len(self._urls) >= _MAX_CACHED_URLS:
                self._urls.clear()
            # httpx has already percent-encoded it.
            parsed = self._urls[text] = yarl.URL(text, encoded=True)
        return parsed

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
