from clova_ocr_client._gen.clova.ocr.document.v1 import fields_pb2 as _fields_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Receipt(_message.Message):
    __slots__ = ("meta", "result")
    META_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    meta: _fields_pb2.Meta
    result: ReceiptResult
    def __init__(self, meta: _Optional[_Union[_fields_pb2.Meta, _Mapping]] = ..., result: _Optional[_Union[ReceiptResult, _Mapping]] = ...) -> None: ...

class ReceiptResult(_message.Message):
    __slots__ = ("store_info", "payment_info", "sub_results", "total_price", "sub_total")
    STORE_INFO_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_INFO_FIELD_NUMBER: _ClassVar[int]
    SUB_RESULTS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_PRICE_FIELD_NUMBER: _ClassVar[int]
    SUB_TOTAL_FIELD_NUMBER: _ClassVar[int]
    store_info: StoreInfo
    payment_info: PaymentInfo
    sub_results: _containers.RepeatedCompositeFieldContainer[SubResult]
    total_price: TotalPrice
    sub_total: _containers.RepeatedCompositeFieldContainer[SubTotal]
    def __init__(self, store_info: _Optional[_Union[StoreInfo, _Mapping]] = ..., payment_info: _Optional[_Union[PaymentInfo, _Mapping]] = ..., sub_results: _Optional[_Iterable[_Union[SubResult, _Mapping]]] = ..., total_price: _Optional[_Union[TotalPrice, _Mapping]] = ..., sub_total: _Optional[_Iterable[_Union[SubTotal, _Mapping]]] = ...) -> None: ...

class StoreInfo(_message.Message):
    __slots__ = ("poi_info", "name", "sub_name", "biz_num", "movie_name", "addresses", "tel")
    POI_INFO_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUB_NAME_FIELD_NUMBER: _ClassVar[int]
    BIZ_NUM_FIELD_NUMBER: _ClassVar[int]
    MOVIE_NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESSES_FIELD_NUMBER: _ClassVar[int]
    TEL_FIELD_NUMBER: _ClassVar[int]
    poi_info: _containers.RepeatedCompositeFieldContainer[_fields_pb2.PoiObject]
    name: _fields_pb2.StringObject
    sub_name: _fields_pb2.StringObject
    biz_num: _fields_pb2.StringObject
    movie_name: _fields_pb2.StringObject
    addresses: _containers.RepeatedCompositeFieldContainer[_fields_pb2.StringObject]
    tel: _containers.RepeatedCompositeFieldContainer[_fields_pb2.TelObject]
    def __init__(self, poi_info: _Optional[_Iterable[_Union[_fields_pb2.PoiObject, _Mapping]]] = ..., name: _Optional[_Union[_fields_pb2.StringObject, _Mapping]] = ..., sub_name: _Optional[_Union[_fields_pb2.StringObject, _Mapping]] = ..., biz_num: _Optional[_Union[_fields_pb2.StringObject, _Mapping]] = ..., movie_name: _Optional[_Union[_fields_pb2.StringObject, _Mapping]] = ..., addresses: _Optional[_Iterable[_Union[_fields_pb2.StringObject, _Mapping]]] = ..., tel: _Optional[_Iterable[_Union[_fields_pb2.TelObject, _Mapping]]] = ...) -> None: ...

class PaymentInfo(_message.Message):
    __slots__ = ("date", "time", "card_info", "confirm_num")
    DATE_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    CARD_INFO_FIELD_NUMBER: _ClassVar[int]
    CONFIRM_NUM_FIELD_NUMBER: _ClassVar[int]
    date: _fields_pb2.DateObject
    time: _fields_pb2.TimeObject
    card_info: CardInfo
    confirm_num: _fields_pb2.BaseObject
    def __init__(self, date: _Optional[_Union[_fields_pb2.DateObject, _Mapping]] = ..., time: _Optional[_Union[_fields_pb2.TimeObject, _Mapping]] = ..., card_info: _Optional[_Union[CardInfo, _Mapping]] = ..., confirm_num: _Optional[_Union[_fields_pb2.BaseObject, _Mapping]] = ...) -> None: ...

class CardInfo(_message.Message):
    __slots__ = ("company", "number")
    COMPANY_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    company: _fields_pb2.StringObject
    number: _fields_pb2.StringObject
    def __init__(self, company: _Optional[_Union[_fields_pb2.StringObject, _Mapping]] = ..., number: _Optional[_Union[_fields_pb2.StringObject, _Mapping]] = ...) -> None: ...

class SubResult(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Item]
    def __init__(self, items: _Optional[_Iterable[_Union[Item, _Mapping]]] = ...) -> None: ...

class Item(_message.Message):
    __slots__ = ("name", "code", "count", "price_info")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    PRICE_INFO_FIELD_NUMBER: _ClassVar[int]
    name: _fields_pb2.StringObject
    code: _fields_pb2.StringObject
    count: _fields_pb2.FloatObject
    price_info: PriceInfo
    def __init__(self, name: _Optional[_Union[_fields_pb2.StringObject, _Mapping]] = ..., code: _Optional[_Union[_fields_pb2.StringObject, _Mapping]] = ..., count: _Optional[_Union[_fields_pb2.FloatObject, _Mapping]] = ..., price_info: _Optional[_Union[PriceInfo, _Mapping]] = ...) -> None: ...

class PriceInfo(_message.Message):
    __slots__ = ("price", "unit_price")
    PRICE_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    price: _fields_pb2.FloatObject
    unit_price: _fields_pb2.FloatObject
    def __init__(self, price: _Optional[_Union[_fields_pb2.FloatObject, _Mapping]] = ..., unit_price: _Optional[_Union[_fields_pb2.FloatObject, _Mapping]] = ...) -> None: ...

class TotalPrice(_message.Message):
    __slots__ = ("price", "credit_card_price")
    PRICE_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CARD_PRICE_FIELD_NUMBER: _ClassVar[int]
    price: _fields_pb2.FloatObject
    credit_card_price: _fields_pb2.FloatObject
    def __init__(self, price: _Optional[_Union[_fields_pb2.FloatObject, _Mapping]] = ..., credit_card_price: _Optional[_Union[_fields_pb2.FloatObject, _Mapping]] = ...) -> None: ...

class SubTotal(_message.Message):
    __slots__ = ("sub_total_price",)
    SUB_TOTAL_PRICE_FIELD_NUMBER: _ClassVar[int]
    sub_total_price: _fields_pb2.FloatObject
    def __init__(self, sub_total_price: _Optional[_Union[_fields_pb2.FloatObject, _Mapping]] = ...) -> None: ...
