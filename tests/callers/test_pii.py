"""Masking personal identifiers as data: the masks keep exactly what they say, and applied to the
canary answers (the four ID card kinds, the passport, the credit card) no hidden part of any
number is left in the typed result or the raw answer, in any encoding, while geometry stays."""

from __future__ import annotations

import copy

import orjson
import pytest
from google.protobuf import json_format
from google.protobuf.message import Message
from hypothesis import given
from hypothesis import strategies as st
from pii_canaries import HIDDEN, MASKED_FORMS, answers, credit_card_answer, id_card_answer

from clova.ocr.document.v1 import geometry_pb2
from clova_ocr_gateway.callers.pii import (
    MASKS,
    RULES,
    CharacterMask,
    Identifier,
    find_identifiers,
    mask_answer,
)
from clova_ocr_gateway.conversion.answer import convert_answer, to_struct
from clova_ocr_gateway.domains import Domain


@pytest.mark.parametrize(
    ("identifier", "value", "masked"),
    [
        (Identifier.RESIDENT_REGISTRATION_NUMBER, "900101-1234567", "900101-1******"),
        (Identifier.RESIDENT_REGISTRATION_NUMBER, "9001011234567", "9001011******"),
        (Identifier.RESIDENT_REGISTRATION_NUMBER, "900101 - 1234567", "900101 - 1******"),
        # Only the part after the hyphen (old passports print it alone): the first digit stays.
        (Identifier.RESIDENT_REGISTRATION_NUMBER, "1234567", "1******"),
        (Identifier.RESIDENT_REGISTRATION_NUMBER, "12345", "*****"),
        (Identifier.ALIEN_REGISTRATION_NUMBER, "880921-5736184", "880921-5******"),
        (Identifier.DRIVER_LICENSE_NUMBER, "11-74-538291-46", "11-**-******-**"),
        (Identifier.DRIVER_LICENSE_NUMBER, "서울 74-538291-46", "서울 **-******-**"),
        (Identifier.DRIVER_LICENSE_NUMBER, "538291", "******"),
        (Identifier.PASSPORT_NUMBER, "M48291735", "*********"),
        (Identifier.MRZ, "P<KOR<<\nM123<<", "*******\n******"),
        (Identifier.CARD_NUMBER, "4929 1846 7302 5518", "**** **** **** 5518"),
        (Identifier.CARD_NUMBER, "4929-1846-7302-5518", "****-****-****-5518"),
        (Identifier.CARD_NUMBER, "49291846", "********"),
    ],
)
def test_each_identifier_keeps_only_what_its_mask_says(
    identifier: Identifier, value: str, masked: str
) -> None:
    assert MASKS[identifier].apply(value) == masked


@given(
    st.text(max_size=40),
    st.integers(0, 10),
    st.booleans(),
    st.integers(0, 10),
    st.sampled_from(["", "- ", "\n"]),
)
def test_a_mask_keeps_length_separators_and_at_most_keep_characters(
    value: str, keep: int, from_end: bool, min_masked: int, ignore: str
) -> None:
    mask = CharacterMask(
        masking_character="#",
        keep=keep,
        from_end=from_end,
        min_masked=min_masked,
        characters_to_ignore=ignore,
    )
    masked = mask.apply(value)
    assert len(masked) == len(value)
    significant = [(a, b) for a, b in zip(value, masked, strict=True) if a not in ignore]
    # A character is either shown as it was or replaced by the mask character.
    assert all(b in (a, "#") for a, b in significant)
    shown = [a for a, b in significant if b != "#"]
    assert len(shown) <= max(0, min(keep, len(significant) - min_masked))
    assert all(a == b for a, b in zip(value, masked, strict=True) if a in ignore)


def polys(message: Message) -> list[geometry_pb2.BoundingPoly]:
    """Every BoundingPoly in a message, in order (geometry must survive masking)."""
    found: list[geometry_pb2.BoundingPoly] = []
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        items = value if field.is_repeated else [value]
        for item in items:
            if isinstance(item, geometry_pb2.BoundingPoly):
                found.append(item)
            else:
                found.extend(polys(item))
    return found


def surfaces(result: Message | None, raw: dict[str, object]) -> bytes:
    """Every encoding a caller could receive: binary and JSON of the result, the raw JSON and
    the raw Struct."""
    assert result is not None
    return b"\n".join(
        (
            result.SerializeToString(),
            json_format.MessageToJson(result, ensure_ascii=False).encode(),
            orjson.dumps(raw),
            to_struct(raw).SerializeToString(),
        )
    )


@pytest.mark.parametrize(("case", "domain", "answer"), answers(), ids=lambda v: str(v)[:12])
def test_no_hidden_part_of_any_number_is_left_anywhere(
    case: str, domain: Domain, answer: dict[str, object]
) -> None:
    converted = convert_answer(domain, orjson.dumps(answer))
    assert converted.result is not None
    clear = surfaces(converted.result, converted.raw)
    for hidden in HIDDEN[case]:
        assert hidden.encode() in clear, f"canary {hidden} is not in the answer at all"
    geometry = polys(converted.result)

    masking = mask_answer(domain, converted.result, converted.raw)

    assert masking.found
    masked = surfaces(converted.result, converted.raw)
    for hidden in HIDDEN[case]:
        assert hidden.encode() not in masked, f"{case}: {hidden} left unmasked"
    typed_json = json_format.MessageToJson(converted.result, ensure_ascii=False)
    for form in MASKED_FORMS[case]:
        assert form in typed_json, f"{case}: expected {form} in the typed result"
    assert polys(converted.result) == geometry  # boundingPolys and maskingPolys stay


def test_find_reports_the_fields_and_changes_nothing() -> None:
    answer = id_card_answer("dl")
    converted = convert_answer(Domain.ID_CARD, orjson.dumps(answer))
    before = (converted.result.SerializeToString(), copy.deepcopy(converted.raw))  # type: ignore[union-attr]
    fields = find_identifiers(Domain.ID_CARD, converted.result, converted.raw)
    assert fields == {"idCard.result.dl.num", "idCard.result.dl.personalNum"}
    assert (converted.result.SerializeToString(), converted.raw) == before  # type: ignore[union-attr]


def test_a_number_sent_as_a_json_number_is_masked_too() -> None:
    answer = credit_card_answer()
    answer["images"][0]["creditCard"]["result"]["number"]["text"] = 4929184673025518  # type: ignore[index]
    converted = convert_answer(Domain.CREDIT_CARD, orjson.dumps(answer))
    mask_answer(Domain.CREDIT_CARD, converted.result, converted.raw)
    assert b"492918467302" not in surfaces(converted.result, converted.raw)
    assert b"************5518" in orjson.dumps(converted.raw)


def test_domains_without_identifiers_are_left_alone() -> None:
    from pii_canaries import vendor_example

    answer = vendor_example(Domain.RECEIPT)
    converted = convert_answer(Domain.RECEIPT, orjson.dumps(answer))
    before = orjson.dumps(converted.raw)
    assert not mask_answer(Domain.RECEIPT, converted.result, converted.raw).found
    assert orjson.dumps(converted.raw) == before


def test_every_rule_names_a_field_of_its_domain() -> None:
    names = {rule.name for rule in RULES}
    assert "idCard.result.pp.MRZ1" in names and "creditCard.result.number" in names
    assert {rule.domain for rule in RULES} == {Domain.ID_CARD, Domain.PASSPORT, Domain.CREDIT_CARD}
