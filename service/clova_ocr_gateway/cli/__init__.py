"""The `clova-ocr-gateway` command: `serve` the gateway, run the `emulator` alone, `recognize` a
file through a running gateway, and ask a running gateway for its `health` and `domains`.

One module per concern: `serve` (serve, emulator), `recognize`, `health` (health, domains),
`connection` (the options and channel every command that talks to a gateway shares) and `output`
(readable rendering of results and errors). Each command module has `add_parser` and `run`;
heavy imports (grpc, generated code) happen inside `run`, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence

from clova_ocr_gateway import __version__

from . import health, recognize, serve

_DESCRIPTION = """\
A typed gRPC gateway in front of NAVER CLOVA OCR's Document API.

Quick start, no CLOVA account needed:
  clova-ocr-gateway serve --emulator
  clova-ocr-gateway recognize receipt examples/receipt.png

Documentation: README.md (configuration, error table, metrics) and docs/.
"""

# What a process killed by SIGPIPE exits with in a shell (128 + 13), as `yes | head -1` shows.
EXIT_BROKEN_PIPE = 141
EXIT_INTERRUPTED = 130

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: every subcommand with its options and help text."""
    parser = argparse.ArgumentParser(
        prog="clova-ocr-gateway",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve.add_parsers(commands)
    recognize.add_parser(commands)
    health.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `clova-ocr-gateway` console script."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        code = handler(args)
        # Flushed here, not at exit, so a reader that went away (`| head -1`) is seen below.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Nothing more can reach the reader; point stdout at /dev/null so the interpreter's
        # own flush at exit does not report the broken pipe again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        with contextlib.suppress(BrokenPipeError):
            sys.stdout.flush()
        return EXIT_INTERRUPTED
