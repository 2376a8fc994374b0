from clova_ocr_client._gen.clova.ocr.document.v1 import fields_pb2 as _fields_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import geometry_pb2 as _geometry_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class IdCard(_message.Message):
    __slots__ = ("meta", "result")
    META_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    meta: _fields_pb2.Meta
    result: IdCardResult
    def __init__(self, meta: _Optional[_Union[_fields_pb2.Meta, _Mapping]] = ..., result: _Optional[_Union[IdCardResult, _Mapping]] = ...) -> None: ...

class IdCardResult(_message.Message):
    __slots__ = ("is_confident", "id_type", "rois", "ic", "dl", "pp", "ac")
    IS_CONFIDENT_FIELD_NUMBER: _ClassVar[int]
    ID_TYPE_FIELD_NUMBER: _ClassVar[int]
    ROIS_FIELD_NUMBER: _ClassVar[int]
    IC_FIELD_NUMBER: _ClassVar[int]
    DL_FIELD_NUMBER: _ClassVar[int]
    PP_FIELD_NUMBER: _ClassVar[int]
    AC_FIELD_NUMBER: _ClassVar[int]
    is_confident: bool
    id_type: str
    rois: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    ic: NationalIdCard
    dl: DriverLicense
    pp: PassportCard
    ac: AlienRegistrationCard
    def __init__(self, is_confident: _Optional[bool] = ..., id_type: _Optional[str] = ..., rois: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ..., ic: _Optional[_Union[NationalIdCard, _Mapping]] = ..., dl: _Optional[_Union[DriverLicense, _Mapping]] = ..., pp: _Optional[_Union[PassportCard, _Mapping]] = ..., ac: _Optional[_Union[AlienRegistrationCard, _Mapping]] = ...) -> None: ...

class NationalIdCard(_message.Message):
    __slots__ = ("name", "personal_num", "address", "issue_date", "authority")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_NUM_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ISSUE_DATE_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_FIELD_NUMBER: _ClassVar[int]
    name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    personal_num: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    address: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    issue_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.DateObject]
    authority: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    def __init__(self, name: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., personal_num: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., address: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., issue_date: _Optional[_Iterable[_Union[_fields_pb2.DateObject, _Mapping]]] = ..., authority: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ...) -> None: ...

class DriverLicense(_message.Message):
    __slots__ = ("type", "num", "name", "personal_num", "address", "renew_start_date", "renew_end_date", "condition", "code", "organ_donation", "issue_date", "authority")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NUM_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_NUM_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    RENEW_START_DATE_FIELD_NUMBER: _ClassVar[int]
    RENEW_END_DATE_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    ORGAN_DONATION_FIELD_NUMBER: _ClassVar[int]
    ISSUE_DATE_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_FIELD_NUMBER: _ClassVar[int]
    type: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    num: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    personal_num: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    address: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    renew_start_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.DateObject]
    renew_end_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.DateObject]
    condition: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    code: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    organ_donation: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    issue_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.DateObject]
    authority: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    def __init__(self, type: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., num: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., name: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., personal_num: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., address: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., renew_start_date: _Optional[_Iterable[_Union[_fields_pb2.DateObject, _Mapping]]] = ..., renew_end_date: _Optional[_Iterable[_Union[_fields_pb2.DateObject, _Mapping]]] = ..., condition: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., code: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., organ_donation: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., issue_date: _Optional[_Iterable[_Union[_fields_pb2.DateObject, _Mapping]]] = ..., authority: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ...) -> None: ...

class PassportCard(_message.Message):
    __slots__ = ("type", "issue_country", "num", "sur_name", "given_name", "nationality", "birth_date", "personal_num", "sex", "issue_date", "expire_date", "authority", "full_name_kor", "mrz1", "mrz2")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    ISSUE_COUNTRY_FIELD_NUMBER: _ClassVar[int]
    NUM_FIELD_NUMBER: _ClassVar[int]
    SUR_NAME_FIELD_NUMBER: _ClassVar[int]
    GIVEN_NAME_FIELD_NUMBER: _ClassVar[int]
    NATIONALITY_FIELD_NUMBER: _ClassVar[int]
    BIRTH_DATE_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_NUM_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    ISSUE_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_DATE_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_FIELD_NUMBER: _ClassVar[int]
    FULL_NAME_KOR_FIELD_NUMBER: _ClassVar[int]
    MRZ1_FIELD_NUMBER: _ClassVar[int]
    MRZ2_FIELD_NUMBER: _ClassVar[int]
    type: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    issue_country: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    num: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    sur_name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    given_name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    nationality: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    birth_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.DateObject]
    personal_num: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    sex: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    issue_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.DateObject]
    expire_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.DateObject]
    authority: _containers.RepeatedCompositeFieldContainer[_fields_pb2.BaseObject]
    full_name_kor: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    mrz1: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    mrz2: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    def __init__(self, type: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., issue_country: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., num: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., sur_name: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., given_name: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., nationality: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., birth_date: _Optional[_Iterable[_Union[_fields_pb2.DateObject, _Mapping]]] = ..., personal_num: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., sex: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., issue_date: _Optional[_Iterable[_Union[_fields_pb2.DateObject, _Mapping]]] = ..., expire_date: _Optional[_Iterable[_Union[_fields_pb2.DateObject, _Mapping]]] = ..., authority: _Optional[_Iterable[_Union[_fields_pb2.BaseObject, _Mapping]]] = ..., full_name_kor: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., mrz1: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., mrz2: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ...) -> None: ...

class AlienRegistrationCard(_message.Message):
    __slots__ = ("alien_reg_num", "sex", "name", "nationality", "visa_type", "issue_date", "authority", "authority_eng", "alien_reg_num_etc")
    ALIEN_REG_NUM_FIELD_NUMBER: _ClassVar[int]
    SEX_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NATIONALITY_FIELD_NUMBER: _ClassVar[int]
    VISA_TYPE_FIELD_NUMBER: _ClassVar[int]
    ISSUE_DATE_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_FIELD_NUMBER: _ClassVar[int]
    AUTHORITY_ENG_FIELD_NUMBER: _ClassVar[int]
    ALIEN_REG_NUM_ETC_FIELD_NUMBER: _ClassVar[int]
    alien_reg_num: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    sex: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    name: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    nationality: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    visa_type: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    issue_date: _containers.RepeatedCompositeFieldContainer[_fields_pb2.DateObject]
    authority: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    authority_eng: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    alien_reg_num_etc: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    def __init__(self, alien_reg_num: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., sex: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., name: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., nationality: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., visa_type: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., issue_date: _Optional[_Iterable[_Union[_fields_pb2.DateObject, _Mapping]]] = ..., authority: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., authority_eng: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., alien_reg_num_etc: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ...) -> None: ...
