"""Name card: CLOVA's "nameCard" object to `NameCard`."""

from __future__ import annotations

from clova.ocr.document.v1 import name_card_pb2

from .._tolerant import compile_converter

convert = compile_converter(name_card_pb2.NameCard)
