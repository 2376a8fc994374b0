"""The toolkit every converter is built on: lenient scalar coercions and per-message plans compiled
once from descriptors, so a conversion never raises and never reflects on a descriptor per call.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Final, TypeVar, cast

from google.protobuf.descriptor import Descriptor, EnumDescriptor, FieldDescriptor
from google.protobuf.message import Message

MessageT = TypeVar("MessageT", bound=Message)

JsonObject = dict[str, object]
# Sets one field of a message from one JSON value (never None); True when it set something.
Setter = Callable[[Message, object], bool]
# Fills a message from one JSON object; True when it set any field.
Filler = Callable[[Message, JsonObject], bool]
# Per message type: a spelling CLOVA uses -> the field's JSON name (e.g. {"priceInfo": "price"}).
AliasTable = Mapping[type[Message], Mapping[str, str]]
# Per enum full name: a spelling CLOVA uses -> the value's short name (e.g. {"UNCHECHED": ...}).
EnumAliasTable = Mapping[str, Mapping[str, str]]

# Numbers CLOVA sends as text: plain decimal notation only, so "1,600", "nan", "1_000" or
# non-ASCII digits are not silently read as something CLOVA did not mean.
_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_INTEGER: Final = re.compile(r"[+-]?\d+", re.ASCII)
# int() refuses texts of more than 4300 digits; no number CLOVA sends comes near this.
_MAX_NUMBER_TEXT: Final = 64
_BOOL_TEXT: Final = {"true": True, "false": False, "1": True, "0": False}

INT32_RANGE: Final = (-(2**31), 2**31 - 1)
INT64_RANGE: Final = (-(2**63), 2**63 - 1)
UINT32_RANGE: Final = (0, 2**32 - 1)
UINT64_RANGE: Final = (0, 2**64 - 1)
_INT_RANGES: Final = {
    FieldDescriptor.CPPTYPE_INT32: INT32_RANGE,
    FieldDescriptor.CPPTYPE_INT64: INT64_RANGE,
    FieldDescriptor.CPPTYPE_UINT32: UINT32_RANGE,
    FieldDescriptor.CPPTYPE_UINT64: UINT64_RANGE,
}


def as_str(value: object) -> str | None:
    """A string as is, a number as CLOVA would have written it (64.0 -> "64"), else None."""
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    if type(value) is float:
        if value.is_integer():
            return str(int(value))
        return repr(value) if math.isfinite(value) else None
    return None


def as_float(value: object) -> float | None:
    """A finite number, or a string holding one in plain decimal notation, else None."""
    if type(value) is float:
        return value
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:
            return None
    if type(value) is str:
        text = value.strip()
        if len(text) <= _MAX_NUMBER_TEXT and _NUMBER.fullmatch(text):
            number = float(text)
            return number if math.isfinite(number) else None
    return None


def as_int(value: object, bounds: tuple[int, int] = INT64_RANGE) -> int | None:
    """An integral number (or string of one) within bounds, else None; 12.0 and "12" are 12."""
    number: int
    if type(value) is int:
        number = value
    elif type(value) is float:
        if not value.is_integer():  # also false for inf and nan
            return None
        number = int(value)
    elif type(value) is str:
        text = value.strip()
        if len(text) > _MAX_NUMBER_TEXT:
            return None
        if _INTEGER.fullmatch(text):
            number = int(text)
        elif _NUMBER.fullmatch(text):
            real = float(text)
            if not real.is_integer():
                return None
            number = int(real)
        else:
            return None
    else:
        return None
    low, high = bounds
    return number if low <= number <= high else None


def as_bool(value: object) -> bool | None:
    """True/False, 1/0, or the strings "true"/"false"/"1"/"0" (any case), else None."""
    if type(value) is bool:
        return value
    if type(value) is int or type(value) is float:
        if value == 1:
            return True
        if value == 0:
            return False
        return None
    if type(value) is str:
        return _BOOL_TEXT.get(value.strip().lower())
    return None


def enum_short_names(enum: EnumDescriptor) -> dict[str, int]:
    """Value names without the enum's prefix: INFER_RESULT_SUCCESS -> "SUCCESS"."""
    prefix = re.sub(r"(?<!^)(?=[A-Z])", "_", enum.name).upper() + "_"
    return {value.name.removeprefix(prefix): value.number for value in enum.values}


