"""The CLI against a gateway process with mutual TLS and service-account tokens: --tls,
--ca-file, --cert-file, --key-file and --token-file reach it; refusals are printed with their
reason; a bad certificate file stops `serve` with a configuration error."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from callers.issuer import ISSUER, SUBJECT, TokenIssuer
from callers.pki import Authority
from imaging_samples import tiny_png
from tests_support import ServerProcess, start_gateway_process

from .conftest import cli_env, run_cli, text


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tls")
    authority = Authority.create("cli-ca")
    server = authority.server_certificate()
    client = authority.issue("cli-user", dns=("cli.example",))
    issuer = TokenIssuer()
    issuer.add_rsa("cli-key")
    written = {
        "ca": authority.pem,
        "server.crt": server.cert_pem,
        "server.key": server.key_pem,
        "client.crt": client.cert_pem,
        "client.key": client.key_pem,
        "jwks": issuer.jwks(),
        "token": issuer.token("cli-key").encode() + b"\n",
        "expired": issuer.token("cli-key", exp=int(time.time()) - 600).encode(),
        "png": tiny_png(),
    }
    paths = {}
    for name, data in written.items():
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    return paths


@pytest.fixture(scope="module")
def gateway(files: dict[str, Path]) -> Iterator[ServerProcess]:
    env = {
        "OCR_TLS_CERT_FILE": str(files["server.crt"]),
        "OCR_TLS_KEY_FILE": str(files["server.key"]),
        "OCR_TLS_CLIENT_CA_FILE": str(files["ca"]),
        "OCR_AUTH_MODE": "required",
        "OCR_AUTH_JWKS_FILE": str(files["jwks"]),
        "OCR_AUTH_JWT_ISSUER": ISSUER,
    }
    with start_gateway_process("--emulator", "--metrics-port", "0", env=env) as server:
        yield server


def _tls_args(files: dict[str, Path], gateway: ServerProcess) -> list[str]:
    return [
        "--target",
        f"localhost:{gateway.port}",
        "--ca-file",
        str(files["ca"]),
        "--cert-file",
        str(files["client.crt"]),
        "--key-file",
        str(files["client.key"]),
    ]


def _callers(gateway: ServerProcess) -> list[str]:
    lines = [json.loads(line) for line in list(gateway.lines) if line.startswith("{")]
    return [
        line["caller"]
        for line in lines
        if line.get("event") == "rpc_finished" and line.get("grpc_code") == "OK"
    ]


def test_recognize_over_mutual_tls_with_a_token_names_the_token_caller(
    files: dict[str, Path], gateway: ServerProcess
) -> None:
    tls = _tls_args(files, gateway)
    completed = run_cli(
        "recognize", "receipt", str(files["png"]), *tls, "--token-file", str(files["token"])
    )
    out, err = text(completed)
    assert completed.returncode == 0, err
    assert "store" in out
    # Without a token the client certificate names the caller (DNS SAN).
    completed = run_cli("recognize", "receipt", str(files["png"]), *tls)
    assert completed.returncode == 0, text(completed)[1]
    for _ in range(50):
        if len(_callers(gateway)) >= 2:
            break
        time.sleep(0.1)
    assert _callers(gateway)[-2:] == [SUBJECT, "cli.example"]


def test_an_expired_token_prints_its_reason(
    files: dict[str, Path], gateway: ServerProcess
) -> None:
    completed = run_cli(
        "recognize",
        "receipt",
        str(files["png"]),
        *_tls_args(files, gateway),
        "--token-file",
        str(files["expired"]),
    )
    _, err = text(completed)
    assert completed.returncode == 1
    assert "UNAUTHENTICATED" in err and "CREDENTIALS_EXPIRED" in err


def test_without_a_client_certificate_the_handshake_fails(
    files: dict[str, Path], gateway: ServerProcess
) -> None:
    completed = run_cli(
        "health", "--target", f"localhost:{gateway.port}", "--ca-file", str(files["ca"])
    )
    assert completed.returncode != 0
    completed = run_cli("health", *_tls_args(files, gateway))
    out, err = text(completed)
    assert completed.returncode == 0, err
    assert "SERVING" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cert-file", "c.pem"], "needs both --cert-file and --key-file"),
        (["--ca-file", "/nonexistent/ca.pem"], "--ca-file /nonexistent/ca.pem"),
        (["--token-file", "/nonexistent/token"], "--token-file /nonexistent/token"),
    ],
)
def test_bad_credential_options_are_usage_errors(args: list[str], message: str) -> None:
    completed = run_cli("health", *args)
    assert completed.returncode == 2
    assert message in text(completed)[1]


def test_serve_with_an_unreadable_certificate_is_a_configuration_error(tmp_path: Path) -> None:
    completed = run_cli(
        "serve",
        "--port",
        "0",
        "--metrics-port",
        "0",
        env=cli_env(
            OCR_TLS_CERT_FILE=str(tmp_path / "missing.crt"),
            OCR_TLS_KEY_FILE=str(tmp_path / "missing.key"),
        ),
    )
    assert completed.returncode == 2
    assert "configuration error: OCR_TLS_CERT_FILE" in text(completed)[1]
