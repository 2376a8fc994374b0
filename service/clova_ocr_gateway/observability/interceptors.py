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
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor

from clova_ocr_gateway.observability import tracing
from clova_ocr_gateway.observability.callcontext import CallRecord, call_scope
from clova_ocr_gateway.observability.metrics import (
    GatewayMetrics,
    normalize_grpc_code,
    split_full_method,
)

__all__ = ["MetricsAndLoggingInterceptor", "grpc_type_of", "grpc_types_of", "metadata_value"]

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

# Health Watch and reflection streams are infrastructure: long-lived and not our API.
_UNCOUNTED_STREAM_PREFIXES = (_PROBE_PREFIX, "/grpc.reflection.")


# go-grpc-prometheus' grpc_type of each handler kind (the attribute of grpc.RpcMethodHandler).
_TYPE_OF_KIND = {
    "unary_unary": "unary",
    "stream_unary": "client_stream",
    "unary_stream": "server_stream",
    "stream_stream": "bidi_stream",
}
_ONE_REQUEST = frozenset({"unary", "server_stream"})


def _kind_of(handler: Any) -> str:
    for kind in _TYPE_OF_KIND:
        if getattr(handler, kind) is not None:
            return kind
    raise ValueError("an RPC method handler without a behavior")


def grpc_type_of(method: MethodDescriptor) -> str:
    """go-grpc-prometheus' grpc_type label of a method: unary, client_stream, server_stream or
    bidi_stream."""
    if method.client_streaming:
        return "bidi_stream" if method.server_streaming else "client_stream"
    return "server_stream" if method.server_streaming else "unary"


def grpc_types_of(*services: ServiceDescriptor) -> dict[str, str]:
    """The grpc_type of every method of `services`, by full method name (/package.Service/M)."""
    return {
        f"/{service.full_name}/{method.name}": grpc_type_of(method)
        for service in services
        for method in service.methods
    }


@dataclass(frozen=True, slots=True)
class _Call:
    """What the interceptor knows of a method before a call starts."""

    method: str
    service: str
    short: str
    grpc_type: str  # go-grpc-prometheus grpc_type: unary, server_stream, bidi_stream


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
    """The servicer context, counting each message the handler writes (`on_write`) and, for
    handlers that read their request stream with `context.read()` (serving/intake.py), each
    message read (`on_read`)."""

    def __init__(
        self,
        context: Any,
        on_write: Callable[[], None] | None = None,
        on_read: Callable[[], None] | None = None,
    ) -> None:
        self._context = context
        self._on_write = on_write
        self._on_read = on_read

    async def write(self, message: Any) -> None:
        await self._context.write(message)
        if self._on_write is not None:
            self._on_write()

    async def read(self) -> Any:
        message = await self._context.read()
        if self._on_read is not None and message is not grpc.aio.EOF:
            self._on_read()
        return message

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


