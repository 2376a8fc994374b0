"""`recognize DOMAIN PATH...` for several files, folders and multi-page documents: a PDF or TIFF
goes through RecognizeDocument, several files through one BatchRecognize stream; pages are
printed as they finish (readably, as proto JSON, or one JSON object per line with --jsonl), a
progress bar runs on stderr when it is a terminal, and a summary ends the run.

Exit codes: 0 every page of every file succeeded; 1 at least one page or file failed, or the
call failed; 2 nothing could be sent (no file found, unreadable input, usage).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Final

from clova_ocr_gateway.images.validation import MAX_NAME_LENGTH, detect_format

from . import connection

STDIN: Final = "-"
# Files a folder contributes, by extension (case-insensitive): what CLOVA reads, and the formats
# the gateway converts before the call.
EXTENSIONS: Final = frozenset(
    {".jpg", ".jpeg", ".png", ".pdf", ".tif", ".tiff", ".webp", ".bmp", ".gif", ".heic", ".heif"}
)
EXIT_OK: Final = 0
EXIT_FAILED: Final = 1
EXIT_NOTHING_SENT: Final = 2


class InputError(Exception):
    """A path cannot be sent: missing, unreadable, or too large."""


@dataclass(frozen=True, slots=True)
class Source:
    """One file to send: where it came from (as given or found) and its bytes."""

    label: str  # the path as printed and echoed in item_id ("-" for standard input)
    content: bytes
    name: str  # Image.name: the file's stem, as the unary command sends it


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files named, and files under folders named (recursively, by extension, sorted), in the
    order given; "-" stays as it is. Raises InputError for a path that does not exist."""
    found: list[str] = []
    for given in paths:
        if given == STDIN:
            found.append(given)
            continue
        path = Path(given)
        if path.is_dir():
            found.extend(
                str(p)
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in EXTENSIONS
            )
        elif path.exists():
            found.append(given)
        else:
            raise InputError(f"{given}: no such file or folder")
    # A file named twice (or found under two folders given) is sent once: its path is its id.
    return list(dict.fromkeys(found))


def read_source(label: str, max_bytes: int, stdin: BinaryIO | None = None) -> Source:
    """The bytes of one file (at most `max_bytes`, else InputError)."""
    from .recognize import InputError as ReadError
    from .recognize import read_image

    try:
        content, name = read_image(label, max_bytes, stdin)
    except ReadError as exc:
        raise InputError(f"{label}: {exc}") from None
    return Source(label, content, name or Path(label).stem[:MAX_NAME_LENGTH])


def is_document(content: bytes) -> bool:
    """PDF and TIFF may have several pages: they go through RecognizeDocument."""
    return detect_format(content) in ("pdf", "tiff")


@dataclass(slots=True)
class Tally:
    """What the run saw, for the summary and the exit code."""

    files: int = 0
    files_failed: int = 0  # refused as a whole (page 0), or the call failed
    pages_ok: int = 0
    pages_failed: int = 0

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.files_failed == 0 and self.pages_failed == 0 else EXIT_FAILED

    def summary(self) -> str:
        pages = self.pages_ok + self.pages_failed
        text = (
            f"{self.files} file{'s' if self.files != 1 else ''}, {pages} "
            f"page{'s' if pages != 1 else ''}: {self.pages_ok} ok, {self.pages_failed} failed"
        )
        if self.files_failed:
            text += f"; {self.files_failed} file{'s' if self.files_failed != 1 else ''} refused"
        return text


