"""How a DocumentOcrService request gets into the process: admitted before it is read, read
within a time limit, parsed by the gateway itself.

grpc.aio reads and parses a unary request before any handler runs, so a unary handler cannot
refuse a call before its bytes are held, and a request that does not parse never reaches it
(UNKNOWN with an internal class name). Every RPC of the service is therefore served by a
client-streaming handler, which is the same thing on the wire as a unary call (one message,
then the half-close) and runs before the message is read. Per call, in order:

1. while the server drains, refuse with UNAVAILABLE (`SERVER_DRAINING`, RetryInfo): a retry
   lands on another replica instead of being CANCELLED by the stop (grpc/grpc#41785);
2. reserve the message's largest possible size (OCR_MAX_RECEIVE_MESSAGE_BYTES, also the bound
   on a gzip-compressed message once inflated) from the in-flight budget
   (OCR_MAX_INFLIGHT_BYTES, admission/memory.py), waiting FIFO within the receive time; refuse
   with RESOURCE_EXHAUSTED (`ADMISSION_INFLIGHT_BYTES`, RetryInfo) when it cannot. Until then
   HTTP/2 flow control holds the sender back (the server runs without BDP probing, so a stream
   nobody reads buffers only its initial window);
3. read the message within OCR_RECEIVE_TIMEOUT_SECONDS of the call's start, else end the call
   with DEADLINE_EXCEEDED (`REQUEST_RECEIVE_TIMEOUT`), which releases what it held;
4. shrink the reservation to the message's real size, parse it, and answer a message that does
   not parse with INVALID_ARGUMENT (`MALFORMED_REQUEST`), logged once in a while at WARNING;
5. run the typed servicer method; the reservation is released when the call ends.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import ServiceDescriptor
from google.protobuf.message import DecodeError, Message

from clova_ocr_gateway import errors
from clova_ocr_gateway.admission.memory import ByteBudget, Reservation
from clova_ocr_gateway.config.settings import Settings
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.observability.metrics import GatewayMetrics
from clova_ocr_gateway.serving.payload import detached_image
from clova_ocr_gateway.serving.reclaim import Reclaimer
from clova_ocr_gateway.serving.servicer import abort_with

__all__ = ["MAX_BUDGET_WAITERS", "Intake"]

# Calls waiting for room in the budget hold no request bytes (flow control keeps them at the
# sender), only a task and an HTTP/2 stream window each; beyond this many they are refused.
MAX_BUDGET_WAITERS = 256
# A malformed request is the caller's bug, often repeated on every call: one line per this
# many seconds says so, with the number of lines left out since the previous one.
MALFORMED_LOG_INTERVAL_SECONDS = 10.0
# The share of a call's remaining deadline it may spend waiting for room in the budget.
BUDGET_WAIT_SHARE = 0.5

_log = get_logger("clova_ocr_gateway.intake")

Behavior = Callable[[Any, grpc.aio.ServicerContext], Awaitable[Message]]


class Intake:
    """Admission of request bytes, receive timeout, parsing and draining refusals for every
    RPC of one service."""

    def __init__(
        self,
        settings: Settings,
        budget: ByteBudget,
        metrics: GatewayMetrics | None = None,
        reclaimer: Reclaimer | None = None,
    ) -> None:
        self._settings = settings
        self._budget = budget
        self._metrics = metrics
        self._reclaimer = reclaimer
        self._draining = False
        self._last_started = time.monotonic()
        self._malformed_logged_at: float | None = None
        self._malformed_suppressed = 0

    @property
    def budget(self) -> ByteBudget:
        return self._budget

    @property
    def last_call_started(self) -> float:
        """time.monotonic() when the latest call reached the intake."""
        return self._last_started

    def start_draining(self) -> None:
        """Refuse every call that arrives from now on with UNAVAILABLE (retried elsewhere)."""
        self._draining = True

    def generic_handler(
        self, service: ServiceDescriptor, servicer: object
    ) -> tuple[grpc.GenericRpcHandler, Mapping[str, grpc.RpcMethodHandler]]:
        """Handlers for every method of `service`, calling `servicer`'s method of the same name;
        unary methods go through the intake (admitted, read, parsed here), streaming ones are
        registered as they are. Also returned by method name for registered-method dispatch."""
        handlers: dict[str, grpc.RpcMethodHandler] = {}
        for method in service.methods:
            request_type = message_factory.GetMessageClass(method.input_type)
            response_type = message_factory.GetMessageClass(method.output_type)
            behavior: Behavior = getattr(servicer, method.name)
            if method.client_streaming or method.server_streaming:
                # Streaming RPCs read their messages themselves; one that holds request bytes
                # reserves them from `self.budget` before each read (admission/memory.py).
                kind = {
                    (True, False): grpc.stream_unary_rpc_method_handler,
                    (False, True): grpc.unary_stream_rpc_method_handler,
                    (True, True): grpc.stream_stream_rpc_method_handler,
                }[(method.client_streaming, method.server_streaming)]
                handlers[method.name] = kind(
                    behavior,
                    request_deserializer=request_type.FromString,
                    response_serializer=response_type.SerializeToString,
                )
                continue
            handlers[method.name] = grpc.stream_unary_rpc_method_handler(
                self._wrap(behavior, request_type),
                request_deserializer=None,  # raw bytes: parsed in _wrap
                response_serializer=response_type.SerializeToString,
            )
        return grpc.method_handlers_generic_handler(service.full_name, handlers), handlers

    def _wrap(
        self, behavior: Behavior, request_type: type[Message]
    ) -> Callable[[Any, grpc.aio.ServicerContext], Awaitable[Message]]:
        async def handle(requests: Any, context: grpc.aio.ServicerContext) -> Message:
            # `requests` stays unread: context.read() takes the one message, with a timeout.
            request, reservation = await self._receive(request_type, context)
            try:
                with detached_image(request) as light:
                    del request
                    return await behavior(light, context)
            finally:
                size = reservation.size
                reservation.release()
                if self._reclaimer is not None:
                    self._reclaimer.released(size)

        return handle

    async def _receive(
        self, request_type: type[Message], context: grpc.aio.ServicerContext
    ) -> tuple[Message, Reservation]:
        self._last_started = time.monotonic()
        if self._draining:
            self._refused("draining")
            await abort_with(
                context,
                errors.intake_error(
                    "SERVER_DRAINING",
                    "this gateway replica is shutting down; retry, another replica will serve "
                    "the call",
                ),
            )
        loop = asyncio.get_running_loop()
        settings = self._settings
        # Measured from the call's start, the wait for room included: a stream that stopped
        # sending must not outlive this whatever stage it stalls in.
        now = loop.time()
        receive_deadline = now + settings.receive_timeout_seconds
        wait_limit = settings.receive_timeout_seconds
        remaining = context.time_remaining()
        if remaining is not None:
            receive_deadline = min(receive_deadline, now + remaining)
            # Waiting for memory may take half of what is left: the other half is for the
            # upstream call. A caller refused with RetryInfo can still retry; one that waited
            # out its deadline only learns DEADLINE_EXCEEDED.
            wait_limit = min(wait_limit, remaining * BUDGET_WAIT_SHARE)
        worst_case = settings.max_receive_message_bytes
        reservation = await self._budget.reserve(worst_case, wait_limit)
        if reservation is None:
            self._refused("inflight_bytes")
            await abort_with(context, self._budget_error(worst_case))
        try:
            # asyncio.timeout, not wait_for: no extra task per call.
            async with asyncio.timeout_at(receive_deadline):
                raw = await context.read()
        except TimeoutError:
            reservation.release()
            self._refused("receive_timeout")
            await abort_with(
                context,
                errors.intake_error(
                    "REQUEST_RECEIVE_TIMEOUT",
                    "the request message did not arrive within "
                    f"{settings.receive_timeout_seconds:g}s (OCR_RECEIVE_TIMEOUT_SECONDS)",
                ),
            )
        except BaseException:
            reservation.release()
            raise
        try:
            if not isinstance(raw, bytes):  # grpc.aio.EOF: half-closed without a message
                raise DecodeError("no request message")
            reservation.resize(len(raw))
            request = request_type.FromString(raw)
        except DecodeError:
            reservation.release()
            self._refused("malformed")
            self._log_malformed(request_type)
            await abort_with(
                context,
                errors.intake_error(
                    "MALFORMED_REQUEST",
                    f"the request is not a valid {request_type.DESCRIPTOR.name} message (bad "
                    "wire format, or a string field that is not UTF-8); check the client's "
                    "generated code and how the bytes are built",
                ),
            )
        except BaseException:
            reservation.release()
            raise
        return request, reservation

    def _budget_error(self, worst_case: int) -> errors.GatewayError:
        budget = self._budget
        return errors.intake_error(
            "ADMISSION_INFLIGHT_BYTES",
            f"{budget.used} request bytes are already held or being received and a request "
            f"may have up to {worst_case} (OCR_MAX_RECEIVE_MESSAGE_BYTES); the limit is "
            f"{budget.limit} (OCR_MAX_INFLIGHT_BYTES); retry shortly",
            metadata={"rejection": "inflight_bytes"},
        )

    def _refused(self, reason: str) -> None:
        if self._metrics is not None:
            self._metrics.intake_refused(reason)

    def _log_malformed(self, request_type: type[Message]) -> None:
        now = time.monotonic()
        last = self._malformed_logged_at
        if last is not None and now - last < MALFORMED_LOG_INTERVAL_SECONDS:
            self._malformed_suppressed += 1
            return
        _log.warning(
            "malformed_request",
            message_type=request_type.DESCRIPTOR.full_name,
            suppressed_since_last=self._malformed_suppressed,
        )
        self._malformed_logged_at = now
        self._malformed_suppressed = 0
