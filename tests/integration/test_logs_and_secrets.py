"""Logs of a real gateway in front of the real emulator, captured as JSON at DEBUG: one
`rpc_finished` line per call with every documented field, and no secret, no personal data from
ID documents and no image bytes anywhere in logs, error statuses or `/metrics`."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import re
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import grpc
import pytest
from imaging_samples import png_chunk, tiny_png

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig
from clova_ocr_gateway.observability import logs

from .conftest import Harness
from .scrape import scrape
from .test_serving import rpc

SERVICE = "clova.ocr.document.v1.DocumentOcrService"
RUN = secrets.token_hex(6)
CANARY_PREFIX = "CANARY-SECRET"
CANARY_SECRETS = {d: f"{CANARY_PREFIX}-{d.value}-{RUN}" for d in Domain}
IMAGE_MARKER = f"IMAGE-MARKER-{RUN}".encode()
RPC_FINISHED_FIELDS = frozenset(
    {
        "request_id",
        "method",
        "domain",
        "caller",
        "grpc_code",
        "queue_seconds",
        "upstream_seconds",
        "total_seconds",
        "retries",
        "image_bytes",
        "http_status",
        "clova_code",
        "trace_id",
    }
)
LEVEL_OF_CODE = {
    "OK": "info",
    "INVALID_ARGUMENT": "info",
    "RESOURCE_EXHAUSTED": "warning",
    "DEADLINE_EXCEEDED": "warning",
    "UNAVAILABLE": "warning",
    "INTERNAL": "error",
}
NO_BREAKER: dict[str, Any] = {
    "breaker_failure_threshold": 1000,
    "breaker_failure_ratio": 1.0,
    "breaker_window_calls": 1000,
}
FAST_RETRIES: dict[str, Any] = {
    "retry_initial_backoff_seconds": 0.001,
    "retry_max_backoff_seconds": 0.005,
    "retry_budget_min_per_second": 10.0,
}


def marked_png(marker: bytes) -> bytes:
    """A valid 1x1 PNG carrying `marker` in a private ancillary chunk decoders skip."""
    base = tiny_png()
    iend = png_chunk(b"IEND", b"")
    return base[: -len(iend)] + png_chunk(b"teSt", marker) + iend


def _fixture(domain: Domain) -> dict[str, Any]:
    package = resources.files("clova_ocr_gateway.emulator.fixtures")
    loaded: dict[str, Any] = json.loads(package.joinpath(f"{domain.name.lower()}.json").read_text())
    return loaded


def personal_texts() -> list[str]:
    """Personal data the emulator's ID card and passport answers carry (the vendor examples)."""
    ic = _fixture(Domain.ID_CARD)["images"][0]["idCard"]["result"]["ic"]
    passport = _fixture(Domain.PASSPORT)["images"][0]["passport"]["passportResult"]
    id_number = ic["personalNum"][0]["text"]
    texts = [
        id_number,
        re.sub(r"\D", "", id_number),  # the same number without its dash
        ic["name"][0]["text"],
        ic["address"][0]["text"],
        passport["documentNumber"]["refinedText"],
        passport["personalNumber"]["refinedText"],
        passport["lastName1"]["refinedText"],
        passport["mrzLines"]["refinedText"].splitlines()[1],
    ]
    assert re.fullmatch(r"\d{6}-\d{7}", id_number), "the fixture's ID number moved"
    return texts


def leak_forms(text: str) -> set[str]:
    """`text` as it could show up in a log line: raw, JSON-escaped, repr-escaped."""
    return {text, json.dumps(text)[1:-1], repr(text)[1:-1], text.encode().hex()}