class Progress:
    """A tqdm bar on stderr when stderr is a terminal (pages done; the total grows as page
    counts arrive), else nothing."""

    def __init__(self, files: int, stream: IO[str] | None = None) -> None:
        self._stream = stream or sys.stderr
        self._bar: Any = None
        self._known: set[str] = set()
        if self._stream.isatty():
            from tqdm import tqdm

            columns, rows = _terminal_size(self._stream)
            self._bar = tqdm(total=files, unit="page", file=self._stream, ncols=columns, nrows=rows)

    def page(self, label: str, page_count: int) -> None:
        if self._bar is None:
            return
        if label not in self._known:
            # Until a file's page count is known it counts as one page.
            self._known.add(label)
            self._bar.total += max(1, page_count) - 1
            self._bar.refresh()
        self._bar.update(1)

    def write(self, line: str) -> None:
        """Print a line on stderr without breaking the bar."""
        if self._bar is not None:
            self._bar.write(line, file=self._stream)
        else:
            print(line, file=self._stream)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _terminal_size(stream: IO[str]) -> tuple[int, int]:
    """(columns, rows) of the terminal: COLUMNS/LINES, else the terminal's own, else 80x24. A
    terminal that reports 0x0 (a fresh pseudo-terminal) would make tqdm hide its bar."""
    try:
        size = os.get_terminal_size(stream.fileno())
        columns, rows = size.columns, size.lines
    except (OSError, ValueError):
        columns = rows = 0
    columns = _positive_env("COLUMNS") or columns or 80
    rows = _positive_env("LINES") or rows or 24
    return columns, rows


def _positive_env(name: str) -> int:
    text = os.environ.get(name, "").strip()
    return int(text) if text.isdigit() else 0


def _status_fields(status: Any) -> dict[str, Any]:
    """A page's google.rpc.Status for --jsonl: code name, message, ErrorInfo reason."""
    import grpc
    from google.rpc import error_details_pb2

    code = next((c.name for c in grpc.StatusCode if c.value[0] == status.code), str(status.code))
    fields: dict[str, Any] = {"code": code}
    if status.code:
        fields["message"] = status.message
        for detail in status.details:
            info = error_details_pb2.ErrorInfo()
            if detail.Unpack(info):
                fields["reason"] = info.reason
                break
    return fields


class Printer:
    """Prints each page as it arrives, in the mode the user chose."""

    def __init__(self, args: argparse.Namespace, progress: Progress) -> None:
        self._args = args
        self._progress = progress
        self._lock = threading.Lock()

    def page(self, label: str, page: int, page_count: int, status: Any, result: Any) -> None:
        from google.protobuf import json_format

        from .output import error_lines, result_lines

        with self._lock:
            if self._args.jsonl:
                line = {
                    "path": label,
                    "page": page,
                    "page_count": page_count,
                    "status": _status_fields(status),
                    "result": json_format.MessageToDict(result) if status.code == 0 else None,
                }
                print(json.dumps(line, ensure_ascii=False), flush=True)
            elif self._args.json:
                print(f"== {label} page {page}/{page_count}")
                body = result if status.code == 0 else status
                print(json_format.MessageToJson(body, ensure_ascii=False, indent=2), flush=True)
            else:
                where = f"== {label}" + (f" (page {page}/{page_count})" if page else "")
                print(where)
                if status.code == 0:
                    spec_field = result.WhichOneof("result")
                    if spec_field is not None:
                        values = json_format.MessageToDict(getattr(result, spec_field))
                        for text in result_lines(values):
                            print(text)
                else:
                    code = _status_fields(status)["code"]
                    for text in error_lines(code, status.message, status.details):
                        print(text)
                sys.stdout.flush()
            self._progress.page(label, page_count)


def run_many(
    args: argparse.Namespace,
    labels: list[str],
    document_type: int,
    first: Source | None = None,
) -> int:
    """Several files, or one PDF/TIFF already read (`first`): one BatchRecognize stream, or
    RecognizeDocument."""
    import grpc

    tally = Tally(files=len(labels))
    progress = Progress(len(labels))
    printer = Printer(args, progress)
    try:
        with connection.open_channel(args, max_send_bytes=args.max_document_bytes) as channel:
            from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc

            stub = service_grpc.DocumentOcrServiceStub(channel)
            try:
                if first is not None:
                    _one_document(args, stub, first, document_type, printer, tally)
                else:
                    _batch(args, stub, labels, document_type, printer, tally, progress)
            except grpc.RpcError as exc:
                tally.files_failed += 1
                _report_call_error(exc, args.target, progress)
            except InputError as exc:
                progress.write(f"clova-ocr-gateway: {exc}")
                return EXIT_NOTHING_SENT
    finally:
        progress.close()
    print(f"clova-ocr-gateway: {tally.summary()}", file=sys.stderr)
    return tally.exit_code


