"""Turns a validated image into what CLOVA takes: WebP, BMP, GIF (first frame) and HEIC/HEIF
become JPEG or PNG, and an EXIF orientation is applied to the pixels, before the paid call.

CLOVA reads jpg/jpeg/png/pdf/tiff only. Lossless sources (BMP, GIF, lossless WebP, a rotated PNG)
become PNG, unless the PNG would exceed the image byte limit (then JPEG); photographic sources
(HEIC, lossy WebP, a rotated JPEG) become JPEG at quality 90. Nothing is ever resized, so nothing
is upscaled. A JPEG or PNG whose EXIF orientation is not 1 is re-encoded upright, because CLOVA
does not document whether it honours EXIF: this way the coordinates it answers always match the
upright picture, whatever it does; the EXIF block (with any GPS position) is not carried over.

Decoding allocates memory in proportion to the pixels, so every conversion first reserves its
estimated peak (pixels x a per-format factor measured by benchmarks/imaging_bench.py) from one
`OCR_CONVERSION_MEMORY_BYTES` budget and waits, in arrival order, until it fits; a conversion
that could never fit is refused. The decode and encode run on a small thread pool (Pillow
releases the GIL), never on the event loop. Pixel bounds are checked on the header before any
decoding, and Pillow's own decompression-bomb guard is set to the same bound.

A converted image is held by its call beside the source (which the in-flight byte budget counts)
until the call ends, and may be larger than the source (a 61 kB WebP became a 529 kB JPEG): when
a conversion ends, twice the output (the image and the upload body built from it) stays reserved
from the conversion budget until the converted image is freed, so the memory formula's
conversion term covers it too.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import io
import threading
import weakref
from dataclasses import dataclass, replace
from typing import Final, Protocol

from PIL import Image, ImageOps

from clova_ocr_gateway.images.validation import (
    FIELD_CONTENT,
    FieldViolation,
    ImageValidationError,
    ValidatedImage,
    display_name,
)

__all__ = [
    "CLOVA_FORMATS",
    "ConversionRecorder",
    "Transcoder",
    "estimated_memory_bytes",
    "needs_transcoding",
    "transcode",
]

# Canonical formats CLOVA reads as they are (images/validation.py canonical names).
CLOVA_FORMATS: Final = frozenset({"jpg", "png", "pdf", "tiff"})
JPEG_QUALITY: Final = 90
# zlib level 1: a scan converts ~4x faster than at the default 6 for a PNG ~20% larger
# (benchmarks/imaging_bench.py); CPU held by a conversion is CPU no other call gets.
PNG_COMPRESS_LEVEL: Final = 1
# Peak bytes per pixel while decoding, orienting and encoding, measured (RSS) per source format
# with a margin: Pillow keeps RGB as 4 bytes per pixel, WebP decodes through an RGBA frame, HEIC
# through libheif's own buffer, and a rotation holds a second copy.
_BYTES_PER_PIXEL: Final[dict[str, int]] = {
    "heic": 14,
    "webp": 24,
    "bmp": 12,
    "gif": 12,
    "jpg": 14,
    "png": 14,
}
# A converted image keeps this many times its size reserved while it lives: itself and the
# upload body (upstream/client.py) built from it.
HELD_PER_OUTPUT_BYTE: Final = 2
_WHITE: Final = (255, 255, 255)
_TRANSPOSES: Final = frozenset(range(2, 9))


class ConversionRecorder(Protocol):
    """Where conversions are counted (observability.metrics.GatewayMetrics implements it)."""

    def image_conversion(self, from_format: str, to_format: str) -> None: ...


def needs_transcoding(image: ValidatedImage) -> bool:
    """True when CLOVA cannot take `image` as it is, or its pixels must be turned upright."""
    if image.detected_format not in CLOVA_FORMATS:
        return True
    return image.detected_format in ("jpg", "png") and image.orientation in _TRANSPOSES


def estimated_memory_bytes(image: ValidatedImage) -> int:
    """Peak memory one conversion of `image` is expected to take, for the budget."""
    pixels = (image.width or 1) * (image.height or 1)
    return pixels * _BYTES_PER_PIXEL.get(image.detected_format, 24) + 2 * image.size_bytes


def _refuse(description: str) -> ImageValidationError:
    return ImageValidationError([FieldViolation(FIELD_CONTENT, description)])


_PILLOW_FORMATS: Final[dict[str, tuple[str, ...]]] = {
    "jpg": ("JPEG",),
    "png": ("PNG",),
    "webp": ("WEBP",),
    "bmp": ("BMP",),
    "gif": ("GIF",),
    "heic": ("HEIF",),
}
_heif_registered = False


def _register_heif() -> None:
    """Load libheif (through pillow-heif) on the first HEIC: a gateway that never sees one
    never loads it."""
    global _heif_registered
    if not _heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_registered = True


def _open(image: ValidatedImage, max_pixels: int) -> Image.Image:
    """Open lazily (header only), check the size, then decode the first frame."""
    kind = display_name(image.detected_format)
    if image.detected_format == "heic":
        _register_heif()
    try:
        # Only the decoder of the format the header check found: no other of Pillow's dozens of
        # plugins ever parses caller bytes.
        opened = Image.open(
            io.BytesIO(image.content), formats=_PILLOW_FORMATS[image.detected_format]
        )
        width, height = opened.size
        if width * height > max_pixels:
            raise _refuse(
                f"image is a {kind} of {width}x{height} pixels, over this gateway's limit of "
                f"{max_pixels} pixels; downscale it"
            )
        opened.seek(0)  # GIF and animated WebP: the first frame only
        opened.load()
    except ImageValidationError:
        raise
    except (Image.DecompressionBombError, MemoryError) as exc:
        raise _refuse(f"image is a {kind} too large to decode: {exc}") from None
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError, EOFError, ...
        raise _refuse(
            f"image is a {kind} that cannot be decoded ({type(exc).__name__}: {exc}); send the "
            "complete file, or re-export it as JPEG or PNG"
        ) from None
    return opened


def _upright(picture: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(picture) or picture
    except Exception:  # broken EXIF: keep the pixels as stored, as viewers do
        return picture


def _for_jpeg(picture: Image.Image) -> Image.Image:
    if picture.mode in ("RGB", "L", "CMYK"):
        return picture
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        # Documents are paper: transparent parts become white, not JPEG's default black.
        rgba = picture.convert("RGBA")
        background = Image.new("RGB", rgba.size, _WHITE)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if picture.mode == "1":
        return picture.convert("L")
    if picture.mode in ("I", "I;16", "F"):
        return picture.convert("L")
    return picture.convert("RGB")


def _for_png(picture: Image.Image) -> Image.Image:
    if picture.mode in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"):
        return picture
    return picture.convert("RGBA" if "A" in picture.mode else "RGB")


def _encode(picture: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "png":
        _for_png(picture).save(out, "PNG", compress_level=PNG_COMPRESS_LEVEL)
    else:
        _for_jpeg(picture).save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def transcode(image: ValidatedImage, *, max_bytes: int, max_pixels: int) -> ValidatedImage:
    """The CPU part: decode `image`, turn it upright, encode it as JPEG or PNG. Blocking; call
    it through `Transcoder`, which bounds memory and keeps it off the event loop. Raises
    ImageValidationError when the image cannot be decoded or the result breaks a limit."""
    source = image.detected_format
    picture = _upright(_open(image, max_pixels))
    lossless = image.lossless or source == "png"
    target = "png" if lossless else "jpg"
    content = _encode(picture, target)
    if target == "png" and len(content) > max_bytes:
        target, content = "jpg", _encode(picture, "jpg")
    if len(content) > max_bytes:
        raise _refuse(
            f"image is a {display_name(source)} whose conversion to JPEG is {len(content)} bytes, "
            f"over the limit of {max_bytes} bytes; downscale it or send it as JPEG"
        )
    width, height = picture.size
    return replace(
        image,
        content=content,
        format=target,
        size_bytes=len(content),
        detected_format=target,
        pages=1,
        width=width,
        height=height,
        orientation=1,
        lossless=target == "png",
        converted_from=source,
    )


class _Waiter:
    __slots__ = ("future", "granted", "need")

    def __init__(self, need: int, future: asyncio.Future[None]) -> None:
        self.need = need
        self.future = future
        self.granted = False


class _MemoryBudget:
    """A FIFO weighted semaphore over bytes; released from any thread."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._free = capacity
        self._waiters: collections.deque[_Waiter] = collections.deque()
        self._lock = threading.Lock()  # release() runs on a worker thread's done-callback

    @property
    def free(self) -> int:
        return self._free

    async def acquire(self, need: int) -> None:
        with self._lock:
            if not self._waiters and need <= self._free:
                self._free -= need
                return
            waiter = _Waiter(need, asyncio.get_running_loop().create_future())
            self._waiters.append(waiter)
        try:
            await waiter.future
        except asyncio.CancelledError:
            with self._lock:
                if waiter.granted:
                    self._free += need  # granted just as the caller went away: give it back
                else:
                    self._waiters.remove(waiter)
            self._wake()
            raise

    def release(self, amount: int) -> None:
        with self._lock:
            self._free += amount
        self._wake()

    def _wake(self) -> None:
        with self._lock:
            while self._waiters and self._waiters[0].need <= self._free:
                waiter = self._waiters.popleft()
                waiter.granted = True
                self._free -= waiter.need
                try:
                    waiter.future.get_loop().call_soon_threadsafe(_grant, waiter.future)
                except RuntimeError:  # the loop is closed: nobody is waiting any more
                    self._free += waiter.need


