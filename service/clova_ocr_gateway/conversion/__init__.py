"""Lossless, tolerant conversion of CLOVA's JSON answers into the gateway's typed messages."""

from __future__ import annotations

from .answer import (
    MAX_RAW_DEPTH,
    ConvertedAnswer,
    build_domain_response,
    build_generic_response,
    convert_answer,
    to_struct,
)
from .errors import ConversionError
from .registry import BY_DOCUMENT_TYPE, BY_RPC_NAME, REGISTRY, DomainSpec

__all__ = [
    "BY_DOCUMENT_TYPE",
    "BY_RPC_NAME",
    "MAX_RAW_DEPTH",
    "REGISTRY",
    "ConversionError",
    "ConvertedAnswer",
    "DomainSpec",
    "build_domain_response",
    "build_generic_response",
    "convert_answer",
    "to_struct",
]
