"""The receipt fields of CLOVA's 2026-07-23 release (`totalPrice.creditCardPrice`,
`subTotal[].subTotalPrice`) are typed, read as tolerantly as their siblings, and render back to
CLOVA's keys."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from google.protobuf.json_format import MessageToDict

from clova.ocr.document.v1 import receipt_pb2
from clova_ocr_gateway.conversion import convert_answer
from clova_ocr_gateway.domains import Domain

from ._support import example_body, variant_body


def receipt_of(body: bytes) -> receipt_pb2.Receipt:
    result = convert_answer(Domain.RECEIPT, body).result
    assert isinstance(result, receipt_pb2.Receipt)
    return result


def with_result_keys(**keys: object) -> bytes:
    """The reference's receipt answer with `keys` set (or replaced) in its result object."""
    answer: Any = orjson.loads(example_body(Domain.RECEIPT))
    answer["images"][0]["receipt"]["result"].update(keys)
    return orjson.dumps(answer)


def test_credit_card_price_and_subtotals_are_typed() -> None:
    result = receipt_of(variant_body("receipt_2026_07_23")).result
    card = result.total_price.credit_card_price
    assert (card.text, card.formatted.value) == ("1,600", "1600")
    assert card.bounding_polys[0].vertices[2].y == 601.0
    assert [s.sub_total_price.formatted.value for s in result.sub_total] == ["1455", "145"]
    assert result.sub_total[1].sub_total_price.text == "145"
    # The sibling field is untouched.
    assert result.total_price.price.formatted.value == "1600"


def test_new_fields_render_back_to_clovas_keys_and_values() -> None:
    body = variant_body("receipt_2026_07_23")
    sent: Any = orjson.loads(body)["images"][0]["receipt"]["result"]
    rendered = MessageToDict(receipt_of(body))["result"]
    assert rendered["totalPrice"]["creditCardPrice"] == sent["totalPrice"]["creditCardPrice"]
    assert rendered["subTotal"] == sent["subTotal"]


def test_answers_before_the_release_render_without_the_new_keys() -> None:
    result = receipt_of(example_body(Domain.RECEIPT))
    assert not result.result.total_price.HasField("credit_card_price")
    assert len(result.result.sub_total) == 0
    rendered = MessageToDict(result)["result"]
    assert "subTotal" not in rendered
    assert "creditCardPrice" not in rendered["totalPrice"]


@pytest.mark.parametrize(
    ("sub_total", "expected"),
    [
        # A lone object where a list is expected becomes a one-item list.
        ({"subTotalPrice": {"text": "900"}}, ["900"]),
        # Items that are not objects are skipped, the others kept.
        ([None, "x", {"subTotalPrice": {"text": "1"}}], ["1"]),
        # Numbers where CLOVA usually sends text are read as CLOVA would write them.
        ([{"subTotalPrice": {"text": 1455, "formatted": {"value": 1455.0}}}], ["1455"]),
        (None, []),
        ([], []),
        ("1,455", []),
    ],
    ids=["lone-object", "junk-items", "numbers", "null", "empty", "scalar"],
)
def test_subtotals_are_read_tolerantly(sub_total: object, expected: list[str]) -> None:
    result = receipt_of(with_result_keys(subTotal=sub_total)).result
    assert [s.sub_total_price.text for s in result.sub_total] == expected


@pytest.mark.parametrize(
    ("credit_card_price", "present", "text"),
    [
        ({"text": "1,600", "unknownKey": 1}, True, "1,600"),
        ({"text": 1600}, True, "1600"),
        ({}, True, ""),  # an object of which nothing fits still makes the field present
        (None, False, ""),
        ("1,600", False, ""),
        ([{"text": "1,600"}], False, ""),
    ],
    ids=["unknown-key", "number", "empty-object", "null", "scalar", "list"],
)
def test_credit_card_price_is_read_tolerantly(
    credit_card_price: object, present: bool, text: str
) -> None:
    answer: Any = orjson.loads(example_body(Domain.RECEIPT))
    answer["images"][0]["receipt"]["result"]["totalPrice"]["creditCardPrice"] = credit_card_price
    total = receipt_of(orjson.dumps(answer)).result.total_price
    assert total.HasField("credit_card_price") is present
    assert total.credit_card_price.text == text
    assert total.price.formatted.value == "1600"  # a bad sibling never costs the good one
