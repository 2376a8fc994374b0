"""A real Prometheus server (Debian's `prometheus` package, installed by scripts/bootstrap) on
loopback for the tests: random free port, a temporary storage directory, short scrape and
evaluation intervals, the project's rule file; queried through its HTTP API."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import yaml

READY_WITHIN_SECONDS = 30.0


def free_port() -> int:
    """A port free on 127.0.0.1 right now (Prometheus takes no port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def config(targets: list[str], rule_file: Path, labels: dict[str, str], job: str) -> str:
    """A Prometheus configuration: scrape and evaluate every second, one static job."""
    return yaml.safe_dump(
        {
            "global": {
                "scrape_interval": "1s",
                "scrape_timeout": "1s",
                "evaluation_interval": "1s",
            },
            "rule_files": [str(rule_file)],
            "scrape_configs": [
                {
                    "job_name": job,
                    "static_configs": [{"targets": targets, "labels": labels}],
                }
            ],
        },
        sort_keys=False,
    )


class Prometheus:
    """A started server and a client for its HTTP API."""

    def __init__(self, base_url: str, client: httpx.AsyncClient, log: Path) -> None:
        self.base_url = base_url
        self._client = client
        self.log = log

    async def _get(self, path: str, **params: str) -> Any:
        response = await self._client.get(f"{self.base_url}{path}", params=params)
        body = response.json()
        assert response.status_code == 200 and body["status"] == "success", body
        return body["data"]

    async def query(self, expr: str) -> list[dict[str, Any]]:
        """An instant query's result vector (or matrix/scalar as a one-item list)."""
        data = await self._get("/api/v1/query", query=expr)
        result = data["result"]
        if data["resultType"] in ("scalar", "string"):
            return [{"metric": {}, "value": result}]
        assert isinstance(result, list)
        return result

    async def alerts(self) -> list[dict[str, Any]]:
        """Every alert pending or firing now."""
        alerts: list[dict[str, Any]] = (await self._get("/api/v1/alerts"))["alerts"]
        return alerts

    async def rules(self) -> list[dict[str, Any]]:
        """Every rule of every group, with its health, last error and evaluation time."""
        groups = (await self._get("/api/v1/rules"))["groups"]
        return [rule for group in groups for rule in group["rules"]]


@contextlib.asynccontextmanager
async def running_prometheus(
    tmp: Path, *, targets: list[str], rule_file: Path, labels: dict[str, str], job: str
) -> AsyncIterator[Prometheus]:
    """Start `prometheus` on 127.0.0.1, wait until it is ready, stop it on exit."""
    binary = shutil.which("prometheus")
    assert binary, "the prometheus server is missing: scripts/bootstrap --dev installs it"
    (tmp / "prometheus.yml").write_text(config(targets, rule_file, labels, job))
    port = free_port()
    log = tmp / "prometheus.log"
    with log.open("w") as log_file:
        process = await asyncio.create_subprocess_exec(
            binary,
            f"--config.file={tmp / 'prometheus.yml'}",
            f"--storage.tsdb.path={tmp / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
            deadline = time.monotonic() + READY_WITHIN_SECONDS
            while True:
                assert process.returncode is None, f"prometheus exited:\n{log.read_text()}"
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{base_url}/-/ready")).status_code == 200:
                        break
                assert time.monotonic() < deadline, f"prometheus not ready:\n{log.read_text()}"
                await asyncio.sleep(0.1)
            yield Prometheus(base_url, client, log)
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()
