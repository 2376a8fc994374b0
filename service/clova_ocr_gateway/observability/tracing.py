"""W3C Trace Context (`traceparent`) parsing and propagation, plus optional OpenTelemetry spans:
one SERVER span per RPC, one CLIENT span per HTTP attempt to CLOVA, an INTERNAL span for the
wait for an admission slot.

OpenTelemetry is used only when `OCR_OTEL_ENABLED=true` (and it is importable, else a warning
says why not); it is imported lazily on first use, so without it tracing costs a header parse
and a few random bytes per call.
"""

from __future__ import annotations

import importlib
import os
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import grpc

__all__ = [
    "SERVER_ERROR_CODES",
    "ClientSpan",
    "InternalSpan",
    "ServerSpan",
    "TraceContext",
    "child_traceparent",
    "flush_spans",
    "new_trace",
    "otel_enabled",
    "parse_traceparent",
    "reset_otel_for_tests",
    "start_client_span",
    "start_internal_span",
    "start_server_span",
]

# What OpenTelemetry accepts as an attribute value (the types this module sets).
AttributeValue = str | bool | int | float

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
#
# Spans follow the OpenTelemetry semantic conventions as the gRPC and HTTP instrumentations
# of opentelemetry-python emit them:
# - gRPC server span (semantic-conventions docs/rpc/grpc.md, rpc-spans.md): named
#   "{rpc.service}/{rpc.method}", kind SERVER, `rpc.system`="grpc", `rpc.service`,
#   `rpc.method`, and `rpc.grpc.status_code` as an int. Status: for SERVER spans only UNKNOWN,
#   DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE and DATA_LOSS are errors (a
#   caller's INVALID_ARGUMENT is not the server failing); `error.type` is the code's name then.
#   (The conventions' development version renames the code to a string
#   `rpc.response.status_code`; the int is what released instrumentations and backends read.)
# - HTTP client span (docs/http/http-spans.md, stable): one per attempt, named "{method}",
#   kind CLIENT, `http.request.method`, `server.address`, `server.port` (int), `url.full`,
#   `http.request.resend_count` (int, retries only), `http.response.status_code` (int, when an
#   answer came); status ERROR for 4xx, 5xx and failures without an answer, with `error.type`.
#   Its span id is the one sent upstream in `traceparent`.

_TRUE = frozenset({"1", "true", "yes", "on"})
_INSTALL_HINT = "pip install 'clova-ocr-gateway[otel]'"
_EXPORTER_MODULE = "opentelemetry.exporter.otlp.proto.grpc.trace_exporter"
_otel_lock = threading.Lock()
_otel_state: tuple[bool, Any] | None = None  # (enabled, tracer) once decided
_sdk_provider: Any = None  # the provider this module installed, flushed by `flush_spans`

