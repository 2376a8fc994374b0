"""Shared test data: the reference examples and variants copied into tests/fixtures/clova."""

from __future__ import annotations

from pathlib import Path

import orjson

from clova_ocr_gateway.domains import Domain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "clova"
VARIANTS = FIXTURES / "variants"


def example_body(domain: Domain) -> bytes:
    """The vendor reference's example answer for `domain`, as CLOVA would send it."""
    return (FIXTURES / f"{domain.name.lower()}.json").read_bytes()


def example_answer(domain: Domain) -> dict[str, object]:
    answer = orjson.loads(example_body(domain))
    assert isinstance(answer, dict)
    return answer


def variant_body(name: str) -> bytes:
    return (VARIANTS / f"{name}.json").read_bytes()
