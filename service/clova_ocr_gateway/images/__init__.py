"""Images: what the gateway checks about a caller's image before any paid CLOVA call.

`validation.validate_image` checks size, magic bytes, the header structure of the format, pixel
dimensions, page count and name, and returns a `validation.ValidatedImage` or raises
`ImageValidationError` with every `FieldViolation` found. The structure parsers work on bytes
with bounded work and are reusable on their own: `raster` (PNG, JPEG, GIF, BMP, WebP, HEIF
headers), `tiff` (IFD chain, per-page size), `pdf` (cross-reference tail, page-tree walk);
`header` holds what they return (`ImageHeader`) and raise (`MalformedImageError`).

`transcode.Transcoder.transcode_for_clova` runs after validation on every RPC: it converts what
CLOVA does not read (WebP, BMP, GIF, HEIC/HEIF) to JPEG or PNG and turns EXIF-rotated images
upright, within a memory budget, on a small thread pool; `transcode.transcode` is the blocking
core.
"""
