"""Inside a domain object nothing raises: missing, null, mistyped and unknown values are read
where the intent is clear and left unset where it is not."""

from __future__ import annotations

import pytest
from google.protobuf.json_format import MessageToDict

from clova.ocr.document.v1 import image_pb2, receipt_pb2
from clova_ocr_gateway.conversion import REGISTRY, convert_answer
from clova_ocr_gateway.domains import Domain

from ._support import variant_body


@pytest.fixture(scope="module")
def loose_receipt() -> receipt_pb2.Receipt:
    result = convert_answer(Domain.RECEIPT, variant_body("receipt_loose_types")).result
    assert isinstance(result, receipt_pb2.Receipt)
    return result


def test_loose_envelope_is_read_leniently() -> None:
    answer = convert_answer(Domain.RECEIPT, variant_body("receipt_loose_types"))
    assert answer.header.request_id == "12345"
    assert answer.header.timestamp_millis == 1613984672273
    assert answer.image.infer_result == image_pb2.INFER_RESULT_SUCCESS
    assert not answer.image.HasField("validation_result")


def test_numbers_given_for_text_render_as_clova_would_write_them(
    loose_receipt: receipt_pb2.Receipt,
) -> None:
    name = loose_receipt.result.store_info.name
    assert (name.text, name.formatted.value) == ("123", "12")
    item = loose_receipt.result.sub_results[0].items[0]
    assert (item.count.text, item.count.formatted.value) == ("2", "2.5")
    assert item.price_info.price.formatted.value == "1600"
    poi = loose_receipt.result.store_info.poi_info[0]
    assert (poi.gid, poi.confidence) == ("42", "0.93")


def test_explicitly_empty_strings_stay_present(loose_receipt: receipt_pb2.Receipt) -> None:
    sub_name = loose_receipt.result.store_info.sub_name
    assert sub_name.HasField("text") and sub_name.text == ""
    assert MessageToDict(sub_name) == {"text": "", "formatted": {"value": ""}}


def test_nulls_and_wrong_shapes_leave_fields_unset(loose_receipt: receipt_pb2.Receipt) -> None:
    assert not loose_receipt.HasField("meta")
    store = loose_receipt.result.store_info
    assert not store.HasField("biz_num")  # a list where an object belongs
    assert not store.HasField("movie_name")  # a string where an object belongs
    assert not store.poi_info[0].HasField("title")
    assert not store.poi_info[0].HasField("biznum")
    date = loose_receipt.result.payment_info.date
    assert (date.formatted.year, date.formatted.month) == ("2020", "04")
    assert not date.formatted.HasField("day")
    price = loose_receipt.result.total_price.price
    assert not price.HasField("text")  # a boolean is no text


def test_empty_objects_stay_present_and_empty_lists_stay_empty(
    loose_receipt: receipt_pb2.Receipt,
) -> None:
    time = loose_receipt.result.payment_info.time
    assert loose_receipt.result.payment_info.HasField("time")
    assert time.HasField("formatted") and not time.HasField("text")
    assert list(loose_receipt.result.store_info.tel) == []


def test_lone_objects_where_lists_belong_become_one_item_lists(
    loose_receipt: receipt_pb2.Receipt,
) -> None:
    assert [a.text for a in loose_receipt.result.store_info.addresses] == [
        "a lone object where a list belongs"
    ]
    assert len(loose_receipt.result.sub_results) == 1
    assert len(loose_receipt.result.sub_results[0].items) == 1


def test_coordinates_keep_clean_numbers_and_drop_the_rest(
    loose_receipt: receipt_pb2.Receipt,
) -> None:
    vertices = loose_receipt.result.total_price.price.bounding_polys[0].vertices
    assert [MessageToDict(v) for v in vertices] == [{"x": 12.5}, {"x": 3.0, "y": 7.0}]


