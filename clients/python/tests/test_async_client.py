from __future__ import annotations

import asyncio
from pathlib import Path

import grpc
import pytest
from conftest import ThreadedFake, tiny_png

from clova_ocr_client import AsyncClient, GatewayError, connect_async


def test_async_recognize_file(fake: ThreadedFake, receipt_file: Path) -> None:
    async def scenario() -> None:
        async with AsyncClient(fake.target, client_id="async-tests") as client:
            response = await client.recognize_file(receipt_file, "receipt", "a-1")
        assert response.receipt.result.store_info.name.formatted.value == "emart everyday"
        assert response.header.request_id == "a-1"

    asyncio.run(scenario())
    assert fake.calls[0].metadata["x-client-id"] == "async-tests"


def test_async_recognize_receipt(fake: ThreadedFake) -> None:
    async def scenario() -> str:
        async with connect_async(fake.target) as client:
            response = await client.recognize_receipt(tiny_png())
        return str(response.receipt.result.total_price.price.formatted.value)

    assert asyncio.run(scenario()) == "1600"


def test_async_error(fake: ThreadedFake, empty_file: Path) -> None:
    async def scenario() -> GatewayError:
        async with connect_async(fake.target) as client:
            with pytest.raises(GatewayError) as caught:
                await client.recognize_file(empty_file)
        return caught.value

    err = asyncio.run(scenario())
    assert err.code == grpc.StatusCode.INVALID_ARGUMENT
    assert err.reason == "INVALID_IMAGE"
    assert err.bad_request is not None


def test_async_rate_limited(fake: ThreadedFake) -> None:
    async def scenario() -> GatewayError:
        async with connect_async(fake.target, service_config=None) as client:
            with pytest.raises(GatewayError) as caught:
                await client.recognize(tiny_png(), metadata=[("x-emulator-fault", "code=0025")])
        return caught.value

    err = asyncio.run(scenario())
    assert (err.code, err.reason, err.clova_code) == (
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "UPSTREAM_RATE_LIMITED",
        "0025",
    )
    assert err.retry_delay == pytest.approx(1.0)
    assert err.clova_error is not None


def test_async_retry_policy(fake: ThreadedFake) -> None:
    async def scenario() -> None:
        async with connect_async(fake.target) as client:
            await client.recognize(
                tiny_png(),
                request_id="a-retry",
                metadata=[("x-emulator-fault", "code=0501,fail_first=1")],
            )

    asyncio.run(scenario())
    assert fake.attempts("a-retry") == 2
