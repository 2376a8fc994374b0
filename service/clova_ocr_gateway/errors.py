"""Every non-OK answer of the gateway: the exception types and the one table that maps CLOVA's
HTTP status and error code to a gRPC status with google.rpc details.

Exception tree (each line says when it is raised):

    GatewayError            base: anything answered with a non-OK gRPC status
    ├── InvalidRequestError     the caller's request is invalid (INVALID_ARGUMENT, BadRequest)
    ├── DomainUnavailableError  the domain is not configured or has no usable secret
    ├── AdmissionError          admission control refused or gave up on the call
    ├── AuthenticationError     a credential is required but missing, or invalid, or expired
    ├── CallerRefusedError      the caller's policy refuses the call: a domain it may not call,
    │                           or a quota of billable calls used up (concerns the caller, so
    │                           every page of a multi-page document alike)
    └── UpstreamError           CLOVA answered an error, garbage or nothing (see UPSTREAM_RULES)

Text that comes from the upstream (CLOVA's messages, its error body, inferResult messages) is
scrubbed of secret values by `upstream_error`, with the same `redact_text` the logs use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import grpc
import orjson
from google.protobuf import any_pb2, duration_pb2
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2

from clova.ocr.document.v1 import clova_api_pb2
from clova_ocr_gateway.images.validation import FieldViolation
from clova_ocr_gateway.observability.logs import redact_text

__all__ = [
    "AUTHENTICATION_RULES",
    "ERROR_DOMAIN",
    "UPSTREAM_RULES",
    "AdmissionError",
    "AuthenticationError",
    "CallerRefusedError",
    "DomainUnavailableError",
    "FieldViolation",
    "GatewayError",
    "InvalidRequestError",
    "UpstreamError",
    "UpstreamRule",
    "authentication_error",
    "error_for_http_answer",
    "error_for_success_body",
    "rule_for",
    "scrub_message",
    "upstream_error",
]

ERROR_DOMAIN = "clova-ocr-gateway"
# An upstream's Retry-After is honoured up to this long: a hostile or broken upstream must not
# tell every caller to stay away for a day.
MAX_RETRY_AFTER_SECONDS = 60.0


class GatewayError(Exception):
    """A failure answered to the caller as a gRPC status with exactly one ErrorInfo."""

    def __init__(
        self,
        code: grpc.StatusCode,
        reason: str,
        message: str,
        *,
        metadata: Mapping[str, str] | None = None,
        retry_after_seconds: float | None = None,
        quota_violation: str | None = None,
        quota_subject: str | None = None,
        field_violations: Sequence[FieldViolation] = (),
        clova_error: clova_api_pb2.ClovaError | None = None,
        extra_details: Sequence[Message] = (),
        every_call: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.metadata: dict[str, str] = dict(metadata or {})
        self.retry_after_seconds = retry_after_seconds
        self.quota_violation = quota_violation
        # QuotaFailure's subject; the domain when not given (CLOVA's quotas are per domain).
        self.quota_subject = quota_subject
        self.field_violations = tuple(field_violations)
        self.clova_error = clova_error
        self.extra_details = tuple(extra_details)
        self._every_call = self.EVERY_CALL if every_call is None else every_call

    # Default of `concerns_every_call` for errors of this class (subclasses override).
    EVERY_CALL: ClassVar[bool] = False

    @property
    def concerns_every_call(self) -> bool:
        """True when the failure is not about this call's input but about the gateway, the
        domain or the caller: every other call of the same caller and domain would fail the same
        way (credentials rejected, domain not configured, quota exhausted, circuit open,
        unauthenticated, permission denied). A multi-page document or a batch ends at once on
        such an error instead of spending a paid call per page on it. The one place that
        decides it: table rows say it with `every_call`, error classes with EVERY_CALL, and the
        codes in _EVERY_CALL_CODES always do."""
        return self._every_call or self.code in _EVERY_CALL_CODES

    @property
    def transient(self) -> bool:
        """True when the same call may succeed later (the error carries RetryInfo)."""
        return self.retry_after_seconds is not None

    def to_status(self) -> status_pb2.Status:
        """The google.rpc.Status to send: ErrorInfo first, then the details that apply."""
        details: list[Message] = [
            error_details_pb2.ErrorInfo(
                reason=self.reason, domain=ERROR_DOMAIN, metadata=self.metadata
            )
        ]
        if self.retry_after_seconds is not None:
            delay = duration_pb2.Duration()
            delay.FromNanoseconds(int(self.retry_after_seconds * 1e9))
            details.append(error_details_pb2.RetryInfo(retry_delay=delay))
        if self.quota_violation is not None:
            details.append(
                error_details_pb2.QuotaFailure(
                    violations=[
                        error_details_pb2.QuotaFailure.Violation(
                            subject=self.quota_subject or self.metadata.get("domain", ""),
                            description=self.quota_violation,
                        )
                    ]
                )
            )
        if self.field_violations:
            details.append(
                error_details_pb2.BadRequest(
                    field_violations=[
                        error_details_pb2.BadRequest.FieldViolation(
                            field=v.field, description=v.description
                        )
                        for v in self.field_violations
                    ]
                )
            )
        if self.clova_error is not None:
            details.append(self.clova_error)
        details.extend(self.extra_details)
        packed = []
        for detail in details:
            any_detail = any_pb2.Any()
            any_detail.Pack(detail)
            packed.append(any_detail)
        return status_pb2.Status(code=self.code.value[0], message=self.message, details=packed)


# Codes that are about the caller, never about one input: whoever raises them (authentication,
# authorization policy), a document or batch must not try its other pages or items.
_EVERY_CALL_CODES = frozenset({grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED})


class InvalidRequestError(GatewayError):
    """The caller's request is invalid; nothing was sent to CLOVA."""

    def __init__(self, message: str, violations: Sequence[FieldViolation], reason: str) -> None:
        super().__init__(
            grpc.StatusCode.INVALID_ARGUMENT,
            reason,
            message,
            metadata={"fields": ",".join(v.field for v in violations)},
            field_violations=violations,
        )


