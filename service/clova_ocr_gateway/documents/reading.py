"""Reads one document: checks it and opens it off the event loop, sends each page through the
recognizer's road (validation, admission as the caller's own call, upstream, conversion, error
mapping) with at most the domain's limit of its pages in flight, and yields each page's outcome
as soon as it is known."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final, TypeVar

from google.rpc import code_pb2, status_pb2

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway import errors
from clova_ocr_gateway.admission.controller import Admission
from clova_ocr_gateway.config.settings import Settings
from clova_ocr_gateway.conversion.answer import build_generic_response
from clova_ocr_gateway.conversion.errors import ConversionError
from clova_ocr_gateway.conversion.registry import BY_DOCUMENT_TYPE, DomainSpec
from clova_ocr_gateway.documents.errors import DocumentError
from clova_ocr_gateway.documents.splitting import Document, open_document
from clova_ocr_gateway.errors import FieldViolation
from clova_ocr_gateway.images.validation import ValidatedImage, detect_format, normalize_format
from clova_ocr_gateway.observability.callcontext import CallRecord
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.observability.metrics import GatewayMetrics
from clova_ocr_gateway.serving.recognition import (
    FORMAT_NAMES,
    Recognizer,
    malformed_answer_error,
    request_id_or_new,
)

__all__ = [
    "DocumentReader",
    "DocumentRequest",
    "PageResult",
    "PageWindow",
    "SplitWorkers",
    "child_record",
    "merge_record",
    "spec_for_document_type",
]

T = TypeVar("T")

# Splitting runs in this many threads per gateway: qpdf holds the GIL only part of the time, so
# more threads than cores would only queue; callers beyond them wait their turn.
SPLIT_WORKERS: Final = 2
# A 200 from CLOVA this recent shows the domain's URL and secret work: a document's first page
# need not go alone (it costs one upstream latency: a 3-page document took 2 L instead of L).
# At worst a secret revoked within this time costs the domain's limit of calls, not one.
PROBE_SKIP_SECONDS: Final = 30.0

_log = get_logger("clova_ocr_gateway.documents")


class SplitWorkers:
    """The bounded thread pool that opens and splits documents, so qpdf's and the TIFF
    rewrite's CPU work never runs on the event loop, and at most SPLIT_WORKERS of it at once."""

    def __init__(self, workers: int = SPLIT_WORKERS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="document-split")

    async def run(self, function: Callable[..., T], *args: object, **kwargs: object) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(function, *args, **kwargs))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class PageWindow:
    """How many pages (of one document, or of one batch on one domain) may be between
    "split" and "answered" at once: the domain's limit, but 1 until the first page has been
    answered, so that a failure that concerns every page (a wrong secret, an exhausted quota)
    costs one CLOVA call, not one per slot. `probed`: start at the limit (CLOVA answered this
    domain a moment ago), which saves a document of up to the limit's pages one upstream
    latency."""

    def __init__(self, limit: Callable[[], int], *, probed: bool = False) -> None:
        self._limit = limit
        self._in_use = 0
        self._probed = probed
        self._closed = False
        self._changed = asyncio.Condition()

    def _capacity(self) -> int:
        if self._closed:
            return 0
        return max(1, self._limit()) if self._probed else 1

    async def acquire(self) -> None:
        """Wait for room; after close() this waits until the waiter is cancelled."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._in_use < self._capacity())
            self._in_use += 1

    async def release(self, answered: bool) -> None:
        async with self._changed:
            self._in_use -= 1
            self._probed = self._probed or answered
            self._changed.notify_all()

    def close(self) -> None:
        """No page may start any more: an error that concerns every page arrived, and the
        document (or batch) is being torn down; waiting pages are cancelled with it."""
        self._closed = True


@dataclass(frozen=True, slots=True)
class DocumentRequest:
    """The fields of RecognizeDocumentRequest (and of a BatchRecognizeRequest item); the
    file's bytes apart from the rest of `image` (the intake takes them out of the message once,
    serving/payload.py; a protobuf bytes field copies on every read)."""

    document_type: int
    content: bytes
    image: image_pb2.Image  # format and name; its content is not read
    request_id: str
    include_raw_response: bool
    pages: Sequence[int]


@dataclass(frozen=True, slots=True)
class PageResult:
    """One page's outcome, as the response streams carry it."""

    page_number: int
    page_count: int
    status: status_pb2.Status
    result: service_pb2.RecognizeResponse | None


