"""`recognize DOMAIN PATH...`: send images to a running gateway and print the results. One
single-page image is one Recognize call; a PDF or TIFF, several files, or folders go through the
document RPCs (cli/documents.py)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, Final

from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.domains import DOMAINS, Domain
from clova_ocr_gateway.images.validation import MAX_NAME_LENGTH, oversize_description

from . import connection

STDIN: Final = "-"
_DOMAIN_CHOICES: Final = {d.value: d for d in Domain}
# The gateway's own default (OCR_MAX_IMAGE_BYTES): refusing here saves uploading megabytes only
# to hear the same words back.
DEFAULT_MAX_IMAGE_BYTES: Final = load_settings({}).max_image_bytes
DEFAULT_MAX_DOCUMENT_BYTES: Final = load_settings({}).max_document_bytes
_READ_CHUNK: Final = 1024 * 1024
_TOO_LARGE_FOR_GATEWAY: Final = (
    "the gateway receives messages up to its OCR_MAX_RECEIVE_MESSAGE_BYTES (unset: the larger "
    "of OCR_MAX_IMAGE_BYTES and OCR_MAX_DOCUMENT_BYTES plus 1 MiB, 51 MiB by default), and "
    "images up to OCR_MAX_IMAGE_BYTES; compress or downscale the image"
)


class InputError(Exception):
    """The image cannot be sent: unreadable, a directory, or over the size limit."""


def _positive(what: str, unit: str) -> Callable[[str], int]:
    """An argparse type: a whole number of at least 1, worded as `what` / `unit`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number{what}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"must be at least 1{unit} (got {value})")
        return value

    return parse


_positive_bytes = _positive(" of bytes", " byte")
_positive_count = _positive("", "")


