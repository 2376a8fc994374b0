"""Client of clova-ocr-gateway (gRPC clova.ocr.document.v1.DocumentOcrService).

    from clova_ocr_client import connect, GatewayError

    with connect("127.0.0.1:50051") as client:
        try:
            response = client.recognize_file("receipt.jpg", document_type="receipt")
        except GatewayError as err:
            print(err.code, err.reason, err.clova_code, err.retry_delay)
        else:
            print(response.receipt.result.store_info.name.formatted.value)

Needs only grpcio, grpcio-status, protobuf and googleapis-common-protos; the generated stubs are
shipped in clova_ocr_client._gen (use them through clova_ocr_client.pb).
"""

from __future__ import annotations

from clova_ocr_client import pb
from clova_ocr_client.client import (
    DEFAULT_DOCUMENT_TIMEOUT,
    DEFAULT_TIMEOUT,
    AsyncClient,
    BatchItem,
    Client,
    TokenFile,
    connect,
    connect_async,
    default_service_config,
    tls_credentials,
)
from clova_ocr_client.errors import ERROR_DOMAIN, GatewayError
from clova_ocr_client.formats import detect_format, document_type_value, image_name

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_DOCUMENT_TIMEOUT",
    "DEFAULT_TIMEOUT",
    "ERROR_DOMAIN",
    "AsyncClient",
    "BatchItem",
    "Client",
    "GatewayError",
    "TokenFile",
    "__version__",
    "connect",
    "connect_async",
    "default_service_config",
    "detect_format",
    "document_type_value",
    "image_name",
    "pb",
    "tls_credentials",
]
