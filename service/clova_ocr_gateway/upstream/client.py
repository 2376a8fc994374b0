"""The HTTP client that calls one CLOVA invoke URL: builds the documented request body
(multipart by default, JSON with base64 when configured), reads the answer within a size cap and
a total time limit, and maps every outcome through the error table."""

from __future__ import annotations

import asyncio
import base64
import datetime
import email.utils
import http.cookiejar
import math
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

import httpx
import orjson

from clova.ocr.document.v1 import clova_api_pb2
from clova_ocr_gateway import errors
from clova_ocr_gateway.config.settings import Settings, UploadMode
from clova_ocr_gateway.images.validation import ValidatedImage
from clova_ocr_gateway.observability import tracing
from clova_ocr_gateway.observability.tracing import AttributeValue, TraceContext
from clova_ocr_gateway.upstream.body import BodyTooLarge, UnreadableBody, read_body
from clova_ocr_gateway.upstream.transport import AiohttpTransport

CLOVA_VERSION = "V2"
# A little of the caller's deadline is kept back so the gateway can still answer with a mapped
# DEADLINE_EXCEEDED instead of letting gRPC cut the call off mid-flight.
DEADLINE_MARGIN_SECONDS = 0.02
# Request bodies at least this large are sent part by part instead of joined into one bytes
# (allocations this large are fresh mmaps in glibc: a join costs a copy and page faults).
STREAMED_BODY_BYTES = 256 * 1024
_MAX_CACHED_URLS = 64
_MIME = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
    "tif": "image/tiff",
    "tiff": "image/tiff",
}


@dataclass(frozen=True, slots=True)
class UpstreamAnswer:
    """A 200 answer from CLOVA: the raw body, for conversion, and what it cost."""

    body: bytes
    http_status: int
    elapsed_seconds: float
    sent_bytes: int


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """An HTTP Retry-After value (delay-seconds or an HTTP-date) in seconds from `now` (epoch
    seconds, default the current time); None when absent or unreadable. Not bounded here."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        # Longer than any sane delay (and int() of thousands of digits is refused): "forever".
        return float(value) if len(value) <= 12 else math.inf
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # an HTTP-date is GMT; obsolete forms may lack the zone
        when = when.replace(tzinfo=datetime.UTC)
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def clova_request(
    request_id: str, image: ValidatedImage, *, with_data: bool
) -> clova_api_pb2.ClovaRequest:
    """The typed CLOVA request body; image data only in JSON mode (multipart sends it apart)."""
    return clova_api_pb2.ClovaRequest(
        version=CLOVA_VERSION,
        request_id=request_id,
        timestamp=int(time.time() * 1000),
        images=[
            clova_api_pb2.ClovaRequestImage(
                format=image.format, name=image.name, data=image.content if with_data else b""
            )
        ],
    )


def clova_request_json(request: clova_api_pb2.ClovaRequest) -> bytes:
    """Render a ClovaRequest with CLOVA's keys; proto JSON would quote the int64 timestamp."""
    images = []
    for image in request.images:
        entry: dict[str, str] = {"format": image.format, "name": image.name}
        if image.data:
            entry["data"] = base64.b64encode(image.data).decode("ascii")
        images.append(entry)
    return orjson.dumps(
        {
            "version": request.version,
            "requestId": request.request_id,
            "timestamp": request.timestamp,
            "images": images,
        }
    )


def _multipart_parts(message: bytes, image: ValidatedImage) -> tuple[list[bytes], str]:
    # Built by hand: the image stays one part of its own, never copied here.
    boundary = uuid.uuid4().hex
    delimiter = b"--" + boundary.encode()
    filename = image.name.replace('"', "_") + "." + image.format
    head = b"".join(
        (
            delimiter + b"\r\n",
            b'Content-Disposition: form-data; name="message"\r\n',
            b"Content-Type: application/json\r\n\r\n",
            message,
            b"\r\n" + delimiter + b"\r\n",
            b'Content-Disposition: form-data; name="file"; filename="'
            + filename.encode("utf-8")
            + b'"\r\n',
            b"Content-Type: "
            + _MIME.get(image.format, "application/octet-stream").encode()
            + b"\r\n\r\n",
        )
    )
    parts = [head, image.content, b"\r\n" + delimiter + b"--\r\n"]
    return parts, f"multipart/form-data; boundary={boundary}"


def encode_request_parts(
    request_id: str, image: ValidatedImage, mode: UploadMode
) -> tuple[list[bytes], str]:
    """The HTTP body of one recognition call as parts to send in order (in multipart mode the
    image is a part of its own, uncopied), and its content type."""
    if mode == "json":
        body = clova_request_json(clova_request(request_id, image, with_data=True))
        return [body], "application/json"
    message = clova_request_json(clova_request(request_id, image, with_data=False))
    return _multipart_parts(message, image)


def encode_request(request_id: str, image: ValidatedImage, mode: UploadMode) -> tuple[bytes, str]:
    """The HTTP body and content type for one recognition call in the given upload mode."""
    parts, content_type = encode_request_parts(request_id, image, mode)
    return b"".join(parts), content_type


