from __future__ import annotations

import pickle
from pathlib import Path

import grpc
import pytest
from conftest import ThreadedFake, tiny_png
from google.rpc import error_details_pb2

from clova_ocr_client import GatewayError, connect, default_service_config
from clova_ocr_client.pb import clova_api_pb2, image_pb2, service_pb2

NO_RETRY = None  # service_config=None: no retry policy, one attempt per call


def test_recognize_file_receipt(fake: ThreadedFake, receipt_file: Path) -> None:
    with connect(fake.target, client_id="tests") as client:
        response = client.recognize_file(receipt_file, request_id="req-1")
    assert response.document_type == service_pb2.DOCUMENT_TYPE_RECEIPT
    assert response.WhichOneof("result") == "receipt"
    result = response.receipt.result
    assert result.store_info.name.formatted.value == "emart everyday"
    assert result.total_price.price.formatted.value == "1600"
    assert response.header.request_id == "req-1"
    assert response.image.infer_result == image_pb2.INFER_RESULT_SUCCESS
    [call] = fake.calls
    assert call.method == "Recognize"
    assert call.request.image.format == image_pb2.IMAGE_FORMAT_PNG
    assert call.request.image.name == "receipt.png"
    assert call.metadata["x-client-id"] == "tests"


def test_recognize_receipt_rpc(fake: ThreadedFake) -> None:
    with connect(fake.target) as client:
        response = client.recognize_receipt(tiny_png())
    assert response.receipt.result.store_info.name.text == "emart everyday"
    assert fake.calls[0].method == "RecognizeReceipt"
    assert response.header.request_id  # the gateway made one up


def test_recognize_other_document_type(fake: ThreadedFake) -> None:
    with connect(fake.target) as client:
        response = client.recognize(tiny_png(), "credit_card")
    assert response.document_type == service_pb2.DOCUMENT_TYPE_CREDIT_CARD
    assert response.WhichOneof("result") == "credit_card"
    assert fake.calls[0].request.document_type == service_pb2.DOCUMENT_TYPE_CREDIT_CARD


def test_empty_image_is_invalid_argument(fake: ThreadedFake, empty_file: Path) -> None:
    with connect(fake.target) as client, pytest.raises(GatewayError) as caught:
        client.recognize_file(empty_file, request_id="empty-1")
    err = caught.value
    assert err.code == grpc.StatusCode.INVALID_ARGUMENT
    assert err.reason == "INVALID_IMAGE"
    assert err.clova_code == ""
    assert err.domain == "clova-ocr-gateway"
    assert err.retry_delay is None
    assert not err.retryable
    assert err.bad_request is not None
    assert err.bad_request.field_violations[0].field == "image.content"
    assert err.clova_error is None
    assert "INVALID_ARGUMENT INVALID_IMAGE" in str(err)
    assert isinstance(err.rpc_error, grpc.RpcError)
    assert fake.attempts("empty-1") == 1  # INVALID_ARGUMENT is never retried
    # the file was sent as it is: no format could be detected from nothing, so the extension says
    assert fake.calls[0].request.image.format == image_pb2.IMAGE_FORMAT_JPG


def test_rate_limited_details(fake: ThreadedFake) -> None:
    with (
        connect(fake.target, service_config=NO_RETRY) as client,
        pytest.raises(GatewayError) as caught,
    ):
        client.recognize(tiny_png(), metadata=[("x-emulator-fault", "code=0025")])
    err = caught.value
    assert err.code == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert err.reason == "UPSTREAM_RATE_LIMITED"
    assert err.clova_code == "0025"
    assert err.retry_delay == pytest.approx(1.0)
    assert err.retryable
    assert err.http_status == 400
    assert err.metadata == {"domain": "receipt", "clova_code": "0025", "http_status": "400"}
    assert err.quota_failure is not None and err.quota_failure.violations
    assert err.clova_error is not None
    assert err.clova_error.code == "0025"
    assert err.clova_error.http_status == 400
    kinds = [type(d) for d in err.details]
    assert kinds == [
        error_details_pb2.ErrorInfo,
        error_details_pb2.RetryInfo,
        error_details_pb2.QuotaFailure,
        clova_api_pb2.ClovaError,
    ]