# (domain, domain object, rendering): one row per coercion rule, per scalar kind.
COERCION_CASES = [
    # numbers given as strings
    (Domain.CREDIT_CARD, {"result": {"number": {"confidence": "0.93"}}}, {"confidence": 0.93}),
    (Domain.CREDIT_CARD, {"result": {"number": {"confidence": " 1e-2 "}}}, {"confidence": 0.01}),
    (Domain.CREDIT_CARD, {"result": {"number": {"confidence": "1,600"}}}, {}),
    (Domain.CREDIT_CARD, {"result": {"number": {"confidence": "NaN"}}}, {}),
    (Domain.CREDIT_CARD, {"result": {"number": {"confidence": "1e999"}}}, {}),
    (Domain.CREDIT_CARD, {"result": {"number": {"confidence": "١٢"}}}, {}),
    (Domain.CREDIT_CARD, {"result": {"number": {"confidence": True}}}, {}),
    (Domain.CREDIT_CARD, {"result": {"number": {"confidence": 1}}}, {"confidence": 1.0}),
    # strings given as numbers
    (Domain.CREDIT_CARD, {"result": {"number": {"text": 5307}}}, {"text": "5307"}),
    (Domain.CREDIT_CARD, {"result": {"number": {"text": 64.0}}}, {"text": "64"}),
    (Domain.CREDIT_CARD, {"result": {"number": {"text": -0.5}}}, {"text": "-0.5"}),
    (Domain.CREDIT_CARD, {"result": {"number": {"text": False}}}, {}),
    (Domain.CREDIT_CARD, {"result": {"number": {"text": ["5307"]}}}, {}),
    (Domain.CREDIT_CARD, {"result": {"number": {"text": {"v": 1}}}}, {}),
]


@pytest.mark.parametrize(("domain", "obj", "number"), COERCION_CASES)
def test_credit_card_number_field_coercions(domain: Domain, obj: object, number: object) -> None:
    rendered = MessageToDict(REGISTRY[domain].convert(obj))
    assert rendered == {"result": {"number": number}}


INT_AND_BOOL_CASES = [
    ({"isExpired": {"refinedText": "true"}}, {"isExpired": {"refinedText": True}}),
    ({"isExpired": {"refinedText": " FALSE "}}, {"isExpired": {"refinedText": False}}),
    ({"isExpired": {"refinedText": 1}}, {"isExpired": {"refinedText": True}}),
    ({"isExpired": {"refinedText": 0}}, {"isExpired": {"refinedText": False}}),
    ({"isExpired": {"refinedText": "0"}}, {"isExpired": {"refinedText": False}}),
    ({"isExpired": {"refinedText": "yes"}}, {"isExpired": {}}),
    ({"isExpired": {"refinedText": 2}}, {"isExpired": {}}),
    ({"age": {"refinedText": "36"}}, {"age": {"refinedText": 36}}),
    ({"age": {"refinedText": 36.0}}, {"age": {"refinedText": 36}}),
    ({"age": {"refinedText": "36.0"}}, {"age": {"refinedText": 36}}),
    ({"age": {"refinedText": 36.5}}, {"age": {}}),
    ({"age": {"refinedText": 2**31}}, {"age": {}}),
    ({"age": {"refinedText": True}}, {"age": {}}),
    ({"age": {"refinedText": "9" * 5000}}, {"age": {}}),
    (
        {"age": {"postprocessed": [1, "2", 3.0, 3.5, "x", True, None]}},
        {"age": {"postprocessed": [1, 2, 3]}},
    ),
    ({"age": {"postprocessed": 7}}, {"age": {"postprocessed": [7]}}),
    ({"age": {"postprocessed": {"a": 1}}}, {"age": {}}),
]


@pytest.mark.parametrize(("mrz", "rendered"), INT_AND_BOOL_CASES)
def test_passport_int_and_bool_coercions(mrz: dict[str, object], rendered: object) -> None:
    converted = REGISTRY[Domain.PASSPORT].convert({"passportResult": mrz})
    assert MessageToDict(converted) == {"passportResult": rendered}


