"""OCR_AUTH_MODE none, optional and required through a real gateway: who the caller is, what is
refused and why; health and reflection never need a credential; x-client-id stops being an
identity once authentication is on."""

from __future__ import annotations

import secrets
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from clova_ocr_gateway.callers.api_keys import key_digest

from .conftest import CapturedLog, StartGateway, receipt_request, refusal, stub
from .issuer import TokenIssuer

KEY = secrets.token_hex(32)


@pytest.fixture
def keys_env(tmp_path: Path) -> dict[str, str]:
    keys = tmp_path / "keys.yaml"
    keys.write_text(f"partner-acme: {key_digest(KEY)}\n")
    return {"OCR_AUTH_API_KEYS_FILE": str(keys)}


async def _call(port: int, metadata: list[tuple[str, str]]) -> str:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        try:
            await stub(channel).RecognizeReceipt(receipt_request(), metadata=metadata, timeout=10)
        except grpc.aio.AioRpcError as exc:
            code, reason, _ = refusal(exc)
            return f"{code.name} {reason}"
    return "OK"


async def test_mode_none_works_as_before_with_x_client_id_as_the_unverified_caller(
    start_auth_gateway: StartGateway, json_log: CapturedLog
) -> None:
    gateway = await start_auth_gateway({})
    assert gateway.auth is not None and gateway.auth.interceptor is None
    assert await _call(gateway.port, [("x-client-id", "batch")]) == "OK"
    # Credentials are not looked at: a garbage token changes nothing.
    assert await _call(gateway.port, [("authorization", "Bearer not.a.token")]) == "OK"
    assert json_log.callers() == ["batch", ""]


async def test_mode_optional_makes_callers_without_credentials_anonymous_and_refuses_bad_ones(
    start_auth_gateway: StartGateway,
    keys_env: dict[str, str],
    jwks_env: dict[str, str],
    issuer: TokenIssuer,
    json_log: CapturedLog,
) -> None:
    gateway = await start_auth_gateway({"OCR_AUTH_MODE": "optional", **keys_env, **jwks_env})
    port = gateway.port
    outcomes = [
        await _call(port, []),
        await _call(port, [("x-client-id", "checkout")]),
        await _call(port, [("x-api-key", KEY), ("x-client-id", "checkout")]),
        await _call(port, [("authorization", f"Bearer {issuer.token('ec-1')}")]),
        await _call(port, [("x-api-key", secrets.token_hex(32))]),
        await _call(port, [("authorization", "Basic dXNlcjpwYXNz")]),
        await _call(port, [("x-api-key", KEY), ("authorization", f"Bearer {KEY}")]),
    ]
    assert outcomes == [
        "OK",
        "OK",
        "OK",
        "OK",
        "UNAUTHENTICATED CREDENTIALS_INVALID",
        "UNAUTHENTICATED CREDENTIALS_INVALID",
        "UNAUTHENTICATED CREDENTIALS_INVALID",
    ]
    # x-client-id is not an identity any more: "checkout" without a credential is anonymous.
    assert json_log.callers() == [
        "anonymous",
        "anonymous",
        "partner-acme",
        "system:serviceaccount:billing:receipt-worker",
    ]


async def test_mode_required_refuses_missing_credentials_but_never_health_or_reflection(
    start_auth_gateway: StartGateway, keys_env: dict[str, str], json_log: CapturedLog
) -> None:
    gateway = await start_auth_gateway({"OCR_AUTH_MODE": "required", **keys_env})
    port = gateway.port
    assert await _call(port, []) == "UNAUTHENTICATED CREDENTIALS_MISSING"
    assert await _call(port, [("x-client-id", "partner-acme")]) == (
        "UNAUTHENTICATED CREDENTIALS_MISSING"
    )
    assert await _call(port, [("x-api-key", KEY), ("x-client-id", "someone-else")]) == "OK"
    assert json_log.callers() == ["partner-acme"]

    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        answer = await health.Check(health_pb2.HealthCheckRequest(service="readiness"), timeout=5)
        assert answer.status == health_pb2.HealthCheckResponse.SERVING
        reflection = reflection_pb2_grpc.ServerReflectionStub(channel)
        replies = reflection.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=5
        )
        names = [s.name async for reply in replies for s in reply.list_services_response.service]
        assert "clova.ocr.document.v1.DocumentOcrService" in names

    rendered = gateway.metrics.render().decode()
    assert 'clova_ocr_auth_failures_total{credential="none",reason="missing"} 2.0' in rendered


async def test_a_refusal_names_no_identity_and_no_key(
    start_auth_gateway: StartGateway, keys_env: dict[str, str]
) -> None:
    gateway = await start_auth_gateway({"OCR_AUTH_MODE": "required", **keys_env})
    wrong = secrets.token_hex(32)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub(channel).RecognizeReceipt(
                receipt_request(), metadata=[("x-api-key", wrong)], timeout=10
            )
    status_bytes = dict(caught.value.trailing_metadata() or ()).get("grpc-status-details-bin")
    assert isinstance(status_bytes, bytes)
    for secret_or_identity in (b"partner-acme", wrong.encode(), KEY.encode()):
        assert secret_or_identity not in status_bytes
    assert refusal(caught.value)[2] == {"credential": "api_key", "check": "key"}
