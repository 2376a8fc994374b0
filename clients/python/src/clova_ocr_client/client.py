"""Sync and asyncio clients of clova.ocr.document.v1.DocumentOcrService."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Final, TypeAlias, cast

import grpc
import grpc.aio

from clova_ocr_client.errors import GatewayError
from clova_ocr_client.formats import (
    DocumentTypeLike,
    detect_format,
    document_type_value,
    image_name,
)
from clova_ocr_client.pb import image_pb2, service_pb2, service_pb2_grpc

__all__ = [
    "DEFAULT_DOCUMENT_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "AsyncClient",
    "BatchItem",
    "Client",
    "TokenFile",
    "connect",
    "connect_async",
    "default_service_config",
    "tls_credentials",
]

DEFAULT_TIMEOUT: Final = 30.0
"""Seconds; the deadline of one call, retries included (same as service_config.json)."""

DEFAULT_DOCUMENT_TIMEOUT: Final = 600.0
"""Seconds; the deadline of a RecognizeDocument or BatchRecognize stream (all its pages)."""

MAX_RECEIVE_MESSAGE_BYTES: Final = 64 * 1024 * 1024
"""Answers with raw_response and many polygons can pass gRPC's default 4 MiB."""


class _Default:
    def __repr__(self) -> str:
        return "<default service config>"


DEFAULT: Final = _Default()
ServiceConfig: TypeAlias = str | Mapping[str, Any] | _Default | None
Metadata: TypeAlias = Sequence[tuple[str, str | bytes]]


def default_service_config() -> str:
    """The recommended gRPC service config shipped with the package (clients/service_config.json):
    retry UNAVAILABLE and RESOURCE_EXHAUSTED, 3 attempts with exponential backoff, 30 s timeout."""
    return (resources.files("clova_ocr_client") / "service_config.json").read_text(encoding="utf-8")


def _options(
    service_config: ServiceConfig, options: Sequence[tuple[str, Any]]
) -> list[tuple[str, Any]]:
    result: list[tuple[str, Any]] = [("grpc.max_receive_message_length", MAX_RECEIVE_MESSAGE_BYTES)]
    if isinstance(service_config, _Default):
        result.append(("grpc.service_config", default_service_config()))
    elif isinstance(service_config, str):
        json.loads(service_config)  # fail early on a typo, not at the first call
        result.append(("grpc.service_config", service_config))
    elif service_config is not None:
        result.append(("grpc.service_config", json.dumps(dict(service_config))))
    overridden = {key for key, _ in options}
    return [o for o in result if o[0] not in overridden] + list(options)


def _read(path: str | os.PathLike[str] | None) -> bytes | None:
    return None if path is None else Path(path).read_bytes()


def tls_credentials(
    ca_file: str | os.PathLike[str] | None = None,
    cert_file: str | os.PathLike[str] | None = None,
    key_file: str | os.PathLike[str] | None = None,
) -> grpc.ChannelCredentials:
    """TLS channel credentials: the gateway verified against `ca_file` (else the system's CAs),
    and with `cert_file` + `key_file` a client certificate for mutual TLS."""
    if (cert_file is None) != (key_file is None):
        raise ValueError("mutual TLS needs both cert_file and key_file")
    return grpc.ssl_channel_credentials(
        root_certificates=_read(ca_file),
        private_key=_read(key_file),
        certificate_chain=_read(cert_file),
    )


def _credentials(
    secure: bool,
    credentials: grpc.ChannelCredentials | None,
    ca_file: str | os.PathLike[str] | None = None,
    cert_file: str | os.PathLike[str] | None = None,
    key_file: str | os.PathLike[str] | None = None,
) -> grpc.ChannelCredentials | None:
    if credentials is not None:
        return credentials
    if secure or ca_file is not None or cert_file is not None or key_file is not None:
        return tls_credentials(ca_file, cert_file, key_file)
    return None


