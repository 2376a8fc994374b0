"""Authentication failures in the error table: README copy, status shape, closed reasons."""

from __future__ import annotations

from pathlib import Path

import grpc
from google.rpc import error_details_pb2

from clova_ocr_gateway import errors
from clova_ocr_gateway.callers.failures import Failure

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_authentication_table_is_the_one_in_errors_py() -> None:
    text = README.read_text()
    start = text.index("<!-- auth-error-table:start -->") + len("<!-- auth-error-table:start -->")
    end = text.index("<!-- auth-error-table:end -->")
    assert text[start:end].strip() == errors.authentication_table_markdown()


def test_every_failure_has_a_row_and_answers_unauthenticated_with_one_error_info() -> None:
    assert {f.value for f in Failure} == set(errors.AUTHENTICATION_RULES)
    for failure in Failure:
        status = errors.authentication_error(
            failure.value, "m", {"credential": "api_key"}
        ).to_status()
        assert status.code == grpc.StatusCode.UNAUTHENTICATED.value[0]
        assert [d.TypeName() for d in status.details] == ["google.rpc.ErrorInfo"]
        info = error_details_pb2.ErrorInfo()
        status.details[0].Unpack(info)
        assert (info.reason, info.domain) == (failure.value, errors.ERROR_DOMAIN)
