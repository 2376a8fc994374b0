from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ClovaRequest(_message.Message):
    __slots__ = ("version", "request_id", "timestamp", "images")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    IMAGES_FIELD_NUMBER: _ClassVar[int]
    version: str
    request_id: str
    timestamp: int
    images: _containers.RepeatedCompositeFieldContainer[ClovaRequestImage]
    def __init__(self, version: _Optional[str] = ..., request_id: _Optional[str] = ..., timestamp: _Optional[int] = ..., images: _Optional[_Iterable[_Union[ClovaRequestImage, _Mapping]]] = ...) -> None: ...

class ClovaRequestImage(_message.Message):
    __slots__ = ("format", "name", "data")
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    format: str
    name: str
    data: bytes
    def __init__(self, format: _Optional[str] = ..., name: _Optional[str] = ..., data: _Optional[bytes] = ...) -> None: ...

class ClovaError(_message.Message):
    __slots__ = ("code", "message", "path", "timestamp", "http_status")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    HTTP_STATUS_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    path: str
    timestamp: int
    http_status: int
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ..., path: _Optional[str] = ..., timestamp: _Optional[int] = ..., http_status: _Optional[int] = ...) -> None: ...
