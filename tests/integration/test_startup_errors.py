"""Start-up problems an operator meets, against real `clova-ocr-gateway serve` processes: a port
another gateway holds ends the start with exit 2 and one line naming the setting; a gateway with
no domain configured warns, naming the variables to set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from tests_support import ServerProcess, start_gateway_process

from clova_ocr_gateway.domains import DOMAINS


@pytest.fixture(scope="module")
def first_gateway() -> Iterator[ServerProcess]:
    with start_gateway_process(
        "--emulator", "--host", "127.0.0.1", "--metrics-port", "0"
    ) as started:
        yield started


def serve(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clova_ocr_gateway.cli", "serve", "--host", "127.0.0.1", *args],
        env={**os.environ, "OCR_LOG_FORMAT": "json", **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def events(lines: list[str]) -> list[dict[str, object]]:
    found = []
    for line in lines:
        try:
            found.append(json.loads(line))
        except ValueError:
            continue
    return found


@pytest.mark.parametrize(
    ("taken", "how", "setting"),
    [
        # Each setting once, one given as a flag and one as a variable (they merge before).
        ("gRPC", "flag", "OCR_PORT (--port)"),
        ("metrics", "env", "OCR_METRICS_PORT (--metrics-port)"),
    ],
)
def test_a_port_in_use_exits_2_with_one_line_naming_the_setting(
    first_gateway: ServerProcess, taken: str, how: str, setting: str
) -> None:
    if taken == "gRPC":
        port, other = first_gateway.port, "0"
        flag, variable, other_flag = "--port", "OCR_PORT", "--metrics-port"
    else:
        assert first_gateway.metrics_port is not None
        port, other = first_gateway.metrics_port, "0"
        flag, variable, other_flag = "--metrics-port", "OCR_METRICS_PORT", "--port"
    if how == "flag":
        second = serve(flag, str(port), other_flag, other)
    else:
        second = serve(other_flag, other, env={variable: str(port)})

    assert second.returncode == 2
    assert second.stderr.splitlines() == [
        f"clova-ocr-gateway: cannot start: {setting}: 127.0.0.1:{port} is already in use"
        " (another gateway running?); stop that process or choose another port"
        + (
            ""
            if taken == "gRPC"
            else " (0: any free port; OCR_METRICS_PORT=off: no metrics endpoint)"
        )
    ]
    assert "gateway_started" not in second.stdout
    assert first_gateway.process.poll() is None  # the gateway holding the port serves on


def test_serve_without_any_domain_warns_naming_the_variables_to_set() -> None:
    unset = {
        f"{info.env_prefix}_{suffix}": ""  # empty counts as unset
        for info in DOMAINS.values()
        for suffix in ("INVOKE_URL", "SECRET", "SECRET_FILE")
    }
    with start_gateway_process("--metrics-port", "0", env=unset) as server:
        deadline = time.monotonic() + 10
        warning: dict[str, object] | None = None
        while warning is None and time.monotonic() < deadline:
            warning = next(
                (e for e in events(server.lines) if e.get("event") == "no_domain_configured"),
                None,
            )
            time.sleep(0.1)
    assert warning is not None, "".join(server.lines)
    assert warning["level"] == "warning"
    hint = str(warning["hint"])
    assert "OCR_<DOMAIN>_INVOKE_URL" in hint and "OCR_<DOMAIN>_SECRET_FILE" in hint
    assert "--emulator" in hint
    assert warning["variables"] == [
        f"{info.env_prefix}_INVOKE_URL, {info.env_prefix}_SECRET or {info.env_prefix}_SECRET_FILE"
        for info in DOMAINS.values()
    ]


def test_serve_with_the_emulator_has_domains_and_no_warning(first_gateway: ServerProcess) -> None:
    time.sleep(0.5)  # the warning would follow gateway_started at once
    assert [
        e for e in events(first_gateway.lines) if e.get("event") == "no_domain_configured"
    ] == []