class CapturedLog:
    """The stream configure_logging writes into."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for line in self.text().splitlines():
            value = json.loads(line)  # every line is one JSON object
            assert isinstance(value, dict), line
            out.append(value)
        return out

    def rpc_finished(self) -> list[dict[str, Any]]:
        return [r for r in self.records() if r["event"] == "rpc_finished"]

    async def wait_for_rpc_finished(self, count: int) -> list[dict[str, Any]]:
        """The rpc_finished lines once there are `count` (bounded: 5 s). A caller can see an
        error before the interceptor logs the call: `abort` sends the status, then raises."""
        for _ in range(250):
            lines = self.rpc_finished()
            if len(lines) >= count:
                break
            await asyncio.sleep(0.02)
        return self.rpc_finished()


@pytest.fixture
def captured() -> Iterator[CapturedLog]:
    log = CapturedLog()
    logs.configure_logging("json", "DEBUG", stream=log.stream)
    try:
        yield log
    finally:
        logs.reset_logging()
        logs.clear_registered_secret_values()


@dataclass
class Case:
    """One RPC to make and what its rpc_finished line must say."""

    domain: Domain
    code: str
    fault: str = ""
    content: bytes = field(default_factory=lambda: marked_png(IMAGE_MARKER))
    http_status: int | None = 200
    clova_code: str | None = None
    retries: int = 0
    timeout: float = 10.0
    wrong_secret: bool = False  # CLOVA rejects the gateway's (canary) secret


CASES = [
    *(Case(d, "OK") for d in Domain),
    Case(
        Domain.RECEIPT,
        "INVALID_ARGUMENT",
        content=b"NOT-AN-IMAGE " + IMAGE_MARKER,
        http_status=None,
    ),
    Case(Domain.ID_CARD, "INTERNAL", wrong_secret=True, http_status=401, clova_code="0002"),
    Case(Domain.RECEIPT, "RESOURCE_EXHAUSTED", "code=0023", http_status=400, clova_code="0023"),
    Case(
        Domain.NAME_CARD,
        "RESOURCE_EXHAUSTED",
        "code=0025",
        http_status=400,
        clova_code="0025",
        retries=2,
    ),
    Case(Domain.RECEIPT, "UNAVAILABLE", "code=0500", http_status=500, clova_code="0500", retries=2),
    Case(Domain.ID_CARD, "INVALID_ARGUMENT", "infer=FAILURE"),
    Case(Domain.PASSPORT, "UNAVAILABLE", "infer=ERROR"),
    Case(Domain.ID_CARD, "INTERNAL", "malformed"),  # half of the ID card answer, then nothing
    Case(Domain.ID_CARD, "UNAVAILABLE", "reset", http_status=None, retries=2),  # httpx error
    Case(Domain.PASSPORT, "DEADLINE_EXCEEDED", "latency_ms=3000", http_status=None, timeout=0.5),
]


@dataclass
class Seen:
    """What a caller received: the bytes of the answer or of the error."""

    case: Case
    request_id: str
    received: list[bytes] = field(default_factory=list)


async def run_case(harness: Harness, case: Case, request_id: str) -> Seen:
    seen = Seen(case, request_id)
    spec = REGISTRY[case.domain]
    request = spec.request_type(image=image_pb2.Image(content=case.content), request_id=request_id)
    metadata = [("x-request-id", request_id), ("x-client-id", "logs-test")]
    if case.fault:
        metadata.append(("x-emulator-fault", case.fault))
    if case.wrong_secret:
        harness.emulator.accept_secrets(case.domain, "a-secret-that-is-not-the-gateways")
    try:
        call = rpc(harness, case.domain)(request, metadata=tuple(metadata), timeout=case.timeout)
        response = await call
        seen.received.append(response.SerializeToString())
        for key, value in [*(await call.initial_metadata()), *(await call.trailing_metadata())]:
            seen.received.append(f"{key}={value!r}".encode())
        code = "OK"
    except grpc.aio.AioRpcError as exc:
        code = exc.code().name
        seen.received.append((exc.details() or "").encode())
        seen.received.append((exc.debug_error_string() or "").encode())
        for key, value in [*exc.initial_metadata(), *exc.trailing_metadata()]:
            raw = value if isinstance(value, bytes) else value.encode()
            seen.received.append(key.encode() + b"=" + raw)
    finally:
        if case.wrong_secret:
            harness.emulator.accept_secrets(case.domain, CANARY_SECRETS[case.domain])
    assert code == case.code, (case, code)
    return seen


@pytest.mark.parametrize("upload_mode", ["multipart", "json"])
async def test_one_rpc_finished_per_call_and_no_secret_personal_data_or_image_bytes_leak(
    captured: CapturedLog, harness_factory: Any, upload_mode: str
) -> None:
    harness: Harness = await harness_factory(
        metrics_port=0,
        upload_mode=upload_mode,
        emulator=EmulatorConfig(port=0, secrets=CANARY_SECRETS),
        **NO_BREAKER,
        **FAST_RETRIES,
    )
    seen = [
        await run_case(harness, case, f"logs-{i}-{uuid.uuid4().hex}")
        for i, case in enumerate(CASES)
    ]
    # The marked image really went over the wire (so its absence from logs means something).
    assert harness.emulator.stats.last_request[Domain.RECEIPT].image_bytes == len(
        marked_png(IMAGE_MARKER)
    )
    metrics_text = (await scrape(harness)).text

    finished: dict[str, dict[str, Any]] = {}
    for line in await captured.wait_for_rpc_finished(len(CASES)):
        assert line["request_id"] not in finished, f"two rpc_finished lines: {line}"
        finished[line["request_id"]] = line
    assert set(finished) == {s.request_id for s in seen}
    for s in seen:
        line, case = finished[s.request_id], s.case
        assert set(line) >= RPC_FINISHED_FIELDS, RPC_FINISHED_FIELDS - set(line)
        assert line["method"] == f"/{SERVICE}/{REGISTRY[case.domain].rpc_name}"
        assert line["domain"] == case.domain.value
        assert line["caller"] == "logs-test"
        assert line["grpc_code"] == case.code
        assert line["level"] == LEVEL_OF_CODE[case.code]
        assert line["logger"] == "clova_ocr_gateway.rpc"
        assert line["http_status"] == case.http_status
        assert line["clova_code"] == case.clova_code
        assert line["retries"] == case.retries
        assert line["image_bytes"] == len(case.content)
        assert re.fullmatch(r"[0-9a-f]{32}", line["trace_id"])
        for key in ("queue_seconds", "upstream_seconds", "total_seconds"):
            assert isinstance(line[key], int | float) and line[key] >= 0, (key, line)
    # Every line, whatever logger wrote it, is one JSON object with the common fields.
    for record in captured.records():
        assert {"timestamp", "level", "event", "logger"} <= set(record), record

    text = captured.text()
    received = b"\n".join(b for s in seen for b in s.received)
    # The canary secrets: not in logs, not in anything a caller got back, not in /metrics.
    assert CANARY_PREFIX not in text
    assert CANARY_PREFIX.encode() not in received
    assert CANARY_PREFIX not in metrics_text
    # Personal data read off ID documents never reaches the logs, at any level.
    for personal in personal_texts():
        for form in leak_forms(personal):
            assert form not in text, f"personal data {personal!r} logged"
    # Image bytes never reach the logs, raw or encoded.
    image = marked_png(IMAGE_MARKER)
    for form in (
        IMAGE_MARKER.decode(),
        IMAGE_MARKER.hex(),
        base64.b64encode(image).decode(),
        *(base64.b64encode(image[i:]).decode()[4:40] for i in range(3)),
    ):
        assert form not in text, f"image bytes logged as {form!r}"


async def test_lines_logged_during_a_call_carry_the_request_id_of_its_rpc_finished_line(
    captured: CapturedLog, harness_factory: Any
) -> None:
    harness: Harness = await harness_factory(**NO_BREAKER, **FAST_RETRIES)
    request_id = f"only-in-the-message-{uuid.uuid4().hex}"
    with pytest.raises(grpc.aio.AioRpcError):
        # A 0025 makes the adaptive limit log; httpx logs every attempt at DEBUG.
        await harness.stub.RecognizeReceipt(
            service_pb2.RecognizeReceiptRequest(
                image=image_pb2.Image(content=tiny_png()), request_id=request_id
            ),
            metadata=(("x-emulator-fault", "code=0025"),),
            timeout=10,
        )
    [finished] = await captured.wait_for_rpc_finished(1)
    assert finished["request_id"] == request_id
    during = [
        r
        for r in captured.records()
        if r.get("trace_id") == finished["trace_id"] and r["event"] != "rpc_finished"
    ]
    assert {r["event"] for r in during} >= {"adaptive_limit_decreased"}
    assert {r["request_id"] for r in during} == {request_id}


async def test_caller_traceparent_reaches_clova_as_a_child_span_and_the_log_as_trace_id(
    captured: CapturedLog, harness_factory: Any
) -> None:
    harness: Harness = await harness_factory()
    for flags in ("01", "00"):
        trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
        request_id = f"trace-{flags}-{uuid.uuid4().hex}"
        await harness.stub.RecognizeReceipt(
            service_pb2.RecognizeReceiptRequest(
                image=image_pb2.Image(content=tiny_png()), request_id=request_id
            ),
            metadata=(("traceparent", f"00-{trace_id}-{parent_id}-{flags}"),),
            timeout=10,
        )
        sent = harness.emulator.stats.last_request[Domain.RECEIPT].headers["traceparent"]
        version, sent_trace, sent_parent, sent_flags = sent.split("-")
        assert (version, sent_trace, sent_flags) == ("00", trace_id, flags)
        assert re.fullmatch(r"[0-9a-f]{16}", sent_parent) and sent_parent != parent_id
        [line] = [r for r in captured.rpc_finished() if r["request_id"] == request_id]
        assert line["trace_id"] == trace_id

    # Without (or with an invalid) traceparent the gateway starts a trace and sends that one.
    for metadata in [(), (("traceparent", "00-" + "0" * 32 + "-" + "1" * 16 + "-01"),)]:
        request_id = f"new-trace-{uuid.uuid4().hex}"
        await harness.stub.RecognizeReceipt(
            service_pb2.RecognizeReceiptRequest(
                image=image_pb2.Image(content=tiny_png()), request_id=request_id
            ),
            metadata=metadata,
            timeout=10,
        )
        sent = harness.emulator.stats.last_request[Domain.RECEIPT].headers["traceparent"]
        [line] = [r for r in captured.rpc_finished() if r["request_id"] == request_id]
        assert re.fullmatch(r"[0-9a-f]{32}", line["trace_id"])
        assert line["trace_id"] != "0" * 32
        assert sent.split("-")[1] == line["trace_id"]
