"""The one place a domain is described: its CLOVA facts, proto types, RPC and converter.

Adding a domain is one `DomainSpec` here plus one converter module in `domains/`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from google.protobuf.message import Message

from clova.ocr.document.v1 import (
    biz_license_pb2,
    credit_card_pb2,
    document_ocr_service_pb2,
    id_card_pb2,
    medical_receipt_pb2,
    name_card_pb2,
    passport_pb2,
    receipt_pb2,
)

from ..domains import DOMAINS, Domain, DomainInfo
from .domains import (
    biz_license,
    credit_card,
    id_card,
    medical_receipt,
    name_card,
    passport,
    receipt,
)

_svc = document_ocr_service_pb2


@dataclass(frozen=True, slots=True)
class DomainSpec:
    """Everything the gateway knows about one domain."""

    domain: Domain
    info: DomainInfo  # env name, URL path, response key
    document_type: int  # DocumentType value, e.g. DOCUMENT_TYPE_RECEIPT
    rpc_name: str  # e.g. "RecognizeReceipt"
    request_type: type[Message]  # e.g. RecognizeReceiptRequest
    response_type: type[Message]  # e.g. RecognizeReceiptResponse
    result_type: type[Message]  # e.g. Receipt
    result_field: str  # result's field in the response and in RecognizeResponse's oneof
    convert: Callable[[object], Message]  # CLOVA domain object (parsed JSON) -> result_type


def _spec(
    domain: Domain,
    document_type: int,
    rpc_name: str,
    request_type: type[Message],
    response_type: type[Message],
    result_type: type[Message],
    result_field: str,
    convert: Callable[[object], Message],
) -> DomainSpec:
    return DomainSpec(
        domain=domain,
        info=DOMAINS[domain],
        document_type=document_type,
        rpc_name=rpc_name,
        request_type=request_type,
        response_type=response_type,
        result_type=result_type,
        result_field=result_field,
        convert=convert,
    )


_SPECS: Final = (
    _spec(
        Domain.RECEIPT,
        _svc.DOCUMENT_TYPE_RECEIPT,
        "RecognizeReceipt",
        _svc.RecognizeReceiptRequest,
        _svc.RecognizeReceiptResponse,
        receipt_pb2.Receipt,
        "receipt",
        receipt.convert,
    ),
    _spec(
        Domain.CREDIT_CARD,
        _svc.DOCUMENT_TYPE_CREDIT_CARD,
        "RecognizeCreditCard",
        _svc.RecognizeCreditCardRequest,
        _svc.RecognizeCreditCardResponse,
        credit_card_pb2.CreditCard,
        "credit_card",
        credit_card.convert,
    ),
    _spec(
        Domain.NAME_CARD,
        _svc.DOCUMENT_TYPE_NAME_CARD,
        "RecognizeNameCard",
        _svc.RecognizeNameCardRequest,
        _svc.RecognizeNameCardResponse,
        name_card_pb2.NameCard,
        "name_card",
        name_card.convert,
    ),
    _spec(
        Domain.BIZ_LICENSE,
        _svc.DOCUMENT_TYPE_BIZ_LICENSE,
        "RecognizeBusinessLicense",
        _svc.RecognizeBusinessLicenseRequest,
        _svc.RecognizeBusinessLicenseResponse,
        biz_license_pb2.BizLicense,
        "biz_license",
        biz_license.convert,
    ),
    _spec(
        Domain.ID_CARD,
        _svc.DOCUMENT_TYPE_ID_CARD,
        "RecognizeIdCard",
        _svc.RecognizeIdCardRequest,
        _svc.RecognizeIdCardResponse,
        id_card_pb2.IdCard,
        "id_card",
        id_card.convert,
    ),
    _spec(
        Domain.MEDICAL_RECEIPT,
        _svc.DOCUMENT_TYPE_MEDICAL_RECEIPT,
        "RecognizeMedicalReceipt",
        _svc.RecognizeMedicalReceiptRequest,
        _svc.RecognizeMedicalReceiptResponse,
        medical_receipt_pb2.MedicalReceipt,
        "medical_receipt",
        medical_receipt.convert,
    ),
    _spec(
        Domain.PASSPORT,
        _svc.DOCUMENT_TYPE_PASSPORT,
        "RecognizePassport",
        _svc.RecognizePassportRequest,
        _svc.RecognizePassportResponse,
        passport_pb2.Passport,
        "passport",
        passport.convert,
    ),
)


# Fields answer.py fills in every response, whatever the domain.
_COMMON_RESPONSE_FIELDS: Final = {
    "header": "clova.ocr.document.v1.ResponseHeader",
    "image": "clova.ocr.document.v1.ImageInfo",
    "raw_response": "google.protobuf.Struct",
}


def _message_type_of(message_type: type[Message], field_name: str) -> str | None:
    field = message_type.DESCRIPTOR.fields_by_name.get(field_name)
    return field.message_type.full_name if field and field.message_type else None


def _check(spec: DomainSpec) -> None:
    """Fail at import when a spec disagrees with the proto schema, not on the first request."""
    service = _svc.DESCRIPTOR.services_by_name["DocumentOcrService"]
    method = service.methods_by_name.get(spec.rpc_name)
    problems = []
    if method is None:
        problems.append(f"no RPC {spec.rpc_name}")
    elif (method.input_type.full_name, method.output_type.full_name) != (
        spec.request_type.DESCRIPTOR.full_name,
        spec.response_type.DESCRIPTOR.full_name,
    ):
        problems.append(f"{spec.rpc_name} has other request/response types")
    expected = {spec.result_field: spec.result_type.DESCRIPTOR.full_name, **_COMMON_RESPONSE_FIELDS}
    for name, type_name in expected.items():
        if _message_type_of(spec.response_type, name) != type_name:
            problems.append(f"{spec.response_type.__name__}.{name} is not {type_name}")
    oneof = _svc.RecognizeResponse.DESCRIPTOR.oneofs_by_name["result"]
    if (
        spec.result_field not in {f.name for f in oneof.fields}
        or _message_type_of(_svc.RecognizeResponse, spec.result_field)
        != expected[spec.result_field]
    ):
        problems.append(f"RecognizeResponse.result has no {spec.result_field} of its type")
    for response_type in (spec.response_type, _svc.RecognizeResponse):
        raw_json = response_type.DESCRIPTOR.fields_by_name.get("raw_response_json")
        if raw_json is None or raw_json.type != raw_json.TYPE_BYTES:
            problems.append(f"{response_type.__name__}.raw_response_json is not bytes")
    if _svc.DocumentType.Name(spec.document_type) != "DOCUMENT_TYPE_" + spec.domain.name:
        problems.append(f"document type {spec.document_type} is not {spec.domain.name}")
    if problems:
        raise TypeError(f"registry entry for {spec.domain.value}: " + "; ".join(problems))


for _entry in _SPECS:
    _check(_entry)

REGISTRY: Final[Mapping[Domain, DomainSpec]] = MappingProxyType({s.domain: s for s in _SPECS})
BY_DOCUMENT_TYPE: Final[Mapping[int, DomainSpec]] = MappingProxyType(
    {s.document_type: s for s in _SPECS}
)
BY_RPC_NAME: Final[Mapping[str, DomainSpec]] = MappingProxyType({s.rpc_name: s for s in _SPECS})
