"""W3C Trace Context (`traceparent`) parsing and propagation, plus optional OpenTelemetry spans.

OpenTelemetry is used only when it is importable and `OCR_OTEL_ENABLED=true`; it is imported
lazily on first use, so without it tracing costs a header parse and a few random bytes per call.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import secrets
import threading
from dataclasses import dataclass
from types import ModuleType
from typing import Any

__all__ = [
    "ServerSpan",
    "TraceContext",
    "child_traceparent",
    "new_trace",
    "otel_enabled",
    "parse_traceparent",
    "reset_otel_for_tests",
    "start_server_span",
]

_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX16 = re.compile(r"[0-9a-f]{16}")
_HEX2 = re.compile(r"[0-9a-f]{2}")
_ZERO_TRACE = "0" * 32
_ZERO_SPAN = "0" * 16
_SAMPLED = 0x01


@dataclass(frozen=True, slots=True)
class TraceContext:
    """One span's position in a trace: the trace id, this span's id and the trace flags."""

    trace_id: str  # 32 lowercase hex digits, not all zero
    span_id: str  # 16 lowercase hex digits, not all zero
    flags: int = 0

    @property
    def sampled(self) -> bool:
        return bool(self.flags & _SAMPLED)

    def to_traceparent(self) -> str:
        return f"00-{self.trace_id}-{self.span_id}-{self.flags:02x}"

    def child(self) -> TraceContext:
        """A new span in the same trace (same trace id and flags, fresh span id)."""
        return TraceContext(self.trace_id, _new_span_id(), self.flags)


def _new_span_id() -> str:
    while True:
        span = secrets.token_hex(8)
        if span != _ZERO_SPAN:
            return span


def _new_trace_id() -> str:
    while True:
        trace = secrets.token_hex(16)
        if trace != _ZERO_TRACE:
            return trace


def new_trace(sampled: bool = False) -> TraceContext:
    """The root span of a new trace, for calls that arrive without a valid `traceparent`."""
    return TraceContext(_new_trace_id(), _new_span_id(), _SAMPLED if sampled else 0)


def parse_traceparent(value: str | bytes | None) -> TraceContext | None:
    """Parse a `traceparent` header; None if absent or invalid (the caller starts a new trace).

    Follows W3C Trace Context level 1: version 00 must be exactly 55 characters; a higher
    version may carry more fields after a '-', which are ignored; version ff is invalid.
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        try:
            value = value.decode("ascii")
        except UnicodeDecodeError:
            return None
    value = value.strip(" \t")
    if len(value) < 55:
        return None
    version, trace_id, span_id, flags = value[0:2], value[3:35], value[36:52], value[53:55]
    if value[2] != "-" or value[35] != "-" or value[52] != "-":
        return None
    if not _HEX2.fullmatch(version) or version == "ff":
        return None
    if version == "00" and len(value) != 55:
        return None
    if version != "00" and len(value) > 55 and value[55] != "-":
        return None
    if not _HEX32.fullmatch(trace_id) or trace_id == _ZERO_TRACE:
        return None
    if not _HEX16.fullmatch(span_id) or span_id == _ZERO_SPAN:
        return None
    if not _HEX2.fullmatch(flags):
        return None
    # Only the sampled bit is defined; unknown bits must not be propagated.
    return TraceContext(trace_id, span_id, int(flags, 16) & _SAMPLED)


def child_traceparent(parent: TraceContext | str | None) -> str:
    """The `traceparent` to send upstream: same trace as `parent`, new span id (new trace if
    `parent` is missing or invalid)."""
    ctx = parse_traceparent(parent) if isinstance(parent, str) or parent is None else parent
    return (ctx.child() if ctx is not None else new_trace()).to_traceparent()


# ------------------------------------------------------------------------------ OpenTelemetry

_TRUE = frozenset({"1", "true", "yes", "on"})
_otel_lock = threading.Lock()
_otel_state: tuple[bool, Any] | None = None  # (enabled, tracer) once decided


def _decide_otel() -> tuple[bool, Any]:
    global _otel_state
    if _otel_state is not None:
        return _otel_state
    with _otel_lock:
        if _otel_state is None:
            _otel_state = _load_otel()
        return _otel_state


