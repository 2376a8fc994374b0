"""A real gateway (grpc.aio on 127.0.0.1:0, built-in emulator) started with TLS and
authentication settings, plus helpers to call it with credentials and read the refusals."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.emulator import EmulatorConfig
from clova_ocr_gateway.observability import logs
from clova_ocr_gateway.serving.server import Gateway, start_gateway

from .issuer import ISSUER, TokenIssuer
from .pki import Authority, Issued


def receipt_request() -> service_pb2.RecognizeReceiptRequest:
    from imaging_samples import tiny_png

    return service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=tiny_png()))


def refusal(exc: grpc.aio.AioRpcError) -> tuple[grpc.StatusCode, str, dict[str, str]]:
    """(code, ErrorInfo reason, ErrorInfo metadata) of a failed call; exactly one ErrorInfo."""
    status = rpc_status.from_call(exc)
    assert status is not None, f"no rich status in {exc.code()}: {exc.details()}"
    infos = []
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            infos.append(info)
    assert len(infos) == 1, status
    return exc.code(), infos[0].reason, dict(infos[0].metadata)


class CapturedLog:
    """JSON log lines written by the gateway during a test."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def events(self, name: str) -> list[dict[str, Any]]:
        lines = [json.loads(line) for line in self.stream.getvalue().splitlines() if line.strip()]
        return [line for line in lines if line.get("event") == name]

    def callers(self) -> list[str]:
        """The `caller` of every successful DocumentOcrService call, in order."""
        return [
            line["caller"]
            for line in self.events("rpc_finished")
            if "/clova.ocr.document.v1.DocumentOcrService/" in line.get("method", "")
            and line["grpc_code"] == "OK"
        ]


@pytest.fixture
def json_log() -> Iterator[CapturedLog]:
    captured = CapturedLog()
    logs.configure_logging("json", "INFO", stream=captured.stream)
    try:
        yield captured
    finally:
        logs.reset_logging()
        logs.clear_registered_secret_values()


StartGateway = Callable[..., Awaitable[Gateway]]


@pytest.fixture
async def start_auth_gateway() -> AsyncIterator[StartGateway]:
    """Start gateways with an environment (OCR_* variables); all are stopped at the end."""
    started: list[Gateway] = []

    async def start(env: dict[str, str], **overrides: Any) -> Gateway:
        settings = load_settings(
            {"OCR_SECRET_POLL_SECONDS": "0.05", **env},
            host="127.0.0.1",
            port=0,
            metrics_port=None,
            **overrides,
        )
        gateway = await start_gateway(settings, emulator=EmulatorConfig(port=0))
        started.append(gateway)
        return gateway

    yield start
    for gateway in started:
        await gateway.stop(grace=0.5)


def stub(channel: grpc.aio.Channel) -> service_grpc.DocumentOcrServiceStub:
    return service_grpc.DocumentOcrServiceStub(channel)


def tls_channel(
    port: int,
    ca: bytes,
    client: Issued | None = None,
    *,
    host: str = "localhost",
) -> grpc.aio.Channel:
    """A TLS channel to 127.0.0.1:port verifying the server against `ca` for `host`."""
    credentials = grpc.ssl_channel_credentials(
        root_certificates=ca,
        private_key=client.key_pem if client else None,
        certificate_chain=client.cert_pem if client else None,
    )
    return grpc.aio.secure_channel(
        f"127.0.0.1:{port}",
        credentials,
        options=[("grpc.ssl_target_name_override", host)],
    )


@pytest.fixture(scope="session")
def authority() -> Authority:
    return Authority.create("test-ca")


@pytest.fixture
def issuer() -> TokenIssuer:
    issuer = TokenIssuer()
    issuer.add_rsa("rsa-1")
    issuer.add_ec("ec-1")
    return issuer


@pytest.fixture
def jwks_env(tmp_path: Path, issuer: TokenIssuer) -> dict[str, str]:
    jwks = tmp_path / "jwks.json"
    jwks.write_bytes(issuer.jwks())
    return {"OCR_AUTH_JWKS_FILE": str(jwks), "OCR_AUTH_JWT_ISSUER": ISSUER}
