"""Through a real gateway and the emulator: HEIC, WebP, BMP and GIF reach CLOVA as JPEG or PNG
(the bytes and the `format` field), upright, never upscaled; the limits still hold; and the
emulator, like CLOVA, refuses formats it does not read."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import grpc
import httpx
import pytest
from photo_samples import document_photo, encode, with_exif_orientation
from PIL import Image

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.images.validation import detect_format

from .conftest import Harness
from .test_serving import details_of

D = Domain.RECEIPT
PHOTO = document_photo(240, 320)  # portrait
SCAN = document_photo(200, 150, mode="L")
STORED_LANDSCAPE = document_photo(320, 240)

CASES = {
    # name: (content, declared format, sent format)
    "heic": (encode(PHOTO, "HEIF", quality=80), image_pb2.IMAGE_FORMAT_HEIC, "jpg"),
    "heif spelled": (encode(PHOTO, "HEIF", quality=80), image_pb2.IMAGE_FORMAT_HEIF, "jpg"),
    "lossy webp": (encode(PHOTO, "WEBP", quality=80), image_pb2.IMAGE_FORMAT_UNSPECIFIED, "jpg"),
    "lossless webp": (
        encode(SCAN, "WEBP", lossless=True),
        image_pb2.IMAGE_FORMAT_WEBP,
        "png",
    ),
    "bmp": (encode(PHOTO, "BMP"), image_pb2.IMAGE_FORMAT_BMP, "png"),
    "gif": (encode(SCAN.convert("P"), "GIF"), image_pb2.IMAGE_FORMAT_GIF, "png"),
}


def _request(content: bytes, fmt: int = image_pb2.IMAGE_FORMAT_UNSPECIFIED) -> Any:
    return service_pb2.RecognizeReceiptRequest(
        image=image_pb2.Image(content=content, format=fmt, name="upload")  # type: ignore[arg-type]
    )


async def conversion_memory_given_back(harness: Harness) -> None:
    """Once the calls have ended, nothing holds a converted image: the whole conversion
    budget is free again (a converted image keeps its share while it lives)."""
    transcoder = harness.gateway.recognizer.transcoder
    for _ in range(200):  # the handler lets go just after the answer is sent
        if transcoder.memory_free == transcoder.memory_bytes:
            return
        await asyncio.sleep(0.01)
    assert transcoder.memory_free == transcoder.memory_bytes


def _received(harness: Harness) -> tuple[str, str | None, tuple[int, int]]:
    """What the emulator got: format field, format of the bytes, pixel size."""
    seen = harness.emulator.stats.last_request[D]
    size = Image.open(io.BytesIO(seen.image_head)).size  # the header is in the first 64 KiB
    return seen.image_format, detect_format(seen.image_head), size


async def test_formats_clova_does_not_read_arrive_as_jpeg_or_png(harness: Harness) -> None:
    for name, (content, declared, sent) in CASES.items():
        source = Image.open(io.BytesIO(content)).size
        response = await harness.stub.RecognizeReceipt(_request(content, declared), timeout=30)
        assert response.image.infer_result == image_pb2.INFER_RESULT_SUCCESS, name
        field, magic, size = _received(harness)
        assert (field, magic) == (sent, sent), name
        assert size == source, name  # converted, never resized
    await conversion_memory_given_back(harness)
    metrics = harness.gateway.metrics.render().decode()
    assert 'clova_ocr_image_conversions_total{from_format="heic",to_format="jpg"} 2.0' in metrics
    assert 'clova_ocr_image_conversions_total{from_format="bmp",to_format="png"} 1.0' in metrics


@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        pytest.param("WEBP", {"quality": 85}, id="webp"),
        pytest.param("JPEG", {"quality": 90}, id="jpeg"),
    ],
)
async def test_an_exif_rotated_photo_arrives_upright(
    harness: Harness, fmt: str, options: dict[str, Any]
) -> None:
    content = encode(
        STORED_LANDSCAPE, fmt, exif=with_exif_orientation(STORED_LANDSCAPE, 6), **options
    )
    await harness.stub.RecognizeReceipt(_request(content), timeout=30)
    field, magic, size = _received(harness)
    assert (field, magic) == ("jpg", "jpg")
    assert size == (240, 320)  # stored 320x240, displayed (and now sent) 240x320


async def test_limits_hold_for_conversions_and_nothing_is_sent(harness_factory: Any) -> None:
    content, _, _ = CASES["bmp"]
    harness: Harness = await harness_factory(max_image_pixels=240 * 320 - 1)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(_request(content), timeout=30)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert details_of(caught.value)["info"].reason == "INVALID_IMAGE"
    assert "240x320 pixels" in (caught.value.details() or "")

    # The converted output must fit the byte limit too: a WebP squeezed to quality 5 comes back
    # as a JPEG at quality 90 more than twice its size.
    noisy = encode(Image.effect_noise((400, 400), 120).convert("RGB"), "WEBP", quality=5)
    harness = await harness_factory(max_image_bytes=len(noisy) + 1)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(_request(noisy), timeout=30)
    assert details_of(caught.value)["info"].reason == "INVALID_IMAGE"
    assert "whose conversion to JPEG is" in (caught.value.details() or "")

    # A conversion that can never fit the memory budget is refused, not queued forever.
    harness = await harness_factory(conversion_memory_bytes=1024)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(_request(CASES["heic"][0]), timeout=30)
    assert "too large for this gateway to convert" in (caught.value.details() or "")
    assert harness.emulator.stats.requests[D] == 0


async def test_a_declared_format_must_match_the_converted_content(harness: Harness) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(
            _request(CASES["bmp"][0], image_pb2.IMAGE_FORMAT_WEBP), timeout=30
        )
    [violation] = details_of(caught.value)["bad_request"].field_violations
    assert violation.field == "image.format"
    assert "BMP" in violation.description
    assert harness.emulator.stats.requests[D] == 0


@pytest.mark.parametrize("name", ["lossy webp", "bmp", "heic", "gif"])
async def test_the_emulator_refuses_formats_clova_does_not_read(
    harness: Harness, name: str
) -> None:
    emulator = harness.emulator
    content = CASES[name][0]
    message = (
        b'{"version":"V2","requestId":"r1","timestamp":1,'
        b'"images":[{"format":"jpg","name":"sneaky"}]}'
    )
    async with httpx.AsyncClient(trust_env=False) as http:
        answer = await http.post(
            emulator.url_for(D),
            headers={"X-OCR-SECRET": emulator.secret_for(D)},
            files={"message": (None, message), "file": ("x", content)},
        )
    assert answer.status_code == 400
    assert answer.json()["code"] == "0011"
