"""CLOVA error codes and the emulator's fault-injection directive language.

Directives are comma-separated `key` or `key=value` items (see docs/emulator.md); they come from
the emulator's defaults, the `X-Emulator-Fault` header or an image name containing
`emulator-fault=<directives>`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any, Final

# Vendor reference, "Error code" table.
ERROR_MESSAGES: Final[dict[str, str]] = {
    "0001": "URL is invalid.",
    "0002": "Secret key validate failed.",
    "0011": "Request body invalid.",
    "0021": "Protocol version not support.",
    "0022": "Request domain invalid.",
    "0023": "API request count reach the upper limit.",
    "0025": "Calls to this api have exceeded the rate limit.",
    "0500": "Unknown service error.",
    "0501": "OCR Service error.",
}

# HTTP status the real API pairs with each code (400 parameters, 401 secret, 500 server).
ERROR_STATUS: Final[dict[str, int]] = {
    "0001": 404,
    "0002": 401,
    "0011": 400,
    "0021": 400,
    "0022": 404,
    "0023": 400,
    "0025": 400,
    "0500": 500,
    "0501": 500,
}

INFER_MESSAGES: Final[dict[str, str]] = {
    "FAILURE": "Image recognition failed.",
    "ERROR": "Image recognition exception.",
}

HEADER_NAME: Final = "X-Emulator-Fault"
NAME_MARKER: Final = "emulator-fault="

# A CLOVA error code: four digits.
CODE_RE: Final = re.compile(r"\d{4}")
# A directive list embedded in an image name ends at whitespace, ';' or '&' so that names like
# "scan emulator-fault=code=0500 page1.png" still carry a readable remainder.
_NAME_DIRECTIVES_RE = re.compile(re.escape(NAME_MARKER) + r"([^\s;&]*)")


class FaultSyntaxError(ValueError):
    """A directive string that the emulator cannot understand."""


def code_for_status(status: int) -> str:
    """The CLOVA code that best explains an HTTP status forced without an explicit code."""
    if status == 401:
        return "0002"
    if status == 404:
        return "0001"
    if status == 429:
        return "0025"
    if status >= 500:
        return "0500"
    return "0011"


@dataclass(frozen=True, slots=True)
class FaultPlan:
    """What to do to one call; None / False fields mean 'not requested'."""

    latency_ms: float | None = None
    jitter_ms: float | None = None
    code: str | None = None
    status: int | None = None
    message: str | None = None
    http502html: bool = False
    reset: bool = False
    malformed: bool = False
    empty: bool = False
    slow_body_ms: float | None = None
    infer: str | None = None

    def overridden_by(self, other: FaultPlan) -> FaultPlan:
        """This plan with every field `other` requested taken from `other`."""
        changes = {
            f.name: getattr(other, f.name)
            for f in dataclasses.fields(other)
            # Not `not in (None, False)`: 0 == False, and latency_ms=0 must override too.
            if getattr(other, f.name) is not None and getattr(other, f.name) is not False
        }
        return dataclasses.replace(self, **changes) if changes else self

    @property
    def error(self) -> tuple[int, str] | None:
        """The (HTTP status, CLOVA code) of a forced error answer, if one was requested."""
        if self.code is None and self.status is None:
            return None
        code = self.code if self.code is not None else code_for_status(self.status or 500)
        status = self.status if self.status is not None else ERROR_STATUS.get(code, 400)
        return status, code


NO_FAULT: Final = FaultPlan()


def _number(key: str, value: str | None) -> float:
    if value is None:
        raise FaultSyntaxError(f"{key} needs a value, e.g. {key}=100")
    try:
        number = float(value)
    except ValueError:
        raise FaultSyntaxError(f"{key}={value!r}: not a number") from None
    if not 0 <= number <= 600_000:
        raise FaultSyntaxError(f"{key}={value!r}: must be between 0 and 600000 ms")
    return number


def parse_directives(text: str) -> FaultPlan:
    """Parse `code=0025,latency_ms=300`-style directives; raise FaultSyntaxError if invalid."""
    fields: dict[str, Any] = {}  # each value is checked against its key below
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        key, sep, value_text = item.partition("=")
        key = key.strip().lower().replace("-", "_")
        value = value_text.strip() if sep else None
        if key in ("latency_ms", "jitter_ms", "slow_body_ms"):
            fields[key] = _number(key, value)
        elif key == "code":
            if value is None or not CODE_RE.fullmatch(value):
                raise FaultSyntaxError(f"code={value!r}: expected four digits, e.g. code=0500")
            fields["code"] = value
        elif key == "status":
            if value is None or not value.isdigit() or not 400 <= int(value) <= 599:
                raise FaultSyntaxError(f"status={value!r}: expected an HTTP status 400-599")
            fields["status"] = int(value)
        elif key == "message":
            if not value:
                raise FaultSyntaxError("message needs a value")
            fields["message"] = value
        elif key == "infer":
            infer = (value or "").upper()
            if infer not in INFER_MESSAGES:
                raise FaultSyntaxError(f"infer={value!r}: expected FAILURE or ERROR")
            fields["infer"] = infer
        elif key in ("http502html", "reset", "malformed", "empty"):
            if value is not None:
                raise FaultSyntaxError(f"{key} takes no value")
            fields[key] = True
        else:
            raise FaultSyntaxError(f"unknown fault directive {key!r}")
    return dataclasses.replace(NO_FAULT, **fields)


_CONTENT_MARKER: Final = NAME_MARKER.encode()
_CONTENT_DIRECTIVES_RE = re.compile(re.escape(_CONTENT_MARKER) + rb"([^\s;&()<>\x00]*)")


def directives_in_content(content: bytes) -> str | None:
    """The directive text embedded in the image's bytes after `emulator-fault=` (e.g. in a PDF
    page's text or a TIFF page's ImageDescription), so a fault can travel with one page of a
    multi-page document; it ends at whitespace, `;`, `&`, a parenthesis or NUL."""
    at = content.find(_CONTENT_MARKER)
    if at < 0:
        return None
    match = _CONTENT_DIRECTIVES_RE.match(content, at)
    return match.group(1).decode("latin-1") if match else None


def directives_in_name(name: str) -> str | None:
    """The directive text embedded in an image name after `emulator-fault=`, if any."""
    if NAME_MARKER not in name:
        return None
    match = _NAME_DIRECTIVES_RE.search(name)
    return match.group(1) if match else None
