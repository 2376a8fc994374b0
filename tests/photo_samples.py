"""Real image files made with Pillow (and pillow-heif for HEIC), for tests and benchmarks.

`document_photo` draws something like a photographed receipt (paper, lines of dark "text", a
soft shadow and sensor noise), so encoders produce realistic sizes instead of the extremes of
flat colour or pure noise. Deterministic per size.
"""

from __future__ import annotations

import io
import random
from typing import Any

from PIL import Image, ImageDraw, ImageFilter

__all__ = ["document_photo", "encode", "with_exif_orientation"]


def document_photo(width: int, height: int, *, mode: str = "RGB", seed: int = 1) -> Image.Image:
    """A receipt-like picture of `width` x `height` pixels."""
    rng = random.Random(seed * 1_000_003 + width * 7 + height)
    image = Image.new("RGB", (width, height), (96, 86, 70))  # table
    draw = ImageDraw.Draw(image)
    margin_x, margin_y = width // 8, height // 16
    draw.rectangle((margin_x, margin_y, width - margin_x, height - margin_y), fill=(238, 236, 228))
    line_height = max(4, height // 60)
    y = margin_y + line_height
    while y < height - margin_y - line_height:
        x = margin_x + line_height
        while x < width - margin_x - line_height * 3:
            word = rng.randint(line_height, line_height * 6)
            right = min(x + word, width - margin_x - line_height)
            draw.rectangle((x, y, right, y + line_height * 2 // 3), fill=(40, 38, 44))
            x = right + line_height
        y += line_height * 2
    image = image.filter(ImageFilter.GaussianBlur(max(1, width // 800)))
    noise = Image.effect_noise((width, height), 12).convert("RGB")
    image = Image.blend(image, noise, 0.06)
    return image.convert(mode) if mode != "RGB" else image


def encode(image: Image.Image, fmt: str, **options: Any) -> bytes:
    """`image` saved as `fmt` ("JPEG", "PNG", "TIFF", "PDF", "WEBP", "BMP", "GIF", "HEIF")."""
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def with_exif_orientation(image: Image.Image, orientation: int) -> Image.Exif:
    """EXIF data whose Orientation tag is `orientation` (1..8), for `encode(..., exif=...)`."""
    exif = image.getexif()
    exif[0x0112] = orientation
    return exif