@dataclass(slots=True)
class _Opened:
    spec: DomainSpec
    document: Document
    selected: list[int]
    request_id: str
    lock: asyncio.Lock  # the PDF library's objects are not thread-safe: one page at a time
    # A single image, validated and converted for CLOVA as Recognize's road does it.
    checked: ValidatedImage | None = None


def spec_for_document_type(document_type: int) -> DomainSpec:
    """The domain of a document_type, or INVALID_DOCUMENT_TYPE."""
    spec = BY_DOCUMENT_TYPE.get(document_type)
    if spec is None:
        raise errors.InvalidRequestError(
            f"document_type {document_type} is not a document type; choose one of "
            "DOCUMENT_TYPE_RECEIPT ... DOCUMENT_TYPE_PASSPORT",
            [FieldViolation("document_type", "required: name the document type to read")],
            reason="INVALID_DOCUMENT_TYPE",
        )
    return spec


def _invalid_document(message: str, field: str = "image.content") -> errors.InvalidRequestError:
    return errors.InvalidRequestError(
        message, [FieldViolation(field, message)], reason="INVALID_DOCUMENT"
    )


def _invalid_pages(message: str) -> errors.InvalidRequestError:
    return errors.InvalidRequestError(
        message, [FieldViolation("pages", message)], reason="INVALID_PAGE_SELECTION"
    )


def _image_of(image: image_pb2.Image, content: bytes) -> image_pb2.Image:
    """An Image of `content` with `image`'s format and name (one page, or the single image)."""
    return image_pb2.Image(content=content, format=image.format, name=image.name)


def _ok_status() -> status_pb2.Status:
    return status_pb2.Status(code=code_pb2.OK)


