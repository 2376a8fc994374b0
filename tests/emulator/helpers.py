"""Helpers for emulator tests: request bodies and a caller bound to a started emulator."""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig, RunningEmulator, start_emulator

IMAGE = b"\x89PNG\r\n\x1a\nnot really a png but bytes are bytes"


def message(name: str = "demo", fmt: str = "png", *, request_id: str = "req-1") -> dict[str, Any]:
    """The JSON `message` without image data (multipart form)."""
    return {
        "version": "V2",
        "requestId": request_id,
        "timestamp": 1584062336793,
        "images": [{"format": fmt, "name": name}],
    }


def json_body(name: str = "demo", fmt: str = "png", *, request_id: str = "req-1") -> dict[str, Any]:
    body = message(name, fmt, request_id=request_id)
    body["images"][0]["data"] = base64.b64encode(IMAGE).decode()
    return body


def multipart_files(
    name: str = "demo", fmt: str = "png", *, request_id: str = "req-1", content: bytes = IMAGE
) -> dict[str, tuple[str | None, bytes | str, str]]:
    return {
        "message": (None, json.dumps(message(name, fmt, request_id=request_id)), "text/plain"),
        "file": ("image.png", content, "image/png"),
    }


class Caller:
    """Posts to the emulator the way a client would, with the right secret by default."""

    def __init__(self, emulator: RunningEmulator, client: httpx.AsyncClient) -> None:
        self.emulator = emulator
        self.client = client

    def headers(self, domain: Domain, fault: str | None = None) -> dict[str, str]:
        headers = {"X-OCR-SECRET": self.emulator.secret_for(domain)}
        if fault is not None:
            headers["X-Emulator-Fault"] = fault
        return headers

    async def post_json(
        self,
        domain: Domain = Domain.RECEIPT,
        *,
        fault: str | None = None,
        name: str = "demo",
        body: Any = None,
        **kwargs: Any,
    ) -> httpx.Response:
        return await self.client.post(
            self.emulator.url_for(domain),
            json=json_body(name) if body is None else body,
            headers=self.headers(domain, fault),
            **kwargs,
        )

    async def post_multipart(
        self,
        domain: Domain = Domain.RECEIPT,
        *,
        fault: str | None = None,
        name: str = "demo",
        content: bytes = IMAGE,
    ) -> httpx.Response:
        return await self.client.post(
            self.emulator.url_for(domain),
            files=multipart_files(name, content=content),
            headers=self.headers(domain, fault),
        )


@contextlib.asynccontextmanager
async def started(config: EmulatorConfig) -> AsyncIterator[Caller]:
    emulator = await start_emulator(config)
    try:
        async with httpx.AsyncClient(timeout=10.0) as client:
            yield Caller(emulator, client)
    finally:
        await emulator.close()
