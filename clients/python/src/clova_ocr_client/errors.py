"""GatewayError: every failed call, with the gateway's rich status details parsed.

The gateway answers errors as google.rpc.Status (trailer `grpc-status-details-bin`) with exactly
one google.rpc.ErrorInfo (domain "clova-ocr-gateway", reason in UPPER_SNAKE_CASE, metadata
"clova_code" and "http_status"), maybe RetryInfo, QuotaFailure, BadRequest, and a
clova.ocr.document.v1.ClovaError with CLOVA's own error body. Errors raised by gRPC itself
(connection refused, deadline exceeded on the client) have none of these: reason is "".
"""

from __future__ import annotations

from typing import Any, TypeVar

import grpc
from google.protobuf import any_pb2
from google.protobuf.message import DecodeError, Message
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from clova_ocr_client.pb import clova_api_pb2

__all__ = ["ERROR_DOMAIN", "GatewayError"]

ERROR_DOMAIN = "clova-ocr-gateway"

_DETAIL_TYPES: tuple[type[Message], ...] = (
    error_details_pb2.ErrorInfo,
    error_details_pb2.RetryInfo,
    error_details_pb2.QuotaFailure,
    error_details_pb2.BadRequest,
    error_details_pb2.PreconditionFailure,
    error_details_pb2.ResourceInfo,
    error_details_pb2.RequestInfo,
    error_details_pb2.DebugInfo,
    error_details_pb2.Help,
    error_details_pb2.LocalizedMessage,
    clova_api_pb2.ClovaError,
)
_M = TypeVar("_M", bound=Message)
_RETRYABLE_CODES = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED})


def _unpack(detail: any_pb2.Any) -> Message:
    """The detail as its message type when known, else the Any itself."""
    for cls in _DETAIL_TYPES:
        if detail.TypeName() == cls.DESCRIPTOR.full_name:
            message = cls()
            try:
                detail.Unpack(message)
            except DecodeError:
                return detail
            return message
    return detail