class DocumentReader:
    """Runs documents for every domain through one Recognizer."""

    def __init__(
        self,
        settings: Settings,
        recognizer: Recognizer,
        admission: Admission,
        workers: SplitWorkers,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        self._settings = settings
        self._recognizer = recognizer
        self._admission = admission
        self._workers = workers
        self._metrics = metrics

    def window_for(self, spec: DomainSpec) -> PageWindow:
        """A new page window on `spec`'s domain, following its effective (adaptive) limit;
        without its one-page probe when CLOVA answered the domain within PROBE_SKIP_SECONDS."""
        return PageWindow(
            lambda: self._admission.usage(spec.domain)[1],
            probed=self._recognizer.answered_within(spec.domain, PROBE_SKIP_SECONDS),
        )

    async def read(
        self,
        request: DocumentRequest,
        *,
        record: CallRecord,
        deadline: float | None,
        emulator_fault: str | None = None,
        window: PageWindow | None = None,
        batch_item: bool = False,
        log_fields: dict[str, object] | None = None,
    ) -> AsyncGenerator[PageResult, None]:
        """Yield one PageResult per selected page as it finishes.

        Raises errors.GatewayError before the first result when the document is refused as a
        whole (nothing was sent to CLOVA), and after any result when a page failed with an
        error that concerns every page (no further page is sent, pages in flight are
        cancelled). `deadline` is in time.monotonic() terms.
        """
        started = time.perf_counter()
        outcome = "invalid"
        pages_read = pages_failed = 0
        page_count = 0
        spec: DomainSpec | None = None
        try:
            spec = spec_for_document_type(request.document_type)
            record.domain = spec.domain
            # The document's bytes were reserved from the in-flight budget before they were
            # read (serving/intake.py) and stay reserved until the call (or item) ends.
            opened = await self._open(spec, request, record)
            page_count = opened.document.page_count
            try:
                outcome = "cancelled"
                async for result in self._pages(
                    opened, request, record, deadline, emulator_fault, window
                ):
                    pages_read += 1
                    if result.status.code != code_pb2.OK:
                        pages_failed += 1
                    yield result
                outcome = _outcome(pages_read, pages_failed)
            except errors.GatewayError:
                outcome = "aborted"
                raise
            finally:
                opened.document.close()
        except errors.GatewayError as exc:
            if outcome == "invalid" and not isinstance(exc, errors.InvalidRequestError):
                outcome = "aborted"  # e.g. a domain not configured: refused, but not invalid
            raise
        finally:
            record.pages = (record.pages or 0) + pages_read
            record.pages_failed = (record.pages_failed or 0) + pages_failed
            if self._metrics is not None:
                self._metrics.document_finished(
                    spec.domain if spec is not None else None,
                    outcome,
                    pages_read,
                    batch_item=batch_item,
                )
            if batch_item:
                _log.info(
                    "document_finished",
                    request_id=record.request_id,
                    domain=spec.domain.value if spec is not None else None,
                    outcome=outcome,
                    page_count=page_count,
                    pages=pages_read,
                    pages_failed=pages_failed,
                    document_bytes=len(request.content),
                    total_seconds=round(time.perf_counter() - started, 6),
                    **(log_fields or {}),
                )

    async def _open(
        self, spec: DomainSpec, request: DocumentRequest, record: CallRecord
    ) -> _Opened:
        """The document checked, opened and its page selection resolved; every refusal here is
        INVALID_ARGUMENT and comes before any CLOVA call."""
        request_id = request_id_or_new(request.request_id or record.request_id)
        record.request_id = request_id
        image, content = request.image, request.content
        size = len(content)
        record.image_bytes = size
        limit = self._settings.document_bytes_limit
        if size == 0:
            raise _invalid_document(
                "image.content is empty: send the bytes of one image or of a PDF or TIFF"
            )
        if size > limit:
            raise _invalid_document(
                f"the document has {size} bytes, over the limit of {limit} "
                "(OCR_MAX_DOCUMENT_BYTES); split it into smaller files"
            )
        wanted = list(request.pages)
        bad = [p for p in wanted if p < 1]
        if bad:
            raise _invalid_pages(f"page numbers start at 1; got {bad[0]}")
        if len(set(wanted)) != len(wanted):
            raise _invalid_pages("pages lists a page more than once; name each page once")
        max_pages = self._settings.max_document_pages
        try:
            if detect_format(content) in ("pdf", "tiff"):
                document = await self._workers.run(open_document, content, max_pages=max_pages)
            else:  # one image: nothing to parse, so no thread hop (it costs a slot's time)
                document = open_document(content, max_pages=max_pages)
        except DocumentError as exc:
            if exc.too_many_pages:
                raise _invalid_document(
                    f"{exc.message} (OCR_MAX_DOCUMENT_PAGES={max_pages}); split the document"
                ) from None
            raise _invalid_document(
                f"the document cannot be read: {exc.message}; re-export it as a valid PDF, "
                "TIFF, JPEG or PNG"
            ) from None
        checked = None
        try:
            if document.kind == "image":
                # One page: checked and converted (HEIC, WebP, BMP, GIF to JPEG or PNG; EXIF
                # orientation) by the very function Recognize uses, now, so a bad image is
                # refused as a whole before any paid call.
                checked = await self._recognizer.checked_image(_image_of(image, content), record)
            declared = FORMAT_NAMES.get(image.format)
            kind = document.kind
            if declared is not None and kind != "image" and normalize_format(declared) != kind:
                raise _invalid_document(
                    f"image.format says {declared} but the content is a {kind}; "
                    "set the format that matches or leave it unspecified",
                    field="image.format",
                )
            count = document.page_count
            beyond = [p for p in wanted if p > count]
            if beyond:
                raise _invalid_pages(
                    f"page {beyond[0]} is out of range: the document has {count} "
                    f"page{'s' if count != 1 else ''}"
                )
        except BaseException:
            document.close()
            raise
        selected = wanted or list(range(1, document.page_count + 1))
        return _Opened(spec, document, selected, request_id, asyncio.Lock(), checked)

    async def _pages(
        self,
        opened: _Opened,
        request: DocumentRequest,
        record: CallRecord,
        deadline: float | None,
        fault: str | None,
        window: PageWindow | None,
    ) -> AsyncIterator[PageResult]:
        window = window or self.window_for(opened.spec)
        done: asyncio.Queue[asyncio.Task[PageResult]] = asyncio.Queue()
        # One task per page, each waiting for the window before its page is even split, so at
        # most the window's pages are in memory and in admission at once.
        tasks = []
        for number in opened.selected:
            task = asyncio.create_task(
                self._page(opened, number, request, record, deadline, fault, window),
                name=f"document-page-{number}",
            )
            task.add_done_callback(done.put_nowait)
            tasks.append(task)
        try:
            for _ in tasks:
                finished = await done.get()
                yield finished.result()  # an error that concerns every page ends the document
        finally:
            for task in tasks:
                task.cancel()
            # Cancelled pages stop at their next await (the upstream call is abandoned), so
            # this wait is short; it makes sure no page outlives its document.
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _page(
        self,
        opened: _Opened,
        number: int,
        request: DocumentRequest,
        record: CallRecord,
        deadline: float | None,
        fault: str | None,
        window: PageWindow,
    ) -> PageResult:
        await window.acquire()
        answered = False
        page_record = child_record(record)
        started = time.perf_counter()
        status = _ok_status()
        failure: errors.GatewayError | None = None
        try:
            if opened.checked is not None:
                image = request.image  # not read: the checked image goes instead
                page_record.image_bytes = len(request.content)
            else:
                async with opened.lock:
                    try:
                        content = await self._workers.run(opened.document.page, number)
                    except DocumentError as exc:
                        raise _invalid_document(f"page {number}: {exc.message}") from None
                image = _image_of(request.image, content)
                del content
            remaining = None if deadline is None else deadline - time.monotonic()
            try:
                done = await self._recognizer.recognize(
                    opened.spec,
                    image,
                    opened.request_id,
                    record=page_record,
                    time_remaining=remaining,
                    emulator_fault=fault,
                    checked=opened.checked,
                )
                result = build_generic_response(
                    opened.spec, done.answer, include_raw=request.include_raw_response
                )
            except ConversionError as exc:
                raise malformed_answer_error(opened.spec.domain, exc) from exc
            answered = True
            return PageResult(number, opened.document.page_count, status, result)
        except errors.GatewayError as exc:
            failure = exc
            if exc.concerns_every_call:
                window.close()  # before the slot is released: no other page may slip in
                raise
            answered = True
            status = exc.to_status()
            return PageResult(number, opened.document.page_count, status, None)
        finally:
            await window.release(answered)
            merge_record(record, page_record)
            _log.info(
                "document_page_finished",
                request_id=opened.request_id,
                domain=opened.spec.domain.value,
                page_number=number,
                page_count=opened.document.page_count,
                grpc_code=failure.code.name if failure is not None else "OK",
                reason=failure.reason if failure is not None else None,
                queue_seconds=round(page_record.queue_seconds, 6),
                upstream_seconds=round(page_record.upstream_seconds, 6),
                total_seconds=round(time.perf_counter() - started, 6),
                retries=page_record.retries,
                image_bytes=page_record.image_bytes,
                http_status=page_record.http_status,
                clova_code=page_record.clova_code,
            )


def child_record(record: CallRecord) -> CallRecord:
    """A record of its own for one page or batch item (they run at once), with the call's
    identity, trace and caller (the fair queue's key) and zeroed counters."""
    return dataclasses.replace(
        record,
        queue_seconds=0.0,
        upstream_seconds=0.0,
        retries=0,
        image_bytes=0,
        http_status=None,
        clova_code=None,
        messages_received=None,
        messages_sent=None,
        pages=None,
        pages_failed=None,
        items=None,
    )


def merge_record(record: CallRecord, page: CallRecord) -> None:
    """Add a page's (or item's) waits, upstream time and retries to the call's record."""
    record.queue_seconds += page.queue_seconds
    record.upstream_seconds += page.upstream_seconds
    record.retries += page.retries
    if page.http_status is not None:
        record.http_status = page.http_status
    if page.clova_code is not None:
        record.clova_code = page.clova_code


def _outcome(pages: int, failed: int) -> str:
    if failed == 0:
        return "ok"
    return "failed" if failed == pages else "partial"
