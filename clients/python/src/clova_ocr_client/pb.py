"""The gateway's generated protobuf modules (clova.ocr.document.v1), shipped with the client.

from clova_ocr_client import pb
request = pb.service_pb2.RecognizeReceiptRequest(image=pb.image_pb2.Image(content=data))
stub = pb.service_pb2_grpc.DocumentOcrServiceStub(channel)
"""

from __future__ import annotations

from clova_ocr_client._gen.clova.ocr.document.v1 import (
    biz_license_pb2,
    clova_api_pb2,
    credit_card_pb2,
    fields_pb2,
    geometry_pb2,
    id_card_pb2,
    image_pb2,
    medical_receipt_pb2,
    name_card_pb2,
    passport_pb2,
    receipt_pb2,
)
from clova_ocr_client._gen.clova.ocr.document.v1 import (
    document_ocr_service_pb2 as service_pb2,
)
from clova_ocr_client._gen.clova.ocr.document.v1 import (
    document_ocr_service_pb2_grpc as service_pb2_grpc,
)

SERVICE_NAME = "clova.ocr.document.v1.DocumentOcrService"

__all__ = [
    "SERVICE_NAME",
    "biz_license_pb2",
    "clova_api_pb2",
    "credit_card_pb2",
    "fields_pb2",
    "geometry_pb2",
    "id_card_pb2",
    "image_pb2",
    "medical_receipt_pb2",
    "name_card_pb2",
    "passport_pb2",
    "receipt_pb2",
    "service_pb2",
    "service_pb2_grpc",
]
