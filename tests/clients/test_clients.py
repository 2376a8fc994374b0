"""Real clients in other languages against a real gateway with its emulator, stub drift, and the
Python client package in a clean virtual environment."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
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


def run(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args), cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def gateway_address() -> Iterator[str]:
    with start_gateway_process("--emulator", "--metrics-port", "0") as server:
        yield f"127.0.0.1:{server.port}"


def test_committed_stubs_of_every_language_are_in_sync_with_proto() -> None:
    require("go", "protoc", "node")
    result = run("bash", str(CLIENTS / "check_stubs.sh"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_go_and_node_examples_print_a_typed_field_and_the_error_reason(
    gateway_address: str,
) -> None:
    require("go", "node")
    result = run(
        "bash",
        str(CLIENTS / "run_examples.sh"),
        gateway_address,
        str(CLIENTS / "testing" / "sample_receipt.png"),
        "INVALID_IMAGE",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "store=emart everyday" in output
    assert "reason=INVALID_IMAGE" in output
    assert "0 failed" in output


def test_python_client_installs_cleanly_without_server_dependencies() -> None:
    result = run("bash", str(CLIENTS / "python" / "check_clean_install.sh"), timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
