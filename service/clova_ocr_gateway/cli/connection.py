"""What every command that talks to a running gateway shares: the options (`--target`,
`--timeout`, `--client-id`, `--metadata`), the channel they open, the call metadata they send,
and the message for a gateway that cannot be reached."""

from __future__ import annotations

import argparse
import math
import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import grpc

DEFAULT_TARGET: Final = "127.0.0.1:50051"
DEFAULT_TIMEOUT_SECONDS: Final = 60.0
CLIENT_ID_METADATA: Final = "x-client-id"
MiB: Final = 1024 * 1024
# A response is bounded by the gateway's send limit (OCR_MAX_RECEIVE_MESSAGE_BYTES, 25 MiB by
# default); with include_raw_response it carries CLOVA's answer twice, so leave room above it.
MAX_RECEIVE_MESSAGE_BYTES: Final = 64 * MiB
# Room for the request's fields besides the image bytes (name, request id, framing).
REQUEST_OVERHEAD_BYTES: Final = 64 * 1024

# gRPC metadata keys: lower-case letters, digits, "-", "_" and "."; "grpc-" is reserved.
_METADATA_KEY: Final = re.compile(r"[0-9a-z_.-]+")
_HOW_TO_START: Final = (
    "start one with ./scripts/serve (in a checkout) or `clova-ocr-gateway serve --emulator`, "
    "or point --target at a running gateway"
)


def positive_seconds(text: str) -> float:
    """argparse type: a finite number of seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds (got {text})")
    return value


def metadata_pair(text: str) -> tuple[str, str]:
    """argparse type: KEY=VALUE as gRPC metadata (the key lower-cased, as HTTP/2 sends it)."""
    key, sep, value = text.partition("=")
    key = key.strip().lower()
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"{text!r}: expected KEY=VALUE, e.g. x-team=billing")
    if not _METADATA_KEY.fullmatch(key) or key.startswith("grpc-"):
        raise argparse.ArgumentTypeError(
            f"{key!r} is not a metadata key a caller may send: use letters, digits, '-', '_' "
            "and '.', not starting with 'grpc-'"
        )
    if not key.endswith("-bin") and not all(" " <= ch <= "~" for ch in value):
        raise argparse.ArgumentTypeError(
            f"{key}: the value must be printable ASCII (or name the key KEY-bin for bytes)"
        )
    return key, value


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of every command that calls a gateway, with their defaults in --help."""
    group = parser.add_argument_group("connection")
    group.add_argument(
        "--target",
        default=DEFAULT_TARGET,
        metavar="HOST:PORT",
        help="address of the gateway (default: %(default)s)",
    )
    group.add_argument(
        "--timeout",
        type=positive_seconds,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help="deadline of each call, above zero (default: %(default)s)",
    )
    group.add_argument(
        "--client-id",
        metavar="ID",
        help=f"who is calling, sent as {CLIENT_ID_METADATA} metadata (fair queueing and metrics "
        "per caller; default: none, the gateway counts the call as anonymous)",
    )
    group.add_argument(
        "--metadata",
        type=metadata_pair,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra gRPC metadata sent with every call (repeatable), "
        "e.g. x-emulator-fault=code=0025",
    )


def call_metadata(args: argparse.Namespace) -> list[tuple[str, str | bytes]]:
    """The metadata to send: --client-id first, then every --metadata in order."""
    metadata: list[tuple[str, str | bytes]] = []
    if args.client_id is not None:
        metadata.append((CLIENT_ID_METADATA, args.client_id))
    for key, value in args.metadata:
        metadata.append((key, value.encode() if key.endswith("-bin") else value))
    return metadata


def check_connection_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse combinations argparse cannot see (exits 2 with a usage message)."""
    if args.client_id is not None:
        if not args.client_id or not all(" " <= ch <= "~" for ch in args.client_id):
            parser.error("--client-id must be non-empty printable ASCII")
        if any(key == CLIENT_ID_METADATA for key, _ in args.metadata):
            parser.error(f"give the caller once: --client-id or --metadata {CLIENT_ID_METADATA}=")


def open_channel(args: argparse.Namespace, max_send_bytes: int = 4 * MiB) -> grpc.Channel:
    """An insecure channel to --target that can carry `max_send_bytes` of payload."""
    import grpc

    return grpc.insecure_channel(
        args.target,
        options=[
            ("grpc.max_send_message_length", max_send_bytes + REQUEST_OVERHEAD_BYTES),
            ("grpc.max_receive_message_length", MAX_RECEIVE_MESSAGE_BYTES),
        ],
    )


def unreachable_message(exc: grpc.RpcError, target: str) -> str | None:
    """What to tell a user whose call never reached a gateway; None for any other error."""
    import grpc

    if exc.code() is not grpc.StatusCode.UNAVAILABLE:
        return None
    details = exc.details() or ""
    if "Connection refused" in details:
        why = "connection refused"
    elif "errors resolving" in details or "DNS resolution failed" in details:
        why = "the host name does not resolve"
    elif "failed to connect" in details:
        why = details
    else:
        return None
    return f"no gateway reachable at --target {target} ({why}); {_HOW_TO_START}"
