from clova_ocr_client._gen.clova.ocr.document.v1 import fields_pb2 as _fields_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreditCard(_message.Message):
    __slots__ = ("meta", "result")
    META_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    meta: _fields_pb2.Meta
    result: CreditCardResult
    def __init__(self, meta: _Optional[_Union[_fields_pb2.Meta, _Mapping]] = ..., result: _Optional[_Union[CreditCardResult, _Mapping]] = ...) -> None: ...

class CreditCardResult(_message.Message):
    __slots__ = ("number", "valid_thru", "name")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    VALID_THRU_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    number: _fields_pb2.Field
    valid_thru: _fields_pb2.Field
    name: _fields_pb2.Field
    def __init__(self, number: _Optional[_Union[_fields_pb2.Field, _Mapping]] = ..., valid_thru: _Optional[_Union[_fields_pb2.Field, _Mapping]] = ..., name: _Optional[_Union[_fields_pb2.Field, _Mapping]] = ...) -> None: ...
