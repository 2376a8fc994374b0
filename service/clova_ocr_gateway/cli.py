"""The `clova-ocr-gateway` command: `serve` the gateway, run the `emulator` alone, or
`recognize` a file through a running gateway."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from clova_ocr_gateway import __version__
from clova_ocr_gateway.config.settings import ConfigError, load_settings
from clova_ocr_gateway.domains import Domain

_DOMAIN_CHOICES = {d.value: d for d in Domain}

_DESCRIPTION = """\
A typed gRPC gateway in front of NAVER CLOVA OCR's Document API.

Quick start, no CLOVA account needed:
  clova-ocr-gateway serve --emulator
  clova-ocr-gateway recognize receipt examples/receipt.png

Documentation: README.md (configuration, error table, metrics) and docs/.
"""


def _build_parser() -> argparse.ArgumentParser:
    from clova_ocr_gateway.emulator import add_emulator_arguments

    parser = argparse.ArgumentParser(
        prog="clova-ocr-gateway",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="run the gateway",
        description="Run the gRPC gateway. Settings come from OCR_* environment variables "
        "(see README); flags given here override them.",
    )
    serve.add_argument("--host", help="address to listen on (OCR_HOST, default 0.0.0.0)")
    serve.add_argument("--port", type=int, help="gRPC port (OCR_PORT, default 50051; 0: any)")
    serve.add_argument(
        "--metrics-port",
        type=int,
        help="port of the Prometheus /metrics endpoint (OCR_METRICS_PORT, default 9464)",
    )
    serve.add_argument(
        "--emulator",
        action="store_true",
        help="start the built-in CLOVA emulator in-process and point every domain at it "
        "with generated secrets (no CLOVA account needed)",
    )
    serve.add_argument(
        "--emulator-latency-ms",
        type=float,
        default=0.0,
        help="with --emulator: simulated CLOVA latency per call (default 0)",
    )
    serve.add_argument(
        "--emulator-concurrency-limit",
        type=int,
        default=5,
        help="with --emulator: simultaneous calls per domain before it answers 0025 (default 5)",
    )
    serve.add_argument(
        "--upload-mode",
        choices=("multipart", "json"),
        help="how images go to CLOVA (OCR_UPLOAD_MODE, default multipart)",
    )
    serve.add_argument("--log-format", choices=("auto", "json", "console"), help="OCR_LOG_FORMAT")
    serve.add_argument("--log-level", help="OCR_LOG_LEVEL (default INFO)")
    serve.add_argument(
        "--shutdown-grace-seconds",
        type=float,
        help="time in-flight calls get to finish on SIGTERM (OCR_SHUTDOWN_GRACE_SECONDS)",
    )

    emulator = commands.add_parser(
        "emulator",
        help="run the CLOVA emulator alone",
        description="Run the CLOVA Document API emulator: the seven documented paths, JSON and "
        "multipart bodies, secret and limit checks, and fault injection (docs/emulator.md).",
    )
    add_emulator_arguments(emulator)

    recognize = commands.add_parser(
        "recognize",
        help="send a file to a running gateway and print the result",
        description="Send FILE to a running gateway as DOMAIN and print the typed result.",
    )
    recognize.add_argument("domain", metavar="DOMAIN", choices=sorted(_DOMAIN_CHOICES))
    recognize.add_argument("file", metavar="FILE", type=Path)
    recognize.add_argument("--target", default="127.0.0.1:50051", help="gateway address")
    recognize.add_argument("--json", action="store_true", help="print the response as proto JSON")
    recognize.add_argument("--timeout", type=float, default=60.0, help="deadline in seconds")
    recognize.add_argument("--request-id", default="", help="request id to send (default: new)")
    recognize.add_argument(
        "--raw", action="store_true", help="also ask for CLOVA's raw answer (with --json)"
    )
    return parser


def _serve(args: argparse.Namespace) -> int:
    from clova_ocr_gateway.emulator import EmulatorConfig
    from clova_ocr_gateway.observability.logs import configure_logging
    from clova_ocr_gateway.serving.server import serve

    overrides: dict[str, Any] = {
        key: value
        for key, value in {
            "host": args.host,
            "port": args.port,
            "metrics_port": args.metrics_port,
            "upload_mode": args.upload_mode,
            "log_format": args.log_format,
            "log_level": args.log_level,
            "shutdown_grace_seconds": args.shutdown_grace_seconds,
        }.items()
        if value is not None  # only flags the user gave override the environment
    }
    try:
        settings = load_settings(**overrides)
    except ConfigError as exc:
        print(f"clova-ocr-gateway: configuration error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_format, settings.log_level)
    emulator = None
    if args.emulator:
        emulator = EmulatorConfig(
            host="127.0.0.1",
            port=0,
            latency_ms=args.emulator_latency_ms,
            concurrency_limit_per_domain=args.emulator_concurrency_limit,
        )
    return asyncio.run(serve(settings, emulator=emulator))


def _emulator(args: argparse.Namespace) -> int:
    from clova_ocr_gateway.emulator import config_from_args, run_emulator_forever

    run_emulator_forever(config_from_args(args), out=sys.stdout)
    return 0


def _readable_lines(value: Any, prefix: str = "") -> Iterator[str]:
    """Flatten proto JSON into `path: value` lines, skipping geometry (noise on a terminal)."""
    if isinstance(value, dict):
        if "text" in value and not isinstance(value["text"], dict | list):
            formatted = value.get("formatted", {})
            refined = formatted.get("value") if isinstance(formatted, dict) else None
            shown = (
                value["text"]
                if refined in (None, value["text"])
                else f"{value['text']} ({refined})"
            )
            yield f"{prefix}: {shown}"
            return
        for key, item in value.items():
            if key in {"boundingPoly", "boundingPolys", "subBoundingPolys", "maskingPolys", "rois"}:
                continue
            yield from _readable_lines(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _readable_lines(item, f"{prefix}[{index}]")
    else:
        yield f"{prefix}: {value}"


def _recognize(args: argparse.Namespace) -> int:
    import grpc
    from google.protobuf import json_format
    from grpc_status import rpc_status

    from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
    from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
    from clova.ocr.document.v1 import image_pb2
    from clova_ocr_gateway.conversion.registry import REGISTRY

    spec = REGISTRY[_DOMAIN_CHOICES[args.domain]]
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        print(f"clova-ocr-gateway: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    request = service_pb2.RecognizeRequest(
        document_type=spec.document_type,  # type: ignore[arg-type]
        image=image_pb2.Image(content=content, name=args.file.stem[:128]),
        request_id=args.request_id,
        include_raw_response=args.raw,
    )
    with grpc.insecure_channel(args.target) as channel:
        stub = service_grpc.DocumentOcrServiceStub(channel)
        try:
            response = stub.Recognize(request, timeout=args.timeout)
        except grpc.RpcError as exc:
            _print_rpc_error(exc, rpc_status)
            return 1
    if args.json:
        print(json_format.MessageToJson(response, ensure_ascii=False, indent=2))
        return 0
    header = response.header
    print(f"request_id: {header.request_id}")
    print(f"infer_result: {image_pb2.InferResult.Name(response.image.infer_result)}")
    result = getattr(response, spec.result_field)
    for line in _readable_lines(json_format.MessageToDict(result)):
        print(line)
    return 0


def _print_rpc_error(exc: Any, rpc_status: Any) -> None:
    from google.rpc import error_details_pb2

    print(f"error: {exc.code().name}: {exc.details()}", file=sys.stderr)
    status = rpc_status.from_call(exc)
    for detail in status.details if status is not None else ():
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            print(f"reason: {info.reason}", file=sys.stderr)
            for key, value in sorted(info.metadata.items()):
                print(f"  {key}: {value}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `clova-ocr-gateway` console script."""
    args = _build_parser().parse_args(argv)
    handlers = {"serve": _serve, "emulator": _emulator, "recognize": _recognize}
    with contextlib.suppress(KeyboardInterrupt):
        return handlers[args.command](args)
    return 130


if __name__ == "__main__":
    raise SystemExit(main())
