"""TLS and mutual TLS with real certificates: handshakes, the caller named by its certificate
(URI SAN > DNS SAN > CN), refusals at the handshake, and a certificate and CA rotation by a
Kubernetes-style symlink swap during a stream of 500 calls that loses none."""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc
import pytest

from clova_ocr_gateway.callers.tls import identity_from_auth_context, parse_tls_material
from clova_ocr_gateway.callers.watched import WatchedFileError

from .conftest import (
    CapturedLog,
    StartGateway,
    receipt_request,
    refusal,
    stub,
    tls_channel,
)
from .issuer import TokenIssuer
from .pki import Authority, Issued, SecretMount

SPIFFE_ID = "spiffe://cluster.local/ns/billing/sa/receipt-worker"


def _mount(tmp_path: Path, server: Issued, client_ca: bytes | None) -> tuple[SecretMount, dict]:
    mount = SecretMount(tmp_path / "tls")
    files = {"tls.crt": server.cert_pem, "tls.key": server.key_pem}
    if client_ca is not None:
        files["ca.crt"] = client_ca
    mount.publish(files)
    env = {
        "OCR_TLS_CERT_FILE": str(mount.path("tls.crt")),
        "OCR_TLS_KEY_FILE": str(mount.path("tls.key")),
    }
    if client_ca is not None:
        env["OCR_TLS_CLIENT_CA_FILE"] = str(mount.path("ca.crt"))
    return mount, env


async def _recognize(channel: grpc.aio.Channel, **kwargs: object) -> str:
    try:
        await stub(channel).RecognizeReceipt(receipt_request(), timeout=10, **kwargs)  # type: ignore[arg-type]
    except grpc.aio.AioRpcError as exc:
        return exc.code().name
    return "OK"


async def test_tls_serves_verified_callers_and_refuses_plaintext(
    start_auth_gateway: StartGateway, tmp_path: Path, authority: Authority
) -> None:
    _, env = _mount(tmp_path, authority.server_certificate(), None)
    gateway = await start_auth_gateway(env)
    assert gateway.auth is not None and gateway.auth.tls_mode == "tls"
    async with tls_channel(gateway.port, authority.pem) as channel:
        assert await _recognize(channel) == "OK"
    async with tls_channel(gateway.port, Authority.create("other").pem) as channel:
        assert await _recognize(channel) == "UNAVAILABLE"  # the client does not trust it
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        assert await _recognize(channel) == "UNAVAILABLE"


async def test_mutual_tls_names_the_caller_by_uri_san_then_dns_san_then_cn(
    start_auth_gateway: StartGateway,
    tmp_path: Path,
    authority: Authority,
    json_log: CapturedLog,
) -> None:
    _, env = _mount(tmp_path, authority.server_certificate(), authority.pem)
    gateway = await start_auth_gateway({"OCR_AUTH_MODE": "required", **env})
    clients = [
        authority.issue("cn-ignored", uris=(SPIFFE_ID,), dns=("dns.ignored.example",)),
        authority.issue("cn-ignored-too", dns=("receipts.partner.example",)),
        authority.issue("batch-job"),
    ]
    for client in clients:
        async with tls_channel(gateway.port, authority.pem, client) as channel:
            assert await _recognize(channel) == "OK"
    assert json_log.callers() == [SPIFFE_ID, "receipts.partner.example", "batch-job"]


async def test_client_certificates_from_an_unknown_ca_or_none_are_refused_at_the_handshake(
    start_auth_gateway: StartGateway,
    tmp_path: Path,
    authority: Authority,
    json_log: CapturedLog,
) -> None:
    _, env = _mount(tmp_path, authority.server_certificate(), authority.pem)
    gateway = await start_auth_gateway({"OCR_AUTH_MODE": "required", **env})
    stranger = Authority.create("unknown-ca").issue("intruder", uris=(SPIFFE_ID,))
    async with tls_channel(gateway.port, authority.pem, stranger) as channel:
        assert await _recognize(channel) == "UNAVAILABLE"
    async with tls_channel(gateway.port, authority.pem) as channel:
        assert await _recognize(channel) == "UNAVAILABLE"
    # Refused before any RPC existed: no call reached the servicer or the interceptors.
    assert json_log.events("rpc_finished") == []


async def test_a_bearer_token_names_the_caller_over_the_client_certificate(
    start_auth_gateway: StartGateway,
    tmp_path: Path,
    authority: Authority,
    jwks_env: dict[str, str],
    issuer: TokenIssuer,
    json_log: CapturedLog,
) -> None:
    _, env = _mount(tmp_path, authority.server_certificate(), authority.pem)
    gateway = await start_auth_gateway({"OCR_AUTH_MODE": "required", **env, **jwks_env})
    client = authority.issue("proxy", uris=("spiffe://cluster.local/ns/mesh/sa/proxy",))
    async with tls_channel(gateway.port, authority.pem, client) as channel:
        token = issuer.token("rsa-1")
        assert await _recognize(channel, metadata=[("authorization", f"Bearer {token}")]) == "OK"
        # A bad token is refused even though the certificate alone would have passed.
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub(channel).RecognizeReceipt(
                receipt_request(),
                metadata=[("authorization", f"Bearer {issuer.token('rsa-1', exp=1)}")],
                timeout=10,
            )
        assert refusal(caught.value)[:2] == (grpc.StatusCode.UNAUTHENTICATED, "CREDENTIALS_EXPIRED")
    assert json_log.callers() == ["system:serviceaccount:billing:receipt-worker"]


