"""Responses carry the converted answer, and CLOVA's raw answer only when asked for."""

from __future__ import annotations

import pytest
from google.protobuf import struct_pb2
from google.protobuf.json_format import MessageToDict, ParseDict

from clova.ocr.document.v1 import document_ocr_service_pb2 as svc
from clova_ocr_gateway.conversion import (
    MAX_RAW_DEPTH,
    REGISTRY,
    ConversionError,
    build_domain_response,
    build_generic_response,
    convert_answer,
    to_struct,
)
from clova_ocr_gateway.domains import Domain

from ._support import example_answer, example_body, variant_body


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_domain_response_carries_header_image_and_result(domain: Domain) -> None:
    spec = REGISTRY[domain]
    answer = convert_answer(domain, example_body(domain))
    response = build_domain_response(spec, answer, include_raw=False)
    assert type(response) is spec.response_type
    assert getattr(response, "header") == answer.header  # noqa: B009
    assert getattr(response, "image") == answer.image  # noqa: B009
    assert getattr(response, spec.result_field) == answer.result
    assert not response.HasField("raw_response")
    assert getattr(response, "raw_response_json") == b""  # noqa: B009


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_generic_response_names_the_document_type_and_sets_the_oneof(domain: Domain) -> None:
    spec = REGISTRY[domain]
    answer = convert_answer(domain, example_body(domain))
    response = build_generic_response(spec, answer, include_raw=False)
    assert response.document_type == spec.document_type
    assert response.WhichOneof("result") == spec.result_field
    assert getattr(response, spec.result_field) == answer.result
    assert (response.header, response.image) == (answer.header, answer.image)
    assert not response.HasField("raw_response")
    assert response.raw_response_json == b""


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_raw_response_is_the_whole_answer_when_asked_for(domain: Domain) -> None:
    spec = REGISTRY[domain]
    answer = convert_answer(domain, example_body(domain))
    expected = ParseDict(example_answer(domain), struct_pb2.Struct())
    assert build_domain_response(spec, answer, include_raw=True).raw_response == expected  # type: ignore[attr-defined]
    assert build_generic_response(spec, answer, include_raw=True).raw_response == expected


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_raw_response_json_is_the_body_byte_for_byte_when_asked_for(domain: Domain) -> None:
    spec = REGISTRY[domain]
    body = example_body(domain)
    answer = convert_answer(domain, body)
    own = build_domain_response(spec, answer, include_raw=True)
    generic = build_generic_response(spec, answer, include_raw=True)
    assert own.raw_response_json == body  # type: ignore[attr-defined]
    assert generic.raw_response_json == body


def test_answer_without_result_leaves_the_result_unset() -> None:
    spec = REGISTRY[Domain.CREDIT_CARD]
    answer = convert_answer(Domain.CREDIT_CARD, variant_body("failure_without_result"))
    assert not build_domain_response(spec, answer, False).HasField("credit_card")
    generic = build_generic_response(spec, answer, False)
    assert generic.WhichOneof("result") is None
    assert generic.document_type == svc.DOCUMENT_TYPE_CREDIT_CARD


def test_raw_keeps_what_the_typed_result_drops() -> None:
    answer = convert_answer(Domain.RECEIPT, variant_body("receipt_loose_types"))
    raw = MessageToDict(to_struct(answer.raw))
    assert raw["images"][0]["receipt"]["result"]["storeInfo"]["openingHours"] == {"mon": "9-18"}


def test_to_struct_keeps_empty_objects_lists_and_nulls() -> None:
    raw: dict[str, object] = {"a": {}, "b": [], "c": None, "d": [{}, [], None, True, 1, "x"]}
    assert MessageToDict(to_struct(raw)) == raw


def nested(depth: int, make_list: bool = False) -> dict[str, object]:
    """An answer whose innermost container is `depth` containers deep (the root counts)."""
    if make_list:
        inner: object = {}
        for _ in range(depth - 2):
            inner = [inner]
        return {"a": inner}
    root: dict[str, object] = {}
    for _ in range(depth - 1):
        root = {"a": root}
    return root


