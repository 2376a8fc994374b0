"""The HTTP client that calls one CLOVA invoke URL: builds the documented request body
(multipart by default, JSON with base64 when configured) and maps transport failures."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
import orjson

from clova.ocr.document.v1 import clova_api_pb2
from clova_ocr_gateway import errors
from clova_ocr_gateway.config.settings import Settings, UploadMode
from clova_ocr_gateway.images.validation import ValidatedImage

CLOVA_VERSION = "V2"
# A little of the caller's deadline is kept back so the gateway can still answer with a mapped
# DEADLINE_EXCEEDED instead of letting gRPC cut the call off mid-flight.
DEADLINE_MARGIN_SECONDS = 0.02
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


def _multipart_body(message: bytes, image: ValidatedImage) -> tuple[bytes, str]:
    # Built by hand in one join: the image is copied once, with no per-chunk generator overhead.
    boundary = uuid.uuid4().hex
    delimiter = b"--" + boundary.encode()
    filename = image.name.replace('"', "_") + "." + image.format
    body = b"".join(
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
            image.content,
            b"\r\n" + delimiter + b"--\r\n",
        )
    )
    return body, f"multipart/form-data; boundary={boundary}"


def encode_request(request_id: str, image: ValidatedImage, mode: UploadMode) -> tuple[bytes, str]:
    """The HTTP body and content type for one recognition call in the given upload mode."""
    if mode == "json":
        return clova_request_json(
            clova_request(request_id, image, with_data=True)
        ), "application/json"
    message = clova_request_json(clova_request(request_id, image, with_data=False))
    return _multipart_body(message, image)


def build_http_client(
    settings: Settings, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """The one shared AsyncClient: HTTP/1.1, explicit pool and timeouts, no redirects, and no
    proxies from the environment."""
    return httpx.AsyncClient(
        http1=True,
        http2=False,
        follow_redirects=False,
        trust_env=False,
        transport=transport,
        limits=httpx.Limits(
            max_connections=settings.upstream_max_connections,
            max_keepalive_connections=settings.upstream_max_keepalive_connections,
            keepalive_expiry=settings.upstream_keepalive_expiry_seconds,
        ),
        timeout=httpx.Timeout(
            settings.upstream_timeout_seconds, connect=settings.upstream_connect_timeout_seconds
        ),
    )


class UpstreamClient:
    """Sends recognition calls to CLOVA invoke URLs over one shared httpx.AsyncClient."""

    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http

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
    ) -> UpstreamAnswer:
        """POST one image; return the 200 answer or raise errors.UpstreamError via the table.

        Cancelling the awaiting task (the caller cancelled) closes the HTTP request, so CLOVA
        sees the disconnect.
        """
        timeout = self.timeout_for(time_remaining)
        if timeout <= 0:
            raise errors.upstream_error(
                errors.UPSTREAM_TIMEOUT, domain, detail="no time left before the caller's deadline"
            )
        body, content_type = encode_request(request_id, image, self._settings.upload_mode)
        headers = {"X-OCR-SECRET": secret, "Content-Type": content_type}
        if extra_headers:
            headers.update(extra_headers)
        started = time.perf_counter()
        status: int | None = None
        try:
            request = self._http.build_request(
                "POST",
                url,
                content=body,
                headers=headers,
                timeout=httpx.Timeout(
                    timeout, connect=min(timeout, self._settings.upstream_connect_timeout_seconds)
                ),
            )
            # Streamed so a failure while reading the body is told apart from one before the
            # status line: after a 200 the call is billed and must never be retried.
            response = await self._http.send(request, stream=True)
            status = response.status_code
            try:
                await response.aread()
            finally:
                await response.aclose()
        except httpx.TimeoutException as exc:
            raise errors.upstream_error(
                errors.UPSTREAM_TIMEOUT,
                domain,
                http_status=status,
                detail=f"no answer within {timeout:.3f}s",
            ) from exc
        except httpx.ConnectError as exc:
            raise errors.upstream_error(
                errors.CONNECT_FAILED, domain, detail=type(exc).__name__
            ) from exc
        except httpx.TransportError as exc:
            # RemoteProtocolError, ReadError, WriteError and the rest: the connection broke.
            raise errors.upstream_error(
                errors.CONNECTION_LOST, domain, http_status=status, detail=type(exc).__name__
            ) from exc
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise errors.error_for_http_answer(domain, response.status_code, response.content)
        return UpstreamAnswer(
            body=response.content,
            http_status=response.status_code,
            elapsed_seconds=elapsed,
            sent_bytes=len(body),
        )
