"""Kubernetes service-account tokens: every bad token is refused with the right reason, through
a real gateway; the JWKS is re-read without restart; verified tokens are cached, boundedly."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest

from clova_ocr_gateway.callers.failures import CredentialError, Failure
from clova_ocr_gateway.callers.identity import Caller, Credential
from clova_ocr_gateway.callers.tokens import (
    ServiceAccountTokenVerifier,
    parse_jwks,
)
from clova_ocr_gateway.callers.watched import WatchedFileError

from .conftest import CapturedLog, StartGateway, receipt_request, refusal, stub
from .issuer import (
    AUDIENCE,
    ISSUER,
    SUBJECT,
    TokenIssuer,
    hs256_with_public_key,
    unsigned_token,
)

NOW = int(time.time())

# (case, token maker, expected reason, expected check)
BAD_TOKENS: list[tuple[str, Callable[[TokenIssuer], str], str, str]] = [
    ("expired", lambda i: i.token("rsa-1", exp=NOW - 120), "CREDENTIALS_EXPIRED", "expiry"),
    (
        "not yet valid",
        lambda i: i.token("rsa-1", nbf=NOW + 600, iat=NOW),
        "CREDENTIALS_INVALID",
        "not_before",
    ),
    (
        "wrong audience",
        lambda i: i.token("rsa-1", aud=["https://kubernetes.default.svc"]),
        "CREDENTIALS_INVALID",
        "audience",
    ),
    (
        "wrong issuer",
        lambda i: i.token("ec-1", iss="https://other-cluster.example"),
        "CREDENTIALS_INVALID",
        "issuer",
    ),
    ("unknown key id", lambda i: _foreign_token(), "CREDENTIALS_INVALID", "key"),
    ("alg none", lambda i: unsigned_token("rsa-1"), "CREDENTIALS_INVALID", "algorithm"),
    (
        "HS256 with the public key as secret",
        lambda i: hs256_with_public_key(i.keys["rsa-1"], "rsa-1"),  # type: ignore[arg-type]
        "CREDENTIALS_INVALID",
        "algorithm",
    ),
    (
        "signature of another key under a known kid",
        lambda i: _foreign_token(kid="rsa-1"),
        "CREDENTIALS_INVALID",
        "signature",
    ),
    ("no exp", lambda i: i.token("rsa-1", exp=None), "CREDENTIALS_INVALID", "claims"),
    ("no subject", lambda i: i.token("rsa-1", sub=None), "CREDENTIALS_INVALID", "claims"),
    ("not a JWT", lambda i: "eyJ.bm90.anNvbg", "CREDENTIALS_INVALID", "format"),
]


def _foreign_token(kid: str = "someone-elses-key") -> str:
    other = TokenIssuer()
    other.add_rsa(kid)
    return other.token(kid)


def _verifier(issuer: TokenIssuer, **kwargs: object) -> ServiceAccountTokenVerifier:
    jwks = parse_jwks(issuer.jwks())
    return ServiceAccountTokenVerifier(
        lambda: jwks,
        issuer=ISSUER,
        audience=AUDIENCE,
        **kwargs,  # type: ignore[arg-type]
    )


async def test_every_bad_token_is_unauthenticated_with_its_reason_and_a_good_one_passes(
    start_auth_gateway: StartGateway,
    jwks_env: dict[str, str],
    issuer: TokenIssuer,
    json_log: CapturedLog,
) -> None:
    gateway = await start_auth_gateway({"OCR_AUTH_MODE": "optional", **jwks_env})
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        client = stub(channel)
        for kid in ("rsa-1", "ec-1"):
            token = issuer.token(kid)
            await client.RecognizeReceipt(
                receipt_request(), metadata=[("authorization", f"Bearer {token}")], timeout=10
            )
        for case, make, reason, check in BAD_TOKENS:
            # Refused in optional mode too: a presented credential never becomes anonymous.
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await client.RecognizeReceipt(
                    receipt_request(),
                    metadata=[("authorization", f"Bearer {make(issuer)}")],
                    timeout=10,
                )
            code, got_reason, metadata = refusal(caught.value)
            assert (code, got_reason, metadata.get("check")) == (
                grpc.StatusCode.UNAUTHENTICATED,
                reason,
                check,
            ), case
            assert metadata["credential"] == "service_account_token", case
            assert SUBJECT not in (caught.value.details() or ""), case
    assert json_log.callers() == [SUBJECT, SUBJECT]
    refused = json_log.events("authentication_failed")
    assert [line["check"] for line in refused] == [check for _, _, _, check in BAD_TOKENS]
    failures = gateway.metrics.render().decode()
    assert (
        'clova_ocr_auth_failures_total{credential="service_account_token",reason="expired"} 1.0'
        in failures
    )


async def test_jwks_rotation_is_picked_up_without_restart(
    start_auth_gateway: StartGateway, tmp_path: Path, issuer: TokenIssuer
) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_bytes(issuer.jwks())
    gateway = await start_auth_gateway(
        {
            "OCR_AUTH_MODE": "required",
            "OCR_AUTH_JWKS_FILE": str(jwks),
            "OCR_AUTH_JWT_ISSUER": ISSUER,
        }
    )
    old_token = issuer.token("rsa-1")
    rotated = TokenIssuer()
    rotated.add_ec("ec-2")
    new_token = rotated.token("ec-2")

    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        client = stub(channel)

        async def outcome(token: str) -> str:
            try:
                await client.RecognizeReceipt(
                    receipt_request(), metadata=[("authorization", f"Bearer {token}")], timeout=10
                )
            except grpc.aio.AioRpcError as exc:
                return refusal(exc)[1]
            return "OK"

        assert [await outcome(old_token), await outcome(new_token)] == [
            "OK",
            "CREDENTIALS_INVALID",
        ]
        # The cluster rotated its signing key: the old key is gone from the published set.
        tmp = tmp_path / "jwks.json.tmp"
        tmp.write_bytes(rotated.jwks())
        tmp.replace(jwks)
        for _ in range(100):
            if await outcome(new_token) == "OK":
                break
            await asyncio.sleep(0.05)
        # The old token was cached as verified; a new key set empties that cache.
        assert [await outcome(new_token), await outcome(old_token)] == [
            "OK",
            "CREDENTIALS_INVALID",
        ]
    assert 'clova_ocr_auth_file_reloads_total{file="jwks",result="ok"} 1.0' in (
        gateway.metrics.render().decode()
    )


def test_a_verified_token_is_served_from_the_cache_until_it_expires(
    issuer: TokenIssuer,
) -> None:
    start = int(time.time())
    now = [float(start)]
    verifier = _verifier(issuer, clock_skew_seconds=5, clock=lambda: now[0])
    token = issuer.token("rsa-1", iat=start, nbf=start, exp=start + 60)
    expected = Caller(SUBJECT, Credential.SERVICE_ACCOUNT_TOKEN)
    assert verifier.verify(token) == expected
    assert verifier.cached == 1
    now[0] = start + 64  # within the clock skew after exp
    assert verifier.verify(token) == expected
    now[0] = start + 66  # past exp + skew: the cache does not extend a token's life
    with pytest.raises(CredentialError) as caught:
        verifier.verify(token)
    assert caught.value.failure is Failure.EXPIRED
    assert verifier.cached == 0


def test_the_token_cache_is_bounded_and_drops_the_least_recently_used(
    issuer: TokenIssuer,
) -> None:
    verifier = _verifier(issuer, cache_size=3)
    tokens = [issuer.token("ec-1", sub=f"system:serviceaccount:ns:sa-{n}") for n in range(5)]
    for token in tokens:
        verifier.verify(token)
    assert verifier.cached == 3
    assert verifier.verify(tokens[0]).id == "system:serviceaccount:ns:sa-0"
    assert verifier.cached == 3


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        (b"not json", "not JSON"),
        (b'{"keys": "x"}', '"keys" list'),
        (b'{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}', "no RSA or EC P-256 signing key"),
        (
            json.dumps({"keys": [{"kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB"}]}).encode(),
            "no RSA or EC P-256 signing key",
        ),
    ],
)
def test_an_unusable_jwks_is_refused_with_a_reason(document: bytes, problem: str) -> None:
    with pytest.raises(WatchedFileError, match=problem):
        parse_jwks(document)


def test_symmetric_keys_in_the_jwks_are_ignored_so_hs256_never_verifies(
    issuer: TokenIssuer,
) -> None:
    document = json.loads(issuer.jwks())
    document["keys"].append({"kty": "oct", "kid": "hmac", "k": "c2VjcmV0LXNlY3JldC1zZWNyZXQ"})
    jwks = parse_jwks(json.dumps(document).encode())
    assert jwks.size == 2
