"""The intake (serving/intake.py) for the streaming RPCs: RecognizeDocument and BatchRecognize
read their request messages through the same steps as the unary RPCs (bytes reserved from the
one in-flight budget before they are read, parsed by the gateway, a receive timeout), seen
from gRPC clients against a real gateway and emulator."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc
import pytest
from document_samples import marker_pdf
from google.rpc import code_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from imaging_samples import padded_png, tiny_png

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig
from clova_ocr_gateway.observability.metrics import GatewayMetrics
from clova_ocr_gateway.serving.server import Gateway

from .test_intake import SERVICE, KiB, details, refusals, started

DOCUMENT_METHOD = f"/{SERVICE}/RecognizeDocument"
BATCH_METHOD = f"/{SERVICE}/BatchRecognize"
RECEIPT = service_pb2.DOCUMENT_TYPE_RECEIPT
pytestmark = pytest.mark.timeout(60)


def handled(metrics: GatewayMetrics, method: str, grpc_type: str, code: str) -> float:
    value = metrics.registry.get_sample_value(
        "grpc_server_handled_total",
        {"grpc_type": grpc_type, "grpc_service": SERVICE, "grpc_method": method, "grpc_code": code},
    )
    return value or 0.0


def document_request(content: bytes, **fields: Any) -> service_pb2.RecognizeDocumentRequest:
    return service_pb2.RecognizeDocumentRequest(
        document_type=RECEIPT, image=image_pb2.Image(content=content), **fields
    )


def batch_item(item_id: str, content: bytes) -> service_pb2.BatchRecognizeRequest:
    return service_pb2.BatchRecognizeRequest(
        item_id=item_id, document_type=RECEIPT, image=image_pb2.Image(content=content)
    )


def string_field(number: int, raw: bytes) -> bytes:
    """A length-delimited field holding `raw` as it is, UTF-8 or not (proto3 strings must be)."""
    return bytes([number << 3 | 2, len(raw)]) + raw


MALFORMED_DOCUMENTS = {
    "truncated-field": b"\x12\xff\xff\x03abc",  # image (field 2) claims 65535 bytes, 3 follow
    "bad-wire-type": b"\x0f\x01",  # field 1 with wire type 7, which does not exist
    "invalid-utf8-request-id": document_request(tiny_png()).SerializeToString()
    + string_field(3, b"doc-\xff\xfe"),
}


async def assert_still_serving(gateway: Gateway) -> None:
    """After a bad stream: liveness and readiness SERVING, and a valid document and batch on a
    fresh channel are answered."""
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for name in ("liveness", "readiness"):
            reply = await health.Check(health_pb2.HealthCheckRequest(service=name), timeout=5)
            assert reply.status == health_pb2.HealthCheckResponse.SERVING, name
        stub = service_grpc.DocumentOcrServiceStub(channel)
        pages = [r async for r in stub.RecognizeDocument(document_request(tiny_png()), timeout=10)]
        assert [(p.page_number, p.status.code) for p in pages] == [(1, code_pb2.OK)]
        items = [r async for r in stub.BatchRecognize(iter([batch_item("ok", tiny_png())]))]
        assert [(i.item_id, i.status.code) for i in items] == [("ok", code_pb2.OK)]


async def budget_emptied(gateway: Gateway) -> int:
    """What the in-flight budget still holds once the gateway had 2 s to let go of it."""
    for _ in range(200):  # bounded: 2 s
        if gateway.intake.budget.used == 0:
            break
        await asyncio.sleep(0.01)
    return gateway.intake.budget.used


@pytest.fixture
async def gateway() -> AsyncIterator[Gateway]:
    gw = await started()
    yield gw
    await gw.stop(grace=0.5)


@pytest.mark.parametrize("payload", MALFORMED_DOCUMENTS.values(), ids=MALFORMED_DOCUMENTS.keys())
async def test_a_document_request_that_does_not_parse_is_invalid_argument_with_error_info(
    gateway: Gateway, payload: bytes
) -> None:
    """As for the unary RPCs: not UNKNOWN with an internal class name, and nothing is sent."""
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        raw = channel.unary_stream(DOCUMENT_METHOD)  # bytes in: no client-side serializing
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            async for _ in raw(payload, timeout=10):
                pass
    error = caught.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert details(error)["info"].reason == "MALFORMED_REQUEST"
    assert "RecognizeDocumentRequest" in (error.details() or "")
    assert "DecodeError" not in (error.details() or "")
    metrics = gateway.metrics
    assert handled(metrics, "RecognizeDocument", "server_stream", "INVALID_ARGUMENT") == 1
    assert refusals(metrics, "malformed") == 1
    assert gateway.emulator is not None
    assert gateway.emulator.stats.requests[Domain.RECEIPT] == 0
    assert gateway.intake.budget.used == 0
    await assert_still_serving(gateway)


async def test_a_batch_item_that_does_not_parse_ends_the_stream_with_invalid_argument(
    gateway: Gateway,
) -> None:
    never = asyncio.Event()

    async def valid_then_malformed() -> AsyncIterator[bytes]:
        yield batch_item("good", tiny_png()).SerializeToString()
        yield batch_item("bad", tiny_png()).SerializeToString() + string_field(1, b"\xc3\x28")
        # Not half-closed: the server's status must end the stream.
        await asyncio.wait_for(never.wait(), 30)

    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        raw = channel.stream_stream(BATCH_METHOD)
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            async for _ in raw(valid_then_malformed(), timeout=10):
                pass
    error = caught.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert details(error)["info"].reason == "MALFORMED_REQUEST"
    assert "BatchRecognizeRequest" in (error.details() or "")
    assert handled(gateway.metrics, "BatchRecognize", "bidi_stream", "INVALID_ARGUMENT") == 1
    assert await budget_emptied(gateway) == 0
    await assert_still_serving(gateway)


async def test_a_batch_whose_first_message_does_not_parse_is_refused_and_the_server_serves_on(
    gateway: Gateway,
) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        raw = channel.stream_stream(BATCH_METHOD)
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            async for _ in raw(iter([b"\x0a\xff\xff\x03ab"]), timeout=10):
                pass
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert details(caught.value)["info"].reason == "MALFORMED_REQUEST"
    assert gateway.emulator is not None
    assert gateway.emulator.stats.requests[Domain.RECEIPT] == 0
    assert await budget_emptied(gateway) == 0
    await assert_still_serving(gateway)


async def test_cancelled_document_and_batch_streams_give_their_bytes_back() -> None:
    """Cancelled with pages at CLOVA: the budget is empty again and CLOVA's calls are cancelled."""
    gateway = await started(EmulatorConfig(port=0, latency_ms=2000))
    try:
        budget = gateway.intake.budget
        assert gateway.emulator is not None
        stats = gateway.emulator.stats
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
            stub = service_grpc.DocumentOcrServiceStub(channel)
            start_calls: list[Callable[[], Any]] = [
                lambda: stub.RecognizeDocument(document_request(marker_pdf(3)), timeout=20),
                lambda: stub.BatchRecognize(
                    iter([batch_item(f"item-{n}", marker_pdf(2)) for n in range(3)]), timeout=20
                ),
            ]
            for start in start_calls:
                call = start()  # one at a time: each must give back its own bytes
                for _ in range(300):  # bounded: 3 s for a page to reach CLOVA
                    if stats.in_flight[Domain.RECEIPT] >= 1:
                        break
                    await asyncio.sleep(0.01)
                assert stats.in_flight[Domain.RECEIPT] >= 1
                assert budget.used > 0  # held while its pages are read
                call.cancel()
                assert await budget_emptied(gateway) == 0
                for _ in range(200):  # bounded: 2 s for the upstream calls to be cancelled
                    if stats.in_flight[Domain.RECEIPT] == 0:
                        break
                    await asyncio.sleep(0.01)
                assert stats.in_flight[Domain.RECEIPT] == 0
        assert stats.cancelled[Domain.RECEIPT] >= 2
    finally:
        await gateway.stop(grace=0.5)