def _env_limit(name: str, default: int) -> int:
    """`name` when it is set to a positive number in this shell (as for the gateway it
    started), else the gateway's default."""
    text = os.environ.get(name, "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else default


def _default_max_image_bytes() -> int:
    return _env_limit("OCR_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES)


def add_parser(commands: Any) -> None:
    """Add `recognize` to the subcommands."""
    domains = ", ".join(d.value for d in Domain)
    parser = commands.add_parser(
        "recognize",
        help="send images, documents or folders to a running gateway and print the results",
        description="Send each PATH to a running gateway, read it as DOMAIN, and print the "
        "typed result: one field per line (geometry left out), or proto JSON with --json, or "
        "one JSON object per page with --jsonl, or CLOVA's own answer with --raw. A PDF or TIFF "
        "is read page by page (RecognizeDocument); several files, or folders (searched "
        "recursively for image, PDF and TIFF files), go through one BatchRecognize stream, with "
        "a progress bar on stderr when it is a terminal and a summary at the end. Errors print "
        "every detail of the gateway's google.rpc.Status.",
        epilog="exit status: 0 when every page of every file succeeded; 1 when a page, a file "
        "or the call failed; 2 when nothing could be sent (no such file, no image found, "
        "unreadable or oversize input, bad usage); 130 when interrupted.",
    )
    parser.add_argument(
        "domain",
        metavar="DOMAIN",
        choices=list(_DOMAIN_CHOICES),
        help=f"document type to read the image as: {domains}",
    )
    parser.add_argument(
        "paths",
        metavar="PATH",
        nargs="+",
        help="image files (JPEG, PNG, ...), multi-page PDF or TIFF files, folders (searched "
        "recursively by extension), or - to read one file from standard input",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument(
        "--json", action="store_true", help="print the gateway's response as proto JSON"
    )
    output.add_argument(
        "--jsonl",
        action="store_true",
        help="print one JSON object per page: path, page, page_count, status, result",
    )
    output.add_argument(
        "--raw",
        action="store_true",
        help="print CLOVA's own JSON answer exactly as CLOVA sent it (raw_response_json)",
    )
    parser.add_argument(
        "--request-id", default="", help="request id to send (default: the gateway makes one)"
    )
    parser.add_argument(
        "--max-image-bytes",
        type=_positive_bytes,
        default=_default_max_image_bytes(),
        metavar="N",
        help="refuse larger images before sending them, as the gateway would "
        "(default: OCR_MAX_IMAGE_BYTES if set, else the gateway's default; now %(default)s)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive_count,
        default=4,
        metavar="N",
        help="with several files: at most N files read and waiting for their answers at once "
        "(the gateway's own limit on CLOVA calls still applies; default: %(default)s)",
    )
    connection.add_connection_arguments(parser)
    parser.set_defaults(handler=run, parser=parser)


def _default_max_document_bytes() -> int:
    return _env_limit("OCR_MAX_DOCUMENT_BYTES", DEFAULT_MAX_DOCUMENT_BYTES)


def read_image(file: str, max_bytes: int, stdin: BinaryIO | None = None) -> tuple[bytes, str]:
    """The image bytes and the name to send; raises InputError with a message for the user.

    Never holds more than `max_bytes` + one chunk, however large the file or stream is.
    """
    if file == STDIN:
        return _read_bounded(stdin or sys.stdin.buffer, max_bytes), ""
    path = Path(file)
    if path.is_dir():
        raise InputError("is a directory; recognize reads one image file (or - for standard input)")
    try:
        with path.open("rb") as stream:
            content = _read_bounded(stream, max_bytes)
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from None
    return content, path.stem[:MAX_NAME_LENGTH]


def _read_bounded(stream: BinaryIO, max_bytes: int) -> bytes:
    kept: list[bytes] = []
    size = 0
    while chunk := stream.read(_READ_CHUNK):
        size += len(chunk)
        if size <= max_bytes:
            kept.append(chunk)
        # Past the limit, keep counting (for the message) but stop keeping.
    if size > max_bytes:
        raise InputError(oversize_description(size, max_bytes))
    return b"".join(kept)


def run(args: argparse.Namespace) -> int:
    """0 on success, 1 when the call failed, 2 when nothing could be sent."""
    import grpc
    from google.protobuf import json_format
    from grpc_status import rpc_status

    from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
    from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
    from clova.ocr.document.v1 import image_pb2
    from clova_ocr_gateway.conversion.registry import REGISTRY

    from . import documents
    from .output import error_lines, result_lines

    connection.check_connection_arguments(args.parser, args)
    spec = REGISTRY[_DOMAIN_CHOICES[args.domain]]
    args.max_document_bytes = max(_default_max_document_bytes(), args.max_image_bytes)
    try:
        labels = documents.expand_paths(args.paths)
    except documents.InputError as exc:
        print(f"clova-ocr-gateway: {exc}", file=sys.stderr)
        return 2
    if not labels:
        print(
            "clova-ocr-gateway: no image, PDF or TIFF file found in " + ", ".join(args.paths),
            file=sys.stderr,
        )
        return 2
    if labels.count(STDIN) > 1 or (STDIN in labels and len(labels) > 1):
        args.parser.error("- (standard input) can only be the one PATH")
    if len(labels) > 1:
        return documents.run_many(args, labels, spec.document_type)
    args.file = labels[0]
    try:
        source = documents.read_source(args.file, args.max_document_bytes)
    except documents.InputError as exc:
        message = str(exc).removeprefix(f"{args.file}: ")
        print(f"clova-ocr-gateway: {_label(args.file)}: {message}", file=sys.stderr)
        return 2
    if documents.is_document(source.content) or args.jsonl:
        return documents.run_many(args, labels, spec.document_type, first=source)
    if len(source.content) > args.max_image_bytes:
        print(
            f"clova-ocr-gateway: {_label(args.file)}: "
            f"{oversize_description(len(source.content), args.max_image_bytes)}",
            file=sys.stderr,
        )
        return 2
    content, name = source.content, source.name if args.file != STDIN else ""
    request = service_pb2.RecognizeRequest(
        document_type=spec.document_type,  # type: ignore[arg-type]
        image=image_pb2.Image(content=content, name=name),
        request_id=args.request_id,
        include_raw_response=args.raw,
    )
    with connection.open_channel(args, max_send_bytes=args.max_image_bytes) as channel:
        stub = service_grpc.DocumentOcrServiceStub(channel)
        try:
            response = stub.Recognize(
                request, timeout=args.timeout, metadata=connection.call_metadata(args)
            )
        except grpc.RpcError as exc:
            unreachable = connection.unreachable_message(exc, args.target)
            if unreachable is not None:
                print(f"clova-ocr-gateway: {unreachable}", file=sys.stderr)
                return 1
            status = rpc_status.from_call(exc)
            for line in error_lines(
                exc.code().name,
                exc.details() or "",
                status.details if status is not None else (),
            ):
                print(line, file=sys.stderr)
            if status is None and "larger than max" in (exc.details() or ""):
                # gRPC itself refused the message at the gateway: --max-image-bytes is above
                # what that gateway was configured to receive.
                print(f"  hint: {_TOO_LARGE_FOR_GATEWAY}", file=sys.stderr)
            return 1
    if args.raw:
        body = (
            response.raw_response_json
            or json_format.MessageToJson(response.raw_response, ensure_ascii=False).encode()
        )
        sys.stdout.buffer.write(body)
        if sys.stdout.isatty() and not body.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        return 0
    if args.json:
        print(json_format.MessageToJson(response, ensure_ascii=False, indent=2))
        return 0
    infer = image_pb2.InferResult.Name(response.image.infer_result)
    print(f"domain: {spec.domain.value} ({DOMAINS[spec.domain].path})")
    print(f"request_id: {response.header.request_id}")
    print(f"infer_result: {infer.removeprefix('INFER_RESULT_')}")
    result = getattr(response, spec.result_field)
    for line in result_lines(json_format.MessageToDict(result)):
        print(line)
    return 0


def _label(file: str) -> str:
    return "standard input" if file == STDIN else file
