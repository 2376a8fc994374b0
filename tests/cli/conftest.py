"""Real gateway processes for the CLI tests, one per module (starting one costs seconds), and a
runner for the `clova-ocr-gateway` command as a user types it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from tests_support import ServerProcess, start_gateway_process


def cli_env(**extra: str) -> dict[str, str]:
    """This environment without OCR_* variables: the CLI must learn from the gateway."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCR_")}
    return {**env, **extra}


def run_cli(
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[bytes]:
    """`python -m clova_ocr_gateway.cli ARGS`, as the console script runs it."""
    return subprocess.run(
        [sys.executable, "-m", "clova_ocr_gateway.cli", *args],
        input=stdin,
        capture_output=True,
        env=env or cli_env(),
        timeout=timeout,
        check=False,
    )


def text(completed: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    out, err = completed.stdout, completed.stderr
    return out.decode(), err.decode()


@pytest.fixture(scope="module")
def emulator_gateway() -> Iterator[ServerProcess]:
    """`serve --emulator`: every domain configured."""
    with start_gateway_process("--emulator", "--metrics-port", "0") as server:
        yield server


def target(server: ServerProcess) -> str:
    return f"127.0.0.1:{server.port}"
