"""Conversions before the paid call (clova_ocr_gateway.images.transcode): what CLOVA cannot read
becomes JPEG or PNG, upright, never larger in pixels, within the limits and the memory budget."""

from __future__ import annotations

import asyncio
import io
import threading

import pytest
from photo_samples import document_photo, encode, with_exif_orientation
from PIL import Image

from clova_ocr_gateway.images.transcode import (
    Transcoder,
    estimated_memory_bytes,
    needs_transcoding,
    transcode,
)
from clova_ocr_gateway.images.validation import (
    ImageValidationError,
    ValidatedImage,
    detect_format,
    validate_image,
)

MiB = 1024 * 1024
LIMIT = 20 * MiB
PIXELS = 100_000_000
PHOTO = document_photo(240, 320)  # portrait, like a phone photo of a receipt
SCAN = document_photo(200, 150, mode="L")


def _validated(content: bytes) -> ValidatedImage:
    return validate_image(content, None, "upload", LIMIT, PIXELS)


def _decoded(image: ValidatedImage) -> Image.Image:
    picture = Image.open(io.BytesIO(image.content))
    picture.load()
    return picture


SOURCES = {
    # name: (bytes, what CLOVA receives)
    "heic photo": (encode(PHOTO, "HEIF", quality=80), "jpg"),
    "lossy webp": (encode(PHOTO, "WEBP", quality=80), "jpg"),
    "lossless webp": (encode(SCAN, "WEBP", lossless=True), "png"),
    "bmp 24-bit": (encode(PHOTO, "BMP"), "png"),
    "bmp 1-bit": (encode(SCAN.convert("1"), "BMP"), "png"),
    "gif": (encode(SCAN.convert("P"), "GIF"), "png"),
    "webp with alpha": (encode(PHOTO.convert("RGBA"), "WEBP", quality=80), "jpg"),
}


@pytest.mark.parametrize("name", list(SOURCES))
def test_formats_clova_does_not_take_become_jpeg_or_png_of_the_same_size(name: str) -> None:
    content, expected = SOURCES[name]
    image = _validated(content)
    assert needs_transcoding(image)
    converted = transcode(image, max_bytes=LIMIT, max_pixels=PIXELS)
    assert converted.detected_format == converted.format == expected
    assert detect_format(converted.content) == expected  # the bytes are what format says
    assert converted.converted_from == image.detected_format
    assert converted.size_bytes == len(converted.content)
    picture = _decoded(converted)
    assert picture.size == (image.width, image.height) == (converted.width, converted.height)
    assert _validated(converted.content).detected_format == expected  # a valid file for CLOVA


def test_only_the_first_frame_of_an_animated_gif_is_sent() -> None:
    frames = [SCAN.convert("P"), Image.new("P", SCAN.size, 0)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)
    converted = transcode(_validated(out.getvalue()), max_bytes=LIMIT, max_pixels=PIXELS)
    picture = _decoded(converted)
    assert getattr(picture, "n_frames", 1) == 1
    assert picture.convert("L").getextrema() != (0, 0)  # frame 1, not the black frame 2


def test_transparent_areas_become_white_in_jpeg() -> None:
    clear = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    converted = transcode(
        _validated(encode(clear, "WEBP", quality=90)), max_bytes=LIMIT, max_pixels=PIXELS
    )
    assert converted.format == "jpg"
    assert _decoded(converted).convert("L").getextrema()[0] > 240


@pytest.mark.parametrize(
    ("fmt", "options", "expected"),
    [
        pytest.param("WEBP", {"quality": 85}, "jpg", id="webp"),
        pytest.param("JPEG", {"quality": 90}, "jpg", id="jpeg"),
        pytest.param("PNG", {}, "png", id="png"),
    ],
)
@pytest.mark.parametrize("orientation", [6, 8, 5, 7])
def test_exif_rotation_is_applied_so_a_tall_picture_arrives_tall(
    fmt: str, options: dict[str, object], expected: str, orientation: int
) -> None:
    # Stored landscape (as phone sensors do), tagged "rotate 90": displayed portrait.
    stored = document_photo(320, 240)
    content = encode(stored, fmt, exif=with_exif_orientation(stored, orientation), **options)
    image = _validated(content)
    assert image.orientation == orientation and needs_transcoding(image)
    converted = transcode(image, max_bytes=LIMIT, max_pixels=PIXELS)
    assert converted.format == expected
    assert _decoded(converted).size == (240, 320)
    assert converted.orientation == 1
    assert _decoded(converted).getexif().get(0x0112) in (None, 1)  # never rotated twice


