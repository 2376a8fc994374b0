"""How the command line shows things to a person: a typed result as `path: value` lines, and a
failed call with every detail a caller can act on (ErrorInfo, RetryInfo, QuotaFailure,
BadRequest, CLOVA's own error, the per-image envelope)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

# Geometry is noise on a terminal; --json keeps it.
_GEOMETRY: Final = frozenset(
    {"boundingPoly", "boundingPolys", "subBoundingPolys", "maskingPolys", "rois", "vertices"}
)
# CLOVA wraps most results in one object ("result", the passport's "passportResult"); its
# fields are shown without it, so every domain's lines start with the field's own name.
_WRAPPERS: Final = frozenset({"result", "passportResult"})
_ESCAPES: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def result_lines(result: Mapping[str, Any]) -> Iterator[str]:
    """A domain result (proto JSON, CLOVA's keys) as one `path: value` line per field."""
    for key, value in result.items():
        if key in _WRAPPERS and isinstance(value, dict):
            yield from _lines(value, "")
        elif key == "checksum" and isinstance(value, dict):
            # The medical receipt's checksums: blocks CLOVA left empty or all zero say nothing.
            shown = {name: block for name, block in value.items() if not _all_zero(block)}
            yield from _lines(shown, key)
        else:
            yield from _lines(value, key)


def scalar_text(value: object) -> str:
    """One value on one line: control characters (a passport's two MRZ lines) escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if any(ch in _ESCAPES or unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text):
        text = "".join(_escape(ch) for ch in text)
    return text


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"
    return ch


def _lines(value: object, prefix: str) -> Iterator[str]:
    if isinstance(value, dict):
        if "text" in value and not isinstance(value["text"], dict | list):
            # A CLOVA text object: its text, and the refined value when it differs.
            formatted = value.get("formatted")
            refined = formatted.get("value") if isinstance(formatted, dict) else None
            shown = scalar_text(value["text"])
            if refined is not None and refined != value["text"]:
                shown += f" ({scalar_text(refined)})"
            yield f"{prefix}: {shown}"
            return
        for key, item in value.items():
            if key not in _GEOMETRY:
                yield from _lines(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _lines(item, f"{prefix}[{index}]")
    else:
        yield f"{prefix}: {scalar_text(value)}"


def _all_zero(value: object) -> bool:
    if isinstance(value, dict):
        return all(_all_zero(item) for item in value.values())
    if isinstance(value, list):
        return all(_all_zero(item) for item in value)
    return value in (None, False, 0, 0.0, "")


def error_lines(code: str, message: str, details: Iterable[Any]) -> Iterator[str]:
    """A failed call: `error: CODE: message`, then one indented line per actionable detail.

    `details` are the google.protobuf.Any of the call's google.rpc.Status.
    """
    from google.rpc import error_details_pb2 as rpc

    from clova.ocr.document.v1 import clova_api_pb2, image_pb2

    yield f"error: {code}: {scalar_text(message)}"
    for detail in details:
        info = rpc.ErrorInfo()
        retry = rpc.RetryInfo()
        quota = rpc.QuotaFailure()
        bad = rpc.BadRequest()
        precondition = rpc.PreconditionFailure()
        helps = rpc.Help()
        clova = clova_api_pb2.ClovaError()
        image = image_pb2.ImageInfo()
        if detail.Unpack(info):
            yield f"  reason: {info.reason}" + (f" ({info.domain})" if info.domain else "")
            for key, value in sorted(info.metadata.items()):
                yield f"  metadata.{key}: {scalar_text(value)}"
        elif detail.Unpack(retry):
            yield f"  retry_after: {_seconds(retry.retry_delay.ToNanoseconds())}"
        elif detail.Unpack(quota):
            for quota_violation in quota.violations:
                yield (
                    f"  quota_violation: {quota_violation.subject}: "
                    f"{scalar_text(quota_violation.description)}"
                )
        elif detail.Unpack(bad):
            for field_violation in bad.field_violations:
                yield (
                    f"  field_violation: {field_violation.field}: "
                    f"{scalar_text(field_violation.description)}"
                )
        elif detail.Unpack(precondition):
            for failed in precondition.violations:
                yield (
                    f"  precondition_failure: {failed.type} {failed.subject}: "
                    f"{scalar_text(failed.description)}"
                )
        elif detail.Unpack(helps):
            for link in helps.links:
                yield f"  help: {link.description} {link.url}".rstrip()
        elif detail.Unpack(clova):
            yield f"  clova_error: {clova.code} {scalar_text(clova.message)}".rstrip()
            if clova.path:
                yield f"  clova_error.path: {clova.path}"
            if clova.http_status:
                yield f"  clova_error.http_status: {clova.http_status}"
        elif detail.Unpack(image):
            infer = image_pb2.InferResult.Name(image.infer_result).removeprefix("INFER_RESULT_")
            yield f"  image.infer_result: {infer}"
            if image.message:
                yield f"  image.message: {scalar_text(image.message)}"
            if image.name:
                yield f"  image.name: {scalar_text(image.name)}"
        else:
            yield f"  detail: {detail.type_url}"


def _seconds(nanoseconds: int) -> str:
    return f"{nanoseconds / 1e9:.3f}".rstrip("0").rstrip(".") + "s"
