"""Medical receipt: CLOVA's "medicalReceipt" object to `MedicalReceipt`."""

from __future__ import annotations

from typing import Final

from clova.ocr.document.v1 import medical_receipt_pb2

from .._tolerant import AliasTable, compile_converter

ALIASES: Final[AliasTable] = {
    # Renamed in API v1.0.2; older deployments still answer with the old spelling.
    medical_receipt_pb2.Checksum: {"foundValuesSum": "foundValueSum"},
}

convert = compile_converter(medical_receipt_pb2.MedicalReceipt, aliases=ALIASES)