async def _sent_in_parts(parts: list[bytes]) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


class _NoCookies(http.cookiejar.CookieJar):
    """A cookie jar that keeps nothing: CLOVA needs no cookies, and an upstream must neither
    grow the gateway's memory nor steer later calls with Set-Cookie. (It also spares httpx's
    per-response cookie parsing.)"""

    def extract_cookies(self, response: object, request: object) -> None:
        return None

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        return None

    def add_cookie_header(self, request: object) -> None:
        return None


def build_http_client(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """The one shared AsyncClient: HTTP/1.1 on the aiohttp transport (unless `transport` is
    given), explicit pool and timeouts, no redirects, no cookies and no proxies from the
    environment."""
    if transport is None:
        transport = AiohttpTransport(
            max_connections=settings.upstream_max_connections,
            max_keepalive_connections=settings.upstream_max_keepalive_connections,
            keepalive_expiry=settings.upstream_keepalive_expiry_seconds,
        )
    return httpx.AsyncClient(
        follow_redirects=False,
        trust_env=False,
        cookies=_NoCookies(),
        transport=transport,
        timeout=httpx.Timeout(
            settings.upstream_timeout_seconds, connect=settings.upstream_connect_timeout_seconds
        ),
    )


class UpstreamClient:
    """Sends recognition calls to CLOVA invoke URLs over one shared httpx.AsyncClient."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http
        self._max_body = settings.max_upstream_response_bytes
        # Parsed invoke URLs (one per domain), so no call parses its URL again.
        self._urls: dict[str, _Target] = {}

    def timeout_for(self, time_remaining: float | None) -> float:
        """The configured upstream timeout, shortened to the caller's remaining deadline."""
        timeout = self._settings.upstream_timeout_seconds
        if time_remaining is not None:
            timeout = min(timeout, time_remaining - DEADLINE_MARGIN_SECONDS)
        return timeout

    async def recognize(
        self,
        *,
        domain: str,
        url: str,
        secret: str,
        request_id: str,
        image: ValidatedImage,
        time_remaining: float | None,
        extra_headers: Mapping[str, str] | None = None,
        trace: TraceContext | None = None,
        attempt: int = 1,
    ) -> UpstreamAnswer:
        """POST one image (one attempt); return the 200 answer or raise errors.UpstreamError via
        the table.

        The whole attempt (connect, send, status line and every body byte) must finish within
        `timeout_for(time_remaining)`; the body is read within OCR_MAX_UPSTREAM_RESPONSE_BYTES.
        Cancelling the awaiting task (the caller cancelled) closes the HTTP request, so CLOVA
        sees the disconnect.

        The attempt is one CLIENT span, a child of `trace` (the RPC's span); its id goes to
        CLOVA as `traceparent`. `attempt` counts from 1 (retries show as resends).
        """
        timeout = self.timeout_for(time_remaining)
        if timeout <= 0:
            raise errors.upstream_error(
                errors.UPSTREAM_TIMEOUT, domain, detail="no time left before the caller's deadline"
            )
        target = self._target(url)
        attributes = target.span_attributes
        if tracing.otel_enabled():
            attributes = {**attributes, "clova_ocr.domain": domain}
            if attempt > 1:
                attributes["http.request.resend_count"] = attempt - 1
        span = tracing.start_client_span("POST", trace, attributes)
        exchange = _Exchange()
        try:
            answer = await self._attempt(
                domain=domain,
                url=target.url,
                secret=secret,
                request_id=request_id,
                image=image,
                time_limit=timeout,
                extra_headers=extra_headers,
                traceparent=span.context.to_traceparent(),
                exchange=exchange,
            )
        except errors.UpstreamError as exc:
            span.finish(exchange.status, exc.reason)
            raise
        except BaseException as exc:
            # Cancelled by the caller (or a bug): the attempt ended without an outcome.
            cancelled = isinstance(exc, asyncio.CancelledError)
            span.finish(exchange.status, "cancelled" if cancelled else type(exc).__name__, exc)
            raise
        span.finish(answer.http_status)
        return answer

    async def _attempt(
        self,
        *,
        domain: str,
        url: httpx.URL,
        secret: str,
        request_id: str,
        image: ValidatedImage,
        time_limit: float,
        extra_headers: Mapping[str, str] | None,
        traceparent: str,
        exchange: _Exchange,
    ) -> UpstreamAnswer:
        """The attempt itself: send, read the answer, map every outcome."""
        parts, content_type = encode_request_parts(request_id, image, self._settings.upload_mode)
        size = sum(len(part) for part in parts)
        content: bytes | AsyncIterator[bytes]
        if size >= STREAMED_BODY_BYTES and len(parts) > 1:
            # Sent part by part with its length announced (never chunked): joining would copy
            # the image once more, and aiohttp on Python < 3.12.9 copies it again to put the
            # headers in front of a single-bytes body.
            content = _sent_in_parts(parts)
        else:
            content = parts[0] if len(parts) == 1 else b"".join(parts)
        headers = {
            "X-OCR-SECRET": secret,
            "Content-Type": content_type,
            "Content-Length": str(size),
            # Compressed answers are refused by asking for none; one that comes compressed
            # anyway is still decoded within the size cap (body.py).
            "Accept-Encoding": "identity",
        }
        if extra_headers:
            headers.update(extra_headers)
        headers["traceparent"] = traceparent
        request = self._http.build_request(
            "POST",
            url,
            content=content,
            headers=headers,
            timeout=httpx.Timeout(
                time_limit, connect=min(time_limit, self._settings.upstream_connect_timeout_seconds)
            ),
        )
        started = time.perf_counter()
        try:
            async with asyncio.timeout(time_limit):
                answer = await self._exchange(request, exchange)
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise errors.upstream_error(
                errors.UPSTREAM_TIMEOUT,
                domain,
                http_status=exchange.status,
                detail=f"no complete answer within {time_limit:.3f}s",
            ) from exc
        except httpx.ConnectError as exc:
            raise errors.upstream_error(
                errors.CONNECT_FAILED, domain, detail=type(exc).__name__
            ) from exc
        except httpx.TransportError as exc:
            # RemoteProtocolError, ReadError, WriteError and the rest: the connection broke.
            raise errors.upstream_error(
                errors.CONNECTION_LOST,
                domain,
                http_status=exchange.status,
                detail=type(exc).__name__,
            ) from exc
        except BodyTooLarge as exc:
            if exchange.status == 200:
                raise errors.upstream_error(
                    errors.RESPONSE_TOO_LARGE, domain, http_status=200, detail=str(exc)
                ) from None
            raise self._error_answer(domain, exchange, b"", detail=str(exc)) from None
        except UnreadableBody as exc:
            if exchange.status == 200:
                raise errors.upstream_error(
                    errors.MALFORMED_SUCCESS, domain, http_status=200, detail=str(exc)
                ) from None
            raise self._error_answer(domain, exchange, b"", detail=str(exc)) from None
        if exchange.status != 200:
            raise self._error_answer(domain, exchange, answer)
        if b"images" not in answer:
            # Every recognition answer has "images": this is an error body sent with HTTP 200
            # (or garbage). Mapped here, inside the attempt, so that admission and the breaker
            # hear a 0025 like any other; garbage is left to conversion to describe.
            clova_error = errors.parse_clova_error(answer, 200)
            if clova_error is not None and clova_error.code:
                raise errors.error_for_success_body(domain, answer, "")
        return UpstreamAnswer(
            body=answer,
            http_status=200,
            elapsed_seconds=time.perf_counter() - started,
            sent_bytes=size,
        )

    def _target(self, url: str) -> _Target:
        target = self._urls.get(url)
        if target is None:
            if len(self._urls) >= _MAX_CACHED_URLS:
                self._urls.clear()
            target = self._urls[url] = _Target.of(url)
        return target

    async def _exchange(self, request: httpx.Request, exchange: _Exchange) -> bytes:
        """Send `request` and read the whole answer body within the size cap."""
        # Streamed: the body is counted while it arrives, and a failure while reading it is
        # told apart from one before the status line (after a 200 the call is billed).
        response = await self._http.send(request, stream=True)
        try:
            exchange.status = response.status_code
            exchange.headers = response.headers
            return await read_body(
                response.aiter_raw(),
                limit=self._max_body,
                content_encoding=response.headers.get("content-encoding"),
                content_length=response.headers.get("content-length"),
            )
        finally:
            # Closing an unfinished body drops the connection instead of reading the rest.
            await response.aclose()

    def _error_answer(
        self, domain: str, exchange: _Exchange, body: bytes, *, detail: str = ""
    ) -> errors.UpstreamError:
        """A non-200 answer through the table, with its Retry-After and redirect target."""
        status = exchange.status or 0
        headers = exchange.headers
        retry_after = retry_after_seconds(headers.get("retry-after")) if headers else None
        if 300 <= status < 400 and headers is not None and not detail:
            location = headers.get("location")
            detail = f"redirected to {location[:200]}" if location else "no Location given"
        return errors.error_for_http_answer(
            domain, status, body, retry_after=retry_after, detail=detail
        )


@dataclass(frozen=True, slots=True)
class _Target:
    """An invoke URL, parsed once, with the attributes its CLIENT spans carry."""

    url: httpx.URL
    span_attributes: Mapping[str, AttributeValue]

    @classmethod
    def of(cls, url: str) -> _Target:
        parsed = httpx.URL(url)
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        # url.full never holds a secret: settings refuse user:password@, queries and fragments
        # in invoke URLs, and the secret travels in X-OCR-SECRET. Dropped here all the same.
        full = str(parsed.copy_with(username=None, password=None, query=None, fragment=None))
        return cls(
            parsed,
            {
                "http.request.method": "POST",
                "server.address": parsed.host,
                "server.port": port,
                "url.full": full,
            },
        )


class _Exchange:
    """What one attempt learned before it ended: the status line and headers, if any."""

    __slots__ = ("headers", "status")

    def __init__(self) -> None:
        self.status: int | None = None
        self.headers: httpx.Headers | None = None