def test_gateway_error_pickles(fake: ThreadedFake) -> None:
    with (
        connect(fake.target, service_config=NO_RETRY) as client,
        pytest.raises(GatewayError) as caught,
    ):
        client.recognize(tiny_png(), metadata=[("x-emulator-fault", "code=0500")])
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.code, copy.reason, copy.clova_code, copy.retry_delay) == (
        grpc.StatusCode.UNAVAILABLE,
        "UPSTREAM_UNAVAILABLE",
        "0500",
        pytest.approx(1.0),
    )
    assert copy.clova_error == caught.value.clova_error


def test_default_service_config_retries_unavailable(fake: ThreadedFake) -> None:
    fault = [("x-emulator-fault", "code=0500,fail_first=2")]
    with connect(fake.target) as client:
        response = client.recognize(tiny_png(), request_id="retry-1", metadata=fault)
    assert response.receipt.result.total_price.price.formatted.value == "1600"
    assert fake.attempts("retry-1") == 3


def test_default_service_config_gives_up_after_three_attempts(fake: ThreadedFake) -> None:
    with connect(fake.target) as client, pytest.raises(GatewayError) as caught:
        client.recognize(
            tiny_png(), request_id="retry-2", metadata=[("x-emulator-fault", "code=0025")]
        )
    assert caught.value.reason == "UPSTREAM_RATE_LIMITED"
    assert fake.attempts("retry-2") == 3


def test_without_service_config_no_retry(fake: ThreadedFake) -> None:
    fault = [("x-emulator-fault", "code=0500,fail_first=1")]
    with connect(fake.target, service_config=NO_RETRY) as client, pytest.raises(GatewayError):
        client.recognize(tiny_png(), request_id="retry-3", metadata=fault)
    assert fake.attempts("retry-3") == 1


def test_deadline(fake: ThreadedFake) -> None:
    with connect(fake.target) as client, pytest.raises(GatewayError) as caught:
        client.recognize(
            tiny_png(), timeout=0.2, metadata=[("x-emulator-fault", "latency_ms=2000")]
        )
    assert caught.value.code == grpc.StatusCode.DEADLINE_EXCEEDED
    assert caught.value.reason == ""
    assert caught.value.details == []


def test_unreachable_gateway() -> None:
    with (
        connect("127.0.0.1:1", service_config=NO_RETRY) as client,
        pytest.raises(GatewayError) as caught,
    ):
        client.recognize(tiny_png(), timeout=5)
    assert caught.value.code == grpc.StatusCode.UNAVAILABLE
    assert caught.value.reason == ""


def test_recognize_without_document_type(fake: ThreadedFake) -> None:
    with connect(fake.target) as client, pytest.raises(GatewayError) as caught:
        try:
            client.stub.Recognize(
                service_pb2.RecognizeRequest(image=image_pb2.Image(content=tiny_png()))
            )
        except grpc.RpcError as exc:
            raise GatewayError.from_rpc_error(exc) from exc
    assert caught.value.code == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.bad_request is not None


def test_packaged_service_config_matches_repository() -> None:
    import json

    shared = Path(__file__).resolve().parents[2] / "service_config.json"
    config = json.loads(default_service_config())
    assert config == json.loads(shared.read_text())
    [method] = config["methodConfig"]
    policy = method["retryPolicy"]
    assert policy["maxAttempts"] == 3
    assert sorted(policy["retryableStatusCodes"]) == ["RESOURCE_EXHAUSTED", "UNAVAILABLE"]
    assert method["timeout"] == "30s"


def test_invalid_service_config_fails_early() -> None:
    with pytest.raises(ValueError):
        connect("127.0.0.1:1", service_config="{not json")
