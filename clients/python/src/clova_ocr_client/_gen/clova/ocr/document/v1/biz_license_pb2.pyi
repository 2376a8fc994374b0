from clova_ocr_client._gen.clova.ocr.document.v1 import fields_pb2 as _fields_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BizLicense(_message.Message):
    __slots__ = ("meta", "result")
    META_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    meta: _fields_pb2.Meta
    result: BizLicenseResult
    def __init__(self, meta: _Optional[_Union[_fields_pb2.Meta, _Mapping]] = ..., result: _Optional[_Union[BizLicenseResult, _Mapping]] = ...) -> None: ...

class BizLicenseResult(_message.Message):
    __slots__ = ("birth", "bis_address", "bis_area", "bis_item", "register_number", "bis_type", "company_name", "co_rep_name", "corp_name", "corp_register_num", "co_rep_social_num", "document_type", "head_address", "issuance_date", "issuance_reason", "open_date", "rep_name", "social_number", "tax_type")
    BIRTH_FIELD_NUMBER: _ClassVar[int]
    BIS_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    BIS_AREA_FIELD_NUMBER: _ClassVar[int]
    BIS_ITEM_FIELD_NUMBER: _ClassVar[int]
    REGISTER_NUMBER_FIELD_NUMBER: _ClassVar[int]
    BIS_TYPE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    CO_REP_NAME_FIELD_NUMBER: _ClassVar[int]
    CORP_NAME_FIELD_NUMBER: _ClassVar[int]
    CORP_REGISTER_NUM_FIELD_NUMBER: _ClassVar[int]
    CO_REP_SOCIAL_NUM_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    HEAD_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ISSUANCE_DATE_FIELD_NUMBER: _ClassVar[int]
    ISSUANCE_REASON_FIELD_NUMBER: _ClassVar[int]
    OPEN_DATE_FIELD_NUMBER: _ClassVar[int]
    REP_NAME_FIELD_NUMBER: _ClassVar[int]
    SOCIAL_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TAX_TYPE_FIELD_NUMBER: _ClassVar[int]
    birth: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    bis_address: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    bis_area: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    bis_item: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    register_number: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    bis_type: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    company_name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    co_rep_name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    corp_name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    corp_register_num: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    co_rep_social_num: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    document_type: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    head_address: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    issuance_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    issuance_reason: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    open_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    rep_name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    social_number: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    tax_type: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    def __init__(self, birth: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., bis_address: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., bis_area: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., bis_item: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., register_number: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., bis_type: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., company_name: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., co_rep_name: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., corp_name: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., corp_register_num: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., co_rep_social_num: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., document_type: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., head_address: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., issuance_date: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., issuance_reason: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., open_date: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., rep_name: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., social_number: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., tax_type: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ...) -> None: ...
