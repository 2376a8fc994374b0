from clova_ocr_client._gen.clova.ocr.document.v1 import geometry_pb2 as _geometry_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Field(_message.Message):
    __slots__ = ("text", "confidence", "bounding_poly", "sub_bounding_polys")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    BOUNDING_POLY_FIELD_NUMBER: _ClassVar[int]
    SUB_BOUNDING_POLYS_FIELD_NUMBER: _ClassVar[int]
    text: str
    confidence: float
    bounding_poly: _geometry_pb2.BoundingPoly
    sub_bounding_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    def __init__(self, text: _Optional[str] = ..., confidence: _Optional[float] = ..., bounding_poly: _Optional[_Union[_geometry_pb2.BoundingPoly, _Mapping]] = ..., sub_bounding_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ...) -> None: ...

class BaseObject(_message.Message):
    __slots__ = ("text", "bounding_polys", "masking_polys", "formatted")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    BOUNDING_POLYS_FIELD_NUMBER: _ClassVar[int]
    MASKING_POLYS_FIELD_NUMBER: _ClassVar[int]
    FORMATTED_FIELD_NUMBER: _ClassVar[int]
    text: str
    bounding_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    masking_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    formatted: ValueFormatted
    def __init__(self, text: _Optional[str] = ..., bounding_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ..., masking_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ..., formatted: _Optional[_Union[ValueFormatted, _Mapping]] = ...) -> None: ...

class ValueFormatted(_message.Message):
    __slots__ = ("value",)
    VALUE_FIELD_NUMBER: _ClassVar[int]
    value: str
    def __init__(self, value: _Optional[str] = ...) -> None: ...

class StringObject(_message.Message):
    __slots__ = ("text", "formatted", "bounding_polys", "masking_polys")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    FORMATTED_FIELD_NUMBER: _ClassVar[int]
    BOUNDING_POLYS_FIELD_NUMBER: _ClassVar[int]
    MASKING_POLYS_FIELD_NUMBER: _ClassVar[int]
    text: str
    formatted: ValueFormatted
    bounding_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    masking_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    def __init__(self, text: _Optional[str] = ..., formatted: _Optional[_Union[ValueFormatted, _Mapping]] = ..., bounding_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ..., masking_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ...) -> None: ...

class TelObject(_message.Message):
    __slots__ = ("text", "formatted", "bounding_polys", "masking_polys")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    FORMATTED_FIELD_NUMBER: _ClassVar[int]
    BOUNDING_POLYS_FIELD_NUMBER: _ClassVar[int]
    MASKING_POLYS_FIELD_NUMBER: _ClassVar[int]
    text: str
    formatted: ValueFormatted
    bounding_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    masking_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    def __init__(self, text: _Optional[str] = ..., formatted: _Optional[_Union[ValueFormatted, _Mapping]] = ..., bounding_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ..., masking_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ...) -> None: ...

class FloatObject(_message.Message):
    __slots__ = ("text", "formatted", "bounding_polys", "masking_polys")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    FORMATTED_FIELD_NUMBER: _ClassVar[int]
    BOUNDING_POLYS_FIELD_NUMBER: _ClassVar[int]
    MASKING_POLYS_FIELD_NUMBER: _ClassVar[int]
    text: str
    formatted: ValueFormatted
    bounding_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    masking_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    def __init__(self, text: _Optional[str] = ..., formatted: _Optional[_Union[ValueFormatted, _Mapping]] = ..., bounding_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ..., masking_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ...) -> None: ...

class DateFormatted(_message.Message):
    __slots__ = ("year", "month", "day")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MONTH_FIELD_NUMBER: _ClassVar[int]
    DAY_FIELD_NUMBER: _ClassVar[int]
    year: str
    month: str
    day: str
    def __init__(self, year: _Optional[str] = ..., month: _Optional[str] = ..., day: _Optional[str] = ...) -> None: ...

