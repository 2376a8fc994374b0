"""Server interceptor that authenticates every call (unary and streaming) before its handler.

It runs inside the metrics/logging interceptor, so the call's `CallRecord` exists: the
established `Caller` goes to `record.principal` (read through `current_caller()`) and its id to
`record.caller` (logs, fair queue), replacing the unverified `x-client-id`. A refused call ends
with UNAUTHENTICATED and one ErrorInfo before the servicer runs. Health checks and reflection
never need a credential (reflection is switched by `OCR_REFLECTION`).
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol

import grpc
from grpc_status import rpc_status

from clova_ocr_gateway import errors
from clova_ocr_gateway.callers.authentication import Authenticator
from clova_ocr_gateway.callers.failures import CredentialError, CredentialKind, Failure
from clova_ocr_gateway.observability.callcontext import current_call
from clova_ocr_gateway.observability.logs import get_logger

__all__ = ["EXEMPT_SERVICES", "AuthFailureCounter", "AuthenticationInterceptor"]

# Services callable without a credential: probes must work before any token exists, and
# reflection only describes the public API (turn it off with OCR_REFLECTION=false).
EXEMPT_SERVICES: tuple[str, ...] = (
    "/grpc.health.v1.Health/",
    "/grpc.reflection.v1alpha.ServerReflection/",
    "/grpc.reflection.v1.ServerReflection/",
)

_log = get_logger("clova_ocr_gateway.auth")
# Handlers are registered once per method; the bound keeps a misbehaving generic handler that
# builds a new handler per call from growing the cache.
_MAX_CACHED_HANDLERS = 1024


class AuthFailureCounter(Protocol):
    """The part of GatewayMetrics the interceptor uses."""

    def auth_failure(self, reason: str, credential: str) -> None: ...


def _status_error(exc: CredentialError) -> errors.AuthenticationError:
    metadata = {"credential": exc.kind.value}
    if exc.check:
        metadata["check"] = exc.check
    return errors.authentication_error(exc.failure.value, exc.message, metadata)


class AuthenticationInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Wraps each handler so it first establishes the caller or ends the call."""

    def __init__(
        self, authenticator: Authenticator, metrics: AuthFailureCounter | None = None
    ) -> None:
        self._authenticator = authenticator
        self._metrics = metrics
        # Wrapped handlers by the handler they wrap: the wrapper reads each call's metadata from
        # its context, so one wrapper serves every call of a method (no per-call allocation).
        self._wrapped: dict[int, tuple[Any, Any]] = {}

    async def intercept_service(
        self,
        continuation: Callable[[Any], Awaitable[Any]],
        handler_call_details: Any,
    ) -> Any:
        handler = await continuation(handler_call_details)
        method: str = handler_call_details.method
        if handler is None or method.startswith(EXEMPT_SERVICES):
            return handler
        cached = self._wrapped.get(id(handler))
        if cached is not None and cached[0] is handler:
            return cached[1]
        wrapped = self._wrap(handler)
        if len(self._wrapped) < _MAX_CACHED_HANDLERS:
            # Keeping `handler` in the entry keeps its id from being reused by another object.
            self._wrapped[id(handler)] = (handler, wrapped)
        return wrapped

    async def _admit(self, context: Any) -> None:
        """Set the call's caller, or abort the call with UNAUTHENTICATED."""
        authenticator = self._authenticator
        try:
            caller = authenticator.authenticate(
                context.invocation_metadata(),
                context.auth_context if authenticator.client_certificates else None,
            )
        except CredentialError as exc:
            self._count(exc.failure, exc.kind)
            _log.info(
                "authentication_failed",
                reason=exc.failure.value,
                credential=exc.kind.value,
                check=exc.check,
            )
            status = rpc_status.to_status(_status_error(exc).to_status())
            await context.abort(status.code, status.details, status.trailing_metadata)
            raise AssertionError("context.abort returned") from None  # pragma: no cover
        record = current_call()
        record.principal = caller
        record.caller = caller.id

    def _count(self, failure: Failure, kind: CredentialKind) -> None:
        if self._metrics is not None:
            self._metrics.auth_failure(failure.label, kind.value)

    def _wrap(self, handler: Any) -> Any:
        admit = self._admit
        codec = {
            "request_deserializer": handler.request_deserializer,
            "response_serializer": handler.response_serializer,
        }
        if handler.unary_unary is not None:
            return grpc.unary_unary_rpc_method_handler(
                _wrap_single(handler.unary_unary, admit), **codec
            )
        if handler.stream_unary is not None:
            return grpc.stream_unary_rpc_method_handler(
                _wrap_single(handler.stream_unary, admit), **codec
            )
        if handler.unary_stream is not None:
            return grpc.unary_stream_rpc_method_handler(
                _wrap_stream(handler.unary_stream, admit), **codec
            )
        return grpc.stream_stream_rpc_method_handler(
            _wrap_stream(handler.stream_stream, admit), **codec
        )


Admit = Callable[[Any], Awaitable[None]]


def _wrap_single(behavior: Any, admit: Admit) -> Any:
    """A handler answering one message (unary or client-streaming)."""

    async def authenticated(request: Any, context: Any) -> Any:
        await admit(context)
        result = behavior(request, context)
        return await result if inspect.isawaitable(result) else result

    return authenticated


def _wrap_stream(behavior: Any, admit: Admit) -> Any:
    """A server-streaming handler, keeping its style: an async generator stays one, a
    coroutine that writes with `context.write` stays a coroutine."""
    if inspect.isasyncgenfunction(behavior):

        async def authenticated_stream(request: Any, context: Any) -> AsyncIterator[Any]:
            await admit(context)
            async for response in behavior(request, context):
                yield response

        return authenticated_stream

    async def authenticated_writer(request: Any, context: Any) -> Any:
        await admit(context)
        result = behavior(request, context)
        if inspect.isasyncgen(result):
            # A plain function returning an async generator: write its messages ourselves.
            async for response in result:
                await context.write(response)
            return None
        return await result if inspect.isawaitable(result) else result

    return authenticated_writer
