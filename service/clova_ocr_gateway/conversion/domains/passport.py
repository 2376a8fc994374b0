"""Passport: CLOVA's "passport" object to `Passport`.

The reference's " passportResult" and "refinedText " keys need no alias: keys are matched after
stripping whitespace.
"""

from __future__ import annotations

from clova.ocr.document.v1 import passport_pb2

from .._tolerant import compile_converter

convert = compile_converter(passport_pb2.Passport)
