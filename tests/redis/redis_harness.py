"""A real `redis-server` on a free loopback port for the shared-admission tests, and gateway
processes (`clova-ocr-gateway serve`) whose output is drained in a thread."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from imaging_samples import tiny_png
from tests_support import spawn_gateway

__all__ = ["GatewayProcess", "RedisServer", "free_port", "start_gateway_process", "tiny_png"]

REDIS_SERVER = shutil.which("redis-server")
START_TIMEOUT_SECONDS = 15.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """`redis-server` without persistence in its own directory; stop/start keep the port."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        assert REDIS_SERVER is not None
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        assert self.process is None, "already running"
        assert REDIS_SERVER is not None
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if _pong(self.port):
                return
            time.sleep(0.05)
        self.stop()
        log_text = (self.directory / "redis.log").read_text(errors="replace")
        raise AssertionError(f"redis-server did not start on {self.port}:\n{log_text}")

    def stop(self) -> None:
        """Stop the server (SIGTERM; data is lost, as after a crash without persistence)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None


@dataclass
class GatewayProcess:
    """A `clova-ocr-gateway serve` subprocess; its output lines are collected by a thread."""

    process: subprocess.Popen[str]
    port: int
    lines: list[str] = field(default_factory=list)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)

    def events(self, name: str) -> list[dict[str, object]]:
        found = []
        for line in list(self.lines):
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("event") == name:
                found.append(event)
        return found


def start_gateway_process(env: dict[str, str]) -> GatewayProcess:
    """Start `serve --port 0 --metrics-port 0` on loopback and wait for `gateway_started`."""
    server = spawn_gateway("--metrics-port", "0", "--host", "127.0.0.1", env=env)
    return GatewayProcess(server.process, server.port, server.lines)