class DateObject(_message.Message):
    __slots__ = ("text", "formatted", "bounding_polys", "masking_polys")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    FORMATTED_FIELD_NUMBER: _ClassVar[int]
    BOUNDING_POLYS_FIELD_NUMBER: _ClassVar[int]
    MASKING_POLYS_FIELD_NUMBER: _ClassVar[int]
    text: str
    formatted: DateFormatted
    bounding_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    masking_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    def __init__(self, text: _Optional[str] = ..., formatted: _Optional[_Union[DateFormatted, _Mapping]] = ..., bounding_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ..., masking_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ...) -> None: ...

class TimeFormatted(_message.Message):
    __slots__ = ("hour", "minute", "second")
    HOUR_FIELD_NUMBER: _ClassVar[int]
    MINUTE_FIELD_NUMBER: _ClassVar[int]
    SECOND_FIELD_NUMBER: _ClassVar[int]
    hour: str
    minute: str
    second: str
    def __init__(self, hour: _Optional[str] = ..., minute: _Optional[str] = ..., second: _Optional[str] = ...) -> None: ...

class TimeObject(_message.Message):
    __slots__ = ("text", "formatted", "bounding_polys", "masking_polys")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    FORMATTED_FIELD_NUMBER: _ClassVar[int]
    BOUNDING_POLYS_FIELD_NUMBER: _ClassVar[int]
    MASKING_POLYS_FIELD_NUMBER: _ClassVar[int]
    text: str
    formatted: TimeFormatted
    bounding_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    masking_polys: _containers.RepeatedCompositeFieldContainer[_geometry_pb2.BoundingPoly]
    def __init__(self, text: _Optional[str] = ..., formatted: _Optional[_Union[TimeFormatted, _Mapping]] = ..., bounding_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ..., masking_polys: _Optional[_Iterable[_Union[_geometry_pb2.BoundingPoly, _Mapping]]] = ...) -> None: ...

class PoiObject(_message.Message):
    __slots__ = ("gid", "title", "phone", "address", "road_address", "biznum", "confidence")
    GID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    ROAD_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    BIZNUM_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    gid: str
    title: str
    phone: str
    address: str
    road_address: str
    biznum: str
    confidence: str
    def __init__(self, gid: _Optional[str] = ..., title: _Optional[str] = ..., phone: _Optional[str] = ..., address: _Optional[str] = ..., road_address: _Optional[str] = ..., biznum: _Optional[str] = ..., confidence: _Optional[str] = ...) -> None: ...

class MrzString(_message.Message):
    __slots__ = ("raw_text", "refined_text", "postprocessed")
    RAW_TEXT_FIELD_NUMBER: _ClassVar[int]
    REFINED_TEXT_FIELD_NUMBER: _ClassVar[int]
    POSTPROCESSED_FIELD_NUMBER: _ClassVar[int]
    raw_text: str
    refined_text: str
    postprocessed: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, raw_text: _Optional[str] = ..., refined_text: _Optional[str] = ..., postprocessed: _Optional[_Iterable[int]] = ...) -> None: ...

class MrzBool(_message.Message):
    __slots__ = ("raw_text", "refined_text", "postprocessed")
    RAW_TEXT_FIELD_NUMBER: _ClassVar[int]
    REFINED_TEXT_FIELD_NUMBER: _ClassVar[int]
    POSTPROCESSED_FIELD_NUMBER: _ClassVar[int]
    raw_text: str
    refined_text: bool
    postprocessed: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, raw_text: _Optional[str] = ..., refined_text: _Optional[bool] = ..., postprocessed: _Optional[_Iterable[int]] = ...) -> None: ...

class MrzInt(_message.Message):
    __slots__ = ("raw_text", "refined_text", "postprocessed")
    RAW_TEXT_FIELD_NUMBER: _ClassVar[int]
    REFINED_TEXT_FIELD_NUMBER: _ClassVar[int]
    POSTPROCESSED_FIELD_NUMBER: _ClassVar[int]
    raw_text: str
    refined_text: int
    postprocessed: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, raw_text: _Optional[str] = ..., refined_text: _Optional[int] = ..., postprocessed: _Optional[_Iterable[int]] = ...) -> None: ...

class Meta(_message.Message):
    __slots__ = ("estimated_language",)
    ESTIMATED_LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    estimated_language: str
    def __init__(self, estimated_language: _Optional[str] = ...) -> None: ...
