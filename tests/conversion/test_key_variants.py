"""The key spellings the reference itself uses besides the canonical ones are all read."""

from __future__ import annotations

import orjson
import pytest
from google.protobuf.json_format import MessageToDict

from clova.ocr.document.v1 import (
    id_card_pb2,
    image_pb2,
    medical_receipt_pb2,
    passport_pb2,
    receipt_pb2,
)
from clova_ocr_gateway.conversion import REGISTRY, convert_answer
from clova_ocr_gateway.domains import Domain

from ._support import variant_body


def test_receipt_table_spelling_price_info_and_address_is_read() -> None:
    result = convert_answer(Domain.RECEIPT, variant_body("receipt_table_spelling")).result
    assert isinstance(result, receipt_pb2.Receipt)
    item = result.result.sub_results[0].items[0]
    assert item.price_info.price.formatted.value == "1600"
    assert item.price_info.unit_price.text == "800"
    assert [a.text for a in result.result.store_info.addresses] == [
        "경기 성남시분당구 정자일로 120"
    ]


def test_id_card_table_spelling_idtype_is_read() -> None:
    result = convert_answer(Domain.ID_CARD, variant_body("id_card_table_spelling")).result
    assert isinstance(result, id_card_pb2.IdCard)
    assert result.result.id_type == "Driver's License"
    assert result.result.dl.num[0].formatted.value == "11-12-123456-78"
    assert result.result.dl.name[0].masking_polys[0].vertices[0].x == 100.0
    assert result.result.rois[0].vertices[1].x == 410.0
    assert MessageToDict(result)["result"]["IDType"] == "Driver's License"


def test_passport_keys_with_stray_spaces_are_read() -> None:
    result = convert_answer(Domain.PASSPORT, variant_body("passport_reference_spelling")).result
    assert isinstance(result, passport_pb2.Passport)
    mrz = result.passport_result
    assert mrz.first_name.refined_text == "HONG"
    assert mrz.age.refined_text == 36
    assert mrz.age.HasField("raw_text") and mrz.age.raw_text == ""
    assert list(mrz.age.postprocessed) == [0]
    assert mrz.is_expired.HasField("refined_text") and mrz.is_expired.refined_text is False


def test_medical_receipt_before_v1_0_2_found_values_sum_is_read() -> None:
    body = variant_body("medical_receipt_v1_0_1")
    result = convert_answer(Domain.MEDICAL_RECEIPT, body).result
    assert isinstance(result, medical_receipt_pb2.MedicalReceipt)
    total_paid = result.checksum.total_paid
    assert total_paid.found_value_sum == 102130
    assert list(total_paid.found_value_ids) == [12, 13]
    assert total_paid.HasField("difference") and total_paid.difference == 0


def test_unchecked_typo_and_converted_image_info_fill_the_envelope() -> None:
    image = convert_answer(Domain.CREDIT_CARD, variant_body("pdf_unchecked_typo")).image
    assert image.validation_result.result == image_pb2.VALIDATION_RESULT_CODE_UNCHECKED
    assert image.validation_result.message == "validation not confirmed"
    info = image.converted_image_info
    assert (info.width, info.height, info.page_index) == (1240, 1754, 0)
    assert info.HasField("page_index")


def test_failure_answer_without_result_object_has_no_result() -> None:
    answer = convert_answer(Domain.CREDIT_CARD, variant_body("failure_without_result"))
    assert answer.result is None
    assert answer.image.infer_result == image_pb2.INFER_RESULT_FAILURE
    assert answer.image.message == "Not a credit card."


# (domain, key of the result object, spellings that must all reach the field)
RESULT_KEY_SPELLINGS = [
    (Domain.ID_CARD, "idCard", ["idCard", "idcard", " idCard", "id_card"]),
    (Domain.MEDICAL_RECEIPT, "medicalReceipt", ["medical receipt", "medicalreceipt"]),
    (Domain.RECEIPT, "receipt", ["receipt ", "Receipt"]),
]


@pytest.mark.parametrize(
    ("domain", "spelling"),
    [(d, s) for d, _, spellings in RESULT_KEY_SPELLINGS for s in spellings],
)
def test_result_object_key_is_found_in_any_spelling(domain: Domain, spelling: str) -> None:
    body = orjson.dumps({"images": [{spelling: {"meta": {"estimatedLanguage": "ko"}}}]})
    result = convert_answer(domain, body).result
    assert result is not None
    assert result.meta.estimated_language == "ko"  # type: ignore[attr-defined]


# (domain object, what must be rendered): alias and whitespace variants of field keys.
FIELD_KEY_CASES = [
    pytest.param(
        Domain.ID_CARD,
        {"result": {"idType": "Passport"}},
        {"result": {"IDType": "Passport"}},
        id="idType",
    ),
    pytest.param(
        Domain.ID_CARD,
        {"result": {" idtype ": "unknown"}},
        {"result": {"IDType": "unknown"}},
        id="padded-idtype",
    ),
    pytest.param(
        Domain.ID_CARD,
        {"result": {"idtype": "unknown", "IDType": "ID Card"}},
        {"result": {"IDType": "ID Card"}},
        id="exact-spelling-wins-over-alias",
    ),
    pytest.param(
        Domain.ID_CARD,
        {"result": {"idtype": "first", "idType": "second"}},
        {"result": {"IDType": "first"}},
        id="first-variant-wins",
    ),
    pytest.param(
        Domain.RECEIPT,
        {"result": {"subResults": [{"items": [{"priceInfo": {"price": {"text": "1"}}}]}]}},
        {"result": {"subResults": [{"items": [{"price": {"price": {"text": "1"}}}]}]}},
        id="priceInfo-alias-only-on-items",
    ),
    pytest.param(
        Domain.RECEIPT,
        {"result": {"totalPrice ": {" price": {"text ": "9"}}}},
        {"result": {"totalPrice": {"price": {"text": "9"}}}},
        id="padded-keys-everywhere",
    ),
    pytest.param(
        Domain.PASSPORT,
        {" passportResult": {"age": {"refinedText": 1}}, "passportResult": {"age": {}}},
        {"passportResult": {"age": {}}},
        id="exact-passportResult-wins",
    ),
    pytest.param(
        Domain.MEDICAL_RECEIPT,
        {"checksum": {"totalPaid": {"foundValuesSum": 1, "foundValueSum": 2}}},
        {"checksum": {"totalPaid": {"foundValueSum": 2.0}}},
        id="current-foundValueSum-wins",
    ),
]


@pytest.mark.parametrize(("domain", "obj", "rendered"), FIELD_KEY_CASES)
def test_field_key_variants(domain: Domain, obj: object, rendered: object) -> None:
    assert MessageToDict(REGISTRY[domain].convert(obj)) == rendered