def _load_otel() -> tuple[bool, Any]:
    if os.environ.get("OCR_OTEL_ENABLED", "").strip().lower() not in _TRUE:
        return False, None
    if importlib.util.find_spec("opentelemetry") is None:
        return False, None
    try:
        trace = importlib.import_module("opentelemetry.trace")
    except ImportError:
        return False, None
    _install_sdk_provider_if_unset(trace)
    return True, trace.get_tracer("clova_ocr_gateway")


def _install_sdk_provider_if_unset(trace: ModuleType) -> None:
    # Respect a provider set by opentelemetry-instrument or the embedding app; otherwise use the
    # SDK with an OTLP exporter (configured by the standard OTEL_EXPORTER_OTLP_* variables).
    if not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        return
    try:
        sdk_trace = importlib.import_module("opentelemetry.sdk.trace")
        sdk_resources = importlib.import_module("opentelemetry.sdk.resources")
    except ImportError:
        return
    resource = sdk_resources.Resource.create(
        {"service.name": os.environ.get("OTEL_SERVICE_NAME", "clova-ocr-gateway")}
    )
    provider = sdk_trace.TracerProvider(resource=resource)
    try:
        exporter_mod = importlib.import_module(
            "opentelemetry.exporter.otlp.proto.grpc.trace_exporter"
        )
        export_mod = importlib.import_module("opentelemetry.sdk.trace.export")
        provider.add_span_processor(export_mod.BatchSpanProcessor(exporter_mod.OTLPSpanExporter()))
    except ImportError:
        pass  # spans are still created (and visible to in-process processors)
    trace.set_tracer_provider(provider)


def otel_enabled() -> bool:
    """True when spans are exported through OpenTelemetry."""
    return _decide_otel()[0]


def reset_otel_for_tests(enabled: bool | None = None, tracer: Any = None) -> None:
    """Forget the cached decision (None: re-read the environment on next use)."""
    global _otel_state
    with _otel_lock:
        _otel_state = None if enabled is None else (enabled, tracer)


class ServerSpan:
    """The gateway's span for one RPC; `context` is what logs and upstream propagation use."""

    __slots__ = ("_otel_span", "context")

    def __init__(self, context: TraceContext, otel_span: Any = None) -> None:
        self.context = context
        self._otel_span = otel_span

    def finish(self, grpc_code: str, error: BaseException | None = None) -> None:
        span = self._otel_span
        if span is None:
            return
        trace = importlib.import_module("opentelemetry.trace")
        span.set_attribute("rpc.grpc.status_code", grpc_code)
        if grpc_code != "OK":
            span.set_status(trace.Status(trace.StatusCode.ERROR, grpc_code))
        if error is not None:
            span.record_exception(error)
        span.end()


def start_server_span(
    name: str, incoming: TraceContext | None, attributes: dict[str, str] | None = None
) -> ServerSpan:
    """Start the span of an incoming RPC: a child of `incoming`, or the root of a new trace."""
    ours = incoming.child() if incoming is not None else new_trace()
    enabled, tracer = _decide_otel()
    if not enabled or tracer is None:
        return ServerSpan(ours)
    trace = importlib.import_module("opentelemetry.trace")
    parent_ctx = None
    if incoming is not None:
        remote = trace.SpanContext(
            trace_id=int(incoming.trace_id, 16),
            span_id=int(incoming.span_id, 16),
            is_remote=True,
            trace_flags=trace.TraceFlags(incoming.flags),
        )
        parent_ctx = trace.set_span_in_context(trace.NonRecordingSpan(remote))
    span = tracer.start_span(
        name, context=parent_ctx, kind=trace.SpanKind.SERVER, attributes=attributes or {}
    )
    sc = span.get_span_context()
    # A no-op provider hands back the parent's (or an invalid) context; keep our own ids then.
    if sc.is_valid and (incoming is None or f"{sc.span_id:016x}" != incoming.span_id):
        flags = int(sc.trace_flags) & _SAMPLED
        ours = TraceContext(f"{sc.trace_id:032x}", f"{sc.span_id:016x}", flags)
    return ServerSpan(ours, span)
