"""Built-in CLOVA OCR Document API emulator: same paths, bodies and error codes, plus faults.

Client teams run it in CI; the gateway's tests and benchmark start it in-process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clova_ocr_gateway.emulator.config import (
    DEFAULT_PORT,
    EmulatorConfig,
    add_emulator_arguments,
    config_from_args,
    parse_domain,
)
from clova_ocr_gateway.emulator.faults import (
    ERROR_MESSAGES,
    HEADER_NAME,
    FaultPlan,
    FaultSyntaxError,
    parse_directives,
)

# The server (aiohttp) is imported on first use, so `clova-ocr-gateway --help` and the commands
# that only need the emulator's flags do not pay for it.
_APP_NAMES = frozenset(
    {
        "EmulatorStats",
        "LastRequest",
        "RunningEmulator",
        "describe",
        "run_emulator_forever",
        "serve_emulator_forever",
        "start_emulator",
    }
)
if TYPE_CHECKING:
    from clova_ocr_gateway.emulator.app import (
        EmulatorStats,
        LastRequest,
        RunningEmulator,
        describe,
        run_emulator_forever,
        serve_emulator_forever,
        start_emulator,
    )


def __getattr__(name: str) -> Any:
    if name in _APP_NAMES:
        from clova_ocr_gateway.emulator import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_PORT",
    "ERROR_MESSAGES",
    "HEADER_NAME",
    "EmulatorConfig",
    "EmulatorStats",
    "FaultPlan",
    "FaultSyntaxError",
    "LastRequest",
    "RunningEmulator",
    "add_emulator_arguments",
    "config_from_args",
    "describe",
    "parse_directives",
    "parse_domain",
    "run_emulator_forever",
    "serve_emulator_forever",
    "start_emulator",
]
