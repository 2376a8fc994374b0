"""Built-in CLOVA OCR Document API emulator: same paths, bodies and error codes, plus faults.

Client teams run it in CI; the gateway's tests and benchmark start it in-process.
"""

from __future__ import annotations

from clova_ocr_gateway.emulator.app import (
    EmulatorStats,
    LastRequest,
    RunningEmulator,
    describe,
    run_emulator_forever,
    serve_emulator_forever,
    start_emulator,
)
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
