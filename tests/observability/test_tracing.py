"""W3C traceparent parsing, child generation and the optional OpenTelemetry path."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imaging_samples import tiny_png

from clova_ocr_gateway import errors
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.emulator.fixtures import __file__ as _fixtures_init
from clova_ocr_gateway.images.validation import validate_image
from clova_ocr_gateway.observability import tracing
from clova_ocr_gateway.upstream.client import UpstreamClient, build_http_client

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN = "00f067aa0ba902b7"
VALID = f"00-{TRACE}-{SPAN}-01"
RECEIPT_ANSWER = (Path(_fixtures_init).parent / "receipt.json").read_bytes()


@pytest.fixture(autouse=True)
def _otel_off() -> Iterator[None]:
    tracing.reset_otel_for_tests(enabled=False)
    yield
    tracing.reset_otel_for_tests()


def test_valid_traceparent_is_parsed() -> None:
    ctx = tracing.parse_traceparent(VALID)
    assert ctx == tracing.TraceContext(TRACE, SPAN, 1)
    assert ctx.sampled
    assert ctx.to_traceparent() == VALID


def test_surrounding_whitespace_and_bytes_are_accepted() -> None:
    assert tracing.parse_traceparent(f"  {VALID}\t") is not None
    assert tracing.parse_traceparent(VALID.encode()) is not None


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "garbage",
        f"00-{'0' * 32}-{SPAN}-01",  # all-zero trace id
        f"00-{TRACE}-{'0' * 16}-01",  # all-zero parent id
        f"00-{TRACE.upper()}-{SPAN}-01",  # uppercase hex is invalid
        f"ff-{TRACE}-{SPAN}-01",  # version ff is forbidden
        f"00-{TRACE}-{SPAN}-01-extra",  # version 00 has exactly four fields
        f"00-{TRACE[:-1]}-{SPAN}-01",  # short trace id
        f"00-{TRACE}-{SPAN}-0g",  # non-hex flags
        f"00_{TRACE}_{SPAN}_01",  # wrong separators
        f"01-{TRACE}-{SPAN}-01x",  # future version: extra data must follow a '-'
        b"\xff\xfe",
    ],
)
def test_invalid_traceparent_is_rejected(value: str | bytes | None) -> None:
    assert tracing.parse_traceparent(value) is None


def test_future_versions_are_parsed_ignoring_extra_fields() -> None:
    ctx = tracing.parse_traceparent(f"cc-{TRACE}-{SPAN}-01-what-the-future-holds")
    assert ctx == tracing.TraceContext(TRACE, SPAN, 1)


def test_unknown_flag_bits_are_not_propagated() -> None:
    ctx = tracing.parse_traceparent(f"00-{TRACE}-{SPAN}-ff")
    assert ctx is not None
    assert ctx.flags == 1


def test_child_keeps_trace_id_and_flags_with_a_new_span_id() -> None:
    header = tracing.child_traceparent(VALID)
    child = tracing.parse_traceparent(header)
    assert child is not None
    assert child.trace_id == TRACE
    assert child.span_id != SPAN
    assert child.flags == 1


def test_child_of_nothing_or_garbage_starts_a_new_valid_trace() -> None:
    for parent in (None, "garbage"):
        ctx = tracing.parse_traceparent(tracing.child_traceparent(parent))
        assert ctx is not None
        assert ctx.trace_id != TRACE


@given(st.booleans())
def test_generated_contexts_always_round_trip(sampled: bool) -> None:
    root = tracing.new_trace(sampled)
    assert tracing.parse_traceparent(root.to_traceparent()) == root
    child = root.child()
    assert tracing.parse_traceparent(child.to_traceparent()) == child
    assert child.sampled is sampled


@given(st.text(max_size=80))
def test_parser_never_raises_on_arbitrary_input(value: str) -> None:
    ctx = tracing.parse_traceparent(value)
    if ctx is not None:
        assert len(ctx.trace_id) == 32
        assert len(ctx.span_id) == 16


def test_server_span_without_otel_is_a_child_of_the_incoming_context() -> None:
    incoming = tracing.parse_traceparent(VALID)
    span = tracing.start_server_span("svc/Method", incoming)
    assert span.context.trace_id == TRACE
    assert span.context.span_id != SPAN
    span.finish("OK")


def test_client_spans_without_otel_are_children_of_the_rpc_span_with_fresh_ids() -> None:
    rpc = tracing.start_server_span("svc/M", tracing.parse_traceparent(VALID)).context
    first = tracing.start_client_span("POST", rpc, {}).context
    second = tracing.start_client_span("POST", rpc, {}).context
    assert first.trace_id == second.trace_id == TRACE
    assert len({rpc.span_id, first.span_id, second.span_id}) == 3
    assert tracing.parse_traceparent(first.to_traceparent()) == first


def test_otel_is_off_unless_enabled_by_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OCR_OTEL_ENABLED", raising=False)
    tracing.reset_otel_for_tests()
    assert not tracing.otel_enabled()
    monkeypatch.setenv("OCR_OTEL_ENABLED", "false")
    tracing.reset_otel_for_tests()
    assert not tracing.otel_enabled()


def test_importing_the_gateway_modules_never_imports_opentelemetry() -> None:
    code = (
        "import sys, clova_ocr_gateway.observability.tracing,"
        " clova_ocr_gateway.observability.interceptors;"
        "loaded = [m for m in sys.modules if m.startswith('opentelemetry')];"
        "assert not loaded, loaded"
    )
    env = {**os.environ, "OCR_OTEL_ENABLED": "true"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)


@pytest.fixture
def spans() -> Iterator[Any]:
    """OpenTelemetry on, with a real SDK provider exporting into memory."""
    sdk_trace = importlib.import_module("opentelemetry.sdk.trace")
    export = importlib.import_module("opentelemetry.sdk.trace.export")
    in_memory = importlib.import_module("opentelemetry.sdk.trace.export.in_memory_span_exporter")
    exporter = in_memory.InMemorySpanExporter()
    provider = sdk_trace.TracerProvider()
    provider.add_span_processor(export.SimpleSpanProcessor(exporter))
    tracing.reset_otel_for_tests(enabled=True, tracer=provider.get_tracer("test"))
    yield exporter
    tracing.reset_otel_for_tests(enabled=False)


def test_otel_enabled_creates_real_server_spans(spans: Any) -> None:
    from opentelemetry.trace import SpanKind, StatusCode

    incoming = tracing.parse_traceparent(VALID)
    span = tracing.start_server_span(
        "pkg.Svc/Method",
        incoming,
        {"rpc.system": "grpc", "rpc.service": "pkg.Svc", "rpc.method": "Method"},
    )
    span.finish("OK")

    (finished,) = spans.get_finished_spans()
    assert finished.name == "pkg.Svc/Method"
    assert finished.kind == SpanKind.SERVER
    assert f"{finished.context.trace_id:032x}" == TRACE
    assert finished.parent.is_remote
    assert f"{finished.parent.span_id:016x}" == SPAN
    assert f"{finished.context.span_id:016x}" == span.context.span_id
    assert finished.attributes["rpc.system"] == "grpc"
    assert finished.attributes["rpc.grpc.status_code"] == 0
    assert finished.status.status_code == StatusCode.UNSET
    assert "error.type" not in finished.attributes


@pytest.mark.parametrize("code", [c.name for c in grpc.StatusCode])
def test_server_span_status_follows_the_grpc_conventions_for_servers(
    spans: Any, code: str
) -> None:
    """semantic-conventions docs/rpc/grpc.md: on SERVER spans only UNKNOWN, DEADLINE_EXCEEDED,
    UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS are errors; the code is an int."""
    from opentelemetry.trace import StatusCode

    tracing.start_server_span("pkg.Svc/M", None).finish(code)
    (finished,) = spans.get_finished_spans()
    assert finished.attributes["rpc.grpc.status_code"] == grpc.StatusCode[code].value[0]
    assert type(finished.attributes["rpc.grpc.status_code"]) is int
    server_error = code in {
        "UNKNOWN",
        "DEADLINE_EXCEEDED",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
    }
    assert (finished.status.status_code == StatusCode.ERROR) is server_error
    assert finished.attributes.get("error.type") == (code if server_error else None)


@pytest.mark.parametrize(
    ("http_status", "error_type", "status", "recorded_error"),
    [
        (200, None, "UNSET", None),
        (400, "CLOVA_INVALID_REQUEST", "ERROR", "400"),  # 4xx: the status is the error type
        (503, "UPSTREAM_UNAVAILABLE", "ERROR", "503"),
        (None, "UPSTREAM_TIMEOUT", "ERROR", "UPSTREAM_TIMEOUT"),  # no answer: our reason
        (200, "MALFORMED_SUCCESS", "ERROR", "MALFORMED_SUCCESS"),
    ],
)
def test_client_span_attributes_are_typed_as_the_http_conventions_say(
    spans: Any, http_status: int | None, error_type: str | None, status: str, recorded_error: Any
) -> None:
    from opentelemetry.trace import SpanKind

    rpc = tracing.start_server_span("pkg.Svc/M", None)
    attempt = tracing.start_client_span(
        "POST",
        rpc.context,
        {"http.request.method": "POST", "server.port": 443, "http.request.resend_count": 1},
    )
    attempt.finish(http_status, error_type)
    rpc.finish("OK")
    client, server = spans.get_finished_spans()
    assert client.kind == SpanKind.CLIENT
    assert client.parent.span_id == server.context.span_id and not client.parent.is_remote
    assert f"{client.context.span_id:016x}" == attempt.context.span_id
    assert client.attributes["server.port"] == 443
    assert client.attributes.get("http.response.status_code") == http_status
    assert client.status.status_code.name == status
    assert client.attributes.get("error.type") == recorded_error


def test_internal_span_ends_once_with_the_first_outcome(spans: Any) -> None:
    wait = tracing.start_internal_span("admission.wait", tracing.new_trace(sampled=True), {})
    wait.end()
    wait.end("QUEUE_FULL")  # ignored: the wait already ended
    (finished,) = spans.get_finished_spans()
    assert finished.name == "admission.wait"
    assert finished.kind.name == "INTERNAL"
    assert "error.type" not in finished.attributes


def test_internal_spans_cost_nothing_without_otel() -> None:
    tracing.reset_otel_for_tests(enabled=False)
    first = tracing.start_internal_span("admission.wait", None, {})
    assert first is tracing.start_internal_span("admission.wait", None, {})
    first.end("QUEUE_FULL")


async def test_each_upstream_attempt_is_a_client_span_whose_id_clova_receives(spans: Any) -> None:
    """Two attempts of one call: two CLIENT spans under the RPC's span, and the traceparent of
    each request names its own attempt's span."""
    received: list[str] = []
    answers = iter(
        [
            # Streams, as a real transport's answers are (the client reads them chunk by chunk).
            httpx.Response(500, stream=httpx.ByteStream(b'{"code":"0500","message":"Unknown"}')),
            httpx.Response(200, stream=httpx.ByteStream(RECEIPT_ANSWER)),
        ]
    )

    def clova(request: httpx.Request) -> httpx.Response:
        received.append(request.headers["traceparent"])
        return next(answers)

    settings = load_settings({})
    url = "https://ocr.example.test:8443/custom/v1/1/abc/document/receipt"
    client = UpstreamClient(settings, build_http_client(settings, httpx.MockTransport(clova)))
    image = validate_image(tiny_png(), None, "p", settings.max_image_bytes)
    rpc = tracing.start_server_span("pkg.Svc/M", tracing.parse_traceparent(VALID))
    call = {"domain": "receipt", "url": url, "secret": "s" * 20, "request_id": "r-1"}
    with pytest.raises(errors.UpstreamError):
        await client.recognize(**call, image=image, time_remaining=5, trace=rpc.context)
    answer = await client.recognize(
        **call, image=image, time_remaining=5, trace=rpc.context, attempt=2
    )
    assert answer.http_status == 200
    rpc.finish("OK")

    first, second, server = spans.get_finished_spans()
    sent = [tracing.parse_traceparent(header) for header in received]
    assert [f"{s.context.span_id:016x}" for s in (first, second)] == [
        ctx.span_id for ctx in sent if ctx
    ]
    for attempt in (first, second):
        assert attempt.name == "POST"
        assert attempt.parent.span_id == server.context.span_id
        assert f"{attempt.context.trace_id:032x}" == TRACE
        assert attempt.attributes["http.request.method"] == "POST"
        assert attempt.attributes["server.address"] == "ocr.example.test"
        assert attempt.attributes["server.port"] == 8443
        assert attempt.attributes["url.full"] == url
        assert attempt.attributes["clova_ocr.domain"] == "receipt"
    assert first.attributes["http.response.status_code"] == 500
    assert first.attributes["error.type"] == "500"
    assert "http.request.resend_count" not in first.attributes
    assert second.attributes["http.response.status_code"] == 200
    assert second.attributes["http.request.resend_count"] == 1
    assert "error.type" not in second.attributes
    # The secret never reaches a span.
    for span in (first, second, server):
        assert "s" * 20 not in repr(dict(span.attributes))