def compile_converter(
    message_type: type[MessageT],
    *,
    aliases: AliasTable | None = None,
    enum_aliases: EnumAliasTable | None = None,
) -> Callable[[object], MessageT]:
    """Compile a converter from a parsed CLOVA JSON object to `message_type`.

    The converter never raises: anything but a JSON object gives an empty message, and inside
    the object every value that does not fit its field is left out. Alias tables are checked
    here, so a typo in one fails at import rather than silently never matching.
    """
    compiler = _Compiler(aliases or {}, enum_aliases or {})
    # upb's descriptor type has the same API; the stubs just name it separately.
    fill = compiler.filler(cast(Descriptor, message_type.DESCRIPTOR))
    compiler.check_all_tables_used(message_type)

    def convert(value: object) -> MessageT:
        message = message_type()
        if type(value) is dict:
            fill(message, value)
        return message

    return convert


# (exact type, proto field name, setter) of one field, keyed by the field's JSON name. A JSON
# value of the exact type is assigned as is; anything else goes through the setter.
_Field = tuple[type | None, str, Setter]


def _exact_type(field: FieldDescriptor) -> type | None:
    if field.is_repeated:
        return None
    if field.cpp_type in (FieldDescriptor.CPPTYPE_DOUBLE, FieldDescriptor.CPPTYPE_FLOAT):
        return float
    if field.type == FieldDescriptor.TYPE_STRING:
        return str
    return None  # ints need a range check, bools and enums a conversion


class _Compiler:
    """Builds one filler per message type reachable from a root, sharing them across fields."""

    def __init__(self, aliases: AliasTable, enum_aliases: EnumAliasTable) -> None:
        self._aliases = {cls.DESCRIPTOR.full_name: dict(table) for cls, table in aliases.items()}
        self._enum_aliases = {name: dict(table) for name, table in enum_aliases.items()}
        self._fillers: dict[str, Filler] = {}
        self._enums_seen: set[str] = set()

    def check_all_tables_used(self, root: type[Message]) -> None:
        for name in (*self._aliases, *self._enum_aliases):
            if name not in self._fillers and name not in self._enums_seen:
                raise ValueError(f"alias table for {name}, which {root.__name__} does not contain")

    def filler(self, descriptor: Descriptor) -> Filler:
        existing = self._fillers.get(descriptor.full_name)
        if existing is not None:
            return existing
        fields: dict[str, _Field] = {}
        variants: dict[str, str] = {}
        fill = _make_filler(fields, variants)
        # Registered before the fields are compiled, so recursive message types terminate.
        self._fillers[descriptor.full_name] = fill
        for field in descriptor.fields:
            fields[field.json_name] = (_exact_type(field), field.name, self._setter(field))
        for alias, canonical in self._aliases.get(descriptor.full_name, {}).items():
            if canonical not in fields:
                raise ValueError(f"{descriptor.full_name} has no field with JSON name {canonical}")
            if alias in fields:
                raise ValueError(f"alias {alias!r} of {descriptor.full_name} shadows a field")
            variants[alias] = canonical
        return fill

    def _setter(self, field: FieldDescriptor) -> Setter:
        name = field.name
        cpp_type = field.cpp_type
        if cpp_type == FieldDescriptor.CPPTYPE_MESSAGE:
            sub = field.message_type
            if sub is None or sub.GetOptions().map_entry:
                raise NotImplementedError(f"map field {field.full_name} is not supported")
            fill = self.filler(sub)
            if field.is_repeated:
                return _repeated_message_setter(name, fill)
            return _message_setter(name, fill)
        coerce = self._coercion(field)
        if field.is_repeated:
            return _repeated_scalar_setter(name, coerce)
        return _scalar_setter(name, coerce)

    def _coercion(self, field: FieldDescriptor) -> Callable[[object], object]:
        cpp_type = field.cpp_type
        if cpp_type == FieldDescriptor.CPPTYPE_STRING:
            if field.type == FieldDescriptor.TYPE_BYTES:
                raise NotImplementedError(f"bytes field {field.full_name} is not supported")
            return as_str
        if cpp_type in (FieldDescriptor.CPPTYPE_DOUBLE, FieldDescriptor.CPPTYPE_FLOAT):
            return as_float
        if cpp_type == FieldDescriptor.CPPTYPE_BOOL:
            return as_bool
        if cpp_type == FieldDescriptor.CPPTYPE_ENUM and field.enum_type is not None:
            return self._enum_coercion(field.enum_type)
        bounds = _INT_RANGES[cpp_type]
        return lambda value: as_int(value, bounds)

    def _enum_coercion(self, enum: EnumDescriptor) -> Callable[[object], object]:
        self._enums_seen.add(enum.full_name)
        numbers = enum_short_names(enum)
        for alias, short_name in self._enum_aliases.get(enum.full_name, {}).items():
            if short_name not in numbers:
                raise ValueError(f"{enum.full_name} has no value {short_name}")
            numbers[alias] = numbers[short_name]

        def coerce(value: object) -> int | None:
            # CLOVA sends enum values as their names; numbers would be our numbering, not theirs.
            if type(value) is str:
                return numbers.get(value.strip().upper())
            return None

        return coerce


