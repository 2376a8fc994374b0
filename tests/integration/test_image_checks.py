"""Through a real gateway: files that are truncated, signature-only or lie about their size are
refused with INVALID_IMAGE and every violation in BadRequest, and CLOVA (the emulator) never sees
them; real files of the same formats go through."""

from __future__ import annotations

import struct
import zlib

import grpc
import pytest
from imaging_samples import png_chunk
from photo_samples import document_photo, encode

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain

from .conftest import Harness
from .test_serving import details_of

PHOTO = document_photo(200, 150)
REAL = {
    "jpg": encode(PHOTO, "JPEG"),
    "png": encode(PHOTO, "PNG"),
    "tiff": encode(PHOTO, "TIFF"),
    "pdf": encode(PHOTO, "PDF"),
}


def _lying_png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + png_chunk(b"IEND", b"")
    )


REFUSED = {
    "png signature only": b"\x89PNG\r\n\x1a\n",
    "jpeg signature only": b"\xff\xd8\xff",
    "tiff signature only": b"II*\x00",
    "pdf header only": b"%PDF-1.7\n",
    "png truncated": REAL["png"][: len(REAL["png"]) // 2],
    "jpeg truncated": REAL["jpg"][: len(REAL["jpg"]) // 2],
    "tiff truncated": REAL["tiff"][: len(REAL["tiff"]) // 2],
    "pdf truncated": REAL["pdf"][: len(REAL["pdf"]) // 2],
    "pdf bait of 2 MB": b"%PDF-1.4\n" + b"\x00" * 2_000_000,
    "png declaring 60000x60000": _lying_png(60_000, 60_000),
}


async def test_broken_images_are_refused_and_never_reach_clova(harness: Harness) -> None:
    stats = harness.emulator.stats
    before = stats.requests[Domain.RECEIPT]
    for case, content in REFUSED.items():
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await harness.stub.RecognizeReceipt(
                service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=content)),
                timeout=10,
            )
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT, case
        found = details_of(caught.value)
        assert found["info"].reason == "INVALID_IMAGE", case
        violations = found["bad_request"].field_violations
        assert [v.field for v in violations] == ["image.content"], case
        assert violations[0].description in (caught.value.details() or ""), case
    assert stats.requests[Domain.RECEIPT] == before  # not one billable call


async def test_every_violation_of_one_image_is_listed(harness: Harness) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(
            service_pb2.RecognizeReceiptRequest(
                image=image_pb2.Image(
                    content=_lying_png(60_000, 60_000),
                    format=image_pb2.IMAGE_FORMAT_JPEG,
                    name="a/b",
                )
            ),
            timeout=10,
        )
    fields = [v.field for v in details_of(caught.value)["bad_request"].field_violations]
    assert fields == ["image.format", "image.content", "image.name"]


async def test_pixel_bound_follows_ocr_max_image_pixels(harness_factory: object) -> None:
    harness: Harness = await harness_factory(max_image_pixels=200 * 150 - 1)  # type: ignore[operator]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(
            service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=REAL["png"])),
            timeout=10,
        )
    assert "200x150 pixels" in (caught.value.details() or "")
    assert harness.emulator.stats.requests[Domain.RECEIPT] == 0


async def test_real_files_of_each_format_reach_clova(harness: Harness) -> None:
    stats = harness.emulator.stats
    for fmt, content in REAL.items():
        before = stats.calls[Domain.RECEIPT]
        await harness.stub.RecognizeReceipt(
            service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=content)),
            timeout=10,
        )
        assert stats.calls[Domain.RECEIPT] == before + 1, fmt
        assert stats.last_request[Domain.RECEIPT].image_bytes == len(content), fmt
