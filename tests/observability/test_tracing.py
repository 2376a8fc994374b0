"""W3C traceparent parsing, child generation and the optional OpenTelemetry path."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clova_ocr_gateway.observability import tracing
from clova_ocr_gateway.observability.callcontext import CallRecord, call_scope, current_call

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN = "00f067aa0ba902b7"
VALID = f"00-{TRACE}-{SPAN}-01"


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


def test_call_record_propagates_its_trace_upstream() -> None:
    incoming = tracing.parse_traceparent(VALID)
    record = CallRecord(trace=tracing.start_server_span("svc/M", incoming).context)
    with call_scope(record):
        assert current_call() is record
        upstream = tracing.parse_traceparent(current_call().upstream_traceparent())
    assert upstream is not None
    assert upstream.trace_id == TRACE
    assert record.trace is not None
    assert upstream.span_id != record.trace.span_id


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


def test_otel_enabled_creates_real_server_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    sdk_trace = pytest.importorskip("opentelemetry.sdk.trace")
    export = pytest.importorskip("opentelemetry.sdk.trace.export")
    in_memory = pytest.importorskip("opentelemetry.sdk.trace.export.in_memory_span_exporter")
    exporter = in_memory.InMemorySpanExporter()
    provider = sdk_trace.TracerProvider()
    provider.add_span_processor(export.SimpleSpanProcessor(exporter))
    tracing.reset_otel_for_tests(enabled=True, tracer=provider.get_tracer("test"))

    incoming = tracing.parse_traceparent(VALID)
    span = tracing.start_server_span("pkg.Svc/Method", incoming, {"rpc.system": "grpc"})
    span.finish("INVALID_ARGUMENT")

    (finished,) = exporter.get_finished_spans()
    assert finished.name == "pkg.Svc/Method"
    assert f"{finished.context.trace_id:032x}" == TRACE
    assert f"{finished.parent.span_id:016x}" == SPAN
    assert f"{finished.context.span_id:016x}" == span.context.span_id
    assert finished.attributes["rpc.grpc.status_code"] == "INVALID_ARGUMENT"
