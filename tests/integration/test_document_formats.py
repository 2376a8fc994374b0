"""RecognizeDocument and BatchRecognize take what Recognize takes: a HEIC, WebP, BMP or GIF
reaches CLOVA as JPEG or PNG (the very check-and-convert function of Recognize, applied when the
document is opened), one that cannot be converted is refused as a whole before any call, and
the pages split from a TIFF keep the image byte and pixel limits."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from google.rpc import code_pb2
from imaging_samples import tiny_png
from PIL import Image
from PIL.TiffImagePlugin import ImageFileDirectory_v2

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.images.validation import detect_format

from .conftest import Harness
from .test_conversions import CASES, conversion_memory_given_back
from .test_documents import keeping, read_all, reason_of

RECEIPT = service_pb2.DOCUMENT_TYPE_RECEIPT
pytestmark = pytest.mark.timeout(60)


def _name(case: str) -> str:
    return case.replace(" ", "-")


def _sent(harness: Harness) -> dict[str, tuple[str | None, str | None, tuple[int, int]]]:
    """What the emulator received, by image name: format field, format of the bytes, size."""
    return {
        str(seen.name): (
            seen.format,
            detect_format(seen.content),
            Image.open(io.BytesIO(seen.content)).size,
        )
        for seen in harness.emulator.stats.images
    }


def _expected() -> dict[str, tuple[str | None, str | None, tuple[int, int]]]:
    return {
        _name(case): (sent, sent, Image.open(io.BytesIO(content)).size)
        for case, (content, _, sent) in CASES.items()
    }


async def test_heic_webp_bmp_gif_documents_reach_clova_as_jpeg_or_png(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)
    for case, (content, declared, _) in CASES.items():
        request = service_pb2.RecognizeDocumentRequest(
            document_type=RECEIPT,
            image=image_pb2.Image(content=content, format=declared, name=_name(case)),  # type: ignore[arg-type]
        )
        responses = await read_all(harness, request)
        assert [(r.page_number, r.page_count, r.status.code) for r in responses] == [
            (1, 1, code_pb2.OK)
        ], case
    assert _sent(harness) == _expected()
    await conversion_memory_given_back(harness)


async def test_heic_webp_bmp_gif_batch_items_reach_clova_as_jpeg_or_png(
    harness_factory: Any,
) -> None:
    harness = await keeping(harness_factory)

    async def items() -> AsyncIterator[service_pb2.BatchRecognizeRequest]:
        for case, (content, declared, _) in CASES.items():
            yield service_pb2.BatchRecognizeRequest(
                item_id=_name(case),
                document_type=RECEIPT,
                image=image_pb2.Image(content=content, format=declared, name=_name(case)),  # type: ignore[arg-type]
            )

    responses = [r async for r in harness.stub.BatchRecognize(items(), timeout=30)]
    assert sorted((r.item_id, r.page_number, r.status.code) for r in responses) == sorted(
        (_name(case), 1, code_pb2.OK) for case in CASES
    )
    assert _sent(harness) == _expected()
    await conversion_memory_given_back(harness)


async def test_an_image_that_cannot_be_converted_is_refused_as_a_whole_before_any_call(
    harness_factory: Any,
) -> None:
    # Never fits the conversion memory: refused when the document is opened, like Recognize.
    harness: Harness = await harness_factory(conversion_memory_bytes=1024)
    heic = CASES["heic"][0]

    async def items() -> AsyncIterator[service_pb2.BatchRecognizeRequest]:
        yield service_pb2.BatchRecognizeRequest(
            item_id="photo", document_type=RECEIPT, image=image_pb2.Image(content=heic)
        )
        yield service_pb2.BatchRecognizeRequest(
            item_id="scan", document_type=RECEIPT, image=image_pb2.Image(content=tiny_png())
        )

    responses = {r.item_id: r async for r in harness.stub.BatchRecognize(items(), timeout=30)}
    refused = responses["photo"]
    assert (refused.page_number, refused.status.code) == (0, code_pb2.INVALID_ARGUMENT)
    assert reason_of(refused.status) == "INVALID_IMAGE"
    assert "too large for this gateway to convert" in refused.status.message
    assert (responses["scan"].page_number, responses["scan"].status.code) == (1, code_pb2.OK)
    assert harness.emulator.stats.requests[Domain.RECEIPT] == 1  # the PNG only


def _tiff(pages: list[tuple[tuple[int, int], bytes]]) -> bytes:
    """A multi-page grayscale TIFF: each page of the given size and ImageDescription."""
    frames = []
    for size, description in pages:
        frame = Image.new("L", size, 200)
        tags = ImageFileDirectory_v2()
        tags[270] = description.decode()
        frame.encoderinfo = {"tiffinfo": tags}
        frames.append(frame)
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:])
    return out.getvalue()


async def test_split_tiff_pages_keep_the_image_byte_and_pixel_limits(
    harness_factory: Any,
) -> None:
    document = _tiff(
        [
            ((16, 8), b"small"),
            ((64, 64), b"too many pixels"),  # 4096 > 1000
            ((16, 8), b"x" * 30_000),  # too many bytes
        ]
    )
    harness: Harness = await harness_factory(max_image_pixels=1000, max_image_bytes=20_000)
    request = service_pb2.RecognizeDocumentRequest(
        document_type=RECEIPT, image=image_pb2.Image(content=document, name="stack")
    )
    by_page = {r.page_number: r for r in await read_all(harness, request)}

    assert sorted(by_page) == [1, 2, 3]
    assert by_page[1].status.code == code_pb2.OK
    for number, words in ((2, "limit of 1000 pixels"), (3, "over the limit of 20000 bytes")):
        status = by_page[number].status
        assert status.code == code_pb2.INVALID_ARGUMENT, number
        assert reason_of(status) == "INVALID_IMAGE", number
        assert words in status.message, (number, status.message)
    assert harness.emulator.stats.requests[Domain.RECEIPT] == 1
