"""clova-ocr-gateway: a typed gRPC gateway in front of NAVER CLOVA OCR Document API."""

from __future__ import annotations

__version__ = "0.1.0"
