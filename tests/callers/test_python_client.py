"""The Python client package (clients/python) against a real gateway with mutual TLS and
service-account tokens: TLS files, a client certificate, and a token file re-read when the
kubelet rotates it."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from .conftest import CapturedLog, StartGateway
from .issuer import SUBJECT, TokenIssuer
from .pki import Authority, SecretMount

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python" / "src"))

from clova_ocr_client import AsyncClient, GatewayError, connect


async def test_python_client_connects_with_mutual_tls_and_a_rotating_token_file(
    start_auth_gateway: StartGateway,
    tmp_path: Path,
    authority: Authority,
    jwks_env: dict[str, str],
    issuer: TokenIssuer,
    json_log: CapturedLog,
) -> None:
    server, client = authority.server_certificate(), authority.issue("py", dns=("py.example",))
    for name, data in {
        "tls.crt": server.cert_pem,
        "tls.key": server.key_pem,
        "ca.crt": authority.pem,
        "client.crt": client.cert_pem,
        "client.key": client.key_pem,
    }.items():
        (tmp_path / name).write_bytes(data)
    gateway = await start_auth_gateway(
        {
            "OCR_AUTH_MODE": "required",
            "OCR_TLS_CERT_FILE": str(tmp_path / "tls.crt"),
            "OCR_TLS_KEY_FILE": str(tmp_path / "tls.key"),
            "OCR_TLS_CLIENT_CA_FILE": str(tmp_path / "ca.crt"),
            **jwks_env,
        }
    )
    token_volume = SecretMount(tmp_path / "token")
    token_volume.publish({"token": issuer.token("rsa-1").encode()})
    image = tmp_path / "receipt.png"
    from imaging_samples import tiny_png

    image.write_bytes(tiny_png())
    tls = {
        "ca_file": tmp_path / "ca.crt",
        "cert_file": tmp_path / "client.crt",
        "key_file": tmp_path / "client.key",
    }
    target = f"localhost:{gateway.port}"
    async with AsyncClient(target, token_file=token_volume.path("token"), **tls) as api:
        await api.recognize_file(image)
        # The kubelet rotates the projected token: the next call sends the new one.
        token_volume.publish(
            {"token": issuer.token("ec-1", sub="system:serviceaccount:billing:next").encode()}
        )
        await api.recognize_file(image)
    async with AsyncClient(target, **tls) as api:  # the certificate alone names the caller
        await api.recognize_file(image)
    async with AsyncClient(target, ca_file=tmp_path / "ca.crt", token="x.y.z") as api:
        with pytest.raises(GatewayError) as caught:
            await api.recognize_file(image, timeout=5)
        assert caught.value.code.name == "UNAVAILABLE"  # no client certificate: no handshake

    def blocking_call_with_a_bad_token() -> GatewayError:
        with connect(target, token=issuer.token("rsa-1", exp=1), **tls) as api:  # type: ignore[arg-type]
            try:
                api.recognize_file(image)
            except GatewayError as err:
                return err
        raise AssertionError("an expired token was accepted")

    refused = await asyncio.to_thread(blocking_call_with_a_bad_token)
    assert (refused.code.name, refused.reason) == ("UNAUTHENTICATED", "CREDENTIALS_EXPIRED")
    assert json_log.callers() == [SUBJECT, "system:serviceaccount:billing:next", "py.example"]


def test_a_half_given_client_certificate_is_refused_before_connecting(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="needs both cert_file and key_file"):
        connect("localhost:1", cert_file=tmp_path / "c.pem")
