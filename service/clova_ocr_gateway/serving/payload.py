"""The image bytes of the call being served, held apart from its parsed request.

A parsed protobuf message keeps its bytes fields in its own arena and hands out a new copy on
every read of `image.content`, so holding the message and the copy the upload needs doubled the
memory of every call. The intake (serving/intake.py) takes the content out once, right after
parsing, and keeps it here, in the call's context, until the call ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from google.protobuf.message import Message

from clova.ocr.document.v1 import image_pb2

__all__ = ["detached_image", "image_content"]


class _Held:
    """A box for the bytes: every task or callback started during the call copies the context,
    and such copies can outlive the call by far (grpc keeps some until the connection closes).
    They must find an emptied box, never the bytes themselves."""

    __slots__ = ("content",)

    def __init__(self, content: bytes) -> None:
        self.content: bytes | None = content


_HELD: ContextVar[_Held | None] = ContextVar("clova_ocr_image_content", default=None)


@contextlib.contextmanager
def detached_image(request: Message) -> Iterator[Message]:
    """`request` without its image content (parsed anew, so the large arena is freed), the
    content held for `image_content` while the block runs."""
    image = getattr(request, "image", None)
    if not isinstance(image, image_pb2.Image) or image.WhichOneof("source") != "content":
        yield request
        return
    content = image.content  # the one copy the call keeps
    image.ClearField("content")
    # Clearing a field does not shrink the message's arena; a message parsed from the rest
    # has a small one of its own, and the large one goes with the old message.
    light = type(request).FromString(request.SerializeToString())
    del request, image
    held = _Held(content)
    del content
    token = _HELD.set(held)
    try:
        yield light
    finally:
        held.content = None
        _HELD.reset(token)


def image_content(image: image_pb2.Image) -> bytes | None:
    """The image's bytes: those the intake held for this call, else the message's own (a call
    that did not come through the intake, e.g. a test calling the servicer), else None."""
    held = _HELD.get()
    if held is not None and held.content is not None:
        return held.content
    return image.content if image.WhichOneof("source") == "content" else None
