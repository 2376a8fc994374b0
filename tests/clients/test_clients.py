"""Real clients in other languages against a real gateway with its emulator, stub drift, and the
Python client package in a clean virtual environment; the examples' command lines, the Go client's
health checking, the documented service config."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from callers.issuer import ISSUER, TokenIssuer
from callers.pki import Authority
from document_samples import marker_pdf
from tests_support import start_gateway_process

from clova_ocr_gateway.domains import DOMAINS

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = ROOT / "clients"
IN_CI = os.environ.get("CI") == "true"
# What grpc-go 1.33 logs on every run when the service config asks for health checking but the
# health checker is not linked in (so it silently does not check).
HEALTH_CHECK_NOT_SET = "health check function is not set"


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
        f"--ca-file {folder}/ca.pem --cert-file {folder}/client.pem --key-file {folder}/client.key"
    )
    with start_gateway_process("--emulator", "--metrics-port", "0", env=env) as server_process:
        yield {
            "AUTH_ADDR": f"localhost:{server_process.port}",
            "AUTH_ARGS": f"{tls} --token-file {folder}/token",
            "AUTH_BAD_ARGS": f"{tls} --token-file {folder}/expired",
            "AUTH_BAD_REASON": "CREDENTIALS_EXPIRED",
        }


@pytest.fixture(scope="module")
def unready_gateway_address() -> Iterator[str]:
    """A gateway without any domain: its `readiness` health service reports NOT_SERVING."""
    unset = {
        f"{info.env_prefix}_{suffix}": ""
        for info in DOMAINS.values()
        for suffix in ("INVOKE_URL", "SECRET", "SECRET_FILE")
    }
    with start_gateway_process("--metrics-port", "0", env=unset) as server:
        yield f"127.0.0.1:{server.port}"


@pytest.fixture(scope="module")
def go_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require("go")
    out = tmp_path_factory.mktemp("go")
    result = run("bash", str(CLIENTS / "go" / "build.sh"), str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "recognize-receipt"


def test_committed_stubs_of_every_language_are_in_sync_with_proto() -> None:
    require("go", "protoc", "node")
    result = run("bash", str(CLIENTS / "check_stubs.sh"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_go_and_node_examples_print_a_typed_field_the_error_reason_and_document_pages(
    gateway_address: str, auth_gateway: dict[str, str], tmp_path: Path
) -> None:
    require("go", "node")
    document = tmp_path / "three-pages.pdf"
    document.write_bytes(marker_pdf(3))
    result = run(
        "bash",
        str(CLIENTS / "run_examples.sh"),
        gateway_address,
        str(CLIENTS / "testing" / "sample_receipt.png"),
        "INVALID_IMAGE",
        # also over mutual TLS with a service-account token, and a 3-page PDF by RecognizeDocument
        env={**auth_gateway, "DOCUMENT": str(document), "DOCUMENT_PAGES": "3"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "store=emart everyday" in output
    assert "reason=INVALID_IMAGE" in output
    for lang in ("go", "node"):
        assert f"PASS {lang} tls+auth" in output
        assert f"PASS {lang} tls+bad credential" in output
    assert "reason=CREDENTIALS_EXPIRED" in output
    # One "page=n/3 code=OK store=..." line per page, checked by run_examples.sh.
    assert "PASS go document" in output
    assert "PASS node document" in output
    assert "0 failed" in output
    assert HEALTH_CHECK_NOT_SET not in output


def test_go_example_sends_no_call_to_a_gateway_whose_readiness_is_not_serving(
    go_example: Path, unready_gateway_address: str, tmp_path: Path
) -> None:
    def recognize(*extra: str) -> subprocess.CompletedProcess[str]:
        return run(
            str(go_example),
            "-addr",
            unready_gateway_address,
            "-file",
            str(CLIENTS / "testing" / "sample_receipt.png"),
            "-timeout",
            "10s",
            *extra,
            timeout=60,
        )

    # The shipped service config: health checking keeps the call off the unready gateway.
    checked = recognize()
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert checked.stdout.startswith("code=UNAVAILABLE reason= "), checked.stdout
    assert "health check failed" in checked.stdout
    assert HEALTH_CHECK_NOT_SET not in checked.stderr

    # The same config without healthCheckConfig: the call reaches the gateway, which refuses it.
    config = json.loads((CLIENTS / "service_config.json").read_text())
    del config["healthCheckConfig"]
    unchecked_config = tmp_path / "service_config.json"
    unchecked_config.write_text(json.dumps(config))
    unchecked = recognize("-service-config", str(unchecked_config))
    assert unchecked.returncode == 1
    assert unchecked.stdout.startswith("code=FAILED_PRECONDITION reason=DOMAIN_NOT_CONFIGURED "), (
        unchecked.stdout
    )


def test_clients_readme_shows_the_shipped_service_config() -> None:
    readme = (CLIENTS / "README.md").read_text()
    section = readme[readme.index("## Deadlines and retries (`service_config.json`)") :]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block is not None
    assert json.loads(block.group(1)) == json.loads((CLIENTS / "service_config.json").read_text())


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ((), "example.js: --file IMAGE is required (see --help)"),
        (("--file", "no-such-receipt.png"), "example.js: cannot read --file no-such-receipt.png: "),
        (("--file", "x.png", "--timeout", "0"), "example.js: --timeout must be a positive number"),
        (("--frobnicate",), "example.js: Unknown option '--frobnicate'"),
    ],
)
def test_node_example_usage_error_is_one_line_and_exit_2(
    args: tuple[str, ...], problem: str
) -> None:
    require("node")
    result = run("node", str(CLIENTS / "node" / "example.js"), *args, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(problem), result.stderr


def test_node_example_help_lists_every_option() -> None:
    require("node")
    result = run("node", str(CLIENTS / "node" / "example.js"), "--help", timeout=60)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("usage: node example.js [--addr HOST:PORT] --file IMAGE")
    for option in (
        "--addr",
        "--file",
        "--timeout",
        "--request-id",
        "--client-id",
        "--emulator-fault",
        "--service-config",
        "--help",
    ):
        assert f"  {option}" in result.stdout or f", {option}" in result.stdout, option


def test_python_client_tests_run_without_warnings_where_pytest_asyncio_is_installed() -> None:
    # This suite's environment has pytest-asyncio; the client's async tests must not need it
    # nor trip its warning about an unset loop scope.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "clients/python/tests/test_async_client.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "PYTHONPATH": str(CLIENTS / "python" / "src")},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"\d+ passed", output)
    assert "warning" not in output.lower(), output


def test_python_client_installs_cleanly_without_server_dependencies() -> None:
    result = run("bash", str(CLIENTS / "python" / "check_clean_install.sh"), timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