async def _counted(
    requests: AsyncIterator[Any], received: Callable[[], None]
) -> AsyncIterator[Any]:
    """The request stream, counting each message as go-grpc-prometheus' msg_received."""
    async for request in requests:
        received()
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

    def __init__(
        self,
        metrics: GatewayMetrics,
        logger: EventLogger | None = None,
        grpc_types: Mapping[str, str] | None = None,
    ) -> None:
        """`grpc_types`: the wire type (go-grpc-prometheus' grpc_type) by full method name, for
        methods served by a handler of another kind (see `grpc_types_of`); other methods are
        typed by their handler."""
        self._metrics = metrics
        self._grpc_types: Mapping[str, str] = grpc_types or {}
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
        if handler is None:
            return handler
        method: str = handler_call_details.method
        cached = self._wrapped.get(method)
        if cached is not None and cached[0] is handler:
            return cached[1]
        kind = _kind_of(handler)
        # The type on the wire: the service's own methods are served by handlers of another
        # kind (serving/intake.py reads every request itself), so they are looked up.
        grpc_type = self._grpc_types.get(method) or _TYPE_OF_KIND[kind]
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
        wrapped = self._wrap(handler, kind, _Call(method, service, short, grpc_type))
        if len(self._wrapped) < _MAX_CACHED_HANDLERS:
            # Keeping `handler` in the entry keeps the identity check meaningful.
            self._wrapped[method] = (handler, wrapped)
        return wrapped

    def _wrap(self, handler: Any, kind: str, call: _Call) -> Any:
        """`handler` observed: the same kind of handler around the same behaviour."""
        behavior = getattr(handler, kind)
        make = getattr(grpc, f"{kind}_rpc_method_handler")
        codec = {
            "request_deserializer": handler.request_deserializer,
            "response_serializer": handler.response_serializer,
        }
        if kind.endswith("_unary"):

            async def observed(first: Any, context: Any) -> Any:
                return await self._observe(behavior, first, context, call)

            return make(observed, **codec)
        if inspect.isasyncgenfunction(behavior):
            # grpc.aio tells handler kinds apart by inspecting the function: the wrapper must
            # itself be an async generator function.
            async def observed_stream(first: Any, context: Any) -> AsyncIterator[Any]:
                async for response in self._observe_stream(behavior, first, context, call):
                    yield response

            return make(observed_stream, **codec)

        # A coroutine that writes with context.write (and reads the request iterator or
        # context.read): keep that style, and count the writes through the context.
        async def observed_writer(first: Any, context: Any) -> Any:
            return await self._observe_writer(behavior, first, context, call)

        return make(observed_writer, **codec)

    @contextmanager
    def _scope(self, call: _Call, context: Any) -> Iterator[tuple[CallRecord, _Outcome]]:
        """Metrics, span, call record and log context around one call; the caller sets the
        outcome's code (and error) before leaving."""
        start = time.perf_counter()
        metadata, method = context.invocation_metadata(), call.method
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

    def _inbound(
        self, first: Any, context: Any, call: _Call, record: CallRecord
    ) -> tuple[Any, Callable[[], None] | None]:
        """What the handler gets as its first argument, and the read counter for its context:
        a call of one request message counts it at once (as go-grpc-prometheus does once it is
        decoded); a request stream counts each message as the handler takes it, from the
        request iterator or with context.read()."""
        metrics, method, grpc_type = self._metrics, call.method, call.grpc_type
        if grpc_type in _ONE_REQUEST:
            metrics.rpc_msg_received(method, grpc_type)
            if grpc_type != "unary":
                record.messages_received = 1
            return first, None

        def received() -> None:
            metrics.rpc_msg_received(method, grpc_type)
            record.messages_received = (record.messages_received or 0) + 1

        return _counted(first, received), received

    async def _observe(self, behavior: Behavior, first: Any, context: Any, call: _Call) -> Any:
        with self._scope(call, context) as (record, outcome):
            first, on_read = self._inbound(first, context, call, record)
            if on_read is not None:
                context = _CountingContext(context, on_read=on_read)
            try:
                result = behavior(first, context)
                response = await result if inspect.isawaitable(result) else result
            except BaseException as exc:
                _failed(outcome, exc, context)
                raise
            outcome.code = _finished_code(context)
            if outcome.code == "OK":
                self._metrics.rpc_msg_sent(call.method, call.grpc_type)
            return response

    async def _observe_stream(
        self,
        behavior: Callable[[Any, Any], AsyncIterator[Any]],
        first: Any,
        context: Any,
        call: _Call,
    ) -> AsyncIterator[Any]:
        with self._scope(call, context) as (record, outcome):
            metrics, method, grpc_type = self._metrics, call.method, call.grpc_type
            first, on_read = self._inbound(first, context, call, record)
            inner = context if on_read is None else _CountingContext(context, on_read=on_read)
            responses = behavior(first, inner)
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
        first: Any,
        context: Any,
        call: _Call,
    ) -> Any:
        with self._scope(call, context) as (record, outcome):
            metrics, method, grpc_type = self._metrics, call.method, call.grpc_type

            def sent() -> None:
                metrics.rpc_msg_sent(method, grpc_type)
                record.messages_sent = (record.messages_sent or 0) + 1

            first, on_read = self._inbound(first, context, call, record)
            counting = _CountingContext(context, on_write=sent, on_read=on_read)
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
