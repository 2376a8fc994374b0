from clova_ocr_client._gen.clova.ocr.document.v1 import fields_pb2 as _fields_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import geometry_pb2 as _geometry_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MedicalReceipt(_message.Message):
    __slots__ = ("meta", "checksum", "result")
    META_FIELD_NUMBER: _ClassVar[int]
    CHECKSUM_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    meta: _fields_pb2.Meta
    checksum: MedicalReceiptChecksums
    result: _containers.RepeatedCompositeFieldContainer[MedicalReceiptResult]
    def __init__(self, meta: _Optional[_Union[_fields_pb2.Meta, _Mapping]] = ..., checksum: _Optional[_Union[MedicalReceiptChecksums, _Mapping]] = ..., result: _Optional[_Iterable[_Union[MedicalReceiptResult, _Mapping]]] = ...) -> None: ...

class MedicalReceiptChecksums(_message.Message):
    __slots__ = ("sum_paid_by_patient", "sum_paid_by_insurer", "sum_paid_by_patient_full", "sum_treatment_cost", "sum_treatment_cost_etc", "total_amount", "total_paid")
    SUM_PAID_BY_PATIENT_FIELD_NUMBER: _ClassVar[int]
    SUM_PAID_BY_INSURER_FIELD_NUMBER: _ClassVar[int]
    SUM_PAID_BY_PATIENT_FULL_FIELD_NUMBER: _ClassVar[int]
    SUM_TREATMENT_COST_FIELD_NUMBER: _ClassVar[int]
    SUM_TREATMENT_COST_ETC_FIELD_NUMBER: _ClassVar[int]
    TOTAL_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_PAID_FIELD_NUMBER: _ClassVar[int]
    sum_paid_by_patient: Checksum
    sum_paid_by_insurer: Checksum
    sum_paid_by_patient_full: Checksum
    sum_treatment_cost: Checksum
    sum_treatment_cost_etc: Checksum
    total_amount: Checksum
    total_paid: Checksum
    def __init__(self, sum_paid_by_patient: _Optional[_Union[Checksum, _Mapping]] = ..., sum_paid_by_insurer: _Optional[_Union[Checksum, _Mapping]] = ..., sum_paid_by_patient_full: _Optional[_Union[Checksum, _Mapping]] = ..., sum_treatment_cost: _Optional[_Union[Checksum, _Mapping]] = ..., sum_treatment_cost_etc: _Optional[_Union[Checksum, _Mapping]] = ..., total_amount: _Optional[_Union[Checksum, _Mapping]] = ..., total_paid: _Optional[_Union[Checksum, _Mapping]] = ...) -> None: ...

class Checksum(_message.Message):
    __slots__ = ("found", "found_value_ids", "found_value_sum", "found_total_ids", "found_total_sum", "difference")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    FOUND_VALUE_IDS_FIELD_NUMBER: _ClassVar[int]
    FOUND_VALUE_SUM_FIELD_NUMBER: _ClassVar[int]
    FOUND_TOTAL_IDS_FIELD_NUMBER: _ClassVar[int]
    FOUND_TOTAL_SUM_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCE_FIELD_NUMBER: _ClassVar[int]
    found: bool
    found_value_ids: _containers.RepeatedScalarFieldContainer[int]
    found_value_sum: float
    found_total_ids: _containers.RepeatedScalarFieldContainer[int]
    found_total_sum: float
    difference: float
    def __init__(self, found: _Optional[bool] = ..., found_value_ids: _Optional[_Iterable[int]] = ..., found_value_sum: _Optional[float] = ..., found_total_ids: _Optional[_Iterable[int]] = ..., found_total_sum: _Optional[float] = ..., difference: _Optional[float] = ...) -> None: ...

class MedicalReceiptResult(_message.Message):
    __slots__ = ("id", "key_texts", "value_text", "confidence", "key_cells", "value_cell")
    ID_FIELD_NUMBER: _ClassVar[int]
    KEY_TEXTS_FIELD_NUMBER: _ClassVar[int]
    VALUE_TEXT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    KEY_CELLS_FIELD_NUMBER: _ClassVar[int]
    VALUE_CELL_FIELD_NUMBER: _ClassVar[int]
    id: int
    key_texts: str
    value_text: str
    confidence: float
    key_cells: _containers.RepeatedCompositeFieldContainer[KeyCell]
    value_cell: ValueCell
    def __init__(self, id: _Optional[int] = ..., key_texts: _Optional[str] = ..., value_text: _Optional[str] = ..., confidence: _Optional[float] = ..., key_cells: _Optional[_Iterable[_Union[KeyCell, _Mapping]]] = ..., value_cell: _Optional[_Union[ValueCell, _Mapping]] = ...) -> None: ...

class KeyCell(_message.Message):
    __slots__ = ("bounding_poly", "depth", "formatted", "group", "value")
    BOUNDING_POLY_FIELD_NUMBER: _ClassVar[int]
    DEPTH_FIELD_NUMBER: _ClassVar[int]
    FORMATTED_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    bounding_poly: _geometry_pb2.BoundingPoly
    depth: int
    formatted: str
    group: str
    value: str
    def __init__(self, bounding_poly: _Optional[_Union[_geometry_pb2.BoundingPoly, _Mapping]] = ..., depth: _Optional[int] = ..., formatted: _Optional[str] = ..., group: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class ValueCell(_message.Message):
    __slots__ = ("bounding_poly", "confidence", "value")
    BOUNDING_POLY_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    bounding_poly: _geometry_pb2.BoundingPoly
    confidence: float
    value: str
    def __init__(self, bounding_poly: _Optional[_Union[_geometry_pb2.BoundingPoly, _Mapping]] = ..., confidence: _Optional[float] = ..., value: _Optional[str] = ...) -> None: ...
