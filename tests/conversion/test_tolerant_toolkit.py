"""The scalar coercions every converter shares: what each accepts and what it refuses."""

from __future__ import annotations

import pytest

from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.conversion._tolerant import (
    INT32_RANGE,
    UINT32_RANGE,
    as_bool,
    as_float,
    as_int,
    as_str,
    enum_short_names,
)

AS_STR = [
    ("text", "text"),
    ("", ""),
    (123, "123"),
    (-7, "-7"),
    (64.0, "64"),
    (-0.0, "0"),
    (1e20, "100000000000000000000"),
    (0.93, "0.93"),
    (1.5e-7, "1.5e-07"),
    (True, None),
    (None, None),
    ([], None),
    ({}, None),
]


@pytest.mark.parametrize(("value", "expected"), AS_STR)
def test_as_str(value: object, expected: str | None) -> None:
    assert as_str(value) == expected


AS_FLOAT = [
    (0.5, 0.5),
    (3, 3.0),
    ("0.93", 0.93),
    (" 12 ", 12.0),
    ("-1.5e3", -1500.0),
    (".5", 0.5),
    ("5.", 5.0),
    ("1,600", None),
    (" 1,600 ", None),
    ("1_000", None),
    ("nan", None),
    ("inf", None),
    ("1e400", None),
    ("١٢", None),
    ("", None),
    ("1" * 65, None),
    (10**400, None),
    (True, None),
    (None, None),
    ([1.0], None),
]


@pytest.mark.parametrize(("value", "expected"), AS_FLOAT)
def test_as_float(value: object, expected: float | None) -> None:
    assert as_float(value) == expected


AS_INT32 = [
    (12, 12),
    (12.0, 12),
    ("12", 12),
    (" -12 ", -12),
    ("12.0", 12),
    ("1e3", 1000),
    (12.5, None),
    ("12.5", None),
    ("twelve", None),
    (2**31 - 1, 2**31 - 1),
    (2**31, None),
    (-(2**31), -(2**31)),
    (float("inf"), None),
    (float("nan"), None),
    ("9" * 5000, None),
    (True, None),
    (None, None),
]


@pytest.mark.parametrize(("value", "expected"), AS_INT32)
def test_as_int_within_int32(value: object, expected: int | None) -> None:
    assert as_int(value, INT32_RANGE) == expected


def test_as_int_respects_unsigned_bounds() -> None:
    assert as_int(-1, UINT32_RANGE) is None
    assert as_int(2**32 - 1, UINT32_RANGE) == 2**32 - 1


AS_BOOL = [
    (True, True),
    (False, False),
    (1, True),
    (0, False),
    (1.0, True),
    (0.0, False),
    ("true", True),
    (" False ", False),
    ("TRUE", True),
    ("1", True),
    ("0", False),
    (2, None),
    ("yes", None),
    ("", None),
    (None, None),
    ([True], None),
]


@pytest.mark.parametrize(("value", "expected"), AS_BOOL)
def test_as_bool(value: object, expected: bool | None) -> None:
    assert as_bool(value) is expected


def test_enum_short_names_drop_the_enum_prefix() -> None:
    assert enum_short_names(image_pb2.InferResult.DESCRIPTOR) == {
        "UNSPECIFIED": 0,
        "SUCCESS": 1,
        "FAILURE": 2,
        "ERROR": 3,
    }
    assert enum_short_names(image_pb2.ValidationResultCode.DESCRIPTOR)["NO_REQUESTED"] == 1