@pytest.mark.parametrize("orientation", [2, 3, 4])
def test_flips_and_half_turns_keep_the_size(orientation: int) -> None:
    content = encode(PHOTO, "JPEG", exif=with_exif_orientation(PHOTO, orientation))
    converted = transcode(_validated(content), max_bytes=LIMIT, max_pixels=PIXELS)
    assert _decoded(converted).size == PHOTO.size


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(encode(PHOTO, "JPEG"), id="jpeg"),
        pytest.param(encode(PHOTO, "PNG"), id="png"),
        pytest.param(encode(PHOTO, "TIFF"), id="tiff"),
        pytest.param(encode(PHOTO, "PDF"), id="pdf"),
        pytest.param(
            encode(PHOTO, "JPEG", exif=with_exif_orientation(PHOTO, 1)), id="jpeg-orientation-1"
        ),
    ],
)
async def test_what_clova_takes_upright_is_passed_through_untouched(content: bytes) -> None:
    image = _validated(content)
    assert not needs_transcoding(image)
    transcoder = Transcoder(max_image_bytes=LIMIT, max_image_pixels=PIXELS, memory_bytes=MiB)
    try:
        assert await transcoder.transcode_for_clova(image) is image
    finally:
        transcoder.close()


def test_a_conversion_larger_than_the_byte_limit_is_refused() -> None:
    noisy = Image.effect_noise((400, 400), 120).convert("RGB")
    image = _validated(encode(noisy, "WEBP", quality=100))
    with pytest.raises(ImageValidationError) as caught:
        transcode(image, max_bytes=20_000, max_pixels=PIXELS)
    [violation] = caught.value.violations
    assert violation.field == "image.content"
    assert "over the limit of 20000 bytes" in violation.description


def test_png_output_over_the_byte_limit_falls_back_to_jpeg() -> None:
    noisy = Image.effect_noise((300, 300), 120).convert("RGB")
    image = _validated(encode(noisy, "BMP"))
    png = transcode(image, max_bytes=LIMIT, max_pixels=PIXELS)
    assert png.format == "png"
    smaller = transcode(image, max_bytes=png.size_bytes - 1, max_pixels=PIXELS)
    assert smaller.format == "jpg"
    assert smaller.size_bytes < png.size_bytes


def test_the_pixel_bound_is_checked_before_decoding() -> None:
    image = _validated(encode(PHOTO, "WEBP"))
    with pytest.raises(ImageValidationError, match="over this gateway's limit of 1000 pixels"):
        transcode(image, max_bytes=LIMIT, max_pixels=1000)


@pytest.mark.parametrize("fmt", ["WEBP", "HEIF"])
def test_a_file_that_cannot_be_decoded_is_an_invalid_image(fmt: str) -> None:
    content = bytearray(encode(PHOTO, fmt, quality=80))
    if fmt == "WEBP":
        content[30:] = b"\xff" * (len(content) - 30)  # headers intact, image data destroyed
    else:
        data_at = content.index(b"mdat") + 8
        content[data_at : data_at + 400] = bytes(400)
    image = _validated(bytes(content))
    with pytest.raises(ImageValidationError, match="cannot be decoded"):
        transcode(image, max_bytes=LIMIT, max_pixels=PIXELS)


# --- the memory budget --------------------------------------------------------------------------


async def test_a_conversion_that_can_never_fit_the_budget_is_refused_at_once() -> None:
    image = _validated(encode(PHOTO, "WEBP"))
    transcoder = Transcoder(
        max_image_bytes=LIMIT,
        max_image_pixels=PIXELS,
        memory_bytes=estimated_memory_bytes(image) - 1,
    )
    try:
        with pytest.raises(ImageValidationError, match="too large for this gateway to convert"):
            await transcoder.transcode_for_clova(image)
    finally:
        transcoder.close()


