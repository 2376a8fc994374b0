"""The authentication interceptor on a real grpc.aio server: every handler kind (unary, server
streaming as an async generator or with context.write, client and bidirectional streaming)
sees the established caller through current_caller(), and is never entered when refused."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from clova_ocr_gateway.callers.api_keys import ApiKeyVerifier, key_digest, watch_api_keys
from clova_ocr_gateway.callers.authentication import Authenticator, AuthMode
from clova_ocr_gateway.callers.identity import current_caller
from clova_ocr_gateway.callers.interceptor import AuthenticationInterceptor
from clova_ocr_gateway.observability.interceptors import MetricsAndLoggingInterceptor
from clova_ocr_gateway.observability.metrics import GatewayMetrics

from .conftest import refusal

KEY = secrets.token_hex(32)
entered: list[str] = []


def _who() -> bytes:
    caller = current_caller()
    return f"{caller.id}/{caller.credential.value}".encode()


async def _unary(request: bytes, context: Any) -> bytes:
    entered.append("unary")
    return _who()


async def _server_stream(request: bytes, context: Any) -> AsyncIterator[bytes]:
    entered.append("server_stream")
    for _ in range(2):
        yield _who()


async def _writer(request: bytes, context: Any) -> None:
    entered.append("writer")
    await context.write(_who())


async def _client_stream(requests: AsyncIterator[bytes], context: Any) -> bytes:
    entered.append("client_stream")
    async for _ in requests:
        pass
    return _who()


async def _bidi(requests: AsyncIterator[bytes], context: Any) -> AsyncIterator[bytes]:
    entered.append("bidi")
    async for _ in requests:
        yield _who()


HANDLERS = {
    "Unary": grpc.unary_unary_rpc_method_handler(_unary),
    "ServerStream": grpc.unary_stream_rpc_method_handler(_server_stream),
    "Writer": grpc.unary_stream_rpc_method_handler(_writer),
    "ClientStream": grpc.stream_unary_rpc_method_handler(_client_stream),
    "Bidi": grpc.stream_stream_rpc_method_handler(_bidi),
}


@pytest.fixture
async def channel(tmp_path: Path) -> AsyncIterator[grpc.aio.Channel]:
    keys = tmp_path / "keys.yaml"
    keys.write_text(f'worker: "{key_digest(KEY)}"\n')
    authenticator = Authenticator(AuthMode.REQUIRED, api_keys=ApiKeyVerifier(watch_api_keys(keys)))
    metrics = GatewayMetrics(process_metrics=False)
    server = grpc.aio.server(
        interceptors=[
            MetricsAndLoggingInterceptor(metrics),
            AuthenticationInterceptor(authenticator, metrics),
        ]
    )
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler("t.Echo", HANDLERS)])
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield channel
    await server.stop(0)


async def _answers(
    channel: grpc.aio.Channel, method: str, metadata: Any, *, send: bool = True
) -> list[bytes]:
    path = f"/t.Echo/{method}"
    if method == "Unary":
        return [await channel.unary_unary(path)(b"x", metadata=metadata, timeout=5)]
    if method in ("ServerStream", "Writer"):
        return [m async for m in channel.unary_stream(path)(b"x", metadata=metadata, timeout=5)]
    # Client streams that are refused send nothing: grpc's client can report a request
    # iterator racing the server's early end as INTERNAL instead of the server's status.
    requests = iter([b"a", b"b"]) if send else None
    if method == "ClientStream":
        return [await channel.stream_unary(path)(requests, metadata=metadata, timeout=5)]
    return [m async for m in channel.stream_stream(path)(requests, metadata=metadata, timeout=5)]


@pytest.mark.parametrize("method", list(HANDLERS))
async def test_every_handler_kind_sees_the_authenticated_caller(
    channel: grpc.aio.Channel, method: str
) -> None:
    answers = await _answers(channel, method, [("x-api-key", KEY), ("x-client-id", "spoof")])
    assert answers and set(answers) == {b"worker/api_key"}


@pytest.mark.parametrize("method", list(HANDLERS))
async def test_a_refused_call_never_enters_any_handler_kind(
    channel: grpc.aio.Channel, method: str
) -> None:
    entered.clear()
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await _answers(channel, method, [("x-client-id", "worker")], send=False)
    assert refusal(caught.value)[:2] == (grpc.StatusCode.UNAUTHENTICATED, "CREDENTIALS_MISSING")
    assert entered == []