class DomainUnavailableError(GatewayError):
    """The domain has no invoke URL or no usable secret on this gateway."""

    EVERY_CALL: ClassVar[bool] = True


class AdmissionError(GatewayError):
    """Admission control refused the call (queue full, deadline cannot be met, breaker open)."""


class AuthenticationError(GatewayError):
    """The call carries no credential where one is required, or one that is invalid or expired
    (OCR_AUTH_MODE, docs/authentication.md); nothing in it names an identity or a key."""


class CallerRefusedError(GatewayError):
    """The caller's policy (OCR_CALLERS_FILE) refuses the call; nothing was sent to CLOVA.

    It concerns the caller, not the image: a multi-page document fails as a whole.
    """

    EVERY_CALL: ClassVar[bool] = True


class UpstreamError(GatewayError):
    """CLOVA answered an error, an unreadable answer, or nothing at all."""

    # The pause the upstream itself asked for (Retry-After, bounded), which the gateway's own
    # retries honour too; None when it named none.
    upstream_retry_after: float | None = None


@dataclass(frozen=True, slots=True)
class UpstreamRule:
    """One row of the error table: how a CLOVA failure is answered to the caller."""

    code: grpc.StatusCode
    reason: str
    meaning: str
    retry_after_seconds: float | None = None
    quota: bool = False
    caller_fault: bool = False  # documentation: does the caller have to change something?
    # The failure is the domain's or the account's, not this image's: see
    # GatewayError.concerns_every_call.
    every_call: bool = False
    notes: str = ""
    statuses: tuple[int, ...] = field(default=())


