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

The streaming RPCs go through the same steps. RecognizeDocument (one request, a stream of
answers) is served by a bidirectional handler that reads its one message as above and hands
the servicer a `Received` (payload.py: the message, its content apart, its reservation).
BatchRecognize's servicer gets a `RequestStream`, which reads each message the same way when
the servicer asks for the next one: its largest size reserved first (while items of the call
are still open it waits for room rather than being refused), then read, parsed and handed over
as a `Received` that holds its real size until the item is done. A stream owes the next message
(or its half-close) within OCR_RECEIVE_TIMEOUT_SECONDS only while it has nothing left to be
answered: a client waiting for its answers before it sends more is not a stalled sender.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

import grpc
from google.protobuf import message_factory
from google.protobuf.descriptor import ServiceDescriptor
from google.protobuf.message import DecodeError, Message

from clova_ocr_gateway import errors
from clova_ocr_gateway.admission.memory import ByteBudget, Reservation
from clova_ocr_gateway.config.settings import Settings
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.observability.metrics import GatewayMetrics
from clova_ocr_gateway.serving.payload import Received, detached_image, take_content
from clova_ocr_gateway.serving.reclaim import Reclaimer
from clova_ocr_gateway.serving.servicer import abort_with

__all__ = ["MAX_BUDGET_WAITERS", "Intake", "RequestStream"]

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
StreamBehavior = Callable[[Any, grpc.aio.ServicerContext], AsyncIterator[Message]]
M = TypeVar("M", bound=Message)
# While a stream's items are still open, a read that found no room in the budget tries again
# after this long (their release makes room; meanwhile flow control holds the sender back).
STREAM_ROOM_RETRY_SECONDS = 0.05


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
        every request message is admitted, read and parsed here. Unary methods get the parsed
        request, server-streaming ones a `Received`, client-streaming ones a `RequestStream`.
        Also returned by method name for registered-method dispatch."""
        handlers: dict[str, grpc.RpcMethodHandler] = {}
        for method in service.methods:
            request_type = message_factory.GetMessageClass(method.input_type)
            response_type = message_factory.GetMessageClass(method.output_type)
            behavior = getattr(servicer, method.name)
            if method.client_streaming:
                if not method.server_streaming:
                    raise NotImplementedError(
                        f"{method.full_name}: client streaming with one answer is not served"
                    )
                handler = self._wrap_request_stream(behavior, request_type)
            elif method.server_streaming:
                handler = self._wrap_answer_stream(behavior, request_type)
            else:
                handlers[method.name] = grpc.stream_unary_rpc_method_handler(
                    self._wrap(behavior, request_type),
                    request_deserializer=None,  # raw bytes: parsed in _wrap
                    response_serializer=response_type.SerializeToString,
                )
                continue
            # Bidirectional on the server's side whatever the method's shape: the request
            # messages are read (with context.read) only once their bytes are admitted.
            handlers[method.name] = grpc.stream_stream_rpc_method_handler(
                handler,
                request_deserializer=None,
                response_serializer=response_type.SerializeToString,
            )
        return grpc.method_handlers_generic_handler(service.full_name, handlers), handlers

    def _wrap_answer_stream(
        self, behavior: StreamBehavior, request_type: type[Message]
    ) -> Callable[[Any, grpc.aio.ServicerContext], AsyncIterator[Message]]:
        async def handle(
            requests: Any, context: grpc.aio.ServicerContext
        ) -> AsyncIterator[Message]:
            request, reservation = await self._receive(request_type, context)
            received = self._received(request, reservation)
            del request
            try:
                async for response in behavior(received, context):
                    yield response
            finally:
                received.release()

        return handle

    def _wrap_request_stream(
        self, behavior: StreamBehavior, request_type: type[Message]
    ) -> Callable[[Any, grpc.aio.ServicerContext], AsyncIterator[Message]]:
        async def handle(
            requests: Any, context: grpc.aio.ServicerContext
        ) -> AsyncIterator[Message]:
            self._arrived()
            if self._draining:
                await self._refuse_draining(context)
            stream = RequestStream(self, request_type, context)
            try:
                async for response in behavior(stream, context):
                    yield response
            finally:
                stream.close()

        return handle

    def _budget_wait(self, remaining: float | None) -> float:
        """How long a message may wait for room in the byte budget: the receive timeout, and
        at most a share of the call's remaining deadline (the rest is for the upstream call; a
        caller refused with RetryInfo can still retry, one that waited out its deadline only
        learns DEADLINE_EXCEEDED)."""
        wait = self._settings.receive_timeout_seconds
        if remaining is not None:
            wait = min(wait, remaining * BUDGET_WAIT_SHARE)
        return wait

    def _received(self, message: M, reservation: Reservation) -> Received[M]:
        """`message` as the servicer gets it: its content apart, its bytes reserved until
        the `Received` is released."""
        light, content = take_content(message)
        return Received(light, content, reservation.size, self._releaser(reservation))

    def _releaser(self, reservation: Reservation) -> Callable[[], None]:
        def release() -> None:
            if reservation.released:
                return
            size = reservation.size
            reservation.release()
            if self._reclaimer is not None:
                self._reclaimer.released(size)

        return release

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
                self._releaser(reservation)()

        return handle

    async def _receive(
        self, request_type: type[Message], context: grpc.aio.ServicerContext
    ) -> tuple[Message, Reservation]:
        self._arrived()
        if self._draining:
            await self._refuse_draining(context)
        loop = asyncio.get_running_loop()
        settings = self._settings
        # Measured from the call's start, the wait for room included: a stream that stopped
        # sending must not outlive this whatever stage it stalls in.
        now = loop.time()
        receive_deadline = now + settings.receive_timeout_seconds
        remaining = context.time_remaining()
        if remaining is not None:
            receive_deadline = min(receive_deadline, now + remaining)
        wait_limit = self._budget_wait(remaining)
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
            await abort_with(context, self._receive_timeout_error("the request message"))
        except BaseException:
            reservation.release()
            raise
        if not isinstance(raw, bytes):  # grpc.aio.EOF: half-closed without a message
            raw = None
        try:
            request = self._parse(raw, request_type, reservation)
        except errors.GatewayError as exc:
            await abort_with(context, exc)
        return request, reservation

    def _arrived(self) -> None:
        self._last_started = time.monotonic()

    async def _refuse_draining(self, context: grpc.aio.ServicerContext) -> None:
        self._refused("draining")
        await abort_with(
            context,
            errors.intake_error(
                "SERVER_DRAINING",
                "this gateway replica is shutting down; retry, another replica will serve the call",
            ),
        )

    def _parse(self, raw: bytes | None, request_type: type[M], reservation: Reservation) -> M:
        """The message of `raw` (None: the stream ended without one), its reservation shrunk
        to its size; raises MALFORMED_REQUEST (reservation released) when it does not parse."""
        try:
            if raw is None:
                raise DecodeError("no request message")
            reservation.resize(len(raw))
            return request_type.FromString(raw)
        except DecodeError:
            reservation.release()
            self._refused("malformed")
            self._log_malformed(request_type)
            raise errors.intake_error(
                "MALFORMED_REQUEST",
                f"the request is not a valid {request_type.DESCRIPTOR.name} message (bad "
                "wire format, or a string field that is not UTF-8); check the client's "
                "generated code and how the bytes are built",
            ) from None
        except BaseException:
            reservation.release()
            raise

    def _budget_error(self, worst_case: int) -> errors.GatewayError:
        budget = self._budget
        return errors.intake_error(
            "ADMISSION_INFLIGHT_BYTES",
            f"{budget.used} request bytes are already held or being received and a request "
            f"may have up to {worst_case} (OCR_MAX_RECEIVE_MESSAGE_BYTES); the limit is "
            f"{budget.limit} (OCR_MAX_INFLIGHT_BYTES); retry shortly",
            metadata={"rejection": "inflight_bytes"},
        )

    def _receive_timeout_error(self, what: str) -> errors.GatewayError:
        return errors.intake_error(
            "REQUEST_RECEIVE_TIMEOUT",
            f"{what} did not arrive within {self._settings.receive_timeout_seconds:g}s "
            "(OCR_RECEIVE_TIMEOUT_SECONDS)",
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


class RequestStream(Generic[M]):
    """The request messages of one client-streaming call, each admitted, read and parsed by
    the intake when the servicer asks for it (`next`).

    The servicer tells the stream whether it still has work of the call open (`busy`) and
    when some finished (`work_finished`): while busy, a read that finds no room in the budget
    waits for it instead of being refused, and the receive timeout does not run.
    """

    def __init__(
        self, intake: Intake, request_type: type[M], context: grpc.aio.ServicerContext
    ) -> None:
        self._intake = intake
        self._type = request_type
        self._context = context
        self._busy: Callable[[], bool] = lambda: False
        self._idle_since = asyncio.get_running_loop().time()
        self._finished = asyncio.Event()
        self._reading: asyncio.Future[Any] | None = None
        self._ended = False
        self._held: list[Reservation] = []

    def watch(self, busy: Callable[[], bool]) -> None:
        """`busy()` says whether the call still has work open (answers it owes the client)."""
        self._busy = busy

    def work_finished(self) -> None:
        """Some of the call's work just finished: if none is left, the client owes the next
        message (or its half-close) within OCR_RECEIVE_TIMEOUT_SECONDS from now."""
        self._idle_since = asyncio.get_running_loop().time()
        self._finished.set()

    async def next(self) -> Received[M] | None:
        """The next message, or None once the client half-closed. Raises the intake's
        GatewayError (ADMISSION_INFLIGHT_BYTES, REQUEST_RECEIVE_TIMEOUT, MALFORMED_REQUEST)
        when the call must end; what it reserved is released then."""
        if self._ended:
            return None
        intake = self._intake
        reservation = await self._reserve()
        try:
            raw = await self._read()
        except BaseException:
            reservation.release()
            raise
        if not isinstance(raw, bytes):  # grpc.aio.EOF: the client half-closed
            reservation.release()
            self._ended = True
            return None
        message = intake._parse(raw, self._type, reservation)
        del raw
        received = intake._received(message, reservation)
        del message
        self._held = [r for r in self._held if not r.released]
        self._held.append(reservation)
        return received

    def close(self) -> None:
        """The call ended: stop the pending read and give back everything still held."""
        if self._reading is not None:
            self._reading.cancel()
            self._reading = None
        for reservation in self._held:
            self._intake._releaser(reservation)()
        self._held.clear()

    async def _reserve(self) -> Reservation:
        intake = self._intake
        settings = intake._settings
        worst_case = settings.max_receive_message_bytes
        while True:
            wait = intake._budget_wait(self._context.time_remaining())
            reservation = await intake._budget.reserve(worst_case, wait)
            if reservation is not None:
                return reservation
            if not self._busy():
                intake._refused("inflight_bytes")
                raise intake._budget_error(worst_case)
            # The call's own open items will give bytes back: wait for room, not refuse.
            await asyncio.sleep(STREAM_ROOM_RETRY_SECONDS)

    async def _read(self) -> Any:
        loop = asyncio.get_running_loop()
        started = loop.time()
        timeout = self._intake._settings.receive_timeout_seconds
        reading = self._reading = asyncio.ensure_future(self._context.read())
        try:
            while not reading.done():
                if self._busy():
                    # Answers are still owed: the client may wait for them before it sends.
                    self._finished.clear()
                    finished = asyncio.ensure_future(self._finished.wait())
                    try:
                        await asyncio.wait((reading, finished), return_when=asyncio.FIRST_COMPLETED)
                    finally:
                        finished.cancel()
                    continue
                left = max(started, self._idle_since) + timeout - loop.time()
                if left <= 0:
                    self._intake._refused("receive_timeout")
                    raise self._intake._receive_timeout_error(
                        "the next request message (or the end of the stream), owed once "
                        "everything sent before was answered,"
                    )
                await asyncio.wait((reading,), timeout=left)
            return reading.result()
        finally:
            if reading.done():
                self._reading = None
