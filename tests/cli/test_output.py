"""The readable rendering, in-process: every domain's lines look alike, values stay on one line,
and every detail of a failed call is shown."""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf import any_pb2, duration_pb2
from google.protobuf.json_format import MessageToDict
from google.rpc import error_details_pb2 as rpc
from hypothesis import given
from hypothesis import strategies as st

from clova.ocr.document.v1 import clova_api_pb2, image_pb2
from clova_ocr_gateway.cli.output import error_lines, result_lines, scalar_text
from clova_ocr_gateway.conversion import convert_answer
from clova_ocr_gateway.domains import Domain
from tests.conversion._support import example_body


def lines_of(domain: Domain) -> list[str]:
    result = convert_answer(domain, example_body(domain)).result
    assert result is not None
    return list(result_lines(MessageToDict(result)))


@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
def test_every_domain_prints_its_own_field_names_first_one_per_line(domain: Domain) -> None:
    lines = lines_of(domain)
    assert lines
    for line in lines:
        path, sep, _ = line.partition(": ")
        assert sep and "\n" not in line
        assert not path.startswith(("result.", "passportResult.")), line
        assert not any(geometry in path for geometry in ("boundingPoly", "vertices", "rois"))


def test_passport_mrz_lines_keep_their_newline_escaped() -> None:
    (raw,) = [line for line in lines_of(Domain.PASSPORT) if line.startswith("mrzLines.rawText: ")]
    assert raw.endswith("<<<<\\nM123A45670KOR8702010F3008150V20000000000000000")


def test_unset_and_all_zero_checksum_blocks_are_left_out() -> None:
    checksum = {
        "sumTreatmentCost": {"found": False, "foundValueSum": 0.0, "foundValueIds": []},
        "totalPaid": {"found": True, "foundTotalSum": 102130.0, "foundTotalIds": [84]},
        "sumPaidByInsurer": {},
    }
    assert list(result_lines({"checksum": checksum})) == [
        "checksum.totalPaid.found: true",
        "checksum.totalPaid.foundTotalSum: 102130",
        "checksum.totalPaid.foundTotalIds[0]: 84",
    ]


def test_text_objects_show_the_refined_value_when_it_differs() -> None:
    fields = {
        "result": {"a": {"text": "1,600", "formatted": {"value": "1600"}}, "b": {"text": "x"}}
    }
    assert list(result_lines(fields)) == ["a: 1,600 (1600)", "b: x"]


@given(st.text())
def test_any_text_renders_on_one_line(value: str) -> None:
    assert len(f"k: {scalar_text(value)}".splitlines()) <= 1


def packed(*messages: Any) -> list[any_pb2.Any]:
    result = []
    for message in messages:
        detail = any_pb2.Any()
        detail.Pack(message)
        result.append(detail)
    return result


def test_error_lines_show_every_detail_type_the_gateway_sends() -> None:
    details = packed(
        rpc.ErrorInfo(
            reason="UPSTREAM_RATE_LIMITED",
            domain="clova-ocr-gateway",
            metadata={"domain": "receipt"},
        ),
        rpc.RetryInfo(retry_delay=duration_pb2.Duration(seconds=1, nanos=500_000_000)),
        rpc.QuotaFailure(
            violations=[rpc.QuotaFailure.Violation(subject="receipt", description="busy")]
        ),
        rpc.BadRequest(
            field_violations=[
                rpc.BadRequest.FieldViolation(field="image.name", description="bad\nname")
            ]
        ),
        clova_api_pb2.ClovaError(
            code="0025", message="rate", path="/document/receipt", http_status=400
        ),
        image_pb2.ImageInfo(infer_result=image_pb2.INFER_RESULT_FAILURE, message="no", name="scan"),
        rpc.DebugInfo(detail="unknown to the CLI"),
    )
    assert list(error_lines("RESOURCE_EXHAUSTED", "busy", details)) == [
        "error: RESOURCE_EXHAUSTED: busy",
        "  reason: UPSTREAM_RATE_LIMITED (clova-ocr-gateway)",
        "  metadata.domain: receipt",
        "  retry_after: 1.5s",
        "  quota_violation: receipt: busy",
        "  field_violation: image.name: bad\\nname",
        "  clova_error: 0025 rate",
        "  clova_error.path: /document/receipt",
        "  clova_error.http_status: 400",
        "  image.infer_result: FAILURE",
        "  image.message: no",
        "  image.name: scan",
        "  detail: type.googleapis.com/google.rpc.DebugInfo",
    ]