# The one error table. Keyed by CLOVA's error code: CLOVA sends rate and quota errors as HTTP 400,
# so the code, not the HTTP status, carries the meaning. README's error table is generated from it
# (tests/test_errors.py checks they agree).
UPSTREAM_RULES: dict[str, UpstreamRule] = {
    "0001": UpstreamRule(
        grpc.StatusCode.INTERNAL,
        "UPSTREAM_URL_INVALID",
        "CLOVA says the invoke URL is invalid: the gateway's OCR_<DOMAIN>_INVOKE_URL is wrong",
        every_call=True,
    ),
    "0002": UpstreamRule(
        grpc.StatusCode.INTERNAL,
        "UPSTREAM_CREDENTIALS_REJECTED",
        "CLOVA rejected the gateway's own X-OCR-SECRET for this domain; the operator must fix "
        "OCR_<DOMAIN>_SECRET(_FILE). This is never the caller's fault, so not UNAUTHENTICATED",
        every_call=True,
    ),
    "0011": UpstreamRule(
        grpc.StatusCode.INVALID_ARGUMENT,
        "UPSTREAM_REJECTED_REQUEST",
        "CLOVA found the request body invalid (e.g. an image it cannot decode)",
        caller_fault=True,
    ),
    "0021": UpstreamRule(
        grpc.StatusCode.INTERNAL,
        "UPSTREAM_PROTOCOL_UNSUPPORTED",
        "CLOVA does not support the protocol version the gateway sent",
        every_call=True,
    ),
    "0022": UpstreamRule(
        grpc.StatusCode.INTERNAL,
        "UPSTREAM_DOMAIN_INVALID",
        "CLOVA says the request domain is invalid: the invoke URL points at the wrong domain",
        every_call=True,
    ),
    "0023": UpstreamRule(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "UPSTREAM_QUOTA_EXHAUSTED",
        "The CLOVA account reached its API request count limit; retrying does not help until "
        "the quota is raised or renewed",
        quota=True,
        every_call=True,
    ),
    "0025": UpstreamRule(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        "UPSTREAM_RATE_LIMITED",
        "Too many simultaneous calls on the CLOVA domain; retry shortly",
        retry_after_seconds=1.0,
        quota=True,
    ),
    "0028": UpstreamRule(
        grpc.StatusCode.FAILED_PRECONDITION,
        "UPSTREAM_FEATURE_DISABLED",
        "A feature the call needs is disabled on the CLOVA domain (e.g. table extraction)",
        every_call=True,
    ),
    "0500": UpstreamRule(
        grpc.StatusCode.UNAVAILABLE,
        "UPSTREAM_UNAVAILABLE",
        "CLOVA reported an unknown service error",
        retry_after_seconds=1.0,
    ),
    "0501": UpstreamRule(
        grpc.StatusCode.UNAVAILABLE,
        "UPSTREAM_OCR_ERROR",
        "CLOVA's OCR engine failed",
        retry_after_seconds=1.0,
    ),
    "1021": UpstreamRule(
        grpc.StatusCode.FAILED_PRECONDITION,
        "UPSTREAM_NOT_DEPLOYED",
        "CLOVA found no deployment for the domain (template or domain not deployed yet)",
        every_call=True,
    ),
}

