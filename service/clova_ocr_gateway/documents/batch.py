"""BatchRecognize: a stream of documents read page by page, answered per page as pages finish.

The request stream is read only while there is room: at most READ_AHEAD_PER_SLOT items per
upstream slot beyond what the page windows can run are open at once, and each item is read
only once its largest possible size is reserved from the in-flight byte budget
(OCR_MAX_INFLIGHT_BYTES, serving/intake.py's RequestStream), so a client sending faster than the
vendor cap is held back by HTTP/2 flow control instead of being buffered.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Callable
from typing import Final, Protocol

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova_ocr_gateway import errors
from clova_ocr_gateway.config.settings import Settings
from clova_ocr_gateway.documents.reading import (
    DocumentReader,
    DocumentRequest,
    PageResult,
    PageWindow,
    child_record,
    merge_record,
    spec_for_document_type,
)
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.errors import FieldViolation
from clova_ocr_gateway.observability.callcontext import CallRecord
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.serving.payload import Received

__all__ = ["MAX_ITEMS", "MAX_ITEM_ID_LENGTH", "BatchRunner", "ItemSource"]

MAX_ITEM_ID_LENGTH: Final = 128
# Item ids are remembered for the stream's life (to refuse repeats); this bounds that memory.
MAX_ITEMS: Final = 100_000
# Items read beyond those the page windows can run right now, per slot: with C slots answering
# about every L/C seconds, an item read when one ends must be opened before the next ends;
# opening (a thread hop, the image checks) took up to 80 ms on a loaded machine, more than
# 0.2 s / 5, so one item of read-ahead left slots idle (goodput 0.54); one per slot keeps them
# busy (benchmarks/document_bench.py). The memory bound still applies (each read reserves).
READ_AHEAD_PER_SLOT: Final = 1

_log = get_logger("clova_ocr_gateway.documents")


class ItemSource(Protocol):
    """The batch's request messages, each admitted and read when asked for (the intake's
    RequestStream, serving/intake.py)."""

    def watch(self, busy: Callable[[], bool]) -> None:
        """`busy()` tells whether items are still being answered."""
        ...

    def work_finished(self) -> None:
        """An item was just answered."""
        ...

    async def next(self) -> Received[service_pb2.BatchRecognizeRequest] | None:
        """The next item, None once the client half-closed."""
        ...


class _End:
    """Put on the output queue once the client half-closed and every item is answered."""


def _item_failure(
    item_id: str, error: errors.GatewayError, page_count: int = 0
) -> service_pb2.BatchRecognizeResponse:
    return service_pb2.BatchRecognizeResponse(
        item_id=item_id, page_number=0, page_count=page_count, status=error.to_status()
    )


def _page_response(item_id: str, page: PageResult) -> service_pb2.BatchRecognizeResponse:
    return service_pb2.BatchRecognizeResponse(
        item_id=item_id,
        page_number=page.page_number,
        page_count=page.page_count,
        status=page.status,
        result=page.result,  # None: the field stays unset
    )


def _item_id_problem(item_id: str, seen: set[str]) -> str | None:
    if not item_id:
        return "item_id is required: give every item an id, unique within the stream"
    if len(item_id) > MAX_ITEM_ID_LENGTH:
        return f"item_id has {len(item_id)} characters; use at most {MAX_ITEM_ID_LENGTH}"
    if item_id in seen:
        return f"item_id {item_id!r} was already used in this stream; ids must be unique"
    if len(seen) >= MAX_ITEMS:
        return f"a stream takes at most {MAX_ITEMS} items; start a new BatchRecognize stream"
    return None


class BatchRunner:
    """Runs BatchRecognize streams through one DocumentReader."""

    def __init__(self, settings: Settings, reader: DocumentReader) -> None:
        self._settings = settings
        self._reader = reader
        # Items open at once: what the largest domain's slots can run, plus the read-ahead.
        slots = max(settings.domain(d).concurrency_limit for d in Domain)
        self._open_limit = slots * (1 + READ_AHEAD_PER_SLOT)

    async def run(
        self,
        requests: ItemSource,
        *,
        record: CallRecord,
        deadline: float | None,
        emulator_fault: str | None = None,
    ) -> AsyncGenerator[service_pb2.BatchRecognizeResponse, None]:
        """Yield responses as pages finish; raises the first error that concerns every item
        (after cancelling the items in flight)."""
        out: asyncio.Queue[service_pb2.BatchRecognizeResponse | _End | BaseException]
        out = asyncio.Queue()
        record.items = 0
        windows: dict[Domain, PageWindow] = {}
        open_items = 0  # items read or being read, not yet answered in full
        running = 0  # items read, not yet answered in full
        changed = asyncio.Condition()
        tasks: set[asyncio.Task[None]] = set()
        requests.watch(lambda: running > 0)

        async def room() -> None:
            """Wait until another item may be read (the read itself waits for memory)."""
            nonlocal open_items
            async with changed:
                await changed.wait_for(lambda: open_items < self._open_limit)
                open_items += 1

        async def finished() -> None:
            nonlocal open_items
            async with changed:
                open_items -= 1
                changed.notify_all()

        async def run_item(received: Received[service_pb2.BatchRecognizeRequest]) -> None:
            nonlocal running
            request = received.message
            item_id = request.item_id
            item_record = child_record(record)
            try:
                window = None
                try:
                    spec = spec_for_document_type(request.document_type)
                except errors.GatewayError:
                    pass  # read() refuses it as a whole, and counts it
                else:
                    window = windows.get(spec.domain)
                    if window is None:
                        window = windows[spec.domain] = self._reader.window_for(spec)
                document = DocumentRequest(
                    document_type=request.document_type,
                    content=received.content or b"",
                    image=request.image,
                    request_id=request.request_id,
                    include_raw_response=request.include_raw_response,
                    pages=request.pages,
                )
                answered = False
                try:
                    async for page in self._reader.read(
                        document,
                        record=item_record,
                        deadline=deadline,
                        emulator_fault=emulator_fault,
                        window=window,
                        batch_item=True,
                        log_fields={"item_id": item_id},
                    ):
                        answered = True
                        await out.put(_page_response(item_id, page))
                except errors.GatewayError as exc:
                    if exc.concerns_every_call or answered:
                        await out.put(exc)
                    else:
                        await out.put(_item_failure(item_id, exc))
            finally:
                received.release()
                merge_record(record, item_record)
                record.pages = (record.pages or 0) + (item_record.pages or 0)
                record.pages_failed = (record.pages_failed or 0) + (item_record.pages_failed or 0)
                running -= 1
                requests.work_finished()
                await finished()

        async def read_requests() -> None:
            nonlocal running
            seen: set[str] = set()
            try:
                # Bounded by the client: the stream ends when it half-closes (or the deadline).
                while True:
                    await room()
                    try:
                        received = await requests.next()
                    except BaseException:
                        await finished()
                        raise
                    if received is None:
                        await finished()
                        break
                    request = received.message
                    record.items = (record.items or 0) + 1
                    problem = _item_id_problem(request.item_id, seen)
                    if problem is not None:
                        error = errors.InvalidRequestError(
                            problem, [FieldViolation("item_id", problem)], reason="INVALID_ITEM_ID"
                        )
                        _log.info(
                            "document_finished",
                            item_id=request.item_id[:MAX_ITEM_ID_LENGTH],
                            outcome="invalid",
                            reason=error.reason,
                        )
                        received.release()
                        await out.put(_item_failure(request.item_id, error))
                        await finished()
                        continue
                    seen.add(request.item_id)
                    running += 1
                    task = asyncio.create_task(run_item(received), name="batch-item")
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                while tasks:
                    await asyncio.gather(*tasks)
                await out.put(_End())
            except BaseException as exc:  # the request stream failed, or we were cancelled
                await out.put(exc)
                raise

        producer = asyncio.create_task(read_requests(), name="batch-reader")
        try:
            while True:
                item = await out.get()
                if isinstance(item, _End):
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            for window in windows.values():
                window.close()
            producer.cancel()
            with contextlib.suppress(BaseException):
                await producer
            # The reader is gone, so no item starts after this; cancel those that did.
            for task in list(tasks):
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