async def test_a_document_holds_its_bytes_in_the_budget_until_its_last_page() -> None:
    gateway = await started(EmulatorConfig(port=0, latency_ms=400))
    try:
        request = document_request(marker_pdf(3))
        budget = gateway.intake.budget
        held: list[int] = []
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
            stub = service_grpc.DocumentOcrServiceStub(channel)
            async for _ in stub.RecognizeDocument(request, timeout=10):
                held.append(budget.used)
        # Pages are answered one after the other at first (the probe page goes alone), so
        # the first answers arrive while the document is still being read.
        assert held[0] == request.ByteSize()
        assert budget.used == 0
    finally:
        await gateway.stop(grace=0.5)


async def test_batch_items_take_their_bytes_from_the_budget_unary_calls_use() -> None:
    """Room for two 300 KB items (each reserved for a 400 KiB message while read): with both
    at CLOVA, the batch's next read waits for room, and a unary call that cannot get room
    within half its deadline is refused as it would be by any other large call."""
    gateway = await started(
        EmulatorConfig(port=0, latency_ms=1000),
        max_receive_message_bytes=400 * KiB,
        max_inflight_bytes=800 * KiB,
        max_image_bytes=350 * KiB,
    )
    try:
        items = [batch_item(f"item-{n}", padded_png(300_000)) for n in range(4)]
        budget = gateway.intake.budget
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
            stub = service_grpc.DocumentOcrServiceStub(channel)

            async def batch() -> list[service_pb2.BatchRecognizeResponse]:
                return [r async for r in stub.BatchRecognize(iter(items), timeout=20)]

            running = asyncio.ensure_future(batch())
            for _ in range(300):  # bounded: 3 s
                if budget.used >= 2 * 300_000:
                    break
                await asyncio.sleep(0.01)
            assert budget.used >= 2 * 300_000
            unary = service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=tiny_png()))
            started_at = time.monotonic()
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await stub.RecognizeReceipt(unary, timeout=0.6)
            waited = time.monotonic() - started_at
            responses = await running
        assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert details(caught.value)["info"].reason == "ADMISSION_INFLIGHT_BYTES"
        assert waited < 0.55  # refused after half its deadline, not at its end
        assert sorted(r.item_id for r in responses) == [i.item_id for i in items]
        assert all(r.status.code == code_pb2.OK for r in responses)
        assert budget.used == 0
    finally:
        await gateway.stop(grace=0.5)


