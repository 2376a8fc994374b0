"""ID card: CLOVA's "idCard" object to `IdCard`."""

from __future__ import annotations

from typing import Final

from clova.ocr.document.v1 import id_card_pb2

from .._tolerant import AliasTable, compile_converter

ALIASES: Final[AliasTable] = {
    # The reference's table says "IDType", its example says "idtype"; "idType" is the
    # camelCase a JSON mapper would produce.
    id_card_pb2.IdCardResult: {"idtype": "IDType", "idType": "IDType"},
}

convert = compile_converter(id_card_pb2.IdCard, aliases=ALIASES)
