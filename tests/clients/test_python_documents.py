"""The Python client's recognize_document() and batch_recognize(), sync and async, against a real
gateway and emulator (the client package is imported from clients/python/src; its generated
stubs are byte-identical to the gateway's, so both register in one process)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from document_samples import marker_pdf, marker_tiff
from imaging_samples import tiny_png

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "clients" / "python" / "src"))

from clova_ocr_client import BatchItem, GatewayError, connect, connect_async
from integration.conftest import Harness, start_harness

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def harness() -> AsyncIterator[Harness]:
    started = await start_harness()
    yield started
    await started.channel.close()
    await started.gateway.stop(grace=0.5)


FAILING_PAGE_2 = marker_pdf(3, extra={2: b"emulator-fault=infer=FAILURE"})


def target(harness: Harness) -> str:
    return f"127.0.0.1:{harness.gateway.port}"


async def test_sync_client_streams_document_pages_and_parses_a_page_status(
    harness: Harness,
) -> None:
    def run() -> list[Any]:
        with connect(target(harness), client_id="docs") as client:
            return list(client.recognize_document(FAILING_PAGE_2, "receipt", name="bill.pdf"))

    pages = {p.page_number: p for p in await asyncio.to_thread(run)}
    assert sorted(pages) == [1, 2, 3] and {p.page_count for p in pages.values()} == {3}
    assert GatewayError.from_status(pages[1].status) is None
    failure = GatewayError.from_status(pages[2].status)
    assert failure is not None and failure.reason == "DOCUMENT_NOT_RECOGNIZED"
    assert pages[3].result.receipt.result.HasField("store_info")


async def test_sync_client_raises_gateway_error_when_the_document_is_refused(
    harness: Harness,
) -> None:
    def run() -> None:
        with connect(target(harness)) as client:
            list(client.recognize_document(marker_pdf(2), pages=[5]))

    with pytest.raises(GatewayError) as caught:
        await asyncio.to_thread(run)
    assert caught.value.reason == "INVALID_PAGE_SELECTION"


async def test_sync_batch_sends_items_lazily_and_echoes_their_ids(
    harness: Harness, tmp_path: Path
) -> None:
    (tmp_path / "scan.tif").write_bytes(marker_tiff(2))

    def run() -> list[Any]:
        items = [
            BatchItem("photo", tiny_png()),
            BatchItem.from_file("scan", tmp_path / "scan.tif"),
            BatchItem("photo", tiny_png()),  # repeated id
        ]
        with connect(target(harness)) as client:
            return list(client.batch_recognize(iter(items)))

    responses = await asyncio.to_thread(run)
    seen = sorted((r.item_id, r.page_number, r.status.code) for r in responses)
    assert seen == [("photo", 0, 3), ("photo", 1, 0), ("scan", 1, 0), ("scan", 2, 0)]


async def test_async_client_streams_documents_and_batches(harness: Harness) -> None:
    async with connect_async(target(harness)) as client:
        pages = [p async for p in client.recognize_document(marker_pdf(3), pages=[1, 3])]

        async def items() -> Any:
            for n in range(4):
                yield BatchItem(f"item-{n}", tiny_png(), document_type="credit_card")

        answered = [r async for r in client.batch_recognize(items())]
    assert sorted(p.page_number for p in pages) == [1, 3]
    assert sorted(r.item_id for r in answered) == [f"item-{n}" for n in range(4)]
    assert all(r.result.HasField("credit_card") for r in answered)
