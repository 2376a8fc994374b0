"""`raw_response_json` is the upstream's body byte for byte, through a real gateway and a real
HTTP upstream on loopback that answers bytes no Struct can carry."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from tests.imaging_samples import tiny_png

from .conftest import Harness

BIG = 2**53 + 1  # the first integer a double (and so a Struct) cannot hold
# Formatted as no JSON encoder would re-create it: odd spacing, escapes, key order, 1.10, and a
# value nested 40 levels deep (a Struct stops at 32).
BODY = (
    b'{ "version":"V2",  "requestId" : "raw-1","timestamp":1613984672273,\n'
    b' "images":[{"uid":"u1","name":"scan","inferResult":"SUCCESS","message":"SUCCESS",'
    b'"receipt":{"result":{"storeInfo":{"name":{"text":"caf\\u00e9 \xec\xb9\xb4\xed\x8e\x98"}},'
    b'"totalPrice":{"price":{"text":"1.10","formatted":{"value":"1.10"}},'
    b'"creditCardPrice":{"text":"1.10"}}}}}],\n'
    b' "ledgerId": %d, "amount": 1.10, "deep": %s%s }' % (BIG, b"[" * 40, b"]" * 40)
)


@pytest.fixture
async def upstream_url() -> AsyncIterator[str]:
    """A loopback HTTP server that answers every POST with BODY, as CLOVA would send it."""

    async def answer(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(body=BODY, content_type="application/json")

    app = web.Application()
    app.router.add_post("/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    yield f"http://127.0.0.1:{port}/custom/v1/1/raw/document/receipt"
    await runner.cleanup()


async def test_raw_response_json_is_the_upstream_body_byte_for_byte(
    harness_factory: object, upstream_url: str
) -> None:
    env = {"OCR_RECEIPT_INVOKE_URL": upstream_url, "OCR_RECEIPT_SECRET": "s3cret-raw"}
    harness: Harness = await harness_factory(emulator=None, env=env)  # type: ignore[operator]
    image = image_pb2.Image(content=tiny_png())
    own = await harness.stub.RecognizeReceipt(
        service_pb2.RecognizeReceiptRequest(image=image, include_raw_response=True), timeout=10
    )
    generic = await harness.stub.Recognize(
        service_pb2.RecognizeRequest(
            document_type=service_pb2.DOCUMENT_TYPE_RECEIPT, image=image, include_raw_response=True
        ),
        timeout=10,
    )
    for response in (own, generic):
        assert response.raw_response_json == BODY
        # Too deep for a Struct: left unset, and the call still succeeds with the typed result.
        assert not response.HasField("raw_response")
        assert response.receipt.result.total_price.credit_card_price.text == "1.10"
        assert response.receipt.result.store_info.name.text == "café 카페"
    plain = await harness.stub.RecognizeReceipt(
        service_pb2.RecognizeReceiptRequest(image=image), timeout=10
    )
    assert plain.raw_response_json == b""
    assert not plain.HasField("raw_response")
