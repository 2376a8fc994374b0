"""`serve` (the gateway) and `emulator` (the CLOVA emulator alone)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from clova_ocr_gateway.config.settings import ConfigError, load_settings


def add_parsers(commands: Any) -> None:
    """Add `serve` and `emulator` to the subcommands."""
    from clova_ocr_gateway.emulator import add_emulator_arguments

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
    serve.add_argument(
        "--log-format",
        choices=("auto", "json", "console"),
        help="log format (OCR_LOG_FORMAT, default auto: JSON unless on a terminal)",
    )
    serve.add_argument("--log-level", help="log level, e.g. DEBUG (OCR_LOG_LEVEL, default INFO)")
    serve.add_argument(
        "--shutdown-grace-seconds",
        type=float,
        help="time in-flight calls get to finish on SIGTERM (OCR_SHUTDOWN_GRACE_SECONDS)",
    )
    serve.set_defaults(handler=run_serve)

    emulator = commands.add_parser(
        "emulator",
        help="run the CLOVA emulator alone",
        description="Run the CLOVA Document API emulator: the seven documented paths, JSON and "
        "multipart bodies, secret and limit checks, and fault injection (docs/emulator.md).",
    )
    add_emulator_arguments(emulator)
    emulator.set_defaults(handler=run_emulator)


def run_serve(args: argparse.Namespace) -> int:
    """Run the gateway until SIGTERM/SIGINT; 2 on bad configuration."""
    from clova_ocr_gateway.emulator import EmulatorConfig
    from clova_ocr_gateway.observability.logs import configure_logging
    from clova_ocr_gateway.serving.server import StartupError, serve

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
    try:
        return asyncio.run(serve(settings, emulator=emulator))
    except ConfigError as exc:
        # Files named by the settings (certificates, JWKS, API keys) are read at start.
        print(f"clova-ocr-gateway: configuration error: {exc}", file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"clova-ocr-gateway: cannot start: {exc}", file=sys.stderr)
        return 2


def run_emulator(args: argparse.Namespace) -> int:
    """Run the emulator until interrupted."""
    from clova_ocr_gateway.emulator import config_from_args, run_emulator_forever

    run_emulator_forever(config_from_args(args), out=sys.stdout)
    return 0