# Answers that carry no known CLOVA code, keyed by what went wrong.
UNKNOWN_CLIENT_ERROR = UpstreamRule(
    grpc.StatusCode.INTERNAL,
    "UPSTREAM_UNKNOWN_ERROR",
    "CLOVA answered 4xx (or another status the gateway does not expect) with an unknown or "
    "missing code",
)
HTTP_RATE_LIMITED = UpstreamRule(
    grpc.StatusCode.RESOURCE_EXHAUSTED,
    "UPSTREAM_RATE_LIMITED",
    "CLOVA (or its API gateway) answered HTTP 429 Too Many Requests. RetryInfo follows its "
    f"Retry-After (seconds or a date, at most {MAX_RETRY_AFTER_SECONDS:g} s), else 1 s; the "
    "gateway lowers its concurrency limit as for 0025",
    retry_after_seconds=1.0,
    quota=True,
)
REDIRECTED = UpstreamRule(
    grpc.StatusCode.INTERNAL,
    "UPSTREAM_REDIRECTED",
    "CLOVA (or a proxy) answered 3xx. The gateway never follows redirects (its secret would go "
    "along), so the operator must fix OCR_<DOMAIN>_INVOKE_URL (scheme, host or path)",
    every_call=True,
)
UNKNOWN_SERVER_ERROR = UpstreamRule(
    grpc.StatusCode.UNAVAILABLE,
    "UPSTREAM_UNAVAILABLE",
    "CLOVA (or a proxy in front of it) answered 5xx without a known code, e.g. an HTML 502",
    retry_after_seconds=1.0,
)
MALFORMED_SUCCESS = UpstreamRule(
    grpc.StatusCode.INTERNAL,
    "UPSTREAM_MALFORMED_RESPONSE",
    "CLOVA answered 200 with a body that is empty, truncated, not a CLOVA answer, in an "
    "encoding the gateway did not ask for and cannot read, or an error body with an unknown "
    "code; the call may have been billed, so the gateway does not retry it",
)
RESPONSE_TOO_LARGE = UpstreamRule(
    grpc.StatusCode.INTERNAL,
    "UPSTREAM_RESPONSE_TOO_LARGE",
    "CLOVA answered 200 with a body larger than OCR_MAX_UPSTREAM_RESPONSE_BYTES (counted after "
    "any decompression); the gateway stopped reading and dropped the connection. The call was "
    "billed, so the gateway does not retry it",
)
CONNECT_FAILED = UpstreamRule(
    grpc.StatusCode.UNAVAILABLE,
    "UPSTREAM_CONNECT_FAILED",
    "The gateway could not connect to CLOVA (refused, DNS, TLS)",
    retry_after_seconds=1.0,
)
CONNECTION_LOST = UpstreamRule(
    grpc.StatusCode.UNAVAILABLE,
    "UPSTREAM_CONNECTION_LOST",
    "The connection to CLOVA was reset or closed before a complete answer",
    retry_after_seconds=1.0,
)
UPSTREAM_TIMEOUT = UpstreamRule(
    grpc.StatusCode.DEADLINE_EXCEEDED,
    "UPSTREAM_TIMEOUT",
    "CLOVA did not answer completely within the caller's deadline or "
    "OCR_UPSTREAM_TIMEOUT_SECONDS (a total per attempt: status line and whole body)",
)
INFER_FAILURE = UpstreamRule(
    grpc.StatusCode.INVALID_ARGUMENT,
    "DOCUMENT_NOT_RECOGNIZED",
    "CLOVA answered inferResult FAILURE: the image could not be read as this document type. "
    "The per-image envelope (ImageInfo) is attached as a detail",
    caller_fault=True,
)
INFER_ERROR = UpstreamRule(
    grpc.StatusCode.UNAVAILABLE,
    "UPSTREAM_INFERENCE_ERROR",
    "CLOVA answered inferResult ERROR (an exception inside CLOVA). The call was billed, so the "
    "gateway does not retry it itself; a caller's retry may succeed",
    retry_after_seconds=1.0,
)


def rule_for(http_status: int, clova_code: str | None) -> UpstreamRule:
    """The table row for a non-200 answer; known CLOVA codes win over the HTTP status."""
    if clova_code is not None and clova_code in UPSTREAM_RULES:
        return UPSTREAM_RULES[clova_code]
    if http_status >= 500:
        return UNKNOWN_SERVER_ERROR
    if http_status == 429:
        return HTTP_RATE_LIMITED
    if 300 <= http_status < 400:
        return REDIRECTED
    return UNKNOWN_CLIENT_ERROR


