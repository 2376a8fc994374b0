"""Whatever CLOVA (or a proxy in front of it) sends, conversion returns or raises ConversionError,
and what it returns can be sent to and read by a gRPC client."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clova_ocr_gateway.conversion import (
    REGISTRY,
    ConversionError,
    build_domain_response,
    build_generic_response,
    convert_answer,
)
from clova_ocr_gateway.domains import Domain

from ._support import example_answer

EXAMPLES = {domain: example_answer(domain) for domain in Domain}
PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,  # the machine is shared; a slow example is no failure
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


KNOWN_KEYS = sorted({key for answer in EXAMPLES.values() for key in _keys(answer)})

# Keys CLOVA uses, also padded, re-cased or aliased, plus arbitrary text.
keys = st.one_of(
    st.sampled_from(KNOWN_KEYS),
    st.sampled_from(KNOWN_KEYS).map(lambda k: f" {k}"),
    st.sampled_from(KNOWN_KEYS).map(str.lower),
    st.sampled_from(["price", "address", "idtype", "IDType", "foundValuesSum", "refinedText "]),
    st.text(max_size=12),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**64 - 1),  # what orjson can write
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=16),
    st.sampled_from(["0.93", " 12 ", "1,600", "true", "false", "1e999", "NaN", "", "UNCHECHED"]),
    # Just outside the int32/int64 fields' ranges, and the extremes of doubles.
    st.sampled_from([2**31, -(2**31) - 1, 2**63, 2**64 - 1, -(2**63), 1e308, -5e-324]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=16,
)


Slot = tuple[dict[str, object] | list[object], str | int]


def _slots_by_shape(value: object, shape: str = "") -> dict[str, list[Slot]]:
    """Every (container, key or index) in a JSON tree, grouped by its path without indices, so
    the few int and bool fields are drawn as often as the hundreds of coordinates."""
    found: dict[str, list[Slot]] = {}
    items: list[tuple[str | int, object]] = []
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    for slot, item in items:
        where = f"{shape}[]" if isinstance(slot, int) else f"{shape}.{slot}"
        found.setdefault(where, []).append((value, slot))  # type: ignore[arg-type]
        for inner, slots in _slots_by_shape(item, where).items():
            found.setdefault(inner, []).extend(slots)
    return found


@st.composite
def mutated_answers(draw: st.DrawFn) -> tuple[Domain, object]:
    """A reference example with a handful of random edits anywhere in its tree."""
    domain = draw(st.sampled_from(list(Domain)))
    holder: dict[str, object] = {"answer": copy.deepcopy(EXAMPLES[domain])}
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        by_shape = _slots_by_shape(holder)
        shape = draw(st.sampled_from(sorted(by_shape)))
        container, slot = draw(st.sampled_from(by_shape[shape]))
        current = container[slot]  # type: ignore[index]
        action = draw(
            st.sampled_from(["delete", "replace", "null", "add", "wrap", "unwrap", "rename"])
        )
        if action == "delete" and container is not holder:
            del container[slot]  # type: ignore[arg-type]
        elif action == "replace":
            container[slot] = draw(scalars | json_values)  # type: ignore[index]
        elif action == "null":
            container[slot] = None  # type: ignore[index]
        elif action == "add" and isinstance(current, dict):
            current[draw(keys)] = draw(json_values)
        elif action == "wrap":
            container[slot] = [current]  # type: ignore[index]
        elif action == "unwrap" and isinstance(current, list) and current:
            container[slot] = current[0]  # type: ignore[index]
        elif action == "rename" and isinstance(container, dict):
            container[draw(keys)] = container.pop(slot)  # type: ignore[arg-type]
    return domain, holder.get("answer")


def convert_everything(domain: Domain, body: bytes) -> None:
    """The whole path the gateway takes; only ConversionError may escape."""
    spec = REGISTRY[domain]
    try:
        answer = convert_answer(domain, body)
    except ConversionError:
        return
    if answer.result is not None:
        assert type(answer.result) is spec.result_type
    own = build_domain_response(spec, answer, include_raw=False)
    generic = build_generic_response(spec, answer, include_raw=False)
    for response in (own, generic):
        assert type(response).FromString(response.SerializeToString()) == response
    with_raw = build_generic_response(spec, answer, include_raw=True)
    assert with_raw.raw_response_json == body
    assert type(with_raw).FromString(with_raw.SerializeToString()) == with_raw


@PROPERTY_SETTINGS
@given(mutated_answers(), st.booleans(), st.sampled_from(list(Domain)))
def test_mutated_answers_convert_or_raise_conversion_error(
    mutated: tuple[Domain, object], same_domain: bool, other_domain: Domain
) -> None:
    domain, answer = mutated
    convert_everything(domain if same_domain else other_domain, orjson.dumps(answer))


@PROPERTY_SETTINGS
@given(st.sampled_from(list(Domain)), json_values)
def test_arbitrary_json_converts_or_raises_conversion_error(domain: Domain, value: object) -> None:
    convert_everything(domain, orjson.dumps(value))
    convert_everything(domain, orjson.dumps({"images": [value]}))
    convert_everything(
        domain, orjson.dumps({"images": [{REGISTRY[domain].info.response_key: value}]})
    )


@PROPERTY_SETTINGS
@given(st.sampled_from(list(Domain)), st.binary(max_size=256))
def test_random_bytes_convert_or_raise_conversion_error(domain: Domain, body: bytes) -> None:
    convert_everything(domain, body)


@PROPERTY_SETTINGS
@given(st.sampled_from(list(Domain)), st.data())
def test_truncated_answers_raise_conversion_error(domain: Domain, data: st.DataObject) -> None:
    body = orjson.dumps(EXAMPLES[domain])
    cut = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    convert_everything(domain, body[:cut])
