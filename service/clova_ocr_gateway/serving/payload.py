"""The image bytes of the call being served, held apart from its parsed request.

A parsed protobuf message keeps its bytes fields in its own arena and hands out a new copy on
every read of `image.content`, so holding the message and the copy the upload needs doubled the
memory of every call. The intake (serving/intake.py) takes the content out once, right after
parsing, and keeps it here, in the call's context, until the call ends.

The streaming RPCs read documents (RecognizeDocument) or many of them (BatchRecognize): each
message read through the intake comes as a `Received`, its content apart in the same way but
held by the `Received` itself (a call has many pages and items, the context var only one).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from google.protobuf.message import Message

from clova.ocr.document.v1 import image_pb2

__all__ = ["Received", "detached_image", "image_content", "take_content"]

M = TypeVar("M", bound=Message)


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
    light, content = take_content(request)
    del request
    if content is None:
        yield light
        return
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


def take_content(request: M) -> tuple[M, bytes | None]:
    """`request` without its image content (parsed anew, so the large arena is freed) and that
    content; the request as it is and None when its image has no content."""
    image = getattr(request, "image", None)
    if not isinstance(image, image_pb2.Image) or image.WhichOneof("source") != "content":
        return request, None
    content = image.content  # the one copy the call keeps
    image.ClearField("content")
    # Clearing a field does not shrink the message's arena; a message parsed from the rest
    # has a small one of its own, and the large one goes with the old message.
    light = type(request).FromString(request.SerializeToString())
    return light, content


@dataclass(eq=False)
class Received(Generic[M]):
    """One request message of a streaming RPC, read through the intake: the message without
    its image content, that content, and its size as received, which stays reserved from the
    in-flight byte budget until `release` (idempotent; the intake releases it too when the
    call ends)."""

    message: M
    content: bytes | None
    size: int
    _give_back: Callable[[], None] = field(repr=False)

    def release(self) -> None:
        """Drop the content and give its bytes back to the budget."""
        self.content = None
        self._give_back()
