from clova_ocr_client._gen.clova.ocr.document.v1 import biz_license_pb2 as _biz_license_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import credit_card_pb2 as _credit_card_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import id_card_pb2 as _id_card_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import image_pb2 as _image_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import medical_receipt_pb2 as _medical_receipt_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import name_card_pb2 as _name_card_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import passport_pb2 as _passport_pb2
from clova_ocr_client._gen.clova.ocr.document.v1 import receipt_pb2 as _receipt_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.rpc import status_pb2 as _status_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DocumentType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOCUMENT_TYPE_UNSPECIFIED: _ClassVar[DocumentType]
    DOCUMENT_TYPE_RECEIPT: _ClassVar[DocumentType]
    DOCUMENT_TYPE_CREDIT_CARD: _ClassVar[DocumentType]
    DOCUMENT_TYPE_NAME_CARD: _ClassVar[DocumentType]
    DOCUMENT_TYPE_BIZ_LICENSE: _ClassVar[DocumentType]
    DOCUMENT_TYPE_ID_CARD: _ClassVar[DocumentType]
    DOCUMENT_TYPE_MEDICAL_RECEIPT: _ClassVar[DocumentType]
    DOCUMENT_TYPE_PASSPORT: _ClassVar[DocumentType]
DOCUMENT_TYPE_UNSPECIFIED: DocumentType
DOCUMENT_TYPE_RECEIPT: DocumentType
DOCUMENT_TYPE_CREDIT_CARD: DocumentType
DOCUMENT_TYPE_NAME_CARD: DocumentType
DOCUMENT_TYPE_BIZ_LICENSE: DocumentType
DOCUMENT_TYPE_ID_CARD: DocumentType
DOCUMENT_TYPE_MEDICAL_RECEIPT: DocumentType
DOCUMENT_TYPE_PASSPORT: DocumentType

class RecognizeReceiptRequest(_message.Message):
    __slots__ = ("image", "request_id", "include_raw_response")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    def __init__(self, image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ...) -> None: ...

class RecognizeReceiptResponse(_message.Message):
    __slots__ = ("header", "image", "receipt", "raw_response", "raw_response_json")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    header: _image_pb2.ResponseHeader
    image: _image_pb2.ImageInfo
    receipt: _receipt_pb2.Receipt
    raw_response: _struct_pb2.Struct
    raw_response_json: bytes
    def __init__(self, header: _Optional[_Union[_image_pb2.ResponseHeader, _Mapping]] = ..., image: _Optional[_Union[_image_pb2.ImageInfo, _Mapping]] = ..., receipt: _Optional[_Union[_receipt_pb2.Receipt, _Mapping]] = ..., raw_response: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., raw_response_json: _Optional[bytes] = ...) -> None: ...

class RecognizeCreditCardRequest(_message.Message):
    __slots__ = ("image", "request_id", "include_raw_response")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    def __init__(self, image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ...) -> None: ...

class RecognizeCreditCardResponse(_message.Message):
    __slots__ = ("header", "image", "credit_card", "raw_response", "raw_response_json")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CARD_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    header: _image_pb2.ResponseHeader
    image: _image_pb2.ImageInfo
    credit_card: _credit_card_pb2.CreditCard
    raw_response: _struct_pb2.Struct
    raw_response_json: bytes
    def __init__(self, header: _Optional[_Union[_image_pb2.ResponseHeader, _Mapping]] = ..., image: _Optional[_Union[_image_pb2.ImageInfo, _Mapping]] = ..., credit_card: _Optional[_Union[_credit_card_pb2.CreditCard, _Mapping]] = ..., raw_response: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., raw_response_json: _Optional[bytes] = ...) -> None: ...

class RecognizeNameCardRequest(_message.Message):
    __slots__ = ("image", "request_id", "include_raw_response")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    def __init__(self, image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ...) -> None: ...

class RecognizeNameCardResponse(_message.Message):
    __slots__ = ("header", "image", "name_card", "raw_response", "raw_response_json")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    NAME_CARD_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    header: _image_pb2.ResponseHeader
    image: _image_pb2.ImageInfo
    name_card: _name_card_pb2.NameCard
    raw_response: _struct_pb2.Struct
    raw_response_json: bytes
    def __init__(self, header: _Optional[_Union[_image_pb2.ResponseHeader, _Mapping]] = ..., image: _Optional[_Union[_image_pb2.ImageInfo, _Mapping]] = ..., name_card: _Optional[_Union[_name_card_pb2.NameCard, _Mapping]] = ..., raw_response: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., raw_response_json: _Optional[bytes] = ...) -> None: ...