def parse_clova_error(body: bytes, http_status: int) -> clova_api_pb2.ClovaError | None:
    """CLOVA's error body as a typed message, or None when the body is not one (HTML, empty)."""
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(parsed, dict) or "code" not in parsed:
        return None
    timestamp = parsed.get("timestamp")
    return clova_api_pb2.ClovaError(
        code=_text(parsed.get("code")),
        message=_text(parsed.get("message")),
        path=_text(parsed.get("path")),
        timestamp=timestamp if isinstance(timestamp, int) and abs(timestamp) < 2**63 else 0,
        http_status=http_status,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def scrub_message(message: Message) -> None:
    """Mask secret values (`redact_text`) in every string field of `message`, at any depth."""
    for descriptor, value in message.ListFields():
        if descriptor.type == FieldDescriptor.TYPE_STRING:
            if descriptor.is_repeated:
                value[:] = [redact_text(v) for v in value]
            else:
                setattr(message, descriptor.name, redact_text(value))
        elif descriptor.type == FieldDescriptor.TYPE_MESSAGE:
            entry = descriptor.message_type
            if entry is not None and entry.GetOptions().map_entry:
                entry_value = entry.fields_by_name["value"]
                for key in list(value):
                    if entry_value.type == FieldDescriptor.TYPE_STRING:
                        value[key] = redact_text(value[key])
                    elif entry_value.type == FieldDescriptor.TYPE_MESSAGE:
                        scrub_message(value[key])
            elif descriptor.is_repeated:
                for item in value:
                    scrub_message(item)
            else:
                scrub_message(value)


def upstream_error(
    rule: UpstreamRule,
    domain: str,
    *,
    http_status: int | None = None,
    clova_error: clova_api_pb2.ClovaError | None = None,
    detail: str = "",
    extra_metadata: Mapping[str, str] | None = None,
    extra_details: Sequence[Message] = (),
    retry_after: float | None = None,
) -> UpstreamError:
    """Build the UpstreamError for a table row, with the CLOVA code in ErrorInfo metadata.

    Everything that may carry upstream text (CLOVA's message, `detail`, metadata, the ClovaError
    and the extra details) is scrubbed of secret values here, the one road to a caller.
    `retry_after` is the upstream's own Retry-After in seconds: it replaces the row's RetryInfo
    delay (bounded by MAX_RETRY_AFTER_SECONDS) where the row has one.
    """
    if clova_error is not None:
        scrub_message(clova_error)
    for extra in extra_details:
        scrub_message(extra)
    metadata = {
        "domain": domain,
        "clova_code": clova_error.code if clova_error is not None and clova_error.code else "",
        "http_status": str(http_status) if http_status is not None else "",
    }
    metadata = {k: v for k, v in metadata.items() if v}
    metadata.update({k: redact_text(v) for k, v in (extra_metadata or {}).items()})
    message = f"{domain}: {rule.meaning}"
    if clova_error is not None and clova_error.code:
        message += f" (CLOVA {clova_error.code}: {clova_error.message})"
    elif http_status is not None:
        message += f" (HTTP {http_status})"
    if detail:
        message += f": {redact_text(detail)}"
    bounded = None
    if retry_after is not None:
        bounded = min(max(retry_after, 0.0), MAX_RETRY_AFTER_SECONDS)
    delay = rule.retry_after_seconds
    if delay is not None and bounded is not None:
        delay = bounded
    error = UpstreamError(
        rule.code,
        rule.reason,
        message,
        metadata=metadata,
        retry_after_seconds=delay,
        quota_violation=rule.meaning if rule.quota else None,
        clova_error=clova_error,
        extra_details=extra_details,
        every_call=rule.every_call,
    )
    error.upstream_retry_after = bounded
    return error


def error_for_http_answer(
    domain: str,
    http_status: int,
    body: bytes,
    *,
    retry_after: float | None = None,
    detail: str = "",
) -> UpstreamError:
    """Map a non-200 HTTP answer from CLOVA (or a proxy in front of it) through the table.

    `retry_after`: the answer's Retry-After in seconds, if any; `detail`: what the reader saw
    (e.g. a body cut at the size cap), said instead of the body's own description.
    """
    clova_error = parse_clova_error(body, http_status)
    rule = rule_for(http_status, clova_error.code if clova_error is not None else None)
    if not detail and clova_error is None:
        detail = "body is not a CLOVA error" if body else "empty body"
    return upstream_error(
        rule,
        domain,
        http_status=http_status,
        clova_error=clova_error,
        detail=detail,
        retry_after=retry_after,
    )


def error_for_success_body(domain: str, body: bytes, detail: str) -> UpstreamError:
    """A 200 whose body is not a recognition answer: a CLOVA error body (`{"code": ...}`) is
    mapped by its code like any error answer; anything else is UPSTREAM_MALFORMED_RESPONSE
    with `detail` (why conversion failed). Never retried either way (see retry.is_transient)."""
    clova_error = parse_clova_error(body, 200)
    if clova_error is not None and clova_error.code in UPSTREAM_RULES:
        return upstream_error(
            UPSTREAM_RULES[clova_error.code],
            domain,
            http_status=200,
            clova_error=clova_error,
            detail="an error body in an HTTP 200 answer",
        )
    return upstream_error(
        MALFORMED_SUCCESS, domain, http_status=200, clova_error=clova_error, detail=detail
    )


# Rows of the README's error table that are not CLOVA codes, in the order they are shown.
_OTHER_ROWS: tuple[tuple[str, str, UpstreamRule], ...] = (
    ("other code", "4xx", UNKNOWN_CLIENT_ERROR),
    ("none / other", "429 (with or without Retry-After)", HTTP_RATE_LIMITED),
    ("none / other", "3xx", REDIRECTED),
    ("none / other", "5xx (incl. HTML 502 from a proxy)", UNKNOWN_SERVER_ERROR),
    ("none / other", "200, empty / truncated / not JSON / unknown encoding", MALFORMED_SUCCESS),
    ("none", "200, body above OCR_MAX_UPSTREAM_RESPONSE_BYTES", RESPONSE_TOO_LARGE),
    ("none", "connection refused, DNS, TLS", CONNECT_FAILED),
    ("none", "connection reset or closed mid-answer", CONNECTION_LOST),
    ("none", "timeout (caller's deadline or upstream timeout)", UPSTREAM_TIMEOUT),
    ("inferResult FAILURE", "200", INFER_FAILURE),
    ("inferResult ERROR", "200", INFER_ERROR),
)
_HTTP_OF_CODE = {"0002": "401", "0500": "500", "0501": "500", "1021": "500"}


def error_table_markdown() -> str:
    """The error table as Markdown, for the README (a test keeps the two identical)."""
    lines = [
        "| CLOVA code | HTTP | gRPC code | ErrorInfo reason | RetryInfo | QuotaFailure | Meaning |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [(code, _HTTP_OF_CODE.get(code, "400"), rule) for code, rule in UPSTREAM_RULES.items()]
    for code, http, rule in [*rows, *_OTHER_ROWS]:
        retry = f"{rule.retry_after_seconds:g} s" if rule.retry_after_seconds is not None else ""
        lines.append(
            f"| {code} | {http} | {rule.code.name} | `{rule.reason}` | {retry} | "
            f"{'yes' if rule.quota else ''} | {rule.meaning} |"
        )
    return "\n".join(lines)


# Authentication failures, keyed by ErrorInfo reason. Each names what the caller must fix and
# never which identities or keys exist. README's table of them is generated from this one.
AUTHENTICATION_RULES: dict[str, str] = {
    "CREDENTIALS_MISSING": "OCR_AUTH_MODE=required and the call carries no credential: no "
    "verified client certificate, no `authorization: Bearer` token, no `x-api-key`",
    "CREDENTIALS_INVALID": "A credential was presented but cannot be verified (bad signature, "
    "unknown key, wrong issuer or audience, not yet valid, unknown API key, malformed, or more "
    "than one credential); refused in `optional` mode too. ErrorInfo metadata `credential` "
    "says which kind, `check` which check failed",
    "CREDENTIALS_EXPIRED": "The service-account token's `exp` has passed (beyond the allowed "
    "clock skew): the caller must read its projected token file again",
}


def authentication_error(
    reason: str, message: str, metadata: Mapping[str, str] | None = None
) -> AuthenticationError:
    """The UNAUTHENTICATED error for one of `AUTHENTICATION_RULES`."""
    if reason not in AUTHENTICATION_RULES:
        raise ValueError(f"unknown authentication failure reason {reason!r}")
    return AuthenticationError(grpc.StatusCode.UNAUTHENTICATED, reason, message, metadata=metadata)


def authentication_table_markdown() -> str:
    """The authentication failures as Markdown, for the README (a test keeps them identical)."""
    lines = ["| gRPC code | ErrorInfo reason | Meaning |", "|---|---|---|"]
    for reason, meaning in AUTHENTICATION_RULES.items():
        lines.append(f"| UNAUTHENTICATED | `{reason}` | {meaning} |")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class IntakeRule:
    """How a call the intake (serving/intake.py) ends before its request is handled is answered."""

    code: grpc.StatusCode
    retry_after_seconds: float | None
    meaning: str


# Calls ended while their request is being taken in, keyed by ErrorInfo reason. README's table
# of them is generated from this one.
INTAKE_RULES: dict[str, IntakeRule] = {
    "ADMISSION_INFLIGHT_BYTES": IntakeRule(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        1.0,
        "The request could not be given room in the in-flight byte budget "
        "(`OCR_MAX_INFLIGHT_BYTES`, reserved for the largest possible message before any byte is "
        "read) within half its deadline or `OCR_RECEIVE_TIMEOUT_SECONDS`: too many large "
        "requests at once. Its bytes were never read; retry shortly",
    ),
    "REQUEST_RECEIVE_TIMEOUT": IntakeRule(
        grpc.StatusCode.DEADLINE_EXCEEDED,
        None,
        "The request message did not arrive within `OCR_RECEIVE_TIMEOUT_SECONDS` of the call's "
        "start (a sender that stalled; on a `BatchRecognize` stream: no next item nor end of "
        "the stream that long after everything sent was answered); what it held is released",
    ),
    "MALFORMED_REQUEST": IntakeRule(
        grpc.StatusCode.INVALID_ARGUMENT,
        None,
        "The request bytes are not a valid message of the RPC's request type (corrupt wire "
        "format, or a string field that is not UTF-8): a client bug, not retried",
    ),
    "SERVER_DRAINING": IntakeRule(
        grpc.StatusCode.UNAVAILABLE,
        0.1,
        "The replica is shutting down (SIGTERM, after `OCR_DRAIN_DELAY_SECONDS`) and refuses "
        "new calls until it stops; a retry reaches another replica",
    ),
}


def intake_error(
    reason: str, message: str, metadata: Mapping[str, str] | None = None
) -> GatewayError:
    """The error for one of `INTAKE_RULES`."""
    rule = INTAKE_RULES[reason]
    kind = AdmissionError if reason.startswith("ADMISSION_") else GatewayError
    return kind(
        rule.code,
        reason,
        message,
        metadata=metadata,
        retry_after_seconds=rule.retry_after_seconds,
    )


def intake_table_markdown() -> str:
    """The intake's refusals as Markdown, for the README (a test keeps them identical)."""
    lines = ["| gRPC code | ErrorInfo reason | RetryInfo | Meaning |", "|---|---|---|---|"]
    for reason, rule in INTAKE_RULES.items():
        retry = f"{rule.retry_after_seconds:g} s" if rule.retry_after_seconds is not None else ""
        lines.append(f"| {rule.code.name} | `{reason}` | {retry} | {rule.meaning} |")
    return "\n".join(lines)
