"""BatchRecognize end to end: item ids echoed, whole-item failures as page 0, every-item errors
ending the stream, and the server reading only as far as it can admit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from typing import Any

import grpc
import pytest
from document_samples import marker_pdf
from google.rpc import code_pb2
from imaging_samples import padded_png, tiny_png

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.documents.batch import READ_AHEAD_PER_SLOT
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig

from .conftest import Harness
from .test_documents import reason_of
from .test_serving import details_of

RECEIPT = service_pb2.DOCUMENT_TYPE_RECEIPT
pytestmark = pytest.mark.timeout(60)


def item(
    item_id: str, content: bytes, name: str = "", **fields: Any
) -> service_pb2.BatchRecognizeRequest:
    return service_pb2.BatchRecognizeRequest(
        item_id=item_id,
        document_type=fields.pop("document_type", RECEIPT),
        image=image_pb2.Image(content=content, name=name),
        **fields,
    )


async def stream_of(items: Iterable[service_pb2.BatchRecognizeRequest]) -> AsyncIterator[Any]:
    for request in items:
        yield request


async def test_batch_answers_every_page_of_every_item_with_its_item_id_then_ends(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory()
    requests = [
        item("a", tiny_png()),
        item("b", marker_pdf(3)),
        item("c", tiny_png()),
        item("b", tiny_png()),  # repeated id: that item fails, the others go on
        item("d", marker_pdf(2)[:-300]),  # malformed: fails as a whole
        item("e", marker_pdf(3), pages=[7]),  # page out of range
        item("f", marker_pdf(3, extra={2: b"emulator-fault=infer=FAILURE"}), pages=[2, 3]),
    ]
    responses = [r async for r in harness.stub.BatchRecognize(stream_of(requests), timeout=20)]

    by_item: dict[str, list[Any]] = {}
    for response in responses:
        by_item.setdefault(response.item_id, []).append(response)
    assert sorted(r.page_number for r in by_item["a"]) == [1]
    assert sorted(r.page_number for r in by_item["c"]) == [1]
    b_pages = sorted((r.page_number, r.page_count, r.status.code) for r in by_item["b"])
    assert b_pages[0] == (0, 0, code_pb2.INVALID_ARGUMENT)  # the repeated "b"
    assert reason_of(next(r for r in by_item["b"] if r.page_number == 0).status) == (
        "INVALID_ITEM_ID"
    )
    assert b_pages[1:] == [(1, 3, 0), (2, 3, 0), (3, 3, 0)]
    (d,) = by_item["d"]
    assert (d.page_number, d.status.code, reason_of(d.status)) == (
        0,
        code_pb2.INVALID_ARGUMENT,
        "INVALID_DOCUMENT",
    )
    (e,) = by_item["e"]
    assert (e.page_number, reason_of(e.status)) == (0, "INVALID_PAGE_SELECTION")
    f = {r.page_number: r for r in by_item["f"]}
    assert sorted(f) == [2, 3]
    assert reason_of(f[2].status) == "DOCUMENT_NOT_RECOGNIZED"
    assert f[3].status.code == code_pb2.OK and f[3].result.HasField("receipt")
    assert all(r.result.HasField("receipt") for r in by_item["a"] + by_item["c"])
    # a, c, b (3 pages) and f (2 pages): nothing else reached CLOVA.
    assert harness.emulator.stats.calls[Domain.RECEIPT] == 7

    registry = harness.gateway.metrics.registry
    labels = {
        "grpc_type": "bidi_stream",
        "grpc_service": "clova.ocr.document.v1.DocumentOcrService",
        "grpc_method": "BatchRecognize",
    }
    assert registry.get_sample_value("grpc_server_msg_received_total", labels) == len(requests)
    assert registry.get_sample_value("grpc_server_msg_sent_total", labels) == len(responses)
    assert (
        registry.get_sample_value("grpc_server_handled_total", {**labels, "grpc_code": "OK"}) == 1
    )
    outcome = {"domain": "receipt"}
    assert (
        registry.get_sample_value("clova_ocr_batch_items_total", {**outcome, "outcome": "ok"}) == 3
    )
    assert (
        registry.get_sample_value("clova_ocr_batch_items_total", {**outcome, "outcome": "invalid"})
        == 2
    )


async def test_an_error_that_concerns_every_item_ends_the_batch(harness_factory: Any) -> None:
    harness: Harness = await harness_factory()
    requests = [item("first", tiny_png(), name="first emulator-fault=code=0002")]
    # Fewer than the server reads ahead, so every write is done when the status comes: grpc's
    # client reports a status that ends a stream mid-write as INTERNAL "Internal error from
    # Core", not the server's status.
    requests += [item(f"later-{n}", tiny_png()) for n in range(4)]
    never = asyncio.Event()

    async def sent_then_held_open() -> AsyncIterator[Any]:
        async for request in stream_of(requests):
            yield request
        # Not half-closed: the stream must end by the server's status, not by the client's
        # end. (Holding also keeps grpc's client from racing a late write against that status,
        # which it reports as INTERNAL "Internal error from Core".)
        await asyncio.wait_for(never.wait(), 30)

    received = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for response in harness.stub.BatchRecognize(sent_then_held_open(), timeout=20):
            received.append(response)
    assert caught.value.code() == grpc.StatusCode.INTERNAL
    assert details_of(caught.value)["info"].reason == "UPSTREAM_CREDENTIALS_REJECTED"
    # The batch's first page (the first item read: a single image opens at once) went alone,
    # so no other item was sent.
    assert received == []
    assert harness.emulator.stats.requests[Domain.RECEIPT] == 1


async def test_server_reads_items_only_as_fast_as_it_can_admit_them(
    harness_factory: Any,
) -> None:
    receive_limit = 512 * 1024
    harness: Harness = await harness_factory(
        emulator=EmulatorConfig(port=0, latency_ms=60), max_receive_message_bytes=receive_limit
    )
    size = 300_000
    image = padded_png(size)
    budget = harness.gateway.intake.budget
    peak = 0

    async def sample() -> None:
        nonlocal peak
        while True:
            peak = max(peak, budget.used)
            await asyncio.sleep(0.002)

    sampler = asyncio.create_task(sample())
    try:
        requests = [item(f"item-{n}", image) for n in range(30)]
        responses = [r async for r in harness.stub.BatchRecognize(stream_of(requests), timeout=30)]
    finally:
        sampler.cancel()
    assert len(responses) == 30 and all(r.status.code == code_pb2.OK for r in responses)
    assert harness.emulator.stats.max_concurrent[Domain.RECEIPT] <= 5
    # Items are read into the same byte budget as every other call: at most the 5 slots plus
    # the read-ahead are open, each holding its message, one of them reserved for the largest
    # message while it is read; never the 30 items the client sent at once.
    message = requests[0].ByteSize()
    assert peak <= 5 * (1 + READ_AHEAD_PER_SLOT) * message + receive_limit
    assert peak >= size  # the sampler did see the batch at work
    assert budget.used == 0