def _warnings_when_enabled(blocked: str) -> list[dict[str, Any]]:
    """Start tracing in a fresh interpreter where `blocked` cannot be imported; its warnings."""
    code = (
        "import sys; sys.modules[sys.argv[1]] = None\n"
        "from clova_ocr_gateway.observability.logs import configure_logging\n"
        "from clova_ocr_gateway.observability import tracing\n"
        "configure_logging('json', 'INFO')\n"
        "print(tracing.otel_enabled(), file=sys.stderr)\n"
    )
    env = {**os.environ, "OCR_OTEL_ENABLED": "true", "OTEL_TRACES_EXPORTER": "none"}
    result = subprocess.run(
        [sys.executable, "-c", code, blocked],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [line for line in lines if line["level"] == "warning"]


@pytest.mark.parametrize(
    ("blocked", "says"),
    [
        ("opentelemetry", "opentelemetry cannot be imported"),
        ("opentelemetry.exporter.otlp.proto.grpc.trace_exporter", "OTLP exporter"),
    ],
)
def test_enabled_but_unavailable_tracing_is_reported(blocked: str, says: str) -> None:
    (warning,) = _warnings_when_enabled(blocked)
    assert warning["event"] == "tracing_unavailable"
    assert says in warning["reason"]
    assert "clova-ocr-gateway[otel]" in warning["hint"]
