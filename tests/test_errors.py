"""The error table: one source in errors.py, copied into the README, mapped by meaning."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2

from clova.ocr.document.v1 import clova_api_pb2
from clova_ocr_gateway import errors

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_error_table_is_the_one_in_errors_py() -> None:
    text = README.read_text()
    start = text.index("<!-- error-table:start -->") + len("<!-- error-table:start -->")
    end = text.index("<!-- error-table:end -->")
    assert text[start:end].strip() == errors.error_table_markdown()


@pytest.mark.parametrize(
    ("status", "body", "code", "reason"),
    [
        (
            400,
            b'{"code":"0025","message":"rate"}',
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            "UPSTREAM_RATE_LIMITED",
        ),
        (
            400,
            b'{"code":"0023","message":"quota"}',
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            "UPSTREAM_QUOTA_EXHAUSTED",
        ),
        (
            401,
            b'{"code":"0002","message":"secret"}',
            grpc.StatusCode.INTERNAL,
            "UPSTREAM_CREDENTIALS_REJECTED",
        ),
        (500, b'{"code":"0500"}', grpc.StatusCode.UNAVAILABLE, "UPSTREAM_UNAVAILABLE"),
        (
            502,
            b"<html><body>502 Bad Gateway</body></html>",
            grpc.StatusCode.UNAVAILABLE,
            "UPSTREAM_UNAVAILABLE",
        ),
        (400, b"", grpc.StatusCode.INTERNAL, "UPSTREAM_UNKNOWN_ERROR"),
        (400, b'{"code":"0011","mess', grpc.StatusCode.INTERNAL, "UPSTREAM_UNKNOWN_ERROR"),
        (400, b'{"code": 25}', grpc.StatusCode.INTERNAL, "UPSTREAM_UNKNOWN_ERROR"),
        (404, b'{"code":"9999"}', grpc.StatusCode.INTERNAL, "UPSTREAM_UNKNOWN_ERROR"),
        (503, b"[1,2]", grpc.StatusCode.UNAVAILABLE, "UPSTREAM_UNAVAILABLE"),
    ],
)
def test_http_answer_maps_by_clova_code_first_then_status(
    status: int, body: bytes, code: grpc.StatusCode, reason: str
) -> None:
    error = errors.error_for_http_answer("receipt", status, body)
    assert (error.code, error.reason) == (code, reason)
    assert error.metadata["http_status"] == str(status)


def test_status_has_exactly_one_error_info_then_retry_quota_and_clova_body() -> None:
    error = errors.error_for_http_answer(
        "receipt", 400, b'{"code":"0025","message":"busy","path":"/document/receipt","timestamp":1}'
    )
    status = error.to_status()
    assert status.code == grpc.StatusCode.RESOURCE_EXHAUSTED.value[0]
    kinds = [d.TypeName() for d in status.details]
    assert kinds == [
        "google.rpc.ErrorInfo",
        "google.rpc.RetryInfo",
        "google.rpc.QuotaFailure",
        "clova.ocr.document.v1.ClovaError",
    ]
    info = error_details_pb2.ErrorInfo()
    status.details[0].Unpack(info)
    assert dict(info.metadata) == {"domain": "receipt", "clova_code": "0025", "http_status": "400"}
    body = clova_api_pb2.ClovaError()
    status.details[3].Unpack(body)
    assert (body.code, body.message, body.path, body.timestamp) == (
        "0025",
        "busy",
        "/document/receipt",
        1,
    )


def test_every_documented_clova_code_has_a_row() -> None:
    documented = {
        "0001",
        "0002",
        "0011",
        "0021",
        "0022",
        "0023",
        "0025",
        "0028",
        "0500",
        "0501",
        "1021",
    }
    assert set(errors.UPSTREAM_RULES) == documented


def test_the_gateway_secret_rejected_is_never_blamed_on_the_caller() -> None:
    rule = errors.UPSTREAM_RULES["0002"]
    assert rule.code not in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)
    assert "never the caller" in rule.meaning