class RecognizeBusinessLicenseRequest(_message.Message):
    __slots__ = ("image", "request_id", "include_raw_response")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    def __init__(self, image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ...) -> None: ...

class RecognizeBusinessLicenseResponse(_message.Message):
    __slots__ = ("header", "image", "biz_license", "raw_response", "raw_response_json")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    BIZ_LICENSE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    header: _image_pb2.ResponseHeader
    image: _image_pb2.ImageInfo
    biz_license: _biz_license_pb2.BizLicense
    raw_response: _struct_pb2.Struct
    raw_response_json: bytes
    def __init__(self, header: _Optional[_Union[_image_pb2.ResponseHeader, _Mapping]] = ..., image: _Optional[_Union[_image_pb2.ImageInfo, _Mapping]] = ..., biz_license: _Optional[_Union[_biz_license_pb2.BizLicense, _Mapping]] = ..., raw_response: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., raw_response_json: _Optional[bytes] = ...) -> None: ...

class RecognizeIdCardRequest(_message.Message):
    __slots__ = ("image", "request_id", "include_raw_response")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    def __init__(self, image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ...) -> None: ...

class RecognizeIdCardResponse(_message.Message):
    __slots__ = ("header", "image", "id_card", "raw_response", "raw_response_json")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    ID_CARD_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    header: _image_pb2.ResponseHeader
    image: _image_pb2.ImageInfo
    id_card: _id_card_pb2.IdCard
    raw_response: _struct_pb2.Struct
    raw_response_json: bytes
    def __init__(self, header: _Optional[_Union[_image_pb2.ResponseHeader, _Mapping]] = ..., image: _Optional[_Union[_image_pb2.ImageInfo, _Mapping]] = ..., id_card: _Optional[_Union[_id_card_pb2.IdCard, _Mapping]] = ..., raw_response: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., raw_response_json: _Optional[bytes] = ...) -> None: ...

class RecognizeMedicalReceiptRequest(_message.Message):
    __slots__ = ("image", "request_id", "include_raw_response")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    def __init__(self, image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ...) -> None: ...

class RecognizeMedicalReceiptResponse(_message.Message):
    __slots__ = ("header", "image", "medical_receipt", "raw_response", "raw_response_json")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    MEDICAL_RECEIPT_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    header: _image_pb2.ResponseHeader
    image: _image_pb2.ImageInfo
    medical_receipt: _medical_receipt_pb2.MedicalReceipt
    raw_response: _struct_pb2.Struct
    raw_response_json: bytes
    def __init__(self, header: _Optional[_Union[_image_pb2.ResponseHeader, _Mapping]] = ..., image: _Optional[_Union[_image_pb2.ImageInfo, _Mapping]] = ..., medical_receipt: _Optional[_Union[_medical_receipt_pb2.MedicalReceipt, _Mapping]] = ..., raw_response: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., raw_response_json: _Optional[bytes] = ...) -> None: ...

class RecognizePassportRequest(_message.Message):
    __slots__ = ("image", "request_id", "include_raw_response")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    def __init__(self, image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ...) -> None: ...

class RecognizePassportResponse(_message.Message):
    __slots__ = ("header", "image", "passport", "raw_response", "raw_response_json")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    PASSPORT_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    header: _image_pb2.ResponseHeader
    image: _image_pb2.ImageInfo
    passport: _passport_pb2.Passport
    raw_response: _struct_pb2.Struct
    raw_response_json: bytes
    def __init__(self, header: _Optional[_Union[_image_pb2.ResponseHeader, _Mapping]] = ..., image: _Optional[_Union[_image_pb2.ImageInfo, _Mapping]] = ..., passport: _Optional[_Union[_passport_pb2.Passport, _Mapping]] = ..., raw_response: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., raw_response_json: _Optional[bytes] = ...) -> None: ...

class RecognizeRequest(_message.Message):
    __slots__ = ("document_type", "image", "request_id", "include_raw_response")
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    document_type: DocumentType
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    def __init__(self, document_type: _Optional[_Union[DocumentType, str]] = ..., image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ...) -> None: ...

