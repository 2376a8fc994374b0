"""The registry describes every domain once, consistently with the proto schema."""

from __future__ import annotations

import dataclasses

import pytest

from clova.ocr.document.v1 import document_ocr_service_pb2 as svc
from clova.ocr.document.v1 import fields_pb2, geometry_pb2, receipt_pb2
from clova_ocr_gateway.conversion import BY_DOCUMENT_TYPE, BY_RPC_NAME, REGISTRY, registry
from clova_ocr_gateway.conversion._tolerant import compile_converter
from clova_ocr_gateway.domains import DOMAINS, Domain


def test_every_domain_is_registered_once() -> None:
    assert set(REGISTRY) == set(Domain)
    assert all(spec.domain is domain for domain, spec in REGISTRY.items())
    assert all(spec.info is DOMAINS[domain] for domain, spec in REGISTRY.items())


def test_every_document_type_but_unspecified_has_a_spec() -> None:
    expected = {v.number for v in svc.DocumentType.DESCRIPTOR.values} - {
        svc.DOCUMENT_TYPE_UNSPECIFIED
    }
    assert set(BY_DOCUMENT_TYPE) == expected
    assert all(BY_DOCUMENT_TYPE[s.document_type] is s for s in REGISTRY.values())


def test_every_domain_rpc_has_a_spec() -> None:
    methods = svc.DESCRIPTOR.services_by_name["DocumentOcrService"].methods_by_name
    # Recognize and the document RPCs take any domain by document_type.
    generic = {"Recognize", "RecognizeDocument", "BatchRecognize"}
    assert set(BY_RPC_NAME) == set(methods) - generic
    for name, spec in BY_RPC_NAME.items():
        assert methods[name].input_type.full_name == spec.request_type.DESCRIPTOR.full_name
        assert methods[name].output_type.full_name == spec.response_type.DESCRIPTOR.full_name


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_result_field_names_the_result_in_both_responses(domain: Domain) -> None:
    spec = REGISTRY[domain]
    own, generic = spec.response_type(), svc.RecognizeResponse()
    for response in (own, generic):
        getattr(response, spec.result_field).SetInParent()
    assert own.ListFields()[0][0].name == spec.result_field
    assert generic.WhichOneof("result") == spec.result_field


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_converter_returns_the_result_type(domain: Domain) -> None:
    spec = REGISTRY[domain]
    assert type(spec.convert({})) is spec.result_type


def test_alias_to_a_field_that_does_not_exist_fails_at_compile_time() -> None:
    with pytest.raises(ValueError, match="no field with JSON name priceInformation"):
        compile_converter(
            receipt_pb2.Receipt, aliases={receipt_pb2.Item: {"p": "priceInformation"}}
        )


def test_alias_that_shadows_a_field_fails_at_compile_time() -> None:
    with pytest.raises(ValueError, match="shadows a field"):
        compile_converter(receipt_pb2.Receipt, aliases={receipt_pb2.Item: {"name": "code"}})


def test_alias_table_for_a_type_outside_the_domain_fails_at_compile_time() -> None:
    with pytest.raises(ValueError, match="does not contain"):
        compile_converter(geometry_pb2.BoundingPoly, aliases={fields_pb2.MrzInt: {"r": "rawText"}})


def test_enum_alias_to_a_missing_value_fails_at_compile_time() -> None:
    from clova.ocr.document.v1 import image_pb2

    enum = image_pb2.ValidationResultCode.DESCRIPTOR.full_name
    with pytest.raises(ValueError, match="has no value"):
        compile_converter(image_pb2.ImageInfo, enum_aliases={enum: {"X": "UNCHECKT"}})


def test_spec_that_disagrees_with_the_schema_fails_the_import_check() -> None:
    good = REGISTRY[Domain.RECEIPT]
    bad = dataclasses.replace(
        good,
        rpc_name="RecognizeReceipts",
        result_field="credit_card",
        document_type=svc.DOCUMENT_TYPE_PASSPORT,
    )
    with pytest.raises(TypeError) as caught:
        registry._check(bad)
    message = str(caught.value)
    assert "no RPC RecognizeReceipts" in message
    assert "RecognizeReceiptResponse.credit_card is not" in message
    assert "RecognizeResponse.result has no credit_card of its type" in message
    assert "document type 7 is not RECEIPT" in message
    registry._check(good)
