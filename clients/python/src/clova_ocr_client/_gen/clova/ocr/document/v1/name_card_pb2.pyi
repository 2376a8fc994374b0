from clova_ocr_client._gen.clova.ocr.document.v1 import fields_pb2 as _fields_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NameCard(_message.Message):
    __slots__ = ("meta", "result")
    META_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    meta: _fields_pb2.Meta
    result: NameCardResult
    def __init__(self, meta: _Optional[_Union[_fields_pb2.Meta, _Mapping]] = ..., result: _Optional[_Union[NameCardResult, _Mapping]] = ...) -> None: ...

class NameCardResult(_message.Message):
    __slots__ = ("name", "name_furigana", "company", "department", "address", "position", "mobile", "tel", "fax", "email", "homepage")
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_FURIGANA_FIELD_NUMBER: _ClassVar[int]
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    MOBILE_FIELD_NUMBER: _ClassVar[int]
    TEL_FIELD_NUMBER: _ClassVar[int]
    FAX_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    HOMEPAGE_FIELD_NUMBER: _ClassVar[int]
    name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    name_furigana: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    company: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    department: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    address: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    position: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    mobile: _containers.RepeatedCompositeFieldContainer[_fields_pb2.TelObject]
    tel: _containers.RepeatedCompositeFieldContainer[_fields_pb2.TelObject]
    fax: _containers.RepeatedCompositeFieldContainer[_fields_pb2.TelObject]
    email: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    homepage: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    def __init__(self, name: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., name_furigana: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., company: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., department: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., address: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., position: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., mobile: _Optional[_Iterable[_Union[_fields_pb2.TelObject, _Mapping]]] = ..., tel: _Optional[_Iterable[_Union[_fields_pb2.TelObject, _Mapping]]] = ..., fax: _Optional[_Iterable[_Union[_fields_pb2.TelObject, _Mapping]]] = ..., email: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., homepage: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ...) -> None: ...