def _canonical_key(
    key: str, fields: Mapping[str, _Field], variants: Mapping[str, str]
) -> str | None:
    """The field JSON name a non-exact key stands for: an alias, or a key padded with spaces."""
    canonical = variants.get(key)
    if canonical is not None:
        return canonical
    if type(key) is not str:
        return None
    stripped = key.strip()
    if stripped == key:
        return None
    return stripped if stripped in fields else variants.get(stripped)


def _make_filler(fields: Mapping[str, _Field], variants: Mapping[str, str]) -> Filler:
    lookup = fields.get

    def fill(message: Message, obj: JsonObject) -> bool:
        filled = False
        seen: set[str] | None = None
        for key, value in obj.items():
            if value is None:
                continue
            field = lookup(key)
            if field is None:
                canonical = _canonical_key(key, fields, variants)
                # The exact spelling wins whenever it is present; among variants the first does.
                if canonical is None or canonical in obj:
                    continue
                if seen is None:
                    seen = {canonical}
                elif canonical in seen:
                    continue
                else:
                    seen.add(canonical)
                field = fields[canonical]
            exact_type, name, setter = field
            if type(value) is exact_type:
                # The commonest cases (coordinates, texts) are set here, without a call.
                try:
                    setattr(message, name, value)
                    filled = True
                except ValueError:  # lone surrogates cannot be UTF-8; orjson never yields them
                    pass
            elif setter(message, value):
                filled = True
        return filled

    return fill


def _message_setter(name: str, fill: Filler) -> Setter:
    def set_message(message: Message, value: object) -> bool:
        if type(value) is not dict:
            return False
        sub = getattr(message, name)
        if not fill(sub, value):
            # An object CLOVA sent stays present even when nothing in it fits (e.g. {}).
            sub.SetInParent()
        return True

    return set_message


def _repeated_message_setter(name: str, fill: Filler) -> Setter:
    def set_repeated(message: Message, value: object) -> bool:
        if type(value) is list:
            add = getattr(message, name).add
            added = False
            for item in value:
                if type(item) is dict:
                    fill(add(), item)
                    added = True
            return added
        if type(value) is dict:  # a lone object where CLOVA documents a list
            fill(getattr(message, name).add(), value)
            return True
        return False

    return set_repeated


def _scalar_setter(name: str, coerce: Callable[[object], object]) -> Setter:
    def set_scalar(message: Message, value: object) -> bool:
        coerced = coerce(value)
        if coerced is None:
            return False
        try:
            setattr(message, name, coerced)
        except ValueError:  # lone surrogates cannot be UTF-8; orjson never yields them
            return False
        return True

    return set_scalar


def _repeated_scalar_setter(name: str, coerce: Callable[[object], object]) -> Setter:
    def set_repeated(message: Message, value: object) -> bool:
        items = value if type(value) is list else (value,)
        coerced = [item for item in map(coerce, items) if item is not None]
        if not coerced:
            return False
        try:
            getattr(message, name).extend(coerced)
        except ValueError:  # lone surrogates in a string list; orjson never yields them
            return False
        return True

    return set_repeated