async def test_certificate_and_ca_rotation_during_500_calls_fails_none(
    start_auth_gateway: StartGateway, tmp_path: Path, json_log: CapturedLog
) -> None:
    old_ca, new_ca = Authority.create("ca-2025"), Authority.create("ca-2026")
    old_client = old_ca.issue("old-client", uris=("spiffe://cluster.local/ns/a/sa/old",))
    new_client = new_ca.issue("new-client", uris=("spiffe://cluster.local/ns/a/sa/new",))
    mount, env = _mount(tmp_path, old_ca.server_certificate(), old_ca.pem)
    gateway = await start_auth_gateway({"OCR_AUTH_MODE": "required", **env})
    # Clients trust both CAs during the rotation (the trust bundle is rolled out first).
    bundle = old_ca.pem + new_ca.pem

    async with tls_channel(gateway.port, new_ca.pem, new_client) as channel:
        assert await _recognize(channel) == "UNAVAILABLE"  # not trusted before the rotation

    failures: list[str] = []
    done = 0
    rotated = asyncio.Event()
    rotated_at: list[int] = []
    new_client_calls = 0
    two_fifths_done = asyncio.Event()

    async def caller(worker: int) -> None:
        nonlocal done, new_client_calls
        # A new connection (a full handshake) every 10 calls, so handshakes keep happening
        # before, during and after the swap; half the callers hold new-CA certificates,
        # which only pass once the rotation is in.
        for batch in range(25):
            client = old_client if worker % 2 == 0 or not rotated.is_set() else new_client
            async with tls_channel(gateway.port, bundle, client) as channel:
                for _ in range(10):
                    outcome = await _recognize(channel)
                    if outcome != "OK":
                        failures.append(f"worker {worker} batch {batch}: {outcome}")
                    done += 1
                    new_client_calls += client is new_client
                    if done >= 200:
                        two_fifths_done.set()

    async def rotate() -> None:
        await two_fifths_done.wait()
        # New server certificate from the new CA; client CA bundle trusts both CAs.
        mount.publish(
            {
                "tls.crt": (server := new_ca.server_certificate()).cert_pem,
                "tls.key": server.key_pem,
                "ca.crt": bundle,
            }
        )
        # Wait until new handshakes present the new certificate (a client trusting only the
        # new CA gets through).
        for _ in range(200):
            async with tls_channel(gateway.port, new_ca.pem, old_client) as probe:
                if await _recognize(probe) == "OK":
                    rotated_at.append(done)
                    rotated.set()
                    return
            await asyncio.sleep(0.02)
        raise AssertionError("the rotated certificate was never served")

    await asyncio.wait_for(
        asyncio.gather(*(caller(worker) for worker in range(2)), rotate()), timeout=90
    )
    assert done == 500
    assert failures == []
    # The swap landed mid-stream, and new-CA clients made calls before the stream ended.
    assert rotated_at and rotated_at[0] < 450, rotated_at
    assert new_client_calls >= 10
    # After the rotation: the old server certificate is gone, the new client CA is trusted.
    async with tls_channel(gateway.port, old_ca.pem, old_client) as channel:
        assert await _recognize(channel) == "UNAVAILABLE"
    async with tls_channel(gateway.port, new_ca.pem, new_client) as channel:
        assert await _recognize(channel) == "OK"
    assert "spiffe://cluster.local/ns/a/sa/new" in json_log.callers()
    rendered = gateway.metrics.render().decode()
    assert 'clova_ocr_auth_file_reloads_total{file="tls",result="ok"} 1.0' in rendered


def test_a_key_that_does_not_match_the_certificate_is_refused(authority: Authority) -> None:
    one, other = authority.server_certificate(), authority.server_certificate()
    cert, key = Path("tls.crt"), Path("tls.key")
    with pytest.raises(WatchedFileError, match="does not belong to the certificate"):
        parse_tls_material({cert: one.cert_pem, key: other.key_pem}, cert, key, None)
    with pytest.raises(WatchedFileError, match="not a PEM certificate"):
        parse_tls_material({cert: b"junk", key: one.key_pem}, cert, key, None)


@pytest.mark.parametrize(
    ("context", "identity"),
    [
        (
            {
                "transport_security_type": [b"ssl"],
                "peer_uri": [b"spiffe://a/b", b"spiffe://c/d"],
                "peer_dns": [b"x.example"],
                "x509_common_name": [b"cn"],
            },
            "spiffe://a/b",
        ),
        (
            {"transport_security_type": [b"ssl"], "peer_dns": [b"x.example", b"y.example"]},
            "x.example",
        ),
        ({"transport_security_type": [b"ssl"], "x509_common_name": [b"cn"]}, "cn"),
        ({"transport_security_type": [b"ssl"]}, None),
        ({"transport_security_type": [b"insecure"], "x509_common_name": [b"cn"]}, None),
        ({}, None),
    ],
)
def test_identity_from_the_auth_context(
    context: dict[str, list[bytes]], identity: str | None
) -> None:
    assert identity_from_auth_context(context) == identity
