from clova_ocr_client._gen.clova.ocr.document.v1 import fields_pb2 as _fields_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Passport(_message.Message):
    __slots__ = ("passport_result",)
    PASSPORT_RESULT_FIELD_NUMBER: _ClassVar[int]
    passport_result: PassportResult
    def __init__(self, passport_result: _Optional[_Union[PassportResult, _Mapping]] = ...) -> None: ...

class PassportResult(_message.Message):
    __slots__ = ("document_class_code", "issuing_state_code", "first_name", "last_name1", "last_name2", "document_number", "check_digit_for_document_number", "nationality", "date_of_birth", "age", "check_digit_for_date_of_birth", "gender", "date_of_expiry", "check_digit_for_date_of_expiry", "personal_number", "check_digit_for_personal_number", "final_check_digit", "mrz_type", "mrz_lines", "is_expired")
    DOCUMENT_CLASS_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUING_STATE_CODE_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME1_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME2_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CHECK_DIGIT_FOR_DOCUMENT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    NATIONALITY_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    AGE_FIELD_NUMBER: _ClassVar[int]
    CHECK_DIGIT_FOR_DATE_OF_BIRTH_FIELD_NUMBER: _ClassVar[int]
    GENDER_FIELD_NUMBER: _ClassVar[int]
    DATE_OF_EXPIRY_FIELD_NUMBER: _ClassVar[int]
    CHECK_DIGIT_FOR_DATE_OF_EXPIRY_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CHECK_DIGIT_FOR_PERSONAL_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FINAL_CHECK_DIGIT_FIELD_NUMBER: _ClassVar[int]
    MRZ_TYPE_FIELD_NUMBER: _ClassVar[int]
    MRZ_LINES_FIELD_NUMBER: _ClassVar[int]
    IS_EXPIRED_FIELD_NUMBER: _ClassVar[int]
    document_class_code: _fields_pb2.MrzString
    issuing_state_code: _fields_pb2.MrzString
    first_name: _fields_pb2.MrzString
    last_name1: _fields_pb2.MrzString
    last_name2: _fields_pb2.MrzString
    document_number: _fields_pb2.MrzString
    check_digit_for_document_number: _fields_pb2.MrzString
    nationality: _fields_pb2.MrzString
    date_of_birth: _fields_pb2.MrzString
    age: _fields_pb2.MrzInt
    check_digit_for_date_of_birth: _fields_pb2.MrzString
    gender: _fields_pb2.MrzString
    date_of_expiry: _fields_pb2.MrzString
    check_digit_for_date_of_expiry: _fields_pb2.MrzString
    personal_number: _fields_pb2.MrzString
    check_digit_for_personal_number: _fields_pb2.MrzString
    final_check_digit: _fields_pb2.MrzString
    mrz_type: _fields_pb2.MrzString
    mrz_lines: _fields_pb2.MrzString
    is_expired: _fields_pb2.MrzBool
    def __init__(self, document_class_code: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., issuing_state_code: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., first_name: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., last_name1: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., last_name2: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., document_number: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., check_digit_for_document_number: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., nationality: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., date_of_birth: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., age: _Optional[_Union[_fields_pb2.MrzInt, _Mapping]] = ..., check_digit_for_date_of_birth: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., gender: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., date_of_expiry: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., check_digit_for_date_of_expiry: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., personal_number: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., check_digit_for_personal_number: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., final_check_digit: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., mrz_type: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., mrz_lines: _Optional[_Union[_fields_pb2.MrzString, _Mapping]] = ..., is_expired: _Optional[_Union[_fields_pb2.MrzBool, _Mapping]] = ...) -> None: ...
