"""Helpers shared by process-level tests: start `clova-ocr-gateway serve` and wait for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class ServerProcess:
    """A running gateway process, its gRPC and metrics ports and the log lines read so far."""

    process: subprocess.Popen[str]
    port: int
    metrics_port: int | None
    lines: list[str] = field(default_factory=list)
    # The thread appending to `lines`; it ends once the process has exited and its output is read.
    reader: threading.Thread | None = None


def spawn_gateway(*args: str, env: dict[str, str] | None = None) -> ServerProcess:
    """Start `serve --port 0 ARGS` and return once its gateway_started line names the port."""
    full_env = {**os.environ, "OCR_LOG_FORMAT": "json", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "clova_ocr_gateway.cli", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=full_env,
    )
    return wait_until_started(process)


def wait_until_started(process: subprocess.Popen[str]) -> ServerProcess:
    """Read a gateway's merged stdout/stderr (JSON logs) until its gateway_started line; kill
    it and fail with what it printed if it exits or does not start within 30 s."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "gateway_started":
            # Keep reading: a full pipe would block the server's logging mid-test.
            reader = threading.Thread(target=_drain, args=(process, lines), daemon=True)
            reader.start()
            return ServerProcess(
                process, int(event["port"]), event.get("metrics_port"), lines, reader
            )
    process.kill()
    raise AssertionError("gateway did not start:\n" + "".join(lines))


def _drain(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)


@contextmanager
def start_gateway_process(*args: str, env: dict[str, str] | None = None) -> Iterator[ServerProcess]:
    """`spawn_gateway` that kills the process on exit if it is still running."""
    server = spawn_gateway(*args, env=env)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
        server.process.wait(timeout=10)