class RecognizeResponse(_message.Message):
    __slots__ = ("header", "image", "receipt", "credit_card", "name_card", "biz_license", "id_card", "medical_receipt", "passport", "raw_response", "document_type", "raw_response_json")
    HEADER_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    CREDIT_CARD_FIELD_NUMBER: _ClassVar[int]
    NAME_CARD_FIELD_NUMBER: _ClassVar[int]
    BIZ_LICENSE_FIELD_NUMBER: _ClassVar[int]
    ID_CARD_FIELD_NUMBER: _ClassVar[int]
    MEDICAL_RECEIPT_FIELD_NUMBER: _ClassVar[int]
    PASSPORT_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RAW_RESPONSE_JSON_FIELD_NUMBER: _ClassVar[int]
    header: _image_pb2.ResponseHeader
    image: _image_pb2.ImageInfo
    receipt: _receipt_pb2.Receipt
    credit_card: _credit_card_pb2.CreditCard
    name_card: _name_card_pb2.NameCard
    biz_license: _biz_license_pb2.BizLicense
    id_card: _id_card_pb2.IdCard
    medical_receipt: _medical_receipt_pb2.MedicalReceipt
    passport: _passport_pb2.Passport
    raw_response: _struct_pb2.Struct
    document_type: DocumentType
    raw_response_json: bytes
    def __init__(self, header: _Optional[_Union[_image_pb2.ResponseHeader, _Mapping]] = ..., image: _Optional[_Union[_image_pb2.ImageInfo, _Mapping]] = ..., receipt: _Optional[_Union[_receipt_pb2.Receipt, _Mapping]] = ..., credit_card: _Optional[_Union[_credit_card_pb2.CreditCard, _Mapping]] = ..., name_card: _Optional[_Union[_name_card_pb2.NameCard, _Mapping]] = ..., biz_license: _Optional[_Union[_biz_license_pb2.BizLicense, _Mapping]] = ..., id_card: _Optional[_Union[_id_card_pb2.IdCard, _Mapping]] = ..., medical_receipt: _Optional[_Union[_medical_receipt_pb2.MedicalReceipt, _Mapping]] = ..., passport: _Optional[_Union[_passport_pb2.Passport, _Mapping]] = ..., raw_response: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., document_type: _Optional[_Union[DocumentType, str]] = ..., raw_response_json: _Optional[bytes] = ...) -> None: ...

class RecognizeDocumentRequest(_message.Message):
    __slots__ = ("document_type", "image", "request_id", "include_raw_response", "pages")
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    document_type: DocumentType
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    pages: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, document_type: _Optional[_Union[DocumentType, str]] = ..., image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ..., pages: _Optional[_Iterable[int]] = ...) -> None: ...

class RecognizeDocumentResponse(_message.Message):
    __slots__ = ("page_number", "page_count", "status", "result")
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    page_number: int
    page_count: int
    status: _status_pb2.Status
    result: RecognizeResponse
    def __init__(self, page_number: _Optional[int] = ..., page_count: _Optional[int] = ..., status: _Optional[_Union[_status_pb2.Status, _Mapping]] = ..., result: _Optional[_Union[RecognizeResponse, _Mapping]] = ...) -> None: ...

class BatchRecognizeRequest(_message.Message):
    __slots__ = ("item_id", "document_type", "image", "request_id", "include_raw_response", "pages")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RAW_RESPONSE_FIELD_NUMBER: _ClassVar[int]
    PAGES_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    document_type: DocumentType
    image: _image_pb2.Image
    request_id: str
    include_raw_response: bool
    pages: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, item_id: _Optional[str] = ..., document_type: _Optional[_Union[DocumentType, str]] = ..., image: _Optional[_Union[_image_pb2.Image, _Mapping]] = ..., request_id: _Optional[str] = ..., include_raw_response: _Optional[bool] = ..., pages: _Optional[_Iterable[int]] = ...) -> None: ...

class BatchRecognizeResponse(_message.Message):
    __slots__ = ("item_id", "page_number", "page_count", "status", "result")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PAGE_COUNT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    page_number: int
    page_count: int
    status: _status_pb2.Status
    result: RecognizeResponse
    def __init__(self, item_id: _Optional[str] = ..., page_number: _Optional[int] = ..., page_count: _Optional[int] = ..., status: _Optional[_Union[_status_pb2.Status, _Mapping]] = ..., result: _Optional[_Union[RecognizeResponse, _Mapping]] = ...) -> None: ...
