"""Converts CLOVA's whole HTTP 200 answer (header, image envelope, domain result) and builds the
gateway's responses from it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Protocol, cast

import orjson
from google.protobuf import struct_pb2
from google.protobuf.message import Message

from clova.ocr.document.v1 import document_ocr_service_pb2, image_pb2

from ..domains import Domain
from ._tolerant import JsonObject, compile_converter
from .errors import ConversionError
from .registry import REGISTRY, DomainSpec

# A Struct costs three message levels per JSON object and protobuf parsers stop at 100 levels,
# so a deeper raw answer could be built here but not read by any client: raw_response is then
# left unset (raw_response_json still carries it).
MAX_RAW_DEPTH: Final = 32

_convert_header = compile_converter(
    image_pb2.ResponseHeader,
    aliases={image_pb2.ResponseHeader: {"timestamp": "timestampMillis"}},
)
_convert_image_info = compile_converter(
    image_pb2.ImageInfo,
    # The reference lists "UNCHECHED" among the failure codes next to "UNCHECKED".
    enum_aliases={image_pb2.ValidationResultCode.DESCRIPTOR.full_name: {"UNCHECHED": "UNCHECKED"}},
)
_NOT_IN_KEY: Final = re.compile(r"[\s_-]+")


@dataclass(frozen=True, slots=True)
class ConvertedAnswer:
    """CLOVA's answer as typed messages, plus the body as sent and parsed, for callers who want
    it raw."""

    header: image_pb2.ResponseHeader
    image: image_pb2.ImageInfo
    result: Message | None  # the domain's result type; None when CLOVA sent no result object
    raw: dict[str, object]
    body: bytes  # the HTTP body exactly as CLOVA sent it (raw_response_json)


def convert_answer(domain: Domain, body: bytes) -> ConvertedAnswer:
    """Parse and convert CLOVA's answer for `domain`; raises ConversionError only for an answer
    without a usable envelope, never for anything inside the domain's result object."""
    spec = REGISTRY[domain]
    try:
        raw = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ConversionError(f"CLOVA's answer is not JSON: {exc}", path="") from exc
    if type(raw) is not dict:
        raise ConversionError(f"CLOVA's answer is {_json_kind(raw)}, not an object", path="")
    images = _get(raw, "images")
    if images is None:
        raise ConversionError("CLOVA's answer has no images", path="images")
    if type(images) is not list:
        raise ConversionError(f"images is {_json_kind(images)}, not a list", path="images")
    if not images:
        raise ConversionError("images is empty", path="images")
    first = images[0]
    if type(first) is not dict:
        raise ConversionError(f"images[0] is {_json_kind(first)}, not an object", path="images[0]")
    found = _find_result(first, spec.info.response_key)
    return ConvertedAnswer(
        header=_convert_header(raw),
        image=_convert_image_info(first),
        result=spec.convert(found) if type(found) is dict else None,
        raw=raw,
        body=body,
    )


def build_domain_response(spec: DomainSpec, answer: ConvertedAnswer, include_raw: bool) -> Message:
    """The Recognize<X>Response of `spec`; never raises.

    With `include_raw`, `raw_response_json` gets CLOVA's body byte for byte and `raw_response`
    the same answer as a Struct, unless it nests deeper than MAX_RAW_DEPTH (then it stays unset:
    a call must not fail over the lossy copy when the exact one is there).
    """
    response = spec.response_type()
    _fill_response(response, spec, answer, include_raw)
    return response


def build_generic_response(
    spec: DomainSpec, answer: ConvertedAnswer, include_raw: bool
) -> document_ocr_service_pb2.RecognizeResponse:
    """The RecognizeResponse for `spec`'s document type; fills raw like build_domain_response."""
    response = document_ocr_service_pb2.RecognizeResponse(
        document_type=cast(document_ocr_service_pb2.DocumentType, spec.document_type)
    )
    _fill_response(response, spec, answer, include_raw)
    return response


def to_struct(raw: dict[str, object]) -> struct_pb2.Struct:
    """CLOVA's parsed answer as a Struct (numbers become doubles, as Struct only has those).

    Costly, so only built on request; raises ConversionError for nesting deeper than
    MAX_RAW_DEPTH or a value that is not JSON.
    """
    struct = struct_pb2.Struct()
    _fill_struct_checked(struct, raw)
    return struct


