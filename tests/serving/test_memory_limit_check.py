"""At start the gateway compares its container's memory limit with the memory formula
(admission/memory.py, docs/deploy.md "Memory") and warns when the budgets do not fit."""

from __future__ import annotations

import io
import json

import pytest

from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.observability import logs
from clova_ocr_gateway.serving import server

MiB = 1024 * 1024
# The shipped budgets: 128 MiB + 3 x 210 MiB + 384 MiB = 1142 MiB.
SHIPPED = {"OCR_MAX_INFLIGHT_BYTES": str(210 * MiB), "OCR_CONVERSION_MEMORY_BYTES": str(384 * MiB)}


@pytest.mark.parametrize(
    ("limit", "warned"),
    [
        (768 * MiB, True),  # the limit shipped before the conversion budget was counted
        (1141 * MiB, True),
        (1152 * MiB, False),  # what the manifests ship now
        (None, False),  # no limit (or no cgroup): nothing to compare
    ],
)
def test_a_container_limit_below_the_budgets_is_warned_about_at_start(
    monkeypatch: pytest.MonkeyPatch, limit: int | None, warned: bool
) -> None:
    monkeypatch.setattr(server, "container_memory_limit", lambda: limit)
    stream = io.StringIO()
    logs.configure_logging("json", "INFO", stream=stream)
    try:
        server._check_memory_limit(load_settings(SHIPPED))
    finally:
        logs.reset_logging()
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    found = [line for line in lines if line["event"] == "memory_limit_below_budgets"]
    if not warned:
        assert found == []
        return
    (line,) = found
    assert line["level"] == "warning"
    assert line["container_memory_limit_bytes"] == limit
    assert line["needed_bytes"] == 1142 * MiB
