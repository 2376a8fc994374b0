"""What every command that talks to a running gateway shares: the options (`--target`,
`--timeout`, `--client-id`, `--metadata`, and TLS/credentials: `--tls`, `--ca-file`,
`--cert-file`, `--key-file`, `--token-file`), the channel they open, the call metadata they
send, and the message for a gateway that cannot be reached."""

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
AUTHORIZATION_METADATA: Final = "authorization"
# Certificates, keys and tokens are a few KiB; anything bigger is the wrong file.
_MAX_CREDENTIAL_FILE_BYTES: Final = 1024 * 1024
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
    tls = parser.add_argument_group(
        "TLS and credentials", "for a gateway with OCR_TLS_* and OCR_AUTH_MODE set"
    )
    tls.add_argument(
        "--tls",
        action="store_true",
        help="connect with TLS, verifying the gateway against the system's CAs (or --ca-file); "
        "implied by --ca-file, --cert-file and --key-file",
    )
    tls.add_argument(
        "--ca-file", metavar="PEM", help="CA certificate(s) to verify the gateway with"
    )
    tls.add_argument(
        "--cert-file",
        metavar="PEM",
        help="client certificate (chain) for mutual TLS; needs --key-file",
    )
    tls.add_argument("--key-file", metavar="PEM", help="private key of --cert-file")
    tls.add_argument(
        "--token-file",
        metavar="FILE",
        help="send the file's content as `authorization: Bearer ...` with every call: a "
        "Kubernetes service-account token (e.g. a projected token volume) or an API key",
    )


def _read_credential_file(option: str, path: str) -> bytes:
    """The content of a --*-file option, or ValueError with a message naming the option."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(_MAX_CREDENTIAL_FILE_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"{option} {path}: {exc.strerror or exc}") from None
    if len(data) > _MAX_CREDENTIAL_FILE_BYTES:
        raise ValueError(f"{option} {path}: larger than {_MAX_CREDENTIAL_FILE_BYTES} bytes")
    if not data.strip():
        raise ValueError(f"{option} {path}: the file is empty")
    return data


def bearer_token(args: argparse.Namespace) -> str | None:
    """The --token-file content, read now (a projected token is rotated by the kubelet)."""
    path = getattr(args, "token_file", None)
    if path is None:
        return None
    token = _read_credential_file("--token-file", path).decode("utf-8", "replace").strip()
    if not all("!" <= ch <= "~" for ch in token):
        raise ValueError(f"--token-file {path}: the token must be printable ASCII on one line")
    return token


def call_metadata(args: argparse.Namespace) -> list[tuple[str, str | bytes]]:
    """The metadata to send: the bearer token, --client-id, then every --metadata in order."""
    metadata: list[tuple[str, str | bytes]] = []
    token = bearer_token(args)
    if token is not None:
        metadata.append((AUTHORIZATION_METADATA, f"Bearer {token}"))
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
    if (args.cert_file is None) != (args.key_file is None):
        parser.error("mutual TLS needs both --cert-file and --key-file")
    if args.token_file is not None and any(
        key == AUTHORIZATION_METADATA for key, _ in args.metadata
    ):
        parser.error(f"give the token once: --token-file or --metadata {AUTHORIZATION_METADATA}=")
    try:
        for option in ("ca_file", "cert_file", "key_file"):
            path = getattr(args, option)
            if path is not None:
                _read_credential_file(_flag(option), path)
        bearer_token(args)
    except ValueError as exc:
        parser.error(str(exc))


def _flag(option: str) -> str:
    return "--" + option.replace("_", "-")


def uses_tls(args: argparse.Namespace) -> bool:
    """True when the options ask for TLS (--tls, or any certificate or key file)."""
    return bool(args.tls or args.ca_file or args.cert_file or args.key_file)


def _channel_credentials(args: argparse.Namespace) -> grpc.ChannelCredentials:
    import grpc

    def read(option: str) -> bytes | None:
        path = getattr(args, option)
        return None if path is None else _read_credential_file(_flag(option), path)

    return grpc.ssl_channel_credentials(
        root_certificates=read("ca_file"),
        private_key=read("key_file"),
        certificate_chain=read("cert_file"),
    )


def open_channel(args: argparse.Namespace, max_send_bytes: int = 4 * MiB) -> grpc.Channel:
    """A channel to --target (TLS when asked for) that can carry `max_send_bytes` of payload."""
    import grpc

    options = [
        ("grpc.max_send_message_length", max_send_bytes + REQUEST_OVERHEAD_BYTES),
        ("grpc.max_receive_message_length", MAX_RECEIVE_MESSAGE_BYTES),
    ]
    if uses_tls(args):
        return grpc.secure_channel(args.target, _channel_credentials(args), options=options)
    return grpc.insecure_channel(args.target, options=options)


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
