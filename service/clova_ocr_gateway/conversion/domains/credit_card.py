"""Credit card: CLOVA's "creditCard" object to `CreditCard`."""

from __future__ import annotations

from clova.ocr.document.v1 import credit_card_pb2

from .._tolerant import compile_converter

convert = compile_converter(credit_card_pb2.CreditCard)