def _report_call_error(exc: Any, target: str, progress: Progress) -> None:
    from grpc_status import rpc_status

    from .output import error_lines

    unreachable = connection.unreachable_message(exc, target)
    if unreachable is not None:
        progress.write(f"clova-ocr-gateway: {unreachable}")
        return
    status = rpc_status.from_call(exc)
    for line in error_lines(
        exc.code().name, exc.details() or "", status.details if status is not None else ()
    ):
        progress.write(line)


def _one_document(
    args: argparse.Namespace,
    stub: Any,
    source: Source,
    document_type: int,
    printer: Printer,
    tally: Tally,
) -> None:
    from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
    from clova.ocr.document.v1 import image_pb2

    label = source.label
    request = service_pb2.RecognizeDocumentRequest(
        document_type=document_type,  # type: ignore[arg-type]
        image=image_pb2.Image(content=source.content, name=source.name),
        request_id=args.request_id,
        include_raw_response=args.raw,
    )
    call = stub.RecognizeDocument(
        request, timeout=args.timeout, metadata=connection.call_metadata(args)
    )
    try:
        for response in call:
            _count(tally, response.status.code)
            printer.page(
                label, response.page_number, response.page_count, response.status, response.result
            )
    except BaseException:
        call.cancel()
        raise


def _count(tally: Tally, code: int) -> None:
    if code == 0:
        tally.pages_ok += 1
    else:
        tally.pages_failed += 1


def _batch(
    args: argparse.Namespace,
    stub: Any,
    labels: list[str],
    document_type: int,
    printer: Printer,
    tally: Tally,
    progress: Progress,
) -> None:
    """One BatchRecognize stream; at most --concurrency files are read and unanswered at once,
    which bounds this process's memory (the gateway holds the stream back beyond its own cap)."""
    from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
    from clova.ocr.document.v1 import image_pb2

    room = threading.Semaphore(args.concurrency)
    unanswered: dict[str, int] = {}  # label -> pages still to come (-1: count unknown yet)
    lock = threading.Lock()
    problems: list[str] = []

    def requests() -> Iterator[Any]:
        for label in labels:
            room.acquire()
            try:
                source = read_source(label, args.max_document_bytes)
            except InputError as exc:
                problems.append(str(exc))
                tally.files_failed += 1
                room.release()
                continue
            with lock:
                unanswered[label] = -1
            yield service_pb2.BatchRecognizeRequest(
                item_id=label,
                document_type=document_type,  # type: ignore[arg-type]
                image=image_pb2.Image(content=source.content, name=source.name),
                request_id=args.request_id,
                include_raw_response=args.raw,
            )

    def answered(label: str, page_count: int) -> None:
        with lock:
            left = unanswered.get(label)
            if left is None:
                return
            left = page_count if left < 0 else left
            left -= 1
            if left <= 0:
                del unanswered[label]
                room.release()
            else:
                unanswered[label] = left

    call = stub.BatchRecognize(
        requests(), timeout=args.timeout, metadata=connection.call_metadata(args)
    )
    try:
        for response in call:
            label = response.item_id
            if response.page_number == 0:
                tally.files_failed += 1
            else:
                _count(tally, response.status.code)
            printer.page(
                label, response.page_number, response.page_count, response.status, response.result
            )
            answered(label, response.page_count)
    except BaseException:
        call.cancel()
        raise
    finally:
        for problem in problems:
            progress.write(f"clova-ocr-gateway: {problem}")
