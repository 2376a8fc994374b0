from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ImageFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMAGE_FORMAT_UNSPECIFIED: _ClassVar[ImageFormat]
    IMAGE_FORMAT_JPG: _ClassVar[ImageFormat]
    IMAGE_FORMAT_JPEG: _ClassVar[ImageFormat]
    IMAGE_FORMAT_PNG: _ClassVar[ImageFormat]
    IMAGE_FORMAT_PDF: _ClassVar[ImageFormat]
    IMAGE_FORMAT_TIF: _ClassVar[ImageFormat]
    IMAGE_FORMAT_TIFF: _ClassVar[ImageFormat]
    IMAGE_FORMAT_WEBP: _ClassVar[ImageFormat]
    IMAGE_FORMAT_BMP: _ClassVar[ImageFormat]
    IMAGE_FORMAT_GIF: _ClassVar[ImageFormat]
    IMAGE_FORMAT_HEIC: _ClassVar[ImageFormat]
    IMAGE_FORMAT_HEIF: _ClassVar[ImageFormat]

class InferResult(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INFER_RESULT_UNSPECIFIED: _ClassVar[InferResult]
    INFER_RESULT_SUCCESS: _ClassVar[InferResult]
    INFER_RESULT_FAILURE: _ClassVar[InferResult]
    INFER_RESULT_ERROR: _ClassVar[InferResult]

class ValidationResultCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VALIDATION_RESULT_CODE_UNSPECIFIED: _ClassVar[ValidationResultCode]
    VALIDATION_RESULT_CODE_NO_REQUESTED: _ClassVar[ValidationResultCode]
    VALIDATION_RESULT_CODE_UNCHECKED: _ClassVar[ValidationResultCode]
    VALIDATION_RESULT_CODE_ERROR: _ClassVar[ValidationResultCode]
    VALIDATION_RESULT_CODE_VALID: _ClassVar[ValidationResultCode]
    VALIDATION_RESULT_CODE_INVALID: _ClassVar[ValidationResultCode]
IMAGE_FORMAT_UNSPECIFIED: ImageFormat
IMAGE_FORMAT_JPG: ImageFormat
IMAGE_FORMAT_JPEG: ImageFormat
IMAGE_FORMAT_PNG: ImageFormat
IMAGE_FORMAT_PDF: ImageFormat
IMAGE_FORMAT_TIF: ImageFormat
IMAGE_FORMAT_TIFF: ImageFormat
IMAGE_FORMAT_WEBP: ImageFormat
IMAGE_FORMAT_BMP: ImageFormat
IMAGE_FORMAT_GIF: ImageFormat
IMAGE_FORMAT_HEIC: ImageFormat
IMAGE_FORMAT_HEIF: ImageFormat
INFER_RESULT_UNSPECIFIED: InferResult
INFER_RESULT_SUCCESS: InferResult
INFER_RESULT_FAILURE: InferResult
INFER_RESULT_ERROR: InferResult
VALIDATION_RESULT_CODE_UNSPECIFIED: ValidationResultCode
VALIDATION_RESULT_CODE_NO_REQUESTED: ValidationResultCode
VALIDATION_RESULT_CODE_UNCHECKED: ValidationResultCode
VALIDATION_RESULT_CODE_ERROR: ValidationResultCode
VALIDATION_RESULT_CODE_VALID: ValidationResultCode
VALIDATION_RESULT_CODE_INVALID: ValidationResultCode

class Image(_message.Message):
    __slots__ = ("content", "format", "name")
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    format: ImageFormat
    name: str
    def __init__(self, content: _Optional[bytes] = ..., format: _Optional[_Union[ImageFormat, str]] = ..., name: _Optional[str] = ...) -> None: ...

class ValidationResult(_message.Message):
    __slots__ = ("result", "message")
    RESULT_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    result: ValidationResultCode
    message: str
    def __init__(self, result: _Optional[_Union[ValidationResultCode, str]] = ..., message: _Optional[str] = ...) -> None: ...

class ConvertedImageInfo(_message.Message):
    __slots__ = ("width", "height", "page_index")
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    PAGE_INDEX_FIELD_NUMBER: _ClassVar[int]
    width: int
    height: int
    page_index: int
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ..., page_index: _Optional[int] = ...) -> None: ...

class ImageInfo(_message.Message):
    __slots__ = ("uid", "name", "infer_result", "message", "validation_result", "converted_image_info")
    UID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    INFER_RESULT_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    VALIDATION_RESULT_FIELD_NUMBER: _ClassVar[int]
    CONVERTED_IMAGE_INFO_FIELD_NUMBER: _ClassVar[int]
    uid: str
    name: str
    infer_result: InferResult
    message: str
    validation_result: ValidationResult
    converted_image_info: ConvertedImageInfo
    def __init__(self, uid: _Optional[str] = ..., name: _Optional[str] = ..., infer_result: _Optional[_Union[InferResult, str]] = ..., message: _Optional[str] = ..., validation_result: _Optional[_Union[ValidationResult, _Mapping]] = ..., converted_image_info: _Optional[_Union[ConvertedImageInfo, _Mapping]] = ...) -> None: ...

class ResponseHeader(_message.Message):
    __slots__ = ("version", "request_id", "timestamp_millis", "pii_masked")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_MILLIS_FIELD_NUMBER: _ClassVar[int]
    PII_MASKED_FIELD_NUMBER: _ClassVar[int]
    version: str
    request_id: str
    timestamp_millis: int
    pii_masked: bool
    def __init__(self, version: _Optional[str] = ..., request_id: _Optional[str] = ..., timestamp_millis: _Optional[int] = ..., pii_masked: _Optional[bool] = ...) -> None: ...