class TokenFile:
    """A bearer token read from a file, e.g. a Kubernetes projected service-account token,
    re-read whenever the file changes (the kubelet rotates it in place)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._seen: tuple[int, int, int] | None = None
        self._token = ""
        self.token()  # fail at construction, not at the first call, if it cannot be read

    def token(self) -> str:
        st = os.stat(self.path)  # follows the ..data symlink of a projected volume
        seen = (st.st_ino, st.st_mtime_ns, st.st_size)
        if seen != self._seen:
            token = self.path.read_text(encoding="utf-8").strip()
            if not token or not all("!" <= ch <= "~" for ch in token):
                raise ValueError(f"{self.path}: expected one printable ASCII token")
            self._token, self._seen = token, seen
        return self._token


def _image(
    content: bytes, image_format: int | None, name: str, filename: str | os.PathLike[str] | None
) -> Any:
    fmt = detect_format(content, filename) if image_format is None else image_format
    return image_pb2.Image(content=content, format=cast(Any, fmt), name=name)


@dataclass(frozen=True)
class BatchItem:
    """One document of a batch_recognize() stream; `item_id` must be unique in the stream and
    comes back on every response of the item."""

    item_id: str
    content: bytes
    document_type: DocumentTypeLike = "receipt"
    image_format: int | None = None
    name: str = ""
    request_id: str | None = None
    include_raw_response: bool = False
    pages: Sequence[int] = ()

    @classmethod
    def from_file(
        cls, item_id: str, path: str | os.PathLike[str], **fields: Any
    ) -> BatchItem:
        """An item read from a file; the format from its bytes or extension, its base name as
        the image name."""
        content = Path(path).read_bytes()
        fields.setdefault("image_format", detect_format(content, path))
        fields.setdefault("name", image_name(path))
        return cls(item_id, content, **fields)

    def to_request(self) -> Any:
        return service_pb2.BatchRecognizeRequest(
            item_id=self.item_id,
            document_type=cast(Any, document_type_value(self.document_type)),
            image=_image(self.content, self.image_format, self.name, None),
            request_id=self.request_id or "",
            include_raw_response=self.include_raw_response,
            pages=list(self.pages),
        )


def _batch_request(item: BatchItem | Any) -> Any:
    return item.to_request() if isinstance(item, BatchItem) else item


class _Base:
    def __init__(
        self,
        client_id: str | None,
        metadata: Metadata,
        token: str | None = None,
        token_file: str | os.PathLike[str] | None = None,
    ) -> None:
        if token is not None and token_file is not None:
            raise ValueError("give the bearer token once: token or token_file")
        self._metadata: list[tuple[str, str | bytes]] = list(metadata)
        if client_id:
            self._metadata.append(("x-client-id", client_id))
        self._token = token
        self._token_file = TokenFile(token_file) if token_file is not None else None

    def _call_metadata(self, metadata: Metadata | None) -> list[tuple[str, str | bytes]]:
        token = self._token_file.token() if self._token_file is not None else self._token
        bearer: list[tuple[str, str | bytes]] = (
            [("authorization", f"Bearer {token}")] if token else []
        )
        return [*bearer, *self._metadata, *(metadata or ())]

    @staticmethod
    def _recognize_request(
        content: bytes,
        document_type: DocumentTypeLike,
        image_format: int | None,
        name: str,
        request_id: str | None,
        include_raw_response: bool,
        filename: str | os.PathLike[str] | None = None,
    ) -> Any:
        return service_pb2.RecognizeRequest(
            document_type=cast(Any, document_type_value(document_type)),
            image=_image(content, image_format, name, filename),
            request_id=request_id or "",
            include_raw_response=include_raw_response,
        )

    @staticmethod
    def _document_request(
        content: bytes,
        document_type: DocumentTypeLike,
        image_format: int | None,
        name: str,
        request_id: str | None,
        include_raw_response: bool,
        pages: Sequence[int],
    ) -> Any:
        return service_pb2.RecognizeDocumentRequest(
            document_type=cast(Any, document_type_value(document_type)),
            image=_image(content, image_format, name, None),
            request_id=request_id or "",
            include_raw_response=include_raw_response,
            pages=list(pages),
        )

    @staticmethod
    def _receipt_request(
        content: bytes,
        image_format: int | None,
        name: str,
        request_id: str | None,
        include_raw_response: bool,
    ) -> Any:
        return service_pb2.RecognizeReceiptRequest(
            image=_image(content, image_format, name, None),
            request_id=request_id or "",
            include_raw_response=include_raw_response,
        )


class Client(_Base):
    """A blocking client. Every failed call raises GatewayError.

    >>> with connect("127.0.0.1:50051") as client:
    ...     response = client.recognize_file("receipt.jpg")
    ...     print(response.receipt.result.total_price.price.formatted.value)
    """

    def __init__(
        self,
        target: str,
        *,
        secure: bool = False,
        credentials: grpc.ChannelCredentials | None = None,
        service_config: ServiceConfig = DEFAULT,
        client_id: str | None = None,
        metadata: Metadata = (),
        options: Sequence[tuple[str, Any]] = (),
        ca_file: str | os.PathLike[str] | None = None,
        cert_file: str | os.PathLike[str] | None = None,
        key_file: str | os.PathLike[str] | None = None,
        token: str | None = None,
        token_file: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__(client_id, metadata, token, token_file)
        creds = _credentials(secure, credentials, ca_file, cert_file, key_file)
        opts = _options(service_config, options)
        self.target = target
        self.channel: grpc.Channel = (
            grpc.secure_channel(target, creds, opts)
            if creds is not None
            else grpc.insecure_channel(target, opts)
        )
        self.stub = service_pb2_grpc.DocumentOcrServiceStub(self.channel)

    def _invoke(
        self, method: Any, request: Any, timeout: float | None, metadata: Metadata | None
    ) -> Any:
        try:
            return method(request, timeout=timeout, metadata=self._call_metadata(metadata))
        except grpc.RpcError as exc:
            raise GatewayError.from_rpc_error(exc) from exc

    def recognize(
        self,
        image: bytes,
        document_type: DocumentTypeLike = "receipt",
        *,
        image_format: int | None = None,
        name: str = "",
        request_id: str | None = None,
        include_raw_response: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        metadata: Metadata | None = None,
    ) -> Any:
        """Recognize (any document type); returns a RecognizeResponse (result in its oneof)."""
        request = self._recognize_request(
            image, document_type, image_format, name, request_id, include_raw_response
        )
        return self._invoke(self.stub.Recognize, request, timeout, metadata)

    def recognize_receipt(
        self,
        image: bytes,
        *,
        image_format: int | None = None,
        name: str = "",
        request_id: str | None = None,
        include_raw_response: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        metadata: Metadata | None = None,
    ) -> Any:
        """RecognizeReceipt; returns a RecognizeReceiptResponse."""
        request = self._receipt_request(image, image_format, name, request_id, include_raw_response)
        return self._invoke(self.stub.RecognizeReceipt, request, timeout, metadata)

    def recognize_file(
        self,
        path: str | os.PathLike[str],
        document_type: DocumentTypeLike = "receipt",
        request_id: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        *,
        include_raw_response: bool = False,
        metadata: Metadata | None = None,
    ) -> Any:
        """Recognize an image file; the format comes from its magic bytes, else its extension."""
        content = Path(path).read_bytes()
        request = self._recognize_request(
            content, document_type, None, image_name(path), request_id, include_raw_response, path
        )
        return self._invoke(self.stub.Recognize, request, timeout, metadata)

    def recognize_document(
        self,
        document: bytes,
        document_type: DocumentTypeLike = "receipt",
        *,
        image_format: int | None = None,
        name: str = "",
        request_id: str | None = None,
        include_raw_response: bool = False,
        pages: Sequence[int] = (),
        timeout: float | None = DEFAULT_DOCUMENT_TIMEOUT,
        metadata: Metadata | None = None,
    ) -> Iterator[Any]:
        """RecognizeDocument: every page (or `pages`, 1-based) of a PDF, TIFF or image; yields a
        RecognizeDocumentResponse per page as it finishes (any order). A page's failure is in
        its `status` (GatewayError.from_status); the stream's failure (the document refused, or
        an error that concerns every page) raises GatewayError."""
        request = self._document_request(
            document, document_type, image_format, name, request_id, include_raw_response, pages
        )
        call = self.stub.RecognizeDocument(
            request, timeout=timeout, metadata=self._call_metadata(metadata)
        )
        try:
            yield from call
        except grpc.RpcError as exc:
            raise GatewayError.from_rpc_error(exc) from exc
        finally:
            call.cancel()  # no-op once finished; stops the pages when the caller stops early

    def batch_recognize(
        self,
        items: Iterable[BatchItem | Any],
        *,
        timeout: float | None = DEFAULT_DOCUMENT_TIMEOUT,
        metadata: Metadata | None = None,
    ) -> Iterator[Any]:
        """BatchRecognize: send `items` (BatchItem or BatchRecognizeRequest), read lazily as the
        gateway takes them; yields a BatchRecognizeResponse per page as pages finish, with
        page_number 0 for an item that failed as a whole. Raises GatewayError when the stream
        ends on an error that concerns every item."""
        call = self.stub.BatchRecognize(
            (_batch_request(item) for item in items),
            timeout=timeout,
            metadata=self._call_metadata(metadata),
        )
        try:
            yield from call
        except grpc.RpcError as exc:
            raise GatewayError.from_rpc_error(exc) from exc
        finally:
            call.cancel()

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncClient(_Base):
    """An asyncio client (grpc.aio). Every failed call raises GatewayError.

    >>> async with AsyncClient("127.0.0.1:50051") as client:
    ...     response = await client.recognize_file("receipt.jpg")
    """

    def __init__(
        self,
        target: str,
        *,
        secure: bool = False,
        credentials: grpc.ChannelCredentials | None = None,
        service_config: ServiceConfig = DEFAULT,
        client_id: str | None = None,
        metadata: Metadata = (),
        options: Sequence[tuple[str, Any]] = (),
        ca_file: str | os.PathLike[str] | None = None,
        cert_file: str | os.PathLike[str] | None = None,
        key_file: str | os.PathLike[str] | None = None,
        token: str | None = None,
        token_file: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__(client_id, metadata, token, token_file)
        creds = _credentials(secure, credentials, ca_file, cert_file, key_file)
        opts = _options(service_config, options)
        self.target = target
        self.channel: grpc.aio.Channel = (
            grpc.aio.secure_channel(target, creds, opts)
            if creds is not None
            else grpc.aio.insecure_channel(target, opts)
        )
        self.stub = service_pb2_grpc.DocumentOcrServiceStub(self.channel)

    async def _invoke(
        self, method: Any, request: Any, timeout: float | None, metadata: Metadata | None
    ) -> Any:
        try:
            return await method(request, timeout=timeout, metadata=self._call_metadata(metadata))
        except grpc.RpcError as exc:  # grpc.aio.AioRpcError
            raise GatewayError.from_rpc_error(exc) from exc

    async def recognize(
        self,
        image: bytes,
        document_type: DocumentTypeLike = "receipt",
        *,
        image_format: int | None = None,
        name: str = "",
        request_id: str | None = None,
        include_raw_response: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        metadata: Metadata | None = None,
    ) -> Any:
        """Recognize (any document type); returns a RecognizeResponse (result in its oneof)."""
        request = self._recognize_request(
            image, document_type, image_format, name, request_id, include_raw_response
        )
        return await self._invoke(self.stub.Recognize, request, timeout, metadata)

    async def recognize_receipt(
        self,
        image: bytes,
        *,
        image_format: int | None = None,
        name: str = "",
        request_id: str | None = None,
        include_raw_response: bool = False,
        timeout: float | None = DEFAULT_TIMEOUT,
        metadata: Metadata | None = None,
    ) -> Any:
        """RecognizeReceipt; returns a RecognizeReceiptResponse."""
        request = self._receipt_request(image, image_format, name, request_id, include_raw_response)
        return await self._invoke(self.stub.RecognizeReceipt, request, timeout, metadata)

    async def recognize_file(
        self,
        path: str | os.PathLike[str],
        document_type: DocumentTypeLike = "receipt",
        request_id: str | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
        *,
        include_raw_response: bool = False,
        metadata: Metadata | None = None,
    ) -> Any:
        """Recognize an image file; the format comes from its magic bytes, else its extension."""
        content = await asyncio.to_thread(Path(path).read_bytes)
        request = self._recognize_request(
            content, document_type, None, image_name(path), request_id, include_raw_response, path
        )
        return await self._invoke(self.stub.Recognize, request, timeout, metadata)

    async def recognize_document(
        self,
        document: bytes,
        document_type: DocumentTypeLike = "receipt",
        *,
        image_format: int | None = None,
        name: str = "",
        request_id: str | None = None,
        include_raw_response: bool = False,
        pages: Sequence[int] = (),
        timeout: float | None = DEFAULT_DOCUMENT_TIMEOUT,
        metadata: Metadata | None = None,
    ) -> AsyncIterator[Any]:
        """Like Client.recognize_document, as an async iterator (`async for page in ...`)."""
        request = self._document_request(
            document, document_type, image_format, name, request_id, include_raw_response, pages
        )
        call = self.stub.RecognizeDocument(
            request, timeout=timeout, metadata=self._call_metadata(metadata)
        )
        try:
            async for response in call:
                yield response
        except grpc.RpcError as exc:
            raise GatewayError.from_rpc_error(exc) from exc
        finally:
            call.cancel()

    async def batch_recognize(
        self,
        items: Iterable[BatchItem | Any] | AsyncIterable[BatchItem | Any],
        *,
        timeout: float | None = DEFAULT_DOCUMENT_TIMEOUT,
        metadata: Metadata | None = None,
    ) -> AsyncIterator[Any]:
        """Like Client.batch_recognize, as an async iterator; `items` may be async."""

        async def requests() -> AsyncIterator[Any]:
            if isinstance(items, AsyncIterable):
                async for item in items:
                    yield _batch_request(item)
            else:
                for item in items:
                    yield _batch_request(item)

        call = self.stub.BatchRecognize(
            requests(), timeout=timeout, metadata=self._call_metadata(metadata)
        )
        try:
            async for response in call:
                yield response
        except grpc.RpcError as exc:
            raise GatewayError.from_rpc_error(exc) from exc
        finally:
            call.cancel()

    async def close(self) -> None:
        await self.channel.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def connect(
    target: str,
    *,
    secure: bool = False,
    service_config: ServiceConfig = DEFAULT,
    **kwargs: Any,
) -> Client:
    """A blocking Client for `target` ("host:port"): plaintext unless secure=True or a TLS file
    is given (ca_file= to verify the gateway, cert_file= + key_file= for mutual TLS; or pass
    credentials=), with the recommended retry/timeout service config unless service_config is
    given (a JSON string or dict; None for none). token= (a string) or token_file= (re-read
    when it changes) is sent as `authorization: Bearer ...` with every call."""
    return Client(target, secure=secure, service_config=service_config, **kwargs)


def connect_async(
    target: str,
    *,
    secure: bool = False,
    service_config: ServiceConfig = DEFAULT,
    **kwargs: Any,
) -> AsyncClient:
    """Like connect(), for asyncio: returns an AsyncClient."""
    return AsyncClient(target, secure=secure, service_config=service_config, **kwargs)
