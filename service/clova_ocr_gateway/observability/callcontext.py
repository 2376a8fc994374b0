"""Per-RPC record shared by the interceptor and the servicer through a context variable.

The interceptor creates a `CallRecord` before the servicer runs and logs it as the single
`rpc_finished` line afterwards; the servicer fills in what only it knows via `current_call()`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

import structlog

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.logs import Vocabulary
from clova_ocr_gateway.observability.tracing import TraceContext

if TYPE_CHECKING:
    from clova_ocr_gateway.callers.identity import Caller

__all__ = ["CallRecord", "call_scope", "current_call"]


@dataclass(slots=True)
class CallRecord:
    """What one RPC did; mutable on purpose, the servicer writes into it as it goes."""

    request_id: str = ""  # set by the interceptor (x-request-id or generated)
    method: str = ""  # full gRPC method, "/pkg.Service/Method"
    domain: Domain | None = None  # set by the servicer
    caller: str = ""  # the caller's id: x-client-id as sent (sanitised) while auth is off
    principal: Caller | None = None  # set by authentication; read via callers.current_caller()
    grpc_code: str = ""  # final canonical code name, set by the interceptor
    queue_seconds: float = 0.0  # time waiting for an admission slot
    upstream_seconds: float = 0.0  # time in HTTP calls to CLOVA, all attempts together
    total_seconds: float = 0.0  # set by the interceptor
    retries: int = 0  # upstream attempts beyond the first
    image_bytes: int = 0  # size of the image received
    image_conversion: str | None = None  # "webp->jpg" when the gateway converted the image
    conversion_seconds: float = 0.0  # time the conversion took, waiting for memory included
    http_status: int | None = None  # last upstream HTTP status; None: no answer / no call
    clova_code: str | None = None  # last CLOVA error `code`, None if absent
    trace_id: str = ""
    trace: TraceContext | None = None  # the gateway's server span (parent of upstream spans)
    # Streaming RPCs (RecognizeDocument, BatchRecognize): messages each way, and what the
    # documents did (pages read, pages failed, batch items); None on unary calls.
    messages_received: int | None = None
    messages_sent: int | None = None
    pages: int | None = None
    pages_failed: int | None = None
    items: int | None = None

    def __setattr__(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)
        if name == "request_id" and _SCOPED.get() is self:
            # The servicer replaces the interceptor's id with the request's own (the one sent
            # to CLOVA); every line logged for the rest of the call must carry the id that its
            # rpc_finished line shows, or the lines of one call cannot be joined.
            structlog.contextvars.bind_contextvars(request_id=value)

    def log_fields(self) -> dict[str, object]:
        """The fields of the canonical `rpc_finished` log line. Values from fixed vocabularies
        are marked `Vocabulary`, so redaction does not scan them; the caller's request id and
        client id and CLOVA's code are text from outside and are scanned."""
        domain = self.domain
        return {
            "request_id": self.request_id,
            "method": _vocabulary(self.method),
            "domain": _vocabulary(domain.value) if isinstance(domain, Domain) else domain,
            "caller": self.caller,
            "grpc_code": _vocabulary(self.grpc_code),
            "queue_seconds": round(self.queue_seconds, 6),
            "upstream_seconds": round(self.upstream_seconds, 6),
            "total_seconds": round(self.total_seconds, 6),
            "retries": self.retries,
            "image_bytes": self.image_bytes,
            "image_conversion": self.image_conversion,
            "conversion_seconds": round(self.conversion_seconds, 6),
            "http_status": self.http_status,
            "clova_code": self.clova_code,
            "trace_id": Vocabulary(self.trace_id),  # 32 hex digits (tracing.py)
            **{
                name: value for name in _STREAM_FIELDS if (value := getattr(self, name)) is not None
            },
        }


# Methods, domains and gRPC codes: a few dozen values, each marked once.
_vocabulary = functools.lru_cache(maxsize=256)(Vocabulary)
# Set on streaming calls only (numbers, so redaction passes them through).
_STREAM_FIELDS = ("messages_received", "messages_sent", "pages", "pages_failed", "items")


_CURRENT: ContextVar[CallRecord | None] = ContextVar("clova_ocr_call_record", default=None)
# The record of the enclosing call_scope (never a detached one): only its request_id changes
# are re-bound into the log context.
_SCOPED: ContextVar[CallRecord | None] = ContextVar("clova_ocr_scoped_call", default=None)
_UNBOUND = object()


def current_call() -> CallRecord:
    """The record of the RPC being handled by this task.

    Outside an intercepted RPC (unit tests calling the servicer directly, the CLI) a fresh
    record is created and bound to the current context, so writes never fail.
    """
    record = _CURRENT.get()
    if record is None:
        record = CallRecord()
        _CURRENT.set(record)
    return record


@contextmanager
def call_scope(record: CallRecord) -> Iterator[CallRecord]:
    """Make `record` the current call for the duration of the block.

    A change of `record.request_id` inside the block is bound into the structlog context
    (`request_id`) until the block ends, so later lines agree with `rpc_finished`.
    """
    outer = structlog.contextvars.get_contextvars().get("request_id", _UNBOUND)
    token = _CURRENT.set(record)
    scoped = _SCOPED.set(record)
    try:
        yield record
    finally:
        _SCOPED.reset(scoped)
        _CURRENT.reset(token)
        # Undo whatever a request_id change inside the block bound.
        structlog.contextvars.unbind_contextvars("request_id")
        if outer is not _UNBOUND:
            structlog.contextvars.bind_contextvars(request_id=outer)