async def test_a_batch_client_waiting_for_its_answers_is_not_a_stalled_sender() -> None:
    """Each answer takes longer than the receive timeout; the client sends its next item only
    once it has the answer. The receive timeout runs only while nothing is owed to it."""
    gateway = await started(EmulatorConfig(port=0, latency_ms=1300), receive_timeout_seconds=1.0)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
            stub = service_grpc.DocumentOcrServiceStub(channel)
            call = stub.BatchRecognize(timeout=20)
            answers = []
            for n in range(2):
                await call.write(batch_item(f"item-{n}", tiny_png()))
                answers.append(await call.read())
            await call.done_writing()
            assert await call.read() == grpc.aio.EOF
            assert await call.code() == grpc.StatusCode.OK
        assert [(a.item_id, a.status.code) for a in answers] == [
            ("item-0", code_pb2.OK),
            ("item-1", code_pb2.OK),
        ]
        assert refusals(gateway.metrics, "receive_timeout") == 0
    finally:
        await gateway.stop(grace=0.5)


async def test_a_batch_that_stops_sending_is_ended_after_the_receive_timeout() -> None:
    """Everything it sent is answered and it neither sends nor half-closes: ended with
    DEADLINE_EXCEEDED once OCR_RECEIVE_TIMEOUT_SECONDS has passed, its bytes released."""
    gateway = await started(receive_timeout_seconds=1.0)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
            stub = service_grpc.DocumentOcrServiceStub(channel)
            call = stub.BatchRecognize(timeout=20)
            await call.write(batch_item("only", tiny_png()))
            answer = await call.read()
            answered_at = time.monotonic()
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await call.read()
            ended_after = time.monotonic() - answered_at
        assert answer.status.code == code_pb2.OK
        error = caught.value
        assert error.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert details(error)["info"].reason == "REQUEST_RECEIVE_TIMEOUT"
        assert 0.8 < ended_after < 3.0
        metrics = gateway.metrics
        assert refusals(metrics, "receive_timeout") == 1
        assert handled(metrics, "BatchRecognize", "bidi_stream", "DEADLINE_EXCEEDED") == 1
        assert gateway.intake.budget.used == 0
    finally:
        await gateway.stop(grace=0.5)
