"""Personal identifiers in CLOVA's answers and how they are masked, described as data.

`MASKS` says how each kind of identifier is masked (like Cloud DLP's CharacterMaskConfig: which
characters stay visible, from which end, the mask character, the characters neither masked nor
counted); `RULES` says where each kind appears, as paths of CLOVA's keys below the domain's result
object, and which values of the object found there hold it. `mask_answer` applies the one table
to every surface of an answer the same way: the typed result (matched by the proto fields' JSON
names, which are CLOVA's keys) and the raw answer (matched on CLOVA's keys however they are
spelled), then replaces every other occurrence of a masked value anywhere in either, so a copy
of a number in a field the rules do not name cannot leak it. Geometry (boundingPolys,
maskingPolys) is left alone.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, cast

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import DOMAINS, Domain

__all__ = [
    "MASKS",
    "RULES",
    "CharacterMask",
    "Identifier",
    "Masking",
    "Rule",
    "find_identifiers",
    "mask_answer",
]


@dataclass(frozen=True, slots=True)
class CharacterMask:
    """How the characters of one value are masked.

    The characters not in `characters_to_ignore` are the significant ones: `keep` of them stay
    visible, counted from the start (or from the end with `from_end`), and every other
    significant character becomes `masking_character`. `min_masked` wins over `keep`: at least
    that many are masked, so a short or partly read value never shows more than its masked
    form would. Ignored characters (separators) stay as they are and count for nothing.
    """

    masking_character: str = "*"
    keep: int = 0
    from_end: bool = False
    min_masked: int = 0
    characters_to_ignore: str = ""

    def __post_init__(self) -> None:
        if len(self.masking_character) != 1:
            raise ValueError("masking_character must be one character")
        if self.masking_character in self.characters_to_ignore:
            raise ValueError("the masking character cannot be ignored")
        if self.keep < 0 or self.min_masked < 0:
            raise ValueError("keep and min_masked must be >= 0")

    def apply(self, value: str) -> str:
        masked_run, _ = _tables(self.characters_to_ignore)
        significant = len(value) - sum(value.count(ch) for ch in self.characters_to_ignore)
        keep = max(0, min(self.keep, significant - self.min_masked))
        mask = self.masking_character
        if keep == 0:
            return masked_run.sub(lambda m: mask * len(m.group(0)), value)
        # The index that splits the `keep` visible significant characters from the others.
        seen = 0
        indices = range(len(value) - 1, -1, -1) if self.from_end else range(len(value))
        for index in indices:
            if value[index] not in self.characters_to_ignore:
                seen += 1
                if seen == keep:
                    break

        def hide(part: str) -> str:
            return masked_run.sub(lambda m: mask * len(m.group(0)), part)

        if self.from_end:
            return hide(value[:index]) + value[index:]
        return value[: index + 1] + hide(value[index + 1 :])

    def bare(self, value: str) -> str:
        """`value` without the ignored characters (separators)."""
        return value.translate(_tables(self.characters_to_ignore)[1])


@functools.lru_cache(maxsize=64)
def _tables(ignore: str) -> tuple[re.Pattern[str], dict[int, None]]:
    """A pattern matching runs of significant characters, and a table deleting the others."""
    pattern = re.compile(f"[^{re.escape(ignore)}]+" if ignore else ".+", re.DOTALL)
    return pattern, dict.fromkeys(map(ord, ignore))


class Identifier(enum.Enum):
    """A kind of personal identifier; the value names it in audit lines."""

    RESIDENT_REGISTRATION_NUMBER = "resident_registration_number"
    ALIEN_REGISTRATION_NUMBER = "alien_registration_number"
    DRIVER_LICENSE_NUMBER = "driver_license_number"
    PASSPORT_NUMBER = "passport_number"
    PASSPORT_PERSONAL_NUMBER = "passport_personal_number"
    MRZ = "mrz"
    CARD_NUMBER = "card_number"


_SEPARATORS: Final = "- "
_REGISTRATION = CharacterMask(keep=7, min_masked=6, characters_to_ignore=_SEPARATORS)

MASKS: Final[dict[Identifier, CharacterMask]] = {
    # 900101-1234567 -> 900101-1******: the birth date and the digit after the hyphen stay.
    Identifier.RESIDENT_REGISTRATION_NUMBER: _REGISTRATION,
    Identifier.ALIEN_REGISTRATION_NUMBER: _REGISTRATION,
    # 11-91-123456-78 -> 11-**-******-**: only the region part stays (two digits, or the
    # region's two-syllable name on older licences: 서울 91-123456-78 -> 서울 **-******-**).
    Identifier.DRIVER_LICENSE_NUMBER: CharacterMask(
        keep=2, min_masked=8, characters_to_ignore=_SEPARATORS
    ),
    Identifier.PASSPORT_NUMBER: CharacterMask(),
    Identifier.PASSPORT_PERSONAL_NUMBER: CharacterMask(),
    # Both lines entirely; the line break between them is layout, not data.
    Identifier.MRZ: CharacterMask(characters_to_ignore="\r\n"),
    # 5307 1234 5674 9012 -> **** **** **** 9012
    Identifier.CARD_NUMBER: CharacterMask(
        keep=4, from_end=True, min_masked=8, characters_to_ignore=_SEPARATORS
    ),
}

# Where, inside the object a rule's path leads to, the values are.
_STRING_OBJECT: Final = (("text",), ("formatted", "value"))
_MRZ_STRING: Final = (("rawText",), ("refinedText",))
_FIELD: Final = (("text",),)


@dataclass(frozen=True, slots=True)
class Rule:
    """Identifiers of kind `identifier` in the objects at `path` (CLOVA's keys below the
    domain's result object; a list on the way means every element), in their `values`."""

    domain: Domain
    path: tuple[str, ...]
    identifier: Identifier
    values: tuple[tuple[str, ...], ...]

    @property
    def name(self) -> str:
        """The field as audit lines name it, e.g. "idCard.result.ic.personalNum"."""
        return ".".join((DOMAINS[self.domain].response_key, *self.path))


_RRN = Identifier.RESIDENT_REGISTRATION_NUMBER
RULES: Final[tuple[Rule, ...]] = (
    Rule(Domain.ID_CARD, ("result", "ic", "personalNum"), _RRN, _STRING_OBJECT),
    Rule(Domain.ID_CARD, ("result", "dl", "num"), Identifier.DRIVER_LICENSE_NUMBER, _STRING_OBJECT),
    Rule(Domain.ID_CARD, ("result", "dl", "personalNum"), _RRN, _STRING_OBJECT),
    Rule(Domain.ID_CARD, ("result", "pp", "num"), Identifier.PASSPORT_NUMBER, _STRING_OBJECT),
    Rule(Domain.ID_CARD, ("result", "pp", "personalNum"), _RRN, _STRING_OBJECT),
    Rule(Domain.ID_CARD, ("result", "pp", "MRZ1"), Identifier.MRZ, _STRING_OBJECT),
    Rule(Domain.ID_CARD, ("result", "pp", "MRZ2"), Identifier.MRZ, _STRING_OBJECT),
    Rule(
        Domain.ID_CARD,
        ("result", "ac", "alienRegNum"),
        Identifier.ALIEN_REGISTRATION_NUMBER,
        _STRING_OBJECT,
    ),
    Rule(
        Domain.ID_CARD,
        ("result", "ac", "alienRegNumEtc"),
        Identifier.ALIEN_REGISTRATION_NUMBER,
        _STRING_OBJECT,
    ),
    Rule(
        Domain.PASSPORT,
        ("passportResult", "documentNumber"),
        Identifier.PASSPORT_NUMBER,
        _MRZ_STRING,
    ),
    Rule(
        Domain.PASSPORT,
        ("passportResult", "personalNumber"),
        Identifier.PASSPORT_PERSONAL_NUMBER,
        _MRZ_STRING,
    ),
    Rule(Domain.PASSPORT, ("passportResult", "mrzLines"), Identifier.MRZ, _MRZ_STRING),
    Rule(Domain.CREDIT_CARD, ("result", "number"), Identifier.CARD_NUMBER, _FIELD),
)
_RULES_BY_DOMAIN: Final = {d: tuple(r for r in RULES if r.domain is d) for d in Domain}

# Masked values shorter than this are not searched for elsewhere: a one-digit personal number
# would otherwise mask every "1" of the answer. Whole identifiers are far longer.
MIN_SCRUB_LENGTH: Final = 6
_NOT_IN_KEY: Final = re.compile(r"[\s_-]+")
# Keys of CLOVA's geometry: thousands of coordinates and never any text, so the search for
# copies of a number skips them.
_GEOMETRY: Final = frozenset(
    {"boundingPoly", "boundingPolys", "subBoundingPolys", "maskingPolys", "rois", "vertices"}
)


@dataclass(slots=True)
class Masking:
    """What masking (or, for a raw caller, finding) did to one answer."""

    fields: set[str]  # rule names of the fields that held an identifier
    replacements: dict[str, str]  # value in clear -> masked value

    @property
    def found(self) -> bool:
        return bool(self.fields)


def mask_answer(domain: Domain, result: Message | None, raw: dict[str, object] | None) -> Masking:
    """Mask the identifiers of `domain` in the typed `result` and the parsed `raw` answer, in
    place; returns which fields held one."""
    masking = Masking(set(), {})
    rules = _RULES_BY_DOMAIN[domain]
    if not rules:
        return masking
    if result is not None:
        for rule in rules:
            for holder in _typed_objects(result, rule.path):
                for value_path in rule.values:
                    _mask_typed(holder, value_path, rule, masking)
    if raw is not None:
        for found in _raw_results(raw, DOMAINS[domain].response_key):
            for rule in rules:
                for obj in _raw_objects(found, rule.path):
                    for value_path in rule.values:
                        _mask_raw(obj, value_path, rule, masking)
    if masking.replacements:
        scrub = _Scrubber(masking.replacements)
        if result is not None:
            scrub.message(result)
        if raw is not None:
            scrub.json(raw)
    return masking


def find_identifiers(
    domain: Domain, result: Message | None, raw: dict[str, object] | None
) -> set[str]:
    """The rule names of the fields holding an identifier, changing nothing (audit of a raw
    caller's read)."""
    fields: set[str] = set()
    rules = _RULES_BY_DOMAIN[domain]
    for rule in rules:
        if result is not None and any(
            _typed_value(holder, path)
            for holder in _typed_objects(result, rule.path)
            for path in rule.values
        ):
            fields.add(rule.name)
        if raw is not None and any(
            _raw_value(holder, path)
            for found in _raw_results(raw, DOMAINS[domain].response_key)
            for holder in _raw_objects(found, rule.path)
            for path in rule.values
        ):
            fields.add(rule.name)
    return fields


# ------------------------------------------------------------------ the typed result


def _field(message: Message, json_name: str) -> FieldDescriptor | None:
    return _FIELDS_BY_JSON_NAME[message.DESCRIPTOR.full_name].get(json_name)


def _typed_objects(message: Message, path: tuple[str, ...]) -> Iterator[Message]:
    """Every message at `path` below `message` (through repeated fields too)."""
    if not path:
        yield message
        return
    field = _field(message, path[0])
    if field is None:
        return
    if field.is_repeated:
        for item in getattr(message, field.name):
            yield from _typed_objects(item, path[1:])
    elif message.HasField(field.name):
        yield from _typed_objects(getattr(message, field.name), path[1:])


def _typed_value(holder: Message, path: tuple[str, ...]) -> str:
    """The string at `path` (the last key a string field), "" when absent."""
    *parents, leaf = path
    for key in parents:
        field = _field(holder, key)
        if field is None or not holder.HasField(field.name):
            return ""
        holder = getattr(holder, field.name)
    field = _field(holder, leaf)
    if field is None:
        return ""
    value = getattr(holder, field.name)
    return value if isinstance(value, str) else ""


def _mask_typed(holder: Message, path: tuple[str, ...], rule: Rule, masking: Masking) -> None:
    *parents, leaf = path
    for key in parents:
        field = _field(holder, key)
        if field is None or not holder.HasField(field.name):
            return
        holder = getattr(holder, field.name)
    field = _field(holder, leaf)
    if field is None:
        return
    value = getattr(holder, field.name)
    if isinstance(value, str) and value:
        setattr(holder, field.name, _masked(value, rule, masking))


# ------------------------------------------------------------------ the raw answer


@functools.lru_cache(maxsize=4096)
def _squash(key: str) -> str:
    # Wider than the converter's matching ("refinedText ", "mrz1", "personal_num" all match):
    # masking too much of a raw answer is harmless, too little is a leak.
    return _NOT_IN_KEY.sub("", key).casefold()


def _matching(obj: dict[str, object], key: str) -> Iterator[tuple[str, object]]:
    for name in _key_index(tuple(obj)).get(_squash(key), ()):
        yield name, obj[name]


@functools.lru_cache(maxsize=4096)
def _key_index(keys: tuple[object, ...]) -> dict[str, tuple[str, ...]]:
    """The keys of an object by their squashed spelling; objects of one shape share it."""
    index: dict[str, tuple[str, ...]] = {}
    for name in keys:
        if isinstance(name, str):
            squashed = _squash(name)
            index[squashed] = (*index.get(squashed, ()), name)
    return index


def _raw_results(raw: dict[str, object], response_key: str) -> Iterator[dict[str, object]]:
    """The domain's result object of every image of the answer."""
    for _, images in _matching(raw, "images"):
        for image in images if isinstance(images, list) else [images]:
            if isinstance(image, dict):
                for _, found in _matching(image, response_key):
                    if isinstance(found, dict):
                        yield found


def _raw_objects(obj: object, path: tuple[str, ...]) -> Iterator[dict[str, object]]:
    if isinstance(obj, list):
        for item in obj:
            yield from _raw_objects(item, path)
        return
    if not isinstance(obj, dict):
        return
    if not path:
        yield obj
        return
    for _, value in _matching(obj, path[0]):
        yield from _raw_objects(value, path[1:])


def _raw_text(value: object) -> str | None:
    """A JSON value as the text the converter would read from it (numbers included)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _raw_value(holder: dict[str, object], path: tuple[str, ...]) -> bool:
    *parents, leaf = path
    objects: list[object] = [holder]
    for key in parents:
        objects = [v for o in objects if isinstance(o, dict) for _, v in _matching(o, key)]
    return any(
        _raw_text(value) for o in objects if isinstance(o, dict) for _, value in _matching(o, leaf)
    )


def _mask_raw(
    holder: dict[str, object], path: tuple[str, ...], rule: Rule, masking: Masking
) -> None:
    *parents, leaf = path
    objects: list[object] = [holder]
    for key in parents:
        objects = [v for o in objects if isinstance(o, dict) for _, v in _matching(o, key)]
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        for name, value in list(_matching(obj, leaf)):
            if isinstance(value, list):
                obj[name] = [
                    _masked(text, rule, masking) if (text := _raw_text(item)) else item
                    for item in value
                ]
                continue
            text = _raw_text(value)
            if text:
                obj[name] = _masked(text, rule, masking)


def _masked(value: str, rule: Rule, masking: Masking) -> str:
    mask = MASKS[rule.identifier]
    masked = mask.apply(value)
    masking.fields.add(rule.name)
    if masked != value:
        masking.replacements[value] = masked
        # The same number written without its separators elsewhere (9001011234567).
        bare = mask.bare(value)
        if bare != value:
            masking.replacements.setdefault(bare, mask.bare(masked))
    return masked


# ------------------------------------------------------------------ every other occurrence


class _Scrubber:
    """Replaces the clear values masking met wherever else they appear as text."""

    def __init__(self, replacements: dict[str, str]) -> None:
        # Longest first, so a value that contains another is replaced whole. A few values per
        # answer: plain `in` and `replace` beat compiling a pattern for every call.
        self._pairs = sorted(
            ((k, v) for k, v in replacements.items() if len(k) >= MIN_SCRUB_LENGTH),
            key=lambda pair: len(pair[0]),
            reverse=True,
        )

    def text(self, value: str) -> str:
        for clear, masked in self._pairs:
            if clear in value:
                value = value.replace(clear, masked)
        return value

    def json(self, root: object) -> None:
        """Replace in every string of a parsed JSON value, in place (iterative: answers are
        mostly numbers of geometry, which cost nothing here)."""
        stack = [root]
        while stack:
            node = stack.pop()
            if type(node) is dict:
                for key, value in node.items():
                    if type(value) is str:
                        node[key] = self.text(value)
                    elif (type(value) is dict or type(value) is list) and key not in _GEOMETRY:
                        stack.append(value)
            elif type(node) is list:
                for index, value in enumerate(node):
                    if type(value) is str:
                        node[index] = self.text(value)
                    elif type(value) is dict or type(value) is list:
                        stack.append(value)

    def message(self, message: Message) -> None:
        for field, value in message.ListFields():
            sub = field.message_type
            if sub is not None and not _HAS_TEXT.get(sub.full_name, True):
                continue  # geometry: thousands of numbers and no text
            if field.type == FieldDescriptor.TYPE_STRING:
                if field.is_repeated:
                    values = getattr(message, field.name)
                    values[:] = [self.text(v) for v in values]
                else:
                    setattr(message, field.name, self.text(value))
            elif field.type == FieldDescriptor.TYPE_MESSAGE:
                if field.is_repeated:
                    for item in value:
                        self.message(item)
                else:
                    self.message(value)


# ------------------------------------------------------------------ checked at import


def _json_names(descriptor: Descriptor, into: dict[str, dict[str, FieldDescriptor]]) -> None:
    if descriptor.full_name in into:
        return
    into[descriptor.full_name] = {f.json_name: f for f in descriptor.fields}
    for f in descriptor.fields:
        if f.message_type is not None:
            _json_names(f.message_type, into)


_FIELDS_BY_JSON_NAME: Final[dict[str, dict[str, FieldDescriptor]]] = {}
for _spec in REGISTRY.values():
    # upb's descriptor type has the same API; the stubs just name it separately.
    _json_names(cast(Descriptor, _spec.result_type.DESCRIPTOR), _FIELDS_BY_JSON_NAME)


def _has_text(full_name: str, seen: frozenset[str] = frozenset()) -> bool:
    """Whether messages of this type can hold a string anywhere below them."""
    for field in _FIELDS_BY_JSON_NAME[full_name].values():
        if field.type == FieldDescriptor.TYPE_STRING:
            return True
        sub = field.message_type
        if (
            sub is not None
            and sub.full_name not in seen
            and _has_text(sub.full_name, seen | {full_name})
        ):
            return True
    return False


_HAS_TEXT: Final[dict[str, bool]] = {name: _has_text(name) for name in _FIELDS_BY_JSON_NAME}


def _check_rules() -> None:
    """Every rule's path resolves to string fields of its domain's proto type, so a typo in
    the table fails at import instead of silently masking nothing."""
    for rule in RULES:
        descriptor = cast(Descriptor, REGISTRY[rule.domain].result_type.DESCRIPTOR)
        for key in rule.path:
            field = _FIELDS_BY_JSON_NAME[descriptor.full_name].get(key)
            if field is None or field.message_type is None:
                raise ValueError(f"pii rule {rule.name}: {key} is not a message field")
            descriptor = field.message_type
        for value_path in rule.values:
            holder = descriptor
            leaf: FieldDescriptor | None = None
            for key in value_path:
                leaf = _FIELDS_BY_JSON_NAME[holder.full_name].get(key)
                if leaf is None:
                    raise ValueError(f"pii rule {rule.name}: no field {'.'.join(value_path)}")
                if leaf.message_type is not None:
                    holder = leaf.message_type
            if leaf is None or leaf.type != FieldDescriptor.TYPE_STRING:
                raise ValueError(f"pii rule {rule.name}: {'.'.join(value_path)} is not a string")


_check_rules()
