"""Fixtures for the observability tests: JSON logging into a captured stream."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from clova_ocr_gateway.observability import logs


class CapturedLog:
    """A stream that configure_logging writes JSON lines into, with helpers to read them."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def raw_lines(self) -> list[str]:
        return [line for line in self.stream.getvalue().splitlines() if line.strip()]

    def records(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for line in self.raw_lines():
            value = json.loads(line)
            assert isinstance(value, dict), line
            out.append(value)
        return out

    def events(self, name: str) -> list[dict[str, Any]]:
        return [r for r in self.records() if r.get("event") == name]


@pytest.fixture
def json_log() -> Iterator[CapturedLog]:
    captured = CapturedLog()
    logs.configure_logging("json", "DEBUG", stream=captured.stream)
    try:
        yield captured
    finally:
        logs.reset_logging()
        logs.clear_registered_secret_values()
