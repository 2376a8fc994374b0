"""Real clients in other languages against a real gateway with its emulator, stub drift, and the
Python client package in a clean virtual environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from callers.issuer import ISSUER, TokenIssuer
from callers.pki import Authority
from tests_support import start_gateway_process

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"
IN_CI = os.environ.get("CI") == "true"


def require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        if IN_CI:
            pytest.fail(f"CI machine lacks {missing}: scripts/bootstrap --dev must install them")
        pytest.skip(f"{missing} not installed (run scripts/bootstrap --dev)")


def run(
    *args: str, timeout: float = 600, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **env} if env else None,
    )


@pytest.fixture(scope="module")
def gateway_address() -> Iterator[str]:
    with start_gateway_process("--emulator", "--metrics-port", "0") as server:
        yield f"127.0.0.1:{server.port}"


@pytest.fixture(scope="module")
def auth_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A gateway with mutual TLS and service-account tokens, and the examples' flags for it."""
    folder = tmp_path_factory.mktemp("auth")
    authority = Authority.create("examples-ca")
    server, client = authority.server_certificate(), authority.issue("examples")
    issuer = TokenIssuer()
    issuer.add_rsa("examples-key")
    files = {
        "ca.pem": authority.pem,
        "server.pem": server.cert_pem,
        "server.key": server.key_pem,
        "client.pem": client.cert_pem,
        "client.key": client.key_pem,
        "jwks.json": issuer.jwks(),
        "token": issuer.token("examples-key").encode(),
        "expired": issuer.token("examples-key", exp=int(time.time()) - 600).encode(),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    env = {
        "OCR_TLS_CERT_FILE": str(folder / "server.pem"),
        "OCR_TLS_KEY_FILE": str(folder / "server.key"),
        "OCR_TLS_CLIENT_CA_FILE": str(folder / "ca.pem"),
        "OCR_AUTH_MODE": "required",
        "OCR_AUTH_JWKS_FILE": str(folder / "jwks.json"),
        "OCR_AUTH_JWT_ISSUER": ISSUER,
    }
    tls = (
        f"--ca-file {folder}/ca.pem --cert-file {folder}/client.pem "
        f"--key-file {folder}/client.key"
    )
    with start_gateway_process("--emulator", "--metrics-port", "0", env=env) as server_process:
        yield {
            "AUTH_ADDR": f"localhost:{server_process.port}",
            "AUTH_ARGS": f"{tls} --token-file {folder}/token",
            "AUTH_BAD_ARGS": f"{tls} --token-file {folder}/expired",
            "AUTH_BAD_REASON": "CREDENTIALS_EXPIRED",
        }


def test_committed_stubs_of_every_language_are_in_sync_with_proto() -> None:
    require("go", "protoc", "node")
    result = run("bash", str(CLIENTS / "check_stubs.sh"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_go_and_node_examples_print_a_typed_field_and_the_error_reason(
    gateway_address: str, auth_gateway: dict[str, str]
) -> None:
    require("go", "node")
    result = run(
        "bash",
        str(CLIENTS / "run_examples.sh"),
        gateway_address,
        str(CLIENTS / "testing" / "sample_receipt.png"),
        "INVALID_IMAGE",
        env=auth_gateway,  # also over mutual TLS with a service-account token
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "store=emart everyday" in output
    assert "reason=INVALID_IMAGE" in output
    for lang in ("go", "node"):
        assert f"PASS {lang} tls+auth" in output
        assert f"PASS {lang} tls+bad credential" in output
    assert "reason=CREDENTIALS_EXPIRED" in output
    assert "0 failed" in output


def test_python_client_installs_cleanly_without_server_dependencies() -> None:
    result = run("bash", str(CLIENTS / "python" / "check_clean_install.sh"), timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
