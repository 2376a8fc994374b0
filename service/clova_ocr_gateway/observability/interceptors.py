"""Server interceptor that records go-grpc-prometheus metrics and one `rpc_finished` log line
per call (unary, server-streaming and bidirectional), with the per-call `CallRecord` and
structlog context bound around the handler.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
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

# Health Watch and reflection streams are infrastructure: long-lived and not our API.
_UNCOUNTED_STREAM_PREFIXES = (_PROBE_PREFIX, "/grpc.reflection.")


@dataclass(frozen=True, slots=True)
class _Call:
    """What the interceptor knows of a method before a call starts."""

    method: str
    service: str
    short: str
    grpc_type: str  # go-grpc-prometheus grpc_type: unary, server_stream, bidi_stream
    metadata: Iterable[Any] | None


def _failed(outcome: _Outcome, exc: BaseException, context: Any) -> None:
    """Record how a handler that raised ended the call."""
    if isinstance(exc, grpc.aio.AbortError):
        # context.abort() already stored the status before raising.
        outcome.code = _code_from_context(context, "UNKNOWN")
    elif isinstance(exc, asyncio.CancelledError | GeneratorExit):
        outcome.code = _cancelled_code(context)
    else:
        # grpc.aio answers UNKNOWN for any exception escaping the handler, unless the deadline
        # passed first: then the caller got DEADLINE_EXCEEDED, and the exception is usually the
        # handler's own late abort failing to send.
        outcome.code = "DEADLINE_EXCEEDED" if _expired(context) else "UNKNOWN"
        outcome.error = exc


def _finished_code(context: Any) -> str:
    """The code of a handler that returned normally."""
    code = _code_from_context(context, "OK")
    if _expired(context):
        # An answer (or a code set with set_code) after the deadline is never sent.
        code = "DEADLINE_EXCEEDED"
    return code


class _CountingContext:
    """The servicer context, counting each message the handler writes."""

    def __init__(self, context: Any, on_write: Callable[[], None]) -> None:
        self._context = context
        self._on_write = on_write

    async def write(self, message: Any) -> None:
        await self._context.write(message)
        self._on_write()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


async def _counted(
    requests: AsyncIterator[Any], metrics: GatewayMetrics, call: _Call, record: CallRecord
) -> AsyncIterator[Any]:
    """The request stream, counting each message as go-grpc-prometheus' msg_received."""
    async for request in requests:
        metrics.rpc_msg_received(call.method, call.grpc_type)
        record.messages_received = (record.messages_received or 0) + 1
        yield request


@dataclass(slots=True)
class _Outcome:
    """How a call ended, filled in while it runs: the final code and any exception."""

    code: str = "UNKNOWN"
    error: BaseException | None = None


class MetricsAndLoggingInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Counts started/handled/latency/messages and logs `rpc_finished` for the RPCs of our
    service: unary (served as unary-unary or, see serving/intake.py, stream-unary),
    server-streaming and bidirectional.

    Health Watch and reflection pass through untouched (split_full_method refuses their names
    only when malformed; they are unary or are not ours to count). Sync unary handlers are
    awaited if they return an awaitable, else called inline on the event loop. Streaming
    handlers must be async generators.
    """

    def __init__(self, metrics: GatewayMetrics, logger: EventLogger | None = None) -> None:
        self._metrics = metrics
        self._logger: EventLogger = (
            logger if logger is not None else structlog.stdlib.get_logger("clova_ocr_gateway.rpc")
        )
        self._initialised: set[str] = set()

    async def intercept_service(
        self,
        continuation: Callable[[Any], Awaitable[Any]],
        handler_call_details: Any,
    ) -> Any:
        handler = await continuation(handler_call_details)
        if handler is None:
            return handler
        if handler.unary_unary is not None or handler.stream_unary is not None:
            # DocumentOcrService's unary RPCs are served by client-streaming handlers
            # (serving/intake.py reads the one message itself): unary on the wire.
            grpc_type = "unary"
        elif handler.unary_stream is not None:
            grpc_type = "server_stream"
        else:
            grpc_type = "bidi_stream"
        method: str = handler_call_details.method
        if method.startswith(_UNCOUNTED_STREAM_PREFIXES) and grpc_type != "unary":
            return handler
        try:
            service, short = split_full_method(method)
        except ValueError:
            return handler
        if method not in self._initialised:
            # Zero series for every code, so ratios and alerts see this method from the start.
            self._metrics.init_rpc_method(method, grpc_type)
            self._initialised.add(method)
        metadata = handler_call_details.invocation_metadata
        call = _Call(method, service, short, grpc_type, metadata)
        if grpc_type == "unary":
            behavior: Behavior = handler.unary_unary or handler.stream_unary

            async def observed(request: Any, context: Any) -> Any:
                return await self._observe(behavior, request, context, call)

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
        streaming = handler.unary_stream if grpc_type == "server_stream" else handler.stream_stream
        make = (
            grpc.unary_stream_rpc_method_handler
            if grpc_type == "server_stream"
            else grpc.stream_stream_rpc_method_handler
        )
        codec = {
            "request_deserializer": handler.request_deserializer,
            "response_serializer": handler.response_serializer,
        }
        unary_request = grpc_type == "server_stream"
        if inspect.isasyncgenfunction(streaming):
            # grpc.aio tells handler kinds apart by inspecting the function: the wrapper must
            # itself be an async generator function.
            async def observed_stream(first: Any, context: Any) -> AsyncIterator[Any]:
                request, requests = (first, None) if unary_request else (None, first)
                observed = self._observe_stream(
                    streaming, request, context, call, requests=requests
                )
                async for response in observed:
                    yield response

            return make(observed_stream, **codec)

        # A coroutine that writes with context.write (and reads the request iterator or
        # context.read): keep that style, and count the writes through the context.
        async def observed_writer(first: Any, context: Any) -> Any:
            request, requests = (first, None) if unary_request else (None, first)
            return await self._observe_writer(streaming, request, context, call, requests)

        return make(observed_writer, **codec)

    @contextmanager
    def _scope(self, call: _Call, context: Any) -> Iterator[tuple[CallRecord, _Outcome]]:
        """Metrics, span, call record and log context around one call; the caller sets the
        outcome's code (and error) before leaving."""
        start = time.perf_counter()
        metadata, method = call.metadata, call.method
        incoming = tracing.parse_traceparent(metadata_value(metadata, "traceparent"))
        span = tracing.start_server_span(
            method[1:],
            incoming,
            {"rpc.system": "grpc", "rpc.service": call.service, "rpc.method": call.short},
        )
        record = CallRecord(
            request_id=_request_id(metadata_value(metadata, "x-request-id")),
            method=method,
            caller=_caller(metadata_value(metadata, "x-client-id")),
            trace_id=span.context.trace_id,
            trace=span.context,
        )
        if call.grpc_type != "unary":
            record.messages_received = 0
            record.messages_sent = 0
        outcome = _Outcome()
        self._metrics.rpc_started(method, call.grpc_type)
        with (
            call_scope(record),
            structlog.contextvars.bound_contextvars(
                request_id=record.request_id, method=method, trace_id=record.trace_id
            ),
        ):
            try:
                yield record, outcome
            finally:
                elapsed = time.perf_counter() - start
                record.grpc_code = outcome.code
                record.total_seconds = elapsed
                self._metrics.rpc_handled(method, outcome.code, elapsed, call.grpc_type)
                self._count_caller(record)
                span.finish(outcome.code, outcome.error)
                self._log(record, outcome.error)

    async def _observe(self, behavior: Behavior, request: Any, context: Any, call: _Call) -> Any:
        with self._scope(call, context) as (_, outcome):
            self._metrics.rpc_msg_received(call.method)
            try:
                result = behavior(request, context)
                response = await result if inspect.isawaitable(result) else result
            except BaseException as exc:
                _failed(outcome, exc, context)
                raise
            outcome.code = _finished_code(context)
            if outcome.code == "OK":
                self._metrics.rpc_msg_sent(call.method)
            return response

    async def _observe_stream(
        self,
        behavior: Callable[[Any, Any], AsyncIterator[Any]],
        request: Any,
        context: Any,
        call: _Call,
        *,
        requests: AsyncIterator[Any] | None,
    ) -> AsyncIterator[Any]:
        with self._scope(call, context) as (record, outcome):
            metrics, method, grpc_type = self._metrics, call.method, call.grpc_type
            if requests is None:
                metrics.rpc_msg_received(method, grpc_type)
                record.messages_received = 1
                responses = behavior(request, context)
            else:
                responses = behavior(_counted(requests, metrics, call, record), context)
            try:
                async for response in responses:
                    yield response
                    # Counted once handed to gRPC, as go-grpc-prometheus counts after SendMsg.
                    metrics.rpc_msg_sent(method, grpc_type)
                    record.messages_sent = (record.messages_sent or 0) + 1
            except BaseException as exc:
                _failed(outcome, exc, context)
                raise
            finally:
                aclose = getattr(responses, "aclose", None)
                if aclose is not None:
                    await aclose()
            outcome.code = _finished_code(context)

    async def _observe_writer(
        self,
        behavior: Callable[[Any, Any], Awaitable[Any]],
        request: Any,
        context: Any,
        call: _Call,
        requests: AsyncIterator[Any] | None,
    ) -> Any:
        with self._scope(call, context) as (record, outcome):
            metrics, method, grpc_type = self._metrics, call.method, call.grpc_type

            def sent() -> None:
                metrics.rpc_msg_sent(method, grpc_type)
                record.messages_sent = (record.messages_sent or 0) + 1

            counting = _CountingContext(context, sent)
            if requests is None:
                metrics.rpc_msg_received(method, grpc_type)
                record.messages_received = 1
                first = request
            else:
                first = _counted(requests, metrics, call, record)
            try:
                result = await behavior(first, counting)
            except BaseException as exc:
                _failed(outcome, exc, context)
                raise
            outcome.code = _finished_code(context)
            return result

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
