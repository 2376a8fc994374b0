"""CLOVA answers carrying canary identifiers in every place the reference puts one (text and
formatted value, MRZ raw and refined text), plus copies where no rule looks, for the PII tests.

`HIDDEN` lists, per answer, the substrings masking must remove from every surface: the parts of
each number a masked caller may not see (the kept parts, e.g. a birth date, are not listed).
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

from clova_ocr_gateway.domains import Domain

# The national ID card. The masked form keeps the birth date and the digit after the hyphen.
IC_RRN = "850317-2917364"
# The driver's licence: its number (region 11 stays) and the holder's registration number.
DL_NUM = "11-74-538291-46"
DL_RRN = "770412-1846250"
# The passport read by the ID card domain: number, personal number and both MRZ lines.
PP_NUM = "M48291735"
PP_RRN = "920815-2639471"
PP_MRZ1 = "PMKORKIM<<MINJI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<"
PP_MRZ2 = "M482917357KOR9208152F3011234V26394718<<<<<<08"
# The alien registration card: the number and its "etc" item.
AC_ARN = "880921-5736184"
AC_ARN_ETC = "5742918"
# The passport domain (MRZ).
MRZ_DOC = "M71649283"
MRZ_PERSONAL = "V6183920475216"
MRZ_LINES = (
    "PMKORPARK<<JIHO<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\nM716492834KOR8806249M3203157V61839204752160"
)
# The credit card, with the groups a card shows.
CARD = "4929 1846 7302 5518"

HIDDEN: dict[str, tuple[str, ...]] = {
    "ic": ("917364", "8503172917364"),
    "dl": ("538291", "7453829146", "846250", "7704121846250"),
    "pp": ("48291735", "639471", "KIM<<MINJI", "M482917357KOR", "9208152F30112"),
    "ac": ("736184", "8809215736184", "742918"),
    "passport": (
        "71649283",
        "6183920475216",
        "PARK<<JIHO",
        "M716492834KOR",
        "8806249M3203157",
    ),
    "credit-card": ("4929 1846 7302", "492918467302", "4929184673025518"),
}
# What a masked caller does see.
MASKED_FORMS: dict[str, tuple[str, ...]] = {
    "ic": ("850317-2******",),
    "dl": ("11-**-******-**", "770412-1******"),
    "pp": ("*********", "920815-2******"),
    "ac": ("880921-5******", "5******"),
    "passport": ("*********",),
    "credit-card": ("**** **** **** 5518",),
}


def vendor_example(domain: Domain) -> dict[str, Any]:
    package = resources.files("clova_ocr_gateway.emulator.fixtures")
    name = f"{domain.name.lower()}.json"
    loaded: dict[str, Any] = json.loads((package / name).read_bytes())
    return loaded


def _poly(x: float, y: float) -> dict[str, Any]:
    corners = ((x, y), (x + 100, y), (x + 100, y + 20), (x, y + 20))
    return {"vertices": [{"x": cx, "y": cy} for cx, cy in corners]}


def string_object(value: str, y: float) -> list[dict[str, Any]]:
    """A StringObject as CLOVA sends it for ID items: text, formatted value, geometry."""
    return [
        {
            "text": value,
            "formatted": {"value": value},
            "boundingPolys": [_poly(10, y)],
            "maskingPolys": [_poly(12, y + 1)],
        }
    ]


def id_card_answer(kind: str) -> dict[str, Any]:
    """The vendor's ID card answer with the result of one kind of document: ic, dl, pp, ac."""
    answer = vendor_example(Domain.ID_CARD)
    result = answer["images"][0]["idCard"]["result"]
    ic = result.pop("ic")
    name = ic["name"]
    if kind == "ic":
        ic["personalNum"] = string_object(IC_RRN, 166)
        result["ic"] = ic
        result["idtype"] = "ID Card"
        copied = [IC_RRN]
    elif kind == "dl":
        result["dl"] = {
            "type": [{"text": "1종보통", "boundingPolys": [_poly(10, 40)]}],
            "num": string_object(DL_NUM, 60),
            "name": name,
            "personalNum": string_object(DL_RRN, 80),
        }
        result["idtype"] = "Driver's License"
        copied = [DL_NUM, DL_RRN]
    elif kind == "pp":
        result["pp"] = {
            "num": string_object(PP_NUM, 60),
            "surName": string_object("KIM", 80),
            "personalNum": string_object(PP_RRN, 100),
            "MRZ1": string_object(PP_MRZ1, 300),
            "MRZ2": string_object(PP_MRZ2, 320),
        }
        result["idtype"] = "Passport"
        copied = [PP_NUM]
    elif kind == "ac":
        result["ac"] = {
            "alienRegNum": string_object(AC_ARN, 60),
            "name": name,
            "alienRegNumEtc": string_object(AC_ARN_ETC, 80),
        }
        result["idtype"] = "Alien Registration Card"
        copied = [AC_ARN]
    else:
        raise ValueError(kind)
    # Copies where no rule looks (a key CLOVA might add one day), also written without their
    # separators: masked all the same.
    answer["images"][0]["remark"] = "read " + ", ".join(_bare(n) for n in copied)
    return answer


def _bare(number: str) -> str:
    return number.replace("-", "").replace(" ", "")


def passport_answer() -> dict[str, Any]:
    answer = vendor_example(Domain.PASSPORT)
    result = answer["images"][0]["passport"]["passportResult"]
    result["documentNumber"] = {"rawText": MRZ_DOC, "refinedText": MRZ_DOC, "postprocessed": []}
    result["personalNumber"] = {
        "rawText": MRZ_PERSONAL,
        "refinedText": MRZ_PERSONAL,
        "postprocessed": [],
    }
    # The reference's own padded key for the refined text.
    result["mrzLines"] = {"rawText": MRZ_LINES, "refinedText ": MRZ_LINES, "postprocessed": [1]}
    return answer


def credit_card_answer() -> dict[str, Any]:
    answer = vendor_example(Domain.CREDIT_CARD)
    number = answer["images"][0]["creditCard"]["result"]["number"]
    number["text"] = CARD
    answer["images"][0]["remark"] = f"card {_bare(CARD)}"
    return answer


def answers() -> list[tuple[str, Domain, dict[str, Any]]]:
    """(case, domain, answer) for the four ID card kinds, the passport and the credit card."""
    cases = [(kind, Domain.ID_CARD, id_card_answer(kind)) for kind in ("ic", "dl", "pp", "ac")]
    cases.append(("passport", Domain.PASSPORT, passport_answer()))
    cases.append(("credit-card", Domain.CREDIT_CARD, credit_card_answer()))
    return [(case, domain, copy.deepcopy(answer)) for case, domain, answer in cases]
