"""The error table: one source in errors.py, copied into the README, mapped by meaning."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2

from clova.ocr.document.v1 import clova_api_pb2, image_pb2
from clova_ocr_gateway import errors
from clova_ocr_gateway.observability.logs import (
    clear_registered_secret_values,
    register_secret_value,
)

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
        (429, b"", grpc.StatusCode.RESOURCE_EXHAUSTED, "UPSTREAM_RATE_LIMITED"),
        (429, b'{"code":"0023"}', grpc.StatusCode.RESOURCE_EXHAUSTED, "UPSTREAM_QUOTA_EXHAUSTED"),
        (301, b"", grpc.StatusCode.INTERNAL, "UPSTREAM_REDIRECTED"),
        (307, b"<html>moved</html>", grpc.StatusCode.INTERNAL, "UPSTREAM_REDIRECTED"),
        (204, b"", grpc.StatusCode.INTERNAL, "UPSTREAM_UNKNOWN_ERROR"),
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


def test_a_redirect_does_not_say_4xx() -> None:
    error = errors.error_for_http_answer("receipt", 302, b"", detail="redirected to https://x")
    assert "3xx" in error.message and "4xx" not in error.message
    assert error.message.endswith("redirected to https://x")
    assert not error.transient


@pytest.mark.parametrize(
    ("retry_after", "delay"),
    [(None, 1.0), (0.0, 0.0), (7.5, 7.5), (1e9, errors.MAX_RETRY_AFTER_SECONDS), (-3.0, 0.0)],
)
def test_retry_after_sets_the_retry_info_delay_within_bounds(
    retry_after: float | None, delay: float
) -> None:
    error = errors.error_for_http_answer("receipt", 429, b"", retry_after=retry_after)
    assert error.retry_after_seconds == delay
    assert error.upstream_retry_after == (None if retry_after is None else delay)
    status = error.to_status()
    retry = error_details_pb2.RetryInfo()
    assert status.details[1].Unpack(retry)
    assert retry.retry_delay.ToNanoseconds() == int(delay * 1e9)


def test_retry_after_does_not_add_retry_info_where_the_row_has_none() -> None:
    error = errors.error_for_http_answer("receipt", 400, b'{"code":"0023"}', retry_after=30)
    assert error.retry_after_seconds is None


@pytest.mark.parametrize(
    ("body", "reason", "code"),
    [
        (b'{"code":"0025","message":"rate"}', "UPSTREAM_RATE_LIMITED", "0025"),
        (b'{"code":"0002","message":"secret"}', "UPSTREAM_CREDENTIALS_REJECTED", "0002"),
        (b'{"code":"4242","message":"?"}', "UPSTREAM_MALFORMED_RESPONSE", "4242"),
        (b'{"images": 3}', "UPSTREAM_MALFORMED_RESPONSE", None),
        (b"", "UPSTREAM_MALFORMED_RESPONSE", None),
    ],
)
def test_a_200_that_is_not_an_answer_maps_by_its_clova_code_else_malformed(
    body: bytes, reason: str, code: str | None
) -> None:
    error = errors.error_for_success_body("receipt", body, "why conversion failed")
    assert error.reason == reason
    assert error.metadata["http_status"] == "200"
    assert error.metadata.get("clova_code") == code
    assert (error.clova_error is not None) == (code is not None)


SECRET = "a-registered-secret-value-123"


@pytest.fixture
def registered_secret() -> Iterator[str]:
    register_secret_value(SECRET)
    yield SECRET
    clear_registered_secret_values()


def test_upstream_text_is_scrubbed_of_secrets_everywhere_a_caller_sees_it(
    registered_secret: str,
) -> None:
    image = image_pb2.ImageInfo(
        message=f"failed: {registered_secret}",
        validation_result=image_pb2.ValidationResult(message=registered_secret),
    )
    error = errors.upstream_error(
        errors.INFER_FAILURE,
        "receipt",
        http_status=200,
        clova_error=clova_api_pb2.ClovaError(
            code="0011", message=f"echo {registered_secret}", path=f"/{registered_secret}"
        ),
        detail=f"detail {registered_secret}",
        extra_metadata={"uid": registered_secret},
        extra_details=[image],
    )
    wire = error.to_status().SerializeToString()
    assert registered_secret.encode() not in wire
    assert error.message.count("[REDACTED]") == 2  # the CLOVA message and the detail
    assert error.metadata["uid"] == "[REDACTED]"
    assert error.clova_error is not None and error.clova_error.path == "/[REDACTED]"
    assert image.validation_result.message == "[REDACTED]"


def test_scrubbing_reaches_repeated_and_map_strings(registered_secret: str) -> None:
    info = error_details_pb2.ErrorInfo(metadata={"k": registered_secret})
    bad = error_details_pb2.BadRequest(
        field_violations=[error_details_pb2.BadRequest.FieldViolation(field=registered_secret)]
    )
    errors.scrub_message(info)
    errors.scrub_message(bad)
    assert info.metadata["k"] == "[REDACTED]"
    assert bad.field_violations[0].field == "[REDACTED]"
