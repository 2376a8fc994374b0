"""Business license: CLOVA's "bizLicense" object to `BizLicense`."""

from __future__ import annotations

from clova.ocr.document.v1 import biz_license_pb2

from .._tolerant import compile_converter

convert = compile_converter(biz_license_pb2.BizLicense)
