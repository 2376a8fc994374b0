"""RecognizeDocument end to end: a real gateway splits documents made here, the real emulator
keeps what it received, and every page's bytes, answer and status are checked."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

import grpc
import pikepdf
import pytest
from document_samples import marker_of, marker_pdf, marker_tiff, page_pixel
from documents.test_splitting import PAGE_TREE_LOOP, broken_xref, tiff_loop
from google.rpc import code_pb2, error_details_pb2
from imaging_samples import tiny_pdf, tiny_png
from PIL import Image

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig

from .conftest import Harness
from .test_serving import details_of

RECEIPT = service_pb2.DOCUMENT_TYPE_RECEIPT
pytestmark = pytest.mark.timeout(60)


def document_request(content: bytes, **fields: Any) -> service_pb2.RecognizeDocumentRequest:
    return service_pb2.RecognizeDocumentRequest(
        document_type=fields.pop("document_type", RECEIPT),
        image=image_pb2.Image(content=content, name=fields.pop("name", "scan.pdf")),
        **fields,
    )


async def read_all(harness: Harness, request: Any, **kwargs: Any) -> list[Any]:
    return [r async for r in harness.stub.RecognizeDocument(request, timeout=20, **kwargs)]


def reason_of(status: Any) -> str:
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return str(info.reason)
    raise AssertionError("status without ErrorInfo")


async def keeping(harness_factory: Any, **config: Any) -> Harness:
    harness: Harness = await harness_factory(
        emulator=EmulatorConfig(port=0, keep_images=200, **config)
    )
    return harness


async def test_three_page_pdf_reaches_upstream_as_three_single_page_pdfs_each_holding_its_page(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    responses = await read_all(harness, document_request(marker_pdf(3)))

    assert sorted(r.page_number for r in responses) == [1, 2, 3]
    for response in responses:
        assert response.page_count == 3
        assert response.status.code == code_pb2.OK
        assert response.result.HasField("receipt")
        assert response.result.document_type == RECEIPT
        # The emulator answers PDF pages with the converted page size, as CLOVA does.
        info = response.result.image.converted_image_info
        assert (info.width, info.height, info.page_index) == (1275, 1650, 0)
    sent = list(harness.emulator.stats.images)
    assert len(sent) == 3 == harness.emulator.stats.calls[Domain.RECEIPT]
    pages_seen = []
    for image in sent:
        assert image.format == "pdf"
        with pikepdf.open(io.BytesIO(image.content)) as pdf:
            assert len(pdf.pages) == 1
            text = pdf.pages[0].Contents.read_bytes()
        held = [n for n in (1, 2, 3) if marker_of(n) in text]
        assert len(held) == 1, f"a page file must hold exactly one page's marker, got {held}"
        pages_seen += held
    assert sorted(pages_seen) == [1, 2, 3]


async def test_two_page_tiff_reaches_upstream_as_two_single_page_tiffs_with_their_pixels(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    responses = await read_all(harness, document_request(marker_tiff(2), name="stack.tif"))

    assert sorted(r.page_number for r in responses) == [1, 2]
    assert {r.page_count for r in responses} == {2}
    assert all(r.status.code == code_pb2.OK for r in responses)
    assert {r.result.image.converted_image_info.width for r in responses} == {16}
    sent = list(harness.emulator.stats.images)
    assert len(sent) == 2
    seen = set()
    for image in sent:
        assert image.format == "tiff"
        with Image.open(io.BytesIO(image.content)) as tiff:
            assert getattr(tiff, "n_frames", 1) == 1
            pixel = tiff.getpixel((3, 3))
            description = tiff.tag_v2.get(270, "")
        page = next(n for n in (1, 2) if page_pixel(n) == pixel)
        assert marker_of(page).decode() in description
        seen.add(page)
    assert seen == {1, 2}


async def test_selected_page_makes_exactly_one_upstream_call_and_reports_the_whole_count(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    responses = await read_all(harness, document_request(marker_pdf(3), pages=[2]))

    assert [(r.page_number, r.page_count, r.status.code) for r in responses] == [(2, 3, 0)]
    assert harness.emulator.stats.calls[Domain.RECEIPT] == 1
    (image,) = harness.emulator.stats.images
    assert marker_of(2) in image.content and marker_of(1) not in image.content


async def test_failed_page_gets_its_own_status_while_the_other_pages_succeed(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    # The fault travels inside page 2's bytes, so only that page's call fails.
    document = marker_pdf(3, extra={2: b"emulator-fault=infer=FAILURE"})
    responses = {r.page_number: r for r in await read_all(harness, document_request(document))}

    assert sorted(responses) == [1, 2, 3]
    failed = responses[2]
    assert failed.status.code == code_pb2.INVALID_ARGUMENT
    assert reason_of(failed.status) == "DOCUMENT_NOT_RECOGNIZED"
    assert not failed.HasField("result")
    assert all(responses[n].status.code == code_pb2.OK for n in (1, 3))
    assert harness.emulator.stats.calls[Domain.RECEIPT] == 3


async def test_rejected_credentials_on_the_first_page_end_the_stream_without_further_calls(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    document = marker_pdf(6, extra={1: b"emulator-fault=code=0002"})
    received = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for response in harness.stub.RecognizeDocument(
            document_request(document), timeout=20
        ):
            received.append(response)

    assert received == []
    assert caught.value.code() == grpc.StatusCode.INTERNAL
    assert details_of(caught.value)["info"].reason == "UPSTREAM_CREDENTIALS_REJECTED"
    # The first page goes alone: a failure that concerns every page costs one call.
    assert harness.emulator.stats.requests[Domain.RECEIPT] == 1


async def test_domain_wide_failure_after_some_pages_ends_the_stream_at_once(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    document = marker_pdf(12, extra={2: b"emulator-fault=code=0023"})
    received = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for response in harness.stub.RecognizeDocument(
            document_request(document),
            timeout=20,
            metadata=(("x-emulator-fault", "latency_ms=50"),),
        ):
            received.append(response)

    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert details_of(caught.value)["info"].reason == "UPSTREAM_QUOTA_EXHAUSTED"
    assert 1 <= len(received) < 12
    # No page beyond the window was started: page 1 alone, then at most 5 at once.
    assert harness.emulator.stats.requests[Domain.RECEIPT] <= 1 + 5


async def test_cancel_mid_document_stops_upstream_calls_and_cancels_those_in_flight(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    stats = harness.emulator.stats
    call = harness.stub.RecognizeDocument(
        document_request(marker_pdf(30)),
        timeout=30,
        metadata=(("x-emulator-fault", "latency_ms=400"),),
    )
    first = await call.read()
    assert first.status.code == code_pb2.OK
    # The window is open now: up to five pages are at the emulator.
    for _ in range(500):  # bounded: 5 s
        if stats.in_flight[Domain.RECEIPT] >= 2:
            break
        await asyncio.sleep(0.01)
    call.cancel()
    await asyncio.sleep(0.3)
    requests_after_cancel = stats.requests[Domain.RECEIPT]
    await asyncio.sleep(1.0)  # more than two latencies: a page still running would show

    assert stats.requests[Domain.RECEIPT] == requests_after_cancel
    assert requests_after_cancel <= 1 + 5 + 5  # far from 30
    assert stats.cancelled[Domain.RECEIPT] >= 1
    assert stats.in_flight[Domain.RECEIPT] == 0


async def test_single_image_is_a_one_page_document(harness_factory: Any) -> None:
    harness = await keeping(harness_factory)
    responses = await read_all(harness, document_request(tiny_png(), name="photo.png"))

    assert [(r.page_number, r.page_count, r.status.code) for r in responses] == [(1, 1, 0)]
    assert not responses[0].result.image.HasField("converted_image_info")
    (image,) = harness.emulator.stats.images
    assert image.content == tiny_png()


@pytest.mark.parametrize(
    ("content", "fields", "reason"),
    [
        (marker_pdf(3), {"pages": [4]}, "INVALID_PAGE_SELECTION"),
        (marker_pdf(3), {"pages": [0]}, "INVALID_PAGE_SELECTION"),
        (marker_pdf(3), {"pages": [2, 2]}, "INVALID_PAGE_SELECTION"),
        (marker_pdf(3)[:-200], {}, "INVALID_DOCUMENT"),
        (marker_tiff(3)[:-5], {}, "INVALID_DOCUMENT"),
        (marker_pdf(5), {}, "INVALID_DOCUMENT"),  # more than OCR_MAX_DOCUMENT_PAGES=4
        (b"", {}, "INVALID_DOCUMENT"),
        (marker_pdf(1), {"document_type": 0}, "INVALID_DOCUMENT_TYPE"),
        (b"%PDF-1.4 not a pdf at all", {}, "INVALID_DOCUMENT"),
        (PAGE_TREE_LOOP, {}, "INVALID_DOCUMENT"),
        (broken_xref(marker_pdf(2)), {}, "INVALID_DOCUMENT"),
        (tiff_loop(), {}, "INVALID_DOCUMENT"),
        (tiny_pdf(20_000), {}, "INVALID_DOCUMENT"),
    ],
    ids=[
        "page-beyond-last",
        "page-zero",
        "page-twice",
        "truncated-pdf",
        "truncated-tiff",
        "too-many-pages",
        "empty",
        "no-document-type",
        "signature-only-pdf",
        "page-tree-loop",
        "broken-xref",
        "tiff-ifd-loop",
        "20000-pages",
    ],
)
async def test_document_refused_as_a_whole_is_invalid_argument_before_any_upstream_call(
    harness_factory: Any, content: bytes, fields: dict[str, Any], reason: str
) -> None:
    harness: Harness = await harness_factory(max_document_pages=4)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await read_all(harness, document_request(content, **fields))

    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = details_of(caught.value)
    assert found["info"].reason == reason
    assert found["bad_request"].field_violations
    assert harness.emulator.stats.requests[Domain.RECEIPT] == 0


async def test_document_over_the_byte_limit_is_refused_before_any_upstream_call(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(max_document_bytes=100_000)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await read_all(harness, document_request(marker_pdf(2, pad=120_000)))
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "OCR_MAX_DOCUMENT_BYTES" in caught.value.details()
    assert harness.emulator.stats.requests[Domain.RECEIPT] == 0


async def test_streaming_rpc_is_counted_with_go_grpc_prometheus_names_and_document_metrics(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    document = marker_pdf(3, extra={3: b"emulator-fault=infer=FAILURE"})
    await read_all(harness, document_request(document))
    registry = harness.gateway.metrics.registry
    labels = {
        "grpc_type": "server_stream",
        "grpc_service": "clova.ocr.document.v1.DocumentOcrService",
        "grpc_method": "RecognizeDocument",
    }

    def value(name: str, **extra: str) -> float:
        found = registry.get_sample_value(name, {**labels, **extra})
        return 0.0 if found is None else found

    assert value("grpc_server_started_total") == 1
    assert value("grpc_server_handled_total", grpc_code="OK") == 1
    assert value("grpc_server_msg_received_total") == 1
    assert value("grpc_server_msg_sent_total") == 3
    assert value("grpc_server_handling_seconds_count") == 1
    assert (
        registry.get_sample_value(
            "clova_ocr_documents_total", {"domain": "receipt", "outcome": "partial"}
        )
        == 1
    )
    assert registry.get_sample_value("clova_ocr_document_pages_sum", {"domain": "receipt"}) == 3


async def test_canonical_lines_per_document_and_one_line_per_page(harness_factory: Any) -> None:
    from clova_ocr_gateway.observability import logs

    stream = io.StringIO()
    logs.configure_logging("json", "INFO", stream=stream)
    try:
        harness = await keeping(harness_factory)
        document = marker_pdf(3, extra={3: b"emulator-fault=infer=FAILURE"})
        await read_all(harness, document_request(document), metadata=(("x-client-id", "billing"),))
        await asyncio.sleep(0.1)  # the interceptor logs after the last message went out
    finally:
        logs.reset_logging()
    records = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    (finished,) = [r for r in records if r.get("event") == "rpc_finished"]
    assert finished["method"].endswith("/RecognizeDocument")
    assert (finished["grpc_code"], finished["domain"], finished["caller"]) == (
        "OK",
        "receipt",
        "billing",
    )
    assert (finished["pages"], finished["pages_failed"], finished["messages_sent"]) == (3, 1, 3)
    assert finished["image_bytes"] == len(document)
    pages = [r for r in records if r.get("event") == "document_page_finished"]
    assert sorted(p["page_number"] for p in pages) == [1, 2, 3]
    assert {p["request_id"] for p in pages} == {finished["request_id"]}
    assert [p["reason"] for p in pages if p["page_number"] == 3] == ["DOCUMENT_NOT_RECOGNIZED"]


async def test_a_document_keeps_at_most_the_domain_limit_of_its_pages_at_clova(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    limit = harness.gateway.settings.domain(Domain.RECEIPT).concurrency_limit
    responses = await read_all(
        harness,
        document_request(marker_pdf(2 * limit + 2)),
        metadata=(("x-emulator-fault", "latency_ms=100"),),
    )

    assert sorted(r.page_number for r in responses) == list(range(1, 2 * limit + 3))
    # The pages run side by side, but never more of them than the domain's limit.
    assert harness.emulator.stats.max_concurrent[Domain.RECEIPT] == limit


async def test_first_page_goes_alone_unless_clova_answered_the_domain_a_moment_ago(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    stats = harness.emulator.stats
    limit = harness.gateway.settings.domain(Domain.RECEIPT).concurrency_limit
    slow = (("x-emulator-fault", "latency_ms=300"),)
    most_at_once = []
    for _ in range(2):
        stats.reset()
        responses = await read_all(harness, document_request(marker_pdf(limit)), metadata=slow)
        assert len(responses) == limit
        most_at_once.append(stats.max_concurrent[Domain.RECEIPT])
    # A fresh gateway probes with one page (a wrong secret costs one call), then sends the
    # other limit - 1; once CLOVA has answered the domain, all pages start at once (one
    # upstream latency for the document, not two).
    assert most_at_once == [limit - 1, limit]
