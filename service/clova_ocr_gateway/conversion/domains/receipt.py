"""Receipt: CLOVA's "receipt" object to `Receipt`."""

from __future__ import annotations

from typing import Final

from clova.ocr.document.v1 import receipt_pb2

from .._tolerant import AliasTable, compile_converter

ALIASES: Final[AliasTable] = {
    # The field's JSON name is "price" (as CLOVA answers); the reference's table says "priceInfo".
    receipt_pb2.Item: {"priceInfo": "price"},
    # The reference's table says "address", its example and real answers say "addresses".
    receipt_pb2.StoreInfo: {"address": "addresses"},
}

convert = compile_converter(receipt_pb2.Receipt, aliases=ALIASES)
