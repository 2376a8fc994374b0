from __future__ import annotations

import pytest

from clova_ocr_client import detect_format, document_type_value, image_name
from clova_ocr_client.pb import image_pb2, service_pb2

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
PDF = b"%PDF-1.7\n" + b"\x00" * 16
TIFF_LE = b"II*\x00" + b"\x00" * 16
TIFF_BE = b"MM\x00*" + b"\x00" * 16


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (JPEG, None, image_pb2.IMAGE_FORMAT_JPG),
        (JPEG, "photo.jpeg", image_pb2.IMAGE_FORMAT_JPEG),
        (JPEG, "photo.JPG", image_pb2.IMAGE_FORMAT_JPG),
        (JPEG, "photo.png", image_pb2.IMAGE_FORMAT_JPG),  # the bytes win
        (PNG, "scan.bin", image_pb2.IMAGE_FORMAT_PNG),
        (PDF, None, image_pb2.IMAGE_FORMAT_PDF),
        (b"\n\n" + PDF, None, image_pb2.IMAGE_FORMAT_PDF),  # header within the first KiB
        (TIFF_LE, "scan.tif", image_pb2.IMAGE_FORMAT_TIF),
        (TIFF_BE, "scan.tiff", image_pb2.IMAGE_FORMAT_TIFF),
        (TIFF_BE, None, image_pb2.IMAGE_FORMAT_TIFF),
        (b"????", "unknown.png", image_pb2.IMAGE_FORMAT_PNG),  # extension as a fallback
        (b"????", "unknown.dat", image_pb2.IMAGE_FORMAT_UNSPECIFIED),
        (b"", None, image_pb2.IMAGE_FORMAT_UNSPECIFIED),
    ],
)
def test_detect_format(content: bytes, filename: str | None, expected: int) -> None:
    assert detect_format(content, filename) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("receipt", service_pb2.DOCUMENT_TYPE_RECEIPT),
        ("credit-card", service_pb2.DOCUMENT_TYPE_CREDIT_CARD),
        ("NAME_CARD", service_pb2.DOCUMENT_TYPE_NAME_CARD),
        ("biz_license", service_pb2.DOCUMENT_TYPE_BIZ_LICENSE),
        ("business_license", service_pb2.DOCUMENT_TYPE_BIZ_LICENSE),
        ("DOCUMENT_TYPE_ID_CARD", service_pb2.DOCUMENT_TYPE_ID_CARD),
        ("medical_receipt", service_pb2.DOCUMENT_TYPE_MEDICAL_RECEIPT),
        (service_pb2.DOCUMENT_TYPE_PASSPORT, service_pb2.DOCUMENT_TYPE_PASSPORT),
    ],
)
def test_document_type_value(value: int | str, expected: int) -> None:
    assert document_type_value(value) == expected


@pytest.mark.parametrize("value", ["unspecified", "invoice", 0, 99])
def test_document_type_value_rejects(value: int | str) -> None:
    with pytest.raises(ValueError, match="unknown document type"):
        document_type_value(value)


def test_image_name() -> None:
    assert image_name("/tmp/scans/receipt 01.jpg") == "receipt 01.jpg"
    assert image_name("a\x07b.png") == "ab.png"
    assert len(image_name("x" * 300 + ".png")) == 128