class GatewayError(Exception):
    """A failed gateway call.

    Attributes:
        code: the gRPC status code (grpc.StatusCode).
        reason: ErrorInfo.reason, e.g. "INVALID_IMAGE" or "UPSTREAM_RATE_LIMITED"; "" when the
            error did not come from the gateway (no ErrorInfo).
        clova_code: ErrorInfo.metadata["clova_code"], CLOVA's error code such as "0025"; "" when
            CLOVA gave none.
        message: the status message.
        retry_delay: RetryInfo.retry_delay in seconds, or None when the gateway did not say the
            call may be retried.
        details: every detail of the status, unpacked (ErrorInfo, RetryInfo, QuotaFailure,
            BadRequest, ClovaError, ...; unknown types stay google.protobuf.Any).
    """

    def __init__(
        self,
        code: grpc.StatusCode,
        reason: str,
        clova_code: str,
        message: str,
        retry_delay: float | None,
        details: list[Message],
        *,
        rpc_error: grpc.RpcError | None = None,
    ) -> None:
        super().__init__(code, reason, clova_code, message, retry_delay, details)
        self.code = code
        self.reason = reason
        self.clova_code = clova_code
        self.message = message
        self.retry_delay = retry_delay
        self.details = details
        self.rpc_error = rpc_error

    def __str__(self) -> str:
        text = f"{self.code.name}"
        if self.reason:
            text += f" {self.reason}"
        if self.clova_code:
            text += f" (CLOVA {self.clova_code})"
        return f"{text}: {self.message}" if self.message else text

    def __repr__(self) -> str:
        return (
            f"GatewayError(code={self.code.name}, reason={self.reason!r}, "
            f"clova_code={self.clova_code!r}, message={self.message!r}, "
            f"retry_delay={self.retry_delay!r})"
        )

    def __reduce__(self) -> Any:
        # Picklable (e.g. across multiprocessing) without the live RpcError.
        return (
            _rebuild,
            (
                self.code.name,
                self.reason,
                self.clova_code,
                self.message,
                self.retry_delay,
                [(type(d).DESCRIPTOR.full_name, d.SerializeToString()) for d in self.details],
            ),
        )

    def _first(self, cls: type[_M]) -> _M | None:
        return next((d for d in self.details if isinstance(d, cls)), None)

    @property
    def error_info(self) -> error_details_pb2.ErrorInfo | None:
        return self._first(error_details_pb2.ErrorInfo)

    @property
    def domain(self) -> str:
        info = self.error_info
        return info.domain if info is not None else ""

    @property
    def metadata(self) -> dict[str, str]:
        """ErrorInfo.metadata (keys "clova_code", "http_status")."""
        info = self.error_info
        return dict(info.metadata) if info is not None else {}

    @property
    def http_status(self) -> int | None:
        """The HTTP status CLOVA answered with, when the gateway reported one (0: no answer)."""
        value = self.metadata.get("http_status", "")
        return int(value) if value.isdigit() else None

    @property
    def bad_request(self) -> error_details_pb2.BadRequest | None:
        return self._first(error_details_pb2.BadRequest)

    @property
    def quota_failure(self) -> error_details_pb2.QuotaFailure | None:
        return self._first(error_details_pb2.QuotaFailure)

    @property
    def clova_error(self) -> clova_api_pb2.ClovaError | None:
        return self._first(clova_api_pb2.ClovaError)

    @property
    def retryable(self) -> bool:
        """The gateway says a retry may succeed: UNAVAILABLE/RESOURCE_EXHAUSTED with RetryInfo."""
        return self.code in _RETRYABLE_CODES and self.retry_delay is not None

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> GatewayError:
        """Parse a failed call (grpc.RpcError from a sync call or grpc.aio.AioRpcError)."""
        code_fn = getattr(error, "code", None)
        code = code_fn() if callable(code_fn) else grpc.StatusCode.UNKNOWN
        details_fn = getattr(error, "details", None)
        message = (details_fn() if callable(details_fn) else None) or ""
        status = None
        try:
            status = rpc_status.from_call(error)
        except (ValueError, AttributeError, TypeError, DecodeError):
            status = None  # no trailer, or a code/message that contradicts the trailer
        if status is None:
            return cls(code, "", "", message, None, [], rpc_error=error)
        return cls._parsed(code, status, message, error)

    @classmethod
    def from_status(cls, status: Any) -> GatewayError | None:
        """The error a google.rpc.Status stands for, None for code 0: the `status` of a page of
        RecognizeDocument or BatchRecognize, which carries the same details a unary call's
        error does."""
        if status.code == 0:
            return None
        try:
            code = next(c for c in grpc.StatusCode if c.value[0] == status.code)
        except StopIteration:
            code = grpc.StatusCode.UNKNOWN
        return cls._parsed(code, status, status.message, None)

    @classmethod
    def _parsed(
        cls, code: grpc.StatusCode, status: Any, message: str, error: grpc.RpcError | None
    ) -> GatewayError:
        details = [_unpack(d) for d in status.details]
        reason, clova_code, retry_delay = "", "", None
        for detail in details:
            if isinstance(detail, error_details_pb2.ErrorInfo) and not reason:
                reason = detail.reason
                clova_code = detail.metadata.get("clova_code", "")
            elif isinstance(detail, error_details_pb2.RetryInfo) and retry_delay is None:
                retry_delay = detail.retry_delay.ToNanoseconds() / 1e9
        return cls(
            code,
            reason,
            clova_code,
            status.message or message,
            retry_delay,
            details,
            rpc_error=error,
        )


def _rebuild(
    code: str,
    reason: str,
    clova_code: str,
    message: str,
    retry_delay: float | None,
    details: list[tuple[str, bytes]],
) -> GatewayError:
    known: tuple[type[Message], ...] = (*_DETAIL_TYPES, any_pb2.Any)
    by_name = {cls.DESCRIPTOR.full_name: cls for cls in known}
    return GatewayError(
        grpc.StatusCode[code],
        reason,
        clova_code,
        message,
        retry_delay,
        [by_name[name].FromString(data) for name, data in details],
    )