@pytest.mark.parametrize("make_list", [False, True], ids=["objects", "lists"])
def test_raw_as_deep_as_allowed_round_trips_through_the_wire(make_list: bool) -> None:
    raw = nested(MAX_RAW_DEPTH, make_list)
    response = svc.RecognizeResponse(raw_response=to_struct(raw))
    parsed = svc.RecognizeResponse.FromString(response.SerializeToString())
    assert MessageToDict(parsed.raw_response) == raw


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        (nested(MAX_RAW_DEPTH + 1), ".".join(["a"] * MAX_RAW_DEPTH)),
        (nested(MAX_RAW_DEPTH + 1, make_list=True), "a" + "[0]" * (MAX_RAW_DEPTH - 1)),
    ],
    ids=["objects", "lists"],
)
def test_raw_deeper_than_allowed_raises_conversion_error_with_path(
    raw: dict[str, object], path: str
) -> None:
    with pytest.raises(ConversionError, match="nested more than") as caught:
        to_struct(raw)
    assert caught.value.path == path


def test_raw_too_deep_for_a_struct_leaves_raw_response_unset_but_keeps_the_exact_bytes() -> None:
    body = b'{"images": [{}], "x": ' + b"[" * 40 + b"]" * 40 + b"}"
    spec = REGISTRY[Domain.RECEIPT]
    answer = convert_answer(Domain.RECEIPT, body)
    for response in (
        build_domain_response(spec, answer, include_raw=True),
        build_generic_response(spec, answer, include_raw=True),
    ):
        assert not response.HasField("raw_response")
        assert getattr(response, "raw_response_json") == body  # noqa: B009
        assert type(response).FromString(response.SerializeToString()) == response


def test_raw_response_json_keeps_integers_a_struct_rounds() -> None:
    big = 2**53 + 1  # the first integer a double cannot hold
    body = b'{"images": [{"inferResult": "SUCCESS"}], "id": %d, "amount": 1.10}' % big
    answer = convert_answer(Domain.RECEIPT, body)
    response = build_generic_response(REGISTRY[Domain.RECEIPT], answer, include_raw=True)
    assert response.raw_response_json == body
    assert int(response.raw_response.fields["id"].number_value) != big  # what the Struct loses


@pytest.mark.parametrize("where", ["unknown key", "typed number"])
def test_integers_past_64_bits_are_accepted_and_keep_their_exact_bytes(where: str) -> None:
    huge = 2**70  # orjson reads it as a float; the exact bytes stay in raw_response_json
    fields = (
        b'"id": %d' % huge
        if where == "unknown key"
        else b'"totalPrice": {"price": {"text": "x", "formatted": {"value": %d}}}' % huge
    )
    body = b'{"images": [{"inferResult": "SUCCESS", "receipt": {"result": {%s}}}]}' % fields
    answer = convert_answer(Domain.RECEIPT, body)
    response = build_generic_response(REGISTRY[Domain.RECEIPT], answer, include_raw=True)
    assert response.raw_response_json == body
    if where == "typed number":
        # A number where CLOVA documents a string: read tolerantly, as its text.
        assert response.receipt.result.total_price.price.formatted.value == str(huge)


@pytest.mark.parametrize("body", [b"NaN", b'{"images": [Infinity]}', b"not json"])
def test_what_json_does_not_allow_is_still_refused(body: bytes) -> None:
    with pytest.raises(ConversionError, match="not JSON"):
        convert_answer(Domain.RECEIPT, body)


def test_to_struct_rejects_values_that_are_not_json() -> None:
    with pytest.raises(ConversionError, match="bytes is not a JSON value") as caught:
        to_struct({"images": [{"data": b"\x00"}]})
    assert caught.value.path == "images[0].data"