# gRPC codes that mark a SERVER span as failed (semantic-conventions docs/rpc/grpc.md).
SERVER_ERROR_CODES: frozenset[str] = frozenset(
    {"UNKNOWN", "DEADLINE_EXCEEDED", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS"}
)
_GRPC_CODE_VALUES: dict[str, int] = {c.name: int(c.value[0]) for c in grpc.StatusCode}


def _decide_otel() -> tuple[bool, Any]:
    global _otel_state
    if _otel_state is not None:
        return _otel_state
    with _otel_lock:
        if _otel_state is None:
            _otel_state = _load_otel()
        return _otel_state


def _warn(event: str, **fields: object) -> None:
    # Imported here: logs.py is heavier than this module needs on the no-tracing path.
    from clova_ocr_gateway.observability.logs import get_logger

    get_logger("clova_ocr_gateway.tracing").warning(event, **fields)


def _load_otel() -> tuple[bool, Any]:
    if os.environ.get("OCR_OTEL_ENABLED", "").strip().lower() not in _TRUE:
        return False, None
    try:
        trace = importlib.import_module("opentelemetry.trace")
    except ImportError as exc:
        # Asked for and not there: say so, or the operator waits for spans that never come.
        _warn(
            "tracing_unavailable",
            reason=f"opentelemetry cannot be imported ({exc})",
            hint=f"OCR_OTEL_ENABLED=true needs the otel extra: {_INSTALL_HINT}",
        )
        return False, None
    _install_sdk_provider_if_unset(trace)
    return True, trace.get_tracer("clova_ocr_gateway")


def _install_sdk_provider_if_unset(trace: ModuleType) -> None:
    # Respect a provider set by opentelemetry-instrument or the embedding app; otherwise use the
    # SDK with an OTLP exporter (configured by the standard OTEL_EXPORTER_OTLP_* variables).
    global _sdk_provider
    if not isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        return
    try:
        sdk_trace = importlib.import_module("opentelemetry.sdk.trace")
        sdk_resources = importlib.import_module("opentelemetry.sdk.resources")
        export_mod = importlib.import_module("opentelemetry.sdk.trace.export")
    except ImportError as exc:
        _warn(
            "tracing_unavailable",
            reason=f"the OpenTelemetry SDK cannot be imported ({exc}); spans go nowhere",
            hint=_INSTALL_HINT,
        )
        return
    resource = sdk_resources.Resource.create(
        {"service.name": os.environ.get("OTEL_SERVICE_NAME", "clova-ocr-gateway")}
    )
    provider = sdk_trace.TracerProvider(resource=resource)
    try:
        exporter_mod = importlib.import_module(_EXPORTER_MODULE)
    except ImportError as exc:
        _warn(
            "tracing_unavailable",
            reason=f"the OTLP exporter cannot be imported ({exc}); spans are not exported",
            hint=_INSTALL_HINT,
        )
    else:
        provider.add_span_processor(export_mod.BatchSpanProcessor(exporter_mod.OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    _sdk_provider = provider


def otel_enabled() -> bool:
    """True when spans are exported through OpenTelemetry (decided once, on first use; a
    warning is logged when OCR_OTEL_ENABLED=true but OpenTelemetry is missing)."""
    return _decide_otel()[0]


def flush_spans(timeout_seconds: float = 5.0) -> None:
    """Export the spans still buffered by the provider this module installed (on shutdown)."""
    provider = _sdk_provider
    if provider is not None:
        provider.force_flush(int(timeout_seconds * 1000))


def reset_otel_for_tests(enabled: bool | None = None, tracer: Any = None) -> None:
    """Forget the cached decision (None: re-read the environment on next use)."""
    global _otel_state
    with _otel_lock:
        _otel_state = None if enabled is None else (enabled, tracer)


def _parent_context(trace: Any, parent: TraceContext | None, *, remote: bool) -> Any:
    if parent is None:
        return None
    span_context = trace.SpanContext(
        trace_id=int(parent.trace_id, 16),
        span_id=int(parent.span_id, 16),
        is_remote=remote,
        trace_flags=trace.TraceFlags(parent.flags),
    )
    return trace.set_span_in_context(trace.NonRecordingSpan(span_context))


def _start(
    name: str, parent: TraceContext | None, kind: str, attributes: Mapping[str, AttributeValue]
) -> tuple[TraceContext, Any]:
    """Our context for a new span (child of `parent`, or a new trace) and its OTel span."""
    ours = parent.child() if parent is not None else new_trace()
    enabled, tracer = _decide_otel()
    if not enabled or tracer is None:
        return ours, None
    trace = importlib.import_module("opentelemetry.trace")
    span = tracer.start_span(
        name,
        context=_parent_context(trace, parent, remote=kind == "SERVER"),
        kind=getattr(trace.SpanKind, kind),
        attributes=attributes,
    )
    sc = span.get_span_context()
    # A no-op provider hands back the parent's (or an invalid) context; keep our own ids then.
    if sc.is_valid and (parent is None or f"{sc.span_id:016x}" != parent.span_id):
        ours = TraceContext(f"{sc.trace_id:032x}", f"{sc.span_id:016x}", int(sc.trace_flags) & 1)
    return ours, span


def _set_error(span: Any, error_type: str, error: BaseException | None = None) -> None:
    trace = importlib.import_module("opentelemetry.trace")
    span.set_attribute("error.type", error_type)
    span.set_status(trace.Status(trace.StatusCode.ERROR))
    if error is not None:
        span.record_exception(error)


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
        span.set_attribute("rpc.grpc.status_code", _GRPC_CODE_VALUES.get(grpc_code, 2))
        if grpc_code in SERVER_ERROR_CODES:
            _set_error(span, grpc_code, error)
        span.end()


def start_server_span(
    name: str, incoming: TraceContext | None, attributes: Mapping[str, AttributeValue] | None = None
) -> ServerSpan:
    """Start the span of an incoming RPC: a child of `incoming`, or the root of a new trace."""
    context, span = _start(name, incoming, "SERVER", attributes or {})
    return ServerSpan(context, span)


class ClientSpan:
    """One HTTP attempt upstream; send `context.to_traceparent()` with it."""

    __slots__ = ("_otel_span", "context")

    def __init__(self, context: TraceContext, otel_span: Any = None) -> None:
        self.context = context
        self._otel_span = otel_span

    def finish(
        self,
        http_status: int | None,
        error_type: str | None = None,
        error: BaseException | None = None,
    ) -> None:
        """End the attempt: the status it got (None: no answer) and, if it failed, a
        low-cardinality `error.type` (the HTTP status for 4xx/5xx, else the gateway's reason)."""
        span = self._otel_span
        if span is None:
            return
        if http_status is not None:
            span.set_attribute("http.response.status_code", http_status)
        if http_status is not None and http_status >= 400:
            error_type = str(http_status)
        if error_type is not None:
            _set_error(span, error_type, error)
        span.end()


def start_client_span(
    name: str, parent: TraceContext | None, attributes: Mapping[str, AttributeValue]
) -> ClientSpan:
    """Start the span of one outgoing HTTP attempt, a child of `parent` (the RPC's span)."""
    context, span = _start(name, parent, "CLIENT", attributes)
    return ClientSpan(context, span)


class InternalSpan:
    """A step inside the gateway worth seeing in a trace (the wait for an admission slot)."""

    __slots__ = ("_otel_span",)

    def __init__(self, otel_span: Any = None) -> None:
        self._otel_span = otel_span

    def end(self, error_type: str | None = None) -> None:
        """End the step (again: nothing happens), failed with `error_type` if given."""
        span = self._otel_span
        if span is None:
            return
        self._otel_span = None
        if error_type is not None:
            _set_error(span, error_type)
        span.end()


_NO_INTERNAL_SPAN = InternalSpan()


def start_internal_span(
    name: str, parent: TraceContext | None, attributes: Mapping[str, AttributeValue]
) -> InternalSpan:
    """Start an INTERNAL span under `parent`; without OpenTelemetry this costs nothing."""
    if not _decide_otel()[0]:
        return _NO_INTERNAL_SPAN
    _, span = _start(name, parent, "INTERNAL", attributes)
    return InternalSpan(span)
