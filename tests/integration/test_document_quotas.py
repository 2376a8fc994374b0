"""A caller's quota (OCR_CALLERS_FILE) used up in the middle of a document or a batch: the stream
ends with RESOURCE_EXHAUSTED CALLER_QUOTA_EXCEEDED (QuotaFailure, RetryInfo) at once, and no
further page reaches CLOVA."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from document_samples import marker_pdf
from google.rpc import code_pb2

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain

from .conftest import Harness
from .test_documents import document_request
from .test_serving import details_of

RECEIPT = service_pb2.DOCUMENT_TYPE_RECEIPT
ALICE = (("x-client-id", "alice"),)
# One billable receipt call a day: the first page of a document (it goes alone) uses it.
POLICY = """
callers:
  alice:
    domains: [receipt]
    quotas:
      - {domain: receipt, per: day, calls: 1}
  default:
    domains: []
"""
pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def quota_harness(harness_factory: Any, tmp_path: Path) -> Harness:
    path = tmp_path / "callers.yaml"
    path.write_text(POLICY)
    harness: Harness = await harness_factory(env={"OCR_CALLERS_FILE": str(path)})
    return harness


def assert_quota_exceeded(error: grpc.aio.AioRpcError) -> None:
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    found = details_of(error)
    assert found["info"].reason == "CALLER_QUOTA_EXCEEDED"
    assert found["info"].metadata["caller"] == "alice"
    [violation] = found["quota"].violations
    assert violation.subject.startswith("caller:alice/receipt/day:")
    assert found["retry"].retry_delay.ToTimedelta().total_seconds() > 0


async def test_a_quota_used_up_mid_document_ends_the_stream_without_further_calls(
    quota_harness: Harness,
) -> None:
    h = quota_harness
    received = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for response in h.stub.RecognizeDocument(
            document_request(marker_pdf(4)), metadata=ALICE, timeout=20
        ):
            received.append(response)
    assert_quota_exceeded(caught.value)
    # Page 1 went alone and was billed; pages 2-4 found the quota used up before any call.
    assert [(r.page_number, r.status.code) for r in received] == [(1, code_pb2.OK)]
    assert h.emulator.stats.requests[Domain.RECEIPT] == 1
    # The next document is refused on its first page, with no call either.
    with pytest.raises(grpc.aio.AioRpcError) as again:
        async for _ in h.stub.RecognizeDocument(
            document_request(marker_pdf(2)), metadata=ALICE, timeout=20
        ):
            raise AssertionError("no page may be answered once the quota is used up")
    assert_quota_exceeded(again.value)
    assert h.emulator.stats.requests[Domain.RECEIPT] == 1
    registry = h.gateway.metrics.registry
    assert (
        registry.get_sample_value(
            "clova_ocr_documents_total", {"domain": "receipt", "outcome": "aborted"}
        )
        == 2
    )


async def test_a_quota_used_up_mid_batch_ends_the_stream_without_further_calls(
    quota_harness: Harness,
) -> None:
    h = quota_harness
    never = asyncio.Event()

    async def items() -> AsyncIterator[service_pb2.BatchRecognizeRequest]:
        for n in range(6):
            yield service_pb2.BatchRecognizeRequest(
                item_id=f"item-{n}",
                document_type=RECEIPT,
                image=image_pb2.Image(content=marker_pdf(2), name=f"item-{n}.pdf"),
            )
        # Not half-closed: the server's status must end the stream.
        await asyncio.wait_for(never.wait(), 30)

    received = []
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        async for response in h.stub.BatchRecognize(items(), metadata=ALICE, timeout=20):
            received.append(response)
    assert_quota_exceeded(caught.value)
    # The batch's first page went alone and used the quota; nothing else reached CLOVA.
    assert [r.status.code for r in received] in ([], [code_pb2.OK])
    assert h.emulator.stats.requests[Domain.RECEIPT] == 1
    for _ in range(100):  # bounded: 1 s for the ended call to give its items' bytes back
        if h.gateway.intake.budget.used == 0:
            break
        await asyncio.sleep(0.01)
    assert h.gateway.intake.budget.used == 0
