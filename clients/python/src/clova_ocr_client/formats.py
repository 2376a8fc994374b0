"""Image format detection (magic bytes first, then the file extension) and document types."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import PurePath
from typing import Final

from clova_ocr_client.pb import image_pb2, service_pb2

__all__ = [
    "DocumentTypeLike",
    "detect_format",
    "document_type_value",
    "image_name",
]

_MAGICS: Final = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),  # classic TIFF, little endian
    (b"MM\x00*", "tiff"),  # classic TIFF, big endian
    (b"II+\x00", "tiff"),  # BigTIFF
    (b"MM\x00+", "tiff"),
)
_PDF_MAGIC: Final = b"%PDF-"
_PDF_HEADER_WINDOW: Final = 1024  # readers accept the header anywhere in the first KiB

_BY_EXTENSION: Final[dict[str, int]] = {
    ".jpg": image_pb2.IMAGE_FORMAT_JPG,
    ".jpeg": image_pb2.IMAGE_FORMAT_JPEG,
    ".jpe": image_pb2.IMAGE_FORMAT_JPG,
    ".png": image_pb2.IMAGE_FORMAT_PNG,
    ".pdf": image_pb2.IMAGE_FORMAT_PDF,
    ".tif": image_pb2.IMAGE_FORMAT_TIF,
    ".tiff": image_pb2.IMAGE_FORMAT_TIFF,
}
_BY_MAGIC: Final[dict[str, int]] = {
    "jpg": image_pb2.IMAGE_FORMAT_JPG,
    "png": image_pb2.IMAGE_FORMAT_PNG,
    "pdf": image_pb2.IMAGE_FORMAT_PDF,
    "tiff": image_pb2.IMAGE_FORMAT_TIFF,
}
# Extensions that name the same real format as the magic bytes; the extension's spelling wins so
# that CLOVA sees "jpeg" for photo.jpeg and "tif" for scan.tif.
_SAME_FORMAT: Final[dict[str, set[int]]] = {
    "jpg": {image_pb2.IMAGE_FORMAT_JPG, image_pb2.IMAGE_FORMAT_JPEG},
    "tiff": {image_pb2.IMAGE_FORMAT_TIF, image_pb2.IMAGE_FORMAT_TIFF},
}


def _magic_format(content: bytes) -> str | None:
    for magic, name in _MAGICS:
        if content.startswith(magic):
            return name
    if _PDF_MAGIC in content[:_PDF_HEADER_WINDOW]:
        return "pdf"
    return None


def detect_format(content: bytes, filename: str | os.PathLike[str] | None = None) -> int:
    """The ImageFormat enum value for `content`, read from its magic bytes, else the extension.

    Returns IMAGE_FORMAT_UNSPECIFIED when neither tells (e.g. an empty file): the gateway then
    detects the format itself, or rejects the image with INVALID_ARGUMENT / INVALID_IMAGE.
    When the magic bytes and the extension disagree, the bytes win.
    """
    suffix = PurePath(os.fspath(filename)).suffix.lower() if filename is not None else ""
    by_extension = _BY_EXTENSION.get(suffix)
    magic = _magic_format(content)
    if magic is None:
        return by_extension if by_extension is not None else image_pb2.IMAGE_FORMAT_UNSPECIFIED
    if by_extension is not None and by_extension in _SAME_FORMAT.get(magic, set()):
        return by_extension
    return _BY_MAGIC[magic]


_CONTROL_OR_SEPARATOR = re.compile(r"[\x00-\x1f\x7f/\\]")
MAX_NAME_LENGTH: Final = 128


def image_name(filename: str | os.PathLike[str]) -> str:
    """A name for Image.name from a file path: its base name, within the gateway's rules."""
    name = PurePath(os.fspath(filename)).name
    name = "".join(
        ch for ch in name if unicodedata.category(ch)[0] != "C"
    )  # no control/format characters
    name = _CONTROL_OR_SEPARATOR.sub("_", name).strip()
    return name[:MAX_NAME_LENGTH]


DocumentTypeLike = int | str

_ALIASES: Final[dict[str, str]] = {
    "business_license": "biz_license",
    "credit": "credit_card",
    "id": "id_card",
}


def document_type_value(document_type: DocumentTypeLike) -> int:
    """The DocumentType enum value for an enum value or a name.

    Accepts the enum value (pb.service_pb2.DOCUMENT_TYPE_RECEIPT), its name
    ("DOCUMENT_TYPE_RECEIPT"), or the gateway's domain names: "receipt", "credit_card",
    "name_card", "biz_license", "id_card", "medical_receipt", "passport" (case-insensitive,
    "-" and "_" alike).
    """
    enum = service_pb2.DocumentType
    if isinstance(document_type, bool):
        raise TypeError("document_type must be a DocumentType value or name")
    if isinstance(document_type, int):
        if document_type not in set(enum.values()) or document_type == 0:
            raise ValueError(f"unknown document type {document_type}")
        return document_type
    key = document_type.strip().lower().replace("-", "_")
    key = _ALIASES.get(key, key)
    name = key.upper() if key.startswith("document_type_") else f"DOCUMENT_TYPE_{key.upper()}"
    names = [n for n in enum.keys() if n != "DOCUMENT_TYPE_UNSPECIFIED"]  # noqa: SIM118
    if name not in names:
        choices = ", ".join(n.removeprefix("DOCUMENT_TYPE_").lower() for n in names)
        raise ValueError(f"unknown document type {document_type!r}; expected one of {choices}")
    return int(enum.Value(name))
