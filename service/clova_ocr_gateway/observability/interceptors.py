"""Server interceptor that records go-grpc-prometheus metrics and one `rpc_finished` log line
per unary call, with the per-call `CallRecord` and structlog context bound around the handler.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Protocol

import grpc
import structlog

from clova_ocr_gateway.observability import tracing
from clova_ocr_gateway.observability.callcontext import CallRecord, call_scope
from clova_ocr_gateway.observability.metrics import (
    GatewayMetrics,
    normalize_grpc_code,
    split_full_method,
)

__all__ = ["MetricsAndLoggingInterceptor", "metadata_value"]

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+=/-]{1,128}")
_CALLER_MAX = 128
_UNPRINTABLE = re.compile(r"[^\x21-\x7e]")

# Codes that mean the gateway or CLOVA failed (not the caller); they are logged louder.
_ERROR_CODES = frozenset({"UNKNOWN", "INTERNAL", "DATA_LOSS"})
_WARNING_CODES = frozenset({"RESOURCE_EXHAUSTED", "DEADLINE_EXCEEDED", "UNAVAILABLE"})

_PROBE_PREFIX = "/grpc.health.v1.Health/"
# Methods are registered once; the bound keeps unknown method names (a generic handler that
# answers any of them) from growing the cache of observed handlers.
_MAX_CACHED_HANDLERS = 256


class EventLogger(Protocol):
    """The part of a structlog bound logger the interceptor uses."""

    def debug(self, event: str, *args: Any, **kw: Any) -> Any: ...

    def info(self, event: str, *args: Any, **kw: Any) -> Any: ...

    def warning(self, event: str, *args: Any, **kw: Any) -> Any: ...

    def error(self, event: str, *args: Any, **kw: Any) -> Any: ...


def metadata_value(metadata: Iterable[Any] | None, key: str) -> str | None:
    """First value of `key` in gRPC invocation metadata, as text (None if absent)."""
    for item in metadata or ():
        k, v = item[0], item[1]
        if k == key:
            return v.decode("latin-1") if isinstance(v, bytes) else str(v)
    return None


def _request_id(raw: str | None) -> str:
    if raw is not None and _REQUEST_ID.fullmatch(raw):
        return raw
    # Missing or unsafe ids are replaced rather than logged: they end up in every line.
    return str(uuid.uuid4())


def _caller(raw: str | None) -> str:
    if not raw:
        return ""
    return _UNPRINTABLE.sub("", raw)[:_CALLER_MAX]


def _code_from_context(context: Any, default: str) -> str:
    try:
        code = context.code()
    except Exception:
        return default
    return default if code is None else normalize_grpc_code(code)


def _expired(context: Any) -> bool:
    """True once the call's deadline has passed: gRPC has ended the call with
    DEADLINE_EXCEEDED, and whatever the handler answers now is never sent."""
    try:
        remaining = context.time_remaining()
    except Exception:
        return False
    return remaining is not None and remaining <= 0


def _cancelled_code(context: Any) -> str:
    # grpc cancels the handler task both on client cancel and on deadline expiry.
    return "DEADLINE_EXCEEDED" if _expired(context) else "CANCELLED"


Behavior = Callable[[Any, Any], Awaitable[Any] | Any]


class MetricsAndLoggingInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Counts started/handled/latency/messages and logs `rpc_finished` for unary-unary and
    stream-unary RPCs (the service's unary RPCs are served stream-unary, see serving/intake.py).

    Streaming handlers (health Watch, reflection) pass through untouched. Sync unary handlers
    are awaited if they return an awaitable, else called inline on the event loop.
    """

    def __init__(self, metrics: GatewayMetrics, logger: EventLogger | None = None) -> None:
        self._metrics = metrics
        self._logger: EventLogger = (
            logger if logger is not None else structlog.stdlib.get_logger("clova_ocr_gateway.rpc")
        )
        self._initialised: set[str] = set()
        # Observed handlers by method, with the handler they wrap: the wrapper reads each call's
        # metadata from its context, so one wrapper serves every call of a method (no handler
        # and closure built per call).
        self._wrapped: dict[str, tuple[Any, Any]] = {}

    async def intercept_service(
        self,
        continuation: Callable[[Any], Awaitable[Any]],
        handler_call_details: Any,
    ) -> Any:
        handler = await continuation(handler_call_details)
        # DocumentOcrService's RPCs are unary on the wire but served by client-streaming
        # handlers (serving/intake.py reads the one message itself); both are observed alike.
        if handler is None or (handler.unary_unary is None and handler.stream_unary is None):
            return handler
        method: str = handler_call_details.method
        cached = self._wrapped.get(method)
        if cached is not None and cached[0] is handler:
            return cached[1]
        try:
            service, short = split_full_method(method)
        except ValueError:
            return handler
        if method not in self._initialised:
            # Zero series for every code, so ratios and alerts see this method from the start.
            self._metrics.init_rpc_method(method)
            self._initialised.add(method)
        wrapped = self._wrap(handler, method, service, short)
        if len(self._wrapped) < _MAX_CACHED_HANDLERS:
            # Keeping `handler` in the entry keeps the identity check meaningful.
            self._wrapped[method] = (handler, wrapped)
        return wrapped

    def _wrap(self, handler: Any, method: str, service: str, short: str) -> Any:
        behavior: Behavior = handler.unary_unary or handler.stream_unary
        observe = self._observe

        async def observed(request: Any, context: Any) -> Any:
            return await observe(behavior, request, context, method, service, short)

        wrap = (
            grpc.unary_unary_rpc_method_handler
            if handler.unary_unary is not None
            else grpc.stream_unary_rpc_method_handler
        )
        return wrap(
            observed,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    async def _observe(
        self,
        behavior: Behavior,
        request: Any,
        context: Any,
        method: str,
        service: str,
        short: str,
    ) -> Any:
        start = time.perf_counter()
        metadata = context.invocation_metadata()
        incoming = tracing.parse_traceparent(metadata_value(metadata, "traceparent"))
        span = tracing.start_server_span(
            method[1:],
            incoming,
            {"rpc.system": "grpc", "rpc.service": service, "rpc.method": short},
        )
        record = CallRecord(
            request_id=_request_id(metadata_value(metadata, "x-request-id")),
            method=method,
            caller=_caller(metadata_value(metadata, "x-client-id")),
            trace_id=span.context.trace_id,
            trace=span.context,
        )
        metrics = self._metrics
        metrics.rpc_started(method)
        metrics.rpc_msg_received(method)

        code = "UNKNOWN"
        error: BaseException | None = None
        with (
            call_scope(record),
            structlog.contextvars.bound_contextvars(
                request_id=record.request_id, method=method, trace_id=record.trace_id
            ),
        ):
            try:
                result = behavior(request, context)
                response = await result if inspect.isawaitable(result) else result
            except grpc.aio.AbortError:
                # context.abort() already stored the status before raising.
                code = _code_from_context(context, "UNKNOWN")
                raise
            except asyncio.CancelledError:
                code = _cancelled_code(context)
                raise
            except BaseException as exc:
                # grpc.aio answers UNKNOWN for any exception escaping the handler, unless the
                # deadline passed first: then the caller got DEADLINE_EXCEEDED, and the
                # exception is usually the handler's own late abort failing to send.
                code = "DEADLINE_EXCEEDED" if _expired(context) else "UNKNOWN"
                error = exc
                raise
            else:
                code = _code_from_context(context, "OK")
                if _expired(context):
                    # An answer (or a code set with set_code) after the deadline is never sent.
                    code = "DEADLINE_EXCEEDED"
                if code == "OK":
                    metrics.rpc_msg_sent(method)
                return response
            finally:
                elapsed = time.perf_counter() - start
                record.grpc_code = code
                record.total_seconds = elapsed
                metrics.rpc_handled(method, code, elapsed)
                self._count_caller(record)
                span.finish(code, error)
                self._log(record, error)

    def _count_caller(self, record: CallRecord) -> None:
        domain = record.domain
        if domain is None:
            return
        try:
            self._metrics.request_by_client(domain, record.caller)
        except ValueError:
            # A servicer bug (non-Domain value) must not turn a finished call into an error.
            self._logger.error("bad_domain_in_call_record", domain=repr(domain))

    def _log(self, record: CallRecord, error: BaseException | None) -> None:
        fields: Mapping[str, object] = record.log_fields()
        code = record.grpc_code
        if code in _ERROR_CODES:
            if error is not None:
                self._logger.error("rpc_finished", exc_info=error, **fields)
            else:
                self._logger.error("rpc_finished", **fields)
        elif code in _WARNING_CODES:
            self._logger.warning("rpc_finished", **fields)
        elif record.method.startswith(_PROBE_PREFIX):
            # Kubernetes probes every few seconds; at INFO they would drown the real calls.
            self._logger.debug("rpc_finished", **fields)
        else:
            self._logger.info("rpc_finished", **fields)