STRUCTURE_CASES = [
    pytest.param({"result": None}, {}, id="null-object"),
    pytest.param({"result": {}}, {"result": {}}, id="empty-object-is-present"),
    pytest.param({"result": {"unknown": 1}}, {"result": {}}, id="unknown-keys-only"),
    pytest.param({"result": {"name": []}}, {"result": {}}, id="empty-list"),
    pytest.param({"result": {"name": None}}, {"result": {}}, id="null-list"),
    pytest.param({"result": {"name": [None, 1, "x", []]}}, {"result": {}}, id="no-objects-in-list"),
    pytest.param(
        {"result": {"name": [{}, {"text": "A"}]}},
        {"result": {"name": [{}, {"text": "A"}]}},
        id="empty-object-in-list-is-kept",
    ),
    pytest.param(
        {"result": {"tel": {"text": "010", "formatted": {"value": 10}}}},
        {"result": {"tel": [{"text": "010", "formatted": {"value": "10"}}]}},
        id="lone-object-for-list",
    ),
    pytest.param({"result": [{"name": []}]}, {}, id="list-for-object"),
    pytest.param({"result": "text"}, {}, id="string-for-object"),
    pytest.param(
        {"result": {"name": [{"boundingPolys": {"vertices": {"x": 1}}}]}},
        {"result": {"name": [{"boundingPolys": [{"vertices": [{"x": 1.0}]}]}]}},
        id="lone-objects-nested",
    ),
]


@pytest.mark.parametrize(("obj", "rendered"), STRUCTURE_CASES)
def test_name_card_structure_tolerance(obj: object, rendered: object) -> None:
    assert MessageToDict(REGISTRY[Domain.NAME_CARD].convert(obj)) == rendered


@pytest.mark.parametrize("obj", [None, [], "receipt", 1, 2.5, True, [{"meta": {}}]])
def test_domain_object_of_another_type_converts_to_an_empty_result(obj: object) -> None:
    for spec in REGISTRY.values():
        assert spec.convert(obj) == spec.result_type()


@pytest.mark.parametrize(
    ("validation", "code"),
    [
        ("NO_REQUESTED", image_pb2.VALIDATION_RESULT_CODE_NO_REQUESTED),
        ("UNCHECKED", image_pb2.VALIDATION_RESULT_CODE_UNCHECKED),
        ("UNCHECHED", image_pb2.VALIDATION_RESULT_CODE_UNCHECKED),
        ("ERROR", image_pb2.VALIDATION_RESULT_CODE_ERROR),
        ("VALID", image_pb2.VALIDATION_RESULT_CODE_VALID),
        ("INVALID", image_pb2.VALIDATION_RESULT_CODE_INVALID),
        ("valid", image_pb2.VALIDATION_RESULT_CODE_VALID),
        ("SOMETHING_NEW", image_pb2.VALIDATION_RESULT_CODE_UNSPECIFIED),
        (4, image_pb2.VALIDATION_RESULT_CODE_UNSPECIFIED),
    ],
)
def test_validation_result_codes(validation: object, code: int) -> None:
    body = (
        b'{"images": [{"validationResult": {"result": %s}}]}'
        % (f'"{validation}"' if isinstance(validation, str) else str(validation)).encode()
    )
    answer = convert_answer(Domain.RECEIPT, body)
    assert answer.image.validation_result.result == code
    assert answer.image.HasField("validation_result")


@pytest.mark.parametrize(
    ("infer_result", "code"),
    [
        ('"SUCCESS"', image_pb2.INFER_RESULT_SUCCESS),
        ('"FAILURE"', image_pb2.INFER_RESULT_FAILURE),
        ('"ERROR"', image_pb2.INFER_RESULT_ERROR),
        ('"PARTIAL"', image_pb2.INFER_RESULT_UNSPECIFIED),
        ("null", image_pb2.INFER_RESULT_UNSPECIFIED),
    ],
)
def test_infer_results(infer_result: str, code: int) -> None:
    body = b'{"images": [{"inferResult": %s}]}' % infer_result.encode()
    assert convert_answer(Domain.RECEIPT, body).image.infer_result == code
