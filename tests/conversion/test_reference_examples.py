"""Each reference example converts losslessly: its domain object and its rendering as proto JSON
agree value for value, in both directions, once the documented key variants are canonicalized."""

from __future__ import annotations

import pytest
from google.protobuf.json_format import MessageToDict

from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.conversion import REGISTRY, convert_answer
from clova_ocr_gateway.domains import Domain

from ._support import example_answer, example_body

# (key of the enclosing object, or "*" for any) -> {spelling in the example: JSON name rendered}.
EXAMPLE_KEY_ALIASES: dict[str, dict[str, str]] = {
    "items": {"priceInfo": "price"},  # receipt item: the table's spelling renders as "price"
    "storeInfo": {"address": "addresses"},
    "result": {"idtype": "IDType", "idType": "IDType"},
    "passport": {" passportResult": "passportResult"},
    "*": {"refinedText ": "refinedText"},
}

Json = object


def canonical(value: Json, parent: str = "") -> Json:
    """The example with its key variants renamed, nulls and empty lists dropped (≡ absent)."""
    if isinstance(value, dict):
        aliases = {**EXAMPLE_KEY_ALIASES["*"], **EXAMPLE_KEY_ALIASES.get(parent, {})}
        out = {}
        for key, item in value.items():
            if item is None or item == []:
                continue
            name: str = aliases.get(key) or key
            out[name] = canonical(item, parent=name)
        return out
    if isinstance(value, list):
        return [canonical(item, parent) for item in value]
    return value


def differences(expected: Json, actual: Json, path: str = "") -> list[str]:
    """Where the two JSON trees differ; numbers compare numerically (64 == 64.0)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in expected.keys() | actual.keys():
            where = f"{path}.{key}" if path else key
            if key not in actual:
                found.append(f"missing from the rendering: {where}")
            elif key not in expected:
                found.append(f"invented by the conversion: {where}")
            else:
                found += differences(expected[key], actual[key], where)
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} items in the example, {len(actual)} rendered"]
        return [
            d
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for d in differences(e, a, f"{path}[{i}]")
        ]
    if _is_number(expected) and _is_number(actual):
        return [] if expected == actual else [f"{path}: {expected!r} != {actual!r}"]
    if type(expected) is type(actual) and expected == actual:
        return []
    return [f"{path}: {expected!r} != {actual!r}"]


def _is_number(value: Json) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def rendered_and_expected(domain: Domain) -> tuple[Json, Json]:
    spec = REGISTRY[domain]
    answer = convert_answer(domain, example_body(domain))
    assert answer.result is not None
    rendered = MessageToDict(answer.result, preserving_proto_field_name=False)
    images = example_answer(domain)["images"]
    assert isinstance(images, list)
    return rendered, canonical(images[0][spec.info.response_key])


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_every_value_of_the_example_survives_conversion(domain: Domain) -> None:
    rendered, expected = rendered_and_expected(domain)
    missing = [d for d in differences(expected, rendered) if not d.startswith("invented")]
    assert missing == []


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_conversion_invents_nothing_the_example_lacks(domain: Domain) -> None:
    rendered, expected = rendered_and_expected(domain)
    invented = [d for d in differences(expected, rendered) if d.startswith("invented")]
    assert invented == []


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_header_and_image_envelope_match_the_example(domain: Domain) -> None:
    raw = example_answer(domain)
    image = raw["images"][0]  # type: ignore[index]
    answer = convert_answer(domain, example_body(domain))
    assert (answer.header.version, answer.header.request_id, answer.header.timestamp_millis) == (
        raw["version"],
        raw["requestId"],
        raw["timestamp"],
    )
    assert (answer.image.uid, answer.image.name, answer.image.message) == (
        image["uid"],
        image["name"],
        image["message"],
    )
    assert image_pb2.InferResult.Name(answer.image.infer_result) == (
        "INFER_RESULT_" + image["inferResult"]
    )
    assert image_pb2.ValidationResultCode.Name(answer.image.validation_result.result) == (
        "VALIDATION_RESULT_CODE_" + image["validationResult"]["result"]
    )
    assert not answer.image.HasField("converted_image_info")


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_result_has_the_registered_type(domain: Domain) -> None:
    answer = convert_answer(domain, example_body(domain))
    assert type(answer.result) is REGISTRY[domain].result_type


def test_canonicalizing_renames_only_the_documented_variants() -> None:
    example = {
        "items": [{"priceInfo": {"price": {"text": "1"}}}],
        "result": {"idtype": "ID Card"},
        "passport": {" passportResult": {"age": {"refinedText ": 36}}},
        "totalPrice": {"price": {"text": "1"}},
    }
    assert canonical(example) == {
        "items": [{"price": {"price": {"text": "1"}}}],
        "result": {"IDType": "ID Card"},
        "passport": {"passportResult": {"age": {"refinedText": 36}}},
        "totalPrice": {"price": {"text": "1"}},
    }


def test_comparison_reports_missing_invented_and_changed_values() -> None:
    assert sorted(differences({"a": 1, "b": [1, "x"]}, {"a": 1.0, "b": [1, "y"], "c": True})) == [
        "b[1]: 'x' != 'y'",
        "invented by the conversion: c",
    ]
    assert differences({"a": True}, {"a": 1}) == ["a: True != 1"]
    assert differences({"a": {}}, {}) == ["missing from the rendering: a"]