def _grant(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


@dataclass(frozen=True, slots=True)
class _Limits:
    max_bytes: int
    max_pixels: int


class Transcoder:
    """Runs `transcode` for the recognizer: only when needed, within the memory budget, on a
    bounded thread pool. One per gateway; `close()` at shutdown."""

    def __init__(
        self,
        *,
        max_image_bytes: int,
        max_image_pixels: int,
        memory_bytes: int,
        workers: int = 2,
        recorder: ConversionRecorder | None = None,
    ) -> None:
        self._limits = _Limits(max_image_bytes, max_image_pixels)
        self._budget = _MemoryBudget(memory_bytes)
        self._recorder = recorder
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix="image-transcode"
        )
        # Pillow's own guard (a process-wide setting): it refuses at twice this many pixels
        # whatever opened the file; the header check above refuses at once.
        Image.MAX_IMAGE_PIXELS = max_image_pixels

    @property
    def memory_bytes(self) -> int:
        return self._budget.capacity

    @property
    def memory_free(self) -> int:
        """Budget not reserved by conversions waiting, queued or running (for tests/metrics)."""
        return self._budget.free

    async def transcode_for_clova(self, image: ValidatedImage) -> ValidatedImage:
        """`image` as CLOVA takes it: unchanged when it already is, else converted (see the
        module docstring). Raises ImageValidationError (answered as INVALID_IMAGE)."""
        if not needs_transcoding(image):
            return image
        need = estimated_memory_bytes(image)
        if need > self._budget.capacity:
            if image.detected_format in CLOVA_FORMATS:
                return image  # only its orientation was to be fixed: send it as it is
            kind = display_name(image.detected_format)
            raise _refuse(
                f"image is a {kind} of {image.width}x{image.height} pixels, too large for this "
                f"gateway to convert (about {need // 2**20} MiB to decode, the conversion memory "
                f"is {self._budget.capacity // 2**20} MiB); send it as JPEG or PNG"
            )
        await self._budget.acquire(need)
        try:
            job = self._pool.submit(
                transcode,
                image,
                max_bytes=self._limits.max_bytes,
                max_pixels=self._limits.max_pixels,
            )
        except BaseException:
            self._budget.release(need)
            raise
        # Released when the work really ends, not when a cancelled caller stops waiting; the
        # output's share only when the output is freed.
        job.add_done_callback(lambda done: self._finished(done, need))
        converted = await asyncio.wrap_future(job)
        if self._recorder is not None and converted.converted_from is not None:
            self._recorder.image_conversion(converted.converted_from, converted.detected_format)
        return converted

    def _finished(self, job: concurrent.futures.Future[ValidatedImage], need: int) -> None:
        """A conversion's thread ended: give back its decoding memory, and keep twice the
        output reserved until the converted image is freed (by its call, or with the future
        of a caller that went away)."""
        kept = 0
        if not job.cancelled() and job.exception() is None:
            converted = job.result()
            kept = min(need, HELD_PER_OUTPUT_BYTE * len(converted.content))
            weakref.finalize(converted, self._budget.release, kept).atexit = False
        self._budget.release(need - kept)

    def close(self) -> None:
        """Stop the pool; conversions already running finish in their threads."""
        self._pool.shutdown(wait=False, cancel_futures=True)
