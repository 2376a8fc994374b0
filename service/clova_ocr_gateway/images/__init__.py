"""Images: what the gateway checks about a caller's image before any paid CLOVA call.

`validation.validate_image` checks size, magic bytes, page count and name, and returns a
`validation.ValidatedImage` or raises `ImageValidationError` with every `FieldViolation` found.
"""