class _Response(Protocol):
    """What every Recognize*Response has besides its result field."""

    @property
    def header(self) -> image_pb2.ResponseHeader: ...
    @property
    def image(self) -> image_pb2.ImageInfo: ...
    @property
    def raw_response(self) -> struct_pb2.Struct: ...

    raw_response_json: bytes


def _fill_response(
    response: Message, spec: DomainSpec, answer: ConvertedAnswer, include_raw: bool
) -> None:
    # The registry checked at import that every response type has these fields.
    typed = cast(_Response, response)
    typed.header.CopyFrom(answer.header)
    typed.image.CopyFrom(answer.image)
    if answer.result is not None:
        getattr(response, spec.result_field).CopyFrom(answer.result)
    if include_raw:
        typed.raw_response_json = answer.body
        try:
            _fill_struct_checked(typed.raw_response, answer.raw)
        except ConversionError:
            # Too deep for a Struct any client could parse; raw_response_json has it all.
            response.ClearField("raw_response")


def _get(obj: JsonObject, key: str) -> object:
    """obj[key], also under a spelling padded with whitespace; None when absent."""
    value = obj.get(key)
    if value is None:
        for other, candidate in obj.items():
            if candidate is not None and type(other) is str and other.strip() == key:
                return candidate
    return value


def _find_result(image: JsonObject, response_key: str) -> object:
    """The domain result under its key, also spelled "idcard", "medical receipt", " receipt"..."""
    value = image.get(response_key)
    if value is None:
        wanted = _squash(response_key)
        for key, candidate in image.items():
            if candidate is not None and type(key) is str and _squash(key) == wanted:
                return candidate
    return value


def _squash(key: str) -> str:
    return _NOT_IN_KEY.sub("", key).casefold()


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if type(value) is bool:
        return "a boolean"
    if type(value) is int or type(value) is float:
        return "a number"
    if type(value) is str:
        return "a string"
    if type(value) is list:
        return "a list"
    if type(value) is dict:
        return "an object"
    return f"a {type(value).__name__}"


class _BadRaw(Exception):
    """Unwinds _fill_struct, collecting the path on the way up; only built on failure."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str | int] = []


def _fill_struct_checked(struct: struct_pb2.Struct, raw: dict[str, object]) -> None:
    try:
        _fill_struct(struct, raw, 1)
    except _BadRaw as exc:
        raise ConversionError(exc.reason, path=_format_path(reversed(exc.path))) from None


def _fill_struct(struct: struct_pb2.Struct, obj: dict[str, object], depth: int) -> None:
    fields = struct.fields
    for key, value in obj.items():
        try:
            _set_value(fields[key], value, depth)
        except _BadRaw as exc:
            exc.path.append(key)
            raise


def _fill_list(target: struct_pb2.ListValue, items: list[object], depth: int) -> None:
    add = target.values.add
    for index, item in enumerate(items):
        try:
            _set_value(add(), item, depth)
        except _BadRaw as exc:
            exc.path.append(index)
            raise


def _set_value(target: struct_pb2.Value, value: object, depth: int) -> None:
    """Set a value found in a container `depth` levels deep (the answer itself is level 1)."""
    if type(value) is str:
        target.string_value = value
    elif type(value) is float or type(value) is int:
        target.number_value = value
    elif type(value) is bool:
        target.bool_value = value
    elif value is None:
        target.null_value = struct_pb2.NULL_VALUE
    elif depth >= MAX_RAW_DEPTH and (type(value) is dict or type(value) is list):
        raise _BadRaw(f"the raw answer is nested more than {MAX_RAW_DEPTH} levels deep")
    elif type(value) is dict:
        if value:
            _fill_struct(target.struct_value, value, depth + 1)
        else:
            target.struct_value.SetInParent()
    elif type(value) is list:
        if value:
            _fill_list(target.list_value, value, depth + 1)
        else:
            target.list_value.SetInParent()
    else:
        raise _BadRaw(f"{type(value).__name__} is not a JSON value")


def _format_path(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if type(part) is int else (f".{part}" if text else str(part))
    return text
