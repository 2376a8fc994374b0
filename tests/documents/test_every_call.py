"""The one predicate that decides whether an error ends a whole document or batch."""

from __future__ import annotations

import grpc
import pytest

from clova_ocr_gateway import errors
from clova_ocr_gateway.errors import FieldViolation

# Rows of the error table that concern the domain or the account, not one image.
EVERY_CALL_CODES = {"0001", "0002", "0021", "0022", "0023", "0028", "1021"}


@pytest.mark.parametrize("code", sorted(errors.UPSTREAM_RULES))
def test_table_rows_say_whether_they_concern_every_page(code: str) -> None:
    error = errors.upstream_error(errors.UPSTREAM_RULES[code], "receipt", http_status=400)
    assert error.concerns_every_call is (code in EVERY_CALL_CODES)


@pytest.mark.parametrize(
    ("error", "every"),
    [
        (errors.upstream_error(errors.INFER_FAILURE, "receipt", http_status=200), False),
        (errors.upstream_error(errors.INFER_ERROR, "receipt", http_status=200), False),
        (errors.upstream_error(errors.UPSTREAM_TIMEOUT, "receipt"), False),
        (errors.upstream_error(errors.REDIRECTED, "receipt", http_status=302), True),
        (
            errors.InvalidRequestError(
                "bad", [FieldViolation("image.content", "bad")], reason="INVALID_IMAGE"
            ),
            False,
        ),
        (
            errors.DomainUnavailableError(
                grpc.StatusCode.FAILED_PRECONDITION, "DOMAIN_NOT_CONFIGURED", "not configured"
            ),
            True,
        ),
        (
            errors.CallerRefusedError(
                grpc.StatusCode.RESOURCE_EXHAUSTED, "QUOTA_EXCEEDED", "quota used up"
            ),
            True,
        ),
        (errors.GatewayError(grpc.StatusCode.UNAUTHENTICATED, "CREDENTIALS_MISSING", "x"), True),
        (errors.GatewayError(grpc.StatusCode.PERMISSION_DENIED, "DOMAIN_NOT_ALLOWED", "x"), True),
        (
            errors.AdmissionError(
                grpc.StatusCode.RESOURCE_EXHAUSTED, "ADMISSION_QUEUE_FULL", "full"
            ),
            False,
        ),
        (
            errors.AdmissionError(
                grpc.StatusCode.UNAVAILABLE, "ADMISSION_CIRCUIT_OPEN", "open", every_call=True
            ),
            True,
        ),
    ],
    ids=[
        "infer-failure",
        "infer-error",
        "timeout",
        "redirect",
        "invalid-image",
        "domain-not-configured",
        "caller-quota",
        "unauthenticated",
        "permission-denied",
        "queue-full",
        "circuit-open",
    ],
)
def test_errors_outside_the_table_say_it_by_class_or_code(
    error: errors.GatewayError, every: bool
) -> None:
    assert error.concerns_every_call is every


def test_admission_marks_an_open_circuit_as_concerning_every_page() -> None:
    from clova_ocr_gateway.admission.controller import Admission
    from clova_ocr_gateway.admission.permits_local import LocalPermitSource
    from clova_ocr_gateway.config.settings import load_settings
    from clova_ocr_gateway.domains import Domain

    admission = Admission(load_settings({}), LocalPermitSource(dict.fromkeys(Domain, 5)))
    assert admission.circuit_open(Domain.RECEIPT, 1.0).concerns_every_call