async def test_a_rotated_jpeg_too_large_to_rotate_is_sent_as_it_is() -> None:
    content = encode(PHOTO, "JPEG", exif=with_exif_orientation(PHOTO, 6))
    image = _validated(content)
    transcoder = Transcoder(max_image_bytes=LIMIT, max_image_pixels=PIXELS, memory_bytes=1)
    try:
        assert await transcoder.transcode_for_clova(image) is image
    finally:
        transcoder.close()


class _Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def image_conversion(self, from_format: str, to_format: str) -> None:
        self.seen.append((from_format, to_format))


async def test_conversions_wait_for_the_budget_and_never_exceed_it() -> None:
    images = [_validated(SOURCES[name][0]) for name in ("heic photo", "lossy webp", "bmp 24-bit")]
    need = max(estimated_memory_bytes(i) for i in images)
    recorder = _Recorder()
    # Room for one conversion at a time although there are two threads.
    transcoder = Transcoder(
        max_image_bytes=LIMIT,
        max_image_pixels=PIXELS,
        memory_bytes=need,
        workers=2,
        recorder=recorder,
    )
    lowest = transcoder.memory_free
    stop = threading.Event()

    async def watch() -> None:
        nonlocal lowest
        while not stop.is_set():
            lowest = min(lowest, transcoder.memory_free)
            assert transcoder.memory_free >= 0
            await asyncio.sleep(0)

    async def format_of(image: ValidatedImage) -> str:
        # The converted image is dropped at once, as a call ends: its share comes back.
        return (await transcoder.transcode_for_clova(image)).format

    watcher = asyncio.create_task(watch())
    try:
        formats = await asyncio.wait_for(
            asyncio.gather(*(format_of(i) for i in images * 3)), timeout=60
        )
    finally:
        stop.set()
        await watcher
        transcoder.close()
    assert formats == ["jpg", "jpg", "png"] * 3
    assert lowest >= 0
    assert transcoder.memory_free == need  # everything given back
    assert sorted(recorder.seen) == sorted([("heic", "jpg"), ("webp", "jpg"), ("bmp", "png")] * 3)


async def test_a_converted_image_keeps_twice_its_size_reserved_until_it_is_freed() -> None:
    image = _validated(SOURCES["bmp 24-bit"][0])
    need = estimated_memory_bytes(image)
    transcoder = Transcoder(max_image_bytes=LIMIT, max_image_pixels=PIXELS, memory_bytes=need)
    try:
        converted = await transcoder.transcode_for_clova(image)
        # The call holds the output and the upload body built from it, beside its source.
        assert transcoder.memory_free == need - 2 * len(converted.content)
        blocked = asyncio.create_task(transcoder.transcode_for_clova(image))
        await asyncio.sleep(0.05)
        assert not blocked.done(), "the next conversion waits for the held output's share"
        del converted  # the call ended
        again = await asyncio.wait_for(blocked, timeout=30)
        assert again.format == "png"
        del again, blocked  # the task keeps its result too
        assert transcoder.memory_free == need
    finally:
        transcoder.close()


async def test_a_cancelled_caller_does_not_release_memory_still_in_use() -> None:
    image = _validated(SOURCES["bmp 24-bit"][0])
    need = estimated_memory_bytes(image)
    transcoder = Transcoder(max_image_bytes=LIMIT, max_image_pixels=PIXELS, memory_bytes=need)
    try:
        first = asyncio.create_task(transcoder.transcode_for_clova(image))
        second = asyncio.create_task(transcoder.transcode_for_clova(image))  # waits its turn
        await asyncio.sleep(0)
        assert transcoder.memory_free == 0
        second.cancel()
        first.cancel()
        for task in (first, second):
            with pytest.raises(asyncio.CancelledError):
                await task
        # The first conversion may still run in its thread: its share comes back when it ends.
        for _ in range(500):
            if transcoder.memory_free == need:
                break
            await asyncio.sleep(0.01)
        assert transcoder.memory_free == need
        again = await transcoder.transcode_for_clova(image)  # and the budget still works
        assert again.format == "png"
    finally:
        transcoder.close()
