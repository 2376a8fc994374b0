"""One recognition, from a validated request to a converted answer: the caller's permission,
input checks, domain readiness, the caller's quota, admission, the upstream call with its
retries, circuit breaker and adaptive limit, and conversion. Knows nothing of gRPC servicers."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

import grpc

from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway import errors
from clova_ocr_gateway.admission.adaptive import AdaptiveLimit
from clova_ocr_gateway.admission.controller import Admission
from clova_ocr_gateway.callers.gate import CallerGate
from clova_ocr_gateway.callers.identity import caller_of
from clova_ocr_gateway.config.secret_store import SecretManager
from clova_ocr_gateway.config.settings import Settings
from clova_ocr_gateway.conversion.answer import ConvertedAnswer, convert_answer
from clova_ocr_gateway.conversion.errors import ConversionError
from clova_ocr_gateway.conversion.registry import DomainSpec
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.images.transcode import Transcoder
from clova_ocr_gateway.images.validation import (
    DEFAULT_MAX_IMAGE_PIXELS,
    FieldViolation,
    ImageValidationError,
    ValidatedImage,
    validate_image,
)
from clova_ocr_gateway.observability import tracing
from clova_ocr_gateway.observability.callcontext import CallRecord
from clova_ocr_gateway.observability.logs import redact_text
from clova_ocr_gateway.observability.metrics import GatewayMetrics
from clova_ocr_gateway.serving.payload import image_content
from clova_ocr_gateway.upstream.breaker import CircuitBreaker
from clova_ocr_gateway.upstream.client import UpstreamAnswer, UpstreamClient
from clova_ocr_gateway.upstream.retry import (
    RetryBudget,
    RetryPolicy,
    is_overload,
    is_transient,
    retry_reason,
)

MAX_REQUEST_ID_LENGTH = 128
# A quota reservation outlives the call's deadline by this much before it stops counting.
RESERVATION_MARGIN_SECONDS = 10.0
MAX_RESERVATION_SECONDS = 3600.0

# The format a caller declared, as the image checks spell it (None: not declared).
FORMAT_NAMES: dict[int, str | None] = {
    image_pb2.IMAGE_FORMAT_UNSPECIFIED: None,
    image_pb2.IMAGE_FORMAT_JPG: "jpg",
    image_pb2.IMAGE_FORMAT_JPEG: "jpeg",
    image_pb2.IMAGE_FORMAT_PNG: "png",
    image_pb2.IMAGE_FORMAT_PDF: "pdf",
    # CLOVA documents "tiff" only; the enum keeps TIF for callers who name files that way.
    image_pb2.IMAGE_FORMAT_TIF: "tiff",
    image_pb2.IMAGE_FORMAT_TIFF: "tiff",
    # Converted to JPEG or PNG by the gateway before the call (images/transcode.py).
    image_pb2.IMAGE_FORMAT_WEBP: "webp",
    image_pb2.IMAGE_FORMAT_BMP: "bmp",
    image_pb2.IMAGE_FORMAT_GIF: "gif",
    image_pb2.IMAGE_FORMAT_HEIC: "heic",
    image_pb2.IMAGE_FORMAT_HEIF: "heif",
}


@dataclass(frozen=True, slots=True)
class Recognition:
    """A successful recognition: the request id used upstream and CLOVA's converted answer."""

    request_id: str
    answer: ConvertedAnswer


def request_id_or_new(request_id: str) -> str:
    """The caller's request id, checked, or a new UUID (CLOVA documents requestId as a UUID)."""
    if not request_id:
        return str(uuid.uuid4())
    if len(request_id) > MAX_REQUEST_ID_LENGTH or not all(" " < ch <= "~" for ch in request_id):
        raise errors.InvalidRequestError(
            "request_id must be at most 128 printable ASCII characters without spaces",
            [
                FieldViolation(
                    "request_id",
                    f"got {len(request_id)} characters; use e.g. a UUID, or leave it empty "
                    "and the gateway generates one",
                )
            ],
            reason="INVALID_REQUEST_ID",
        )
    return request_id


def validated_image(
    image: image_pb2.Image, max_bytes: int, max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS
) -> ValidatedImage:
    """The request's image checked for CLOVA, or InvalidRequestError listing every problem."""
    violations: list[FieldViolation] = []
    content = image_content(image)
    if content is None:
        violations.append(
            FieldViolation("image.content", "required: send the image file's bytes in content")
        )
    declared = FORMAT_NAMES.get(image.format, "")
    if declared == "":
        violations.append(
            FieldViolation(
                "image.format",
                f"unknown ImageFormat value {image.format}; use JPG, JPEG, PNG, PDF, TIF, TIFF, "
                "WEBP, BMP, GIF, HEIC, HEIF or leave it unspecified to detect it from the content",
            )
        )
        declared = None
    if not violations and content is not None:
        try:
            return validate_image(content, declared, image.name or None, max_bytes, max_pixels)
        except ImageValidationError as exc:
            violations.extend(exc.violations)
    raise invalid_image_error(violations)


def invalid_image_error(violations: list[FieldViolation]) -> errors.InvalidRequestError:
    """INVALID_IMAGE with every violation in BadRequest."""
    return errors.InvalidRequestError(
        "invalid image: " + "; ".join(f"{v.field}: {v.description}" for v in violations),
        violations,
        reason="INVALID_IMAGE",
    )


class Recognizer:
    """Runs recognitions for every domain against the configured CLOVA invoke URLs."""

    def __init__(
        self,
        settings: Settings,
        secrets: SecretManager,
        upstream: UpstreamClient,
        admission: Admission,
        metrics: GatewayMetrics | None = None,
        *,
        gate: CallerGate,
        rng: random.Random | None = None,
    ) -> None:
        self._metrics = metrics
        self._gate = gate
        self._settings = settings
        self._secrets = secrets
        self._upstream = upstream
        self._admission = admission
        self._rng = rng or random.Random()
        self._transcoder = Transcoder(
            max_image_bytes=settings.max_image_bytes,
            max_image_pixels=settings.max_image_pixels,
            memory_bytes=settings.conversion_memory_bytes,
            recorder=metrics,
        )
        self._retry_policy = RetryPolicy.from_settings(settings)
        # When CLOVA last answered each domain with 200 (time.monotonic()), see `answered_within`.
        self._answered_at: dict[Domain, float] = {}
        self._budgets = {
            d: RetryBudget(
                settings.retry_budget_ratio,
                settings.retry_budget_min_per_second,
                settings.retry_budget_window_seconds,
            )
            for d in Domain
        }
        self._breakers = {
            d: CircuitBreaker(
                d,
                failure_threshold=settings.breaker_failure_threshold,
                failure_ratio=settings.breaker_failure_ratio,
                window_calls=settings.breaker_window_calls,
                cooldown=settings.breaker_cooldown_seconds,
                metrics=metrics,
            )
            for d in Domain
        }
        self._adaptive = AdaptiveLimit(
            {d: settings.domain(d).concurrency_limit for d in Domain},
            admission.permits,
            decrease_factor=settings.adaptive_decrease_factor,
            increase_after=settings.adaptive_increase_after,
            metrics=metrics,
        )

    @property
    def transcoder(self) -> Transcoder:
        """Converts what CLOVA cannot read; call `transcode_for_clova` after validation."""
        return self._transcoder

    def close(self) -> None:
        """Release the conversion threads (at shutdown, after the server stopped)."""
        self._transcoder.close()

    async def checked_image(self, image: image_pb2.Image, record: CallRecord) -> ValidatedImage:
        """The request's image validated and, where needed, converted for CLOVA; the call
        record learns its size and any conversion. Raises InvalidRequestError (INVALID_IMAGE)."""
        # The image's bytes are held apart from the request (serving/payload.py), so taking
        # their size copies nothing. The size is the one received, before any conversion.
        content = image_content(image)
        record.image_bytes = 0 if content is None else len(content)
        del content
        checked = validated_image(
            image, self._settings.max_image_bytes, self._settings.max_image_pixels
        )
        started = time.perf_counter()
        try:
            converted = await self._transcoder.transcode_for_clova(checked)
        except ImageValidationError as exc:
            raise invalid_image_error(exc.violations) from None
        if converted.converted_from is not None:
            record.image_conversion = f"{converted.converted_from}->{converted.format}"
            record.conversion_seconds = time.perf_counter() - started
        return converted

    def answered_within(self, domain: Domain, seconds: float) -> bool:
        """True when CLOVA answered a call on `domain` with 200 in the last `seconds`: its
        invoke URL and secret worked just now (documents/reading.py's PageWindow skips its
        one-page probe then)."""
        answered = self._answered_at.get(domain)
        return answered is not None and time.monotonic() - answered <= seconds

    def breaker(self, domain: Domain) -> CircuitBreaker:
        """The domain's circuit breaker (for health and tests)."""
        return self._breakers[domain]

    @property
    def adaptive_limit(self) -> AdaptiveLimit:
        return self._adaptive

    @property
    def gate(self) -> CallerGate:
        """The callers policy applied to every call (permissions, quotas)."""
        return self._gate

    def domain_usable(self, spec: DomainSpec) -> bool:
        """True when the domain has an invoke URL and a secret that can be used now."""
        return self._settings.domain(spec.domain).configured and self._secrets.usable(spec.domain)

    async def recognize(
        self,
        spec: DomainSpec,
        image: image_pb2.Image,
        request_id: str,
        *,
        record: CallRecord,
        time_remaining: float | None,
        emulator_fault: str | None = None,
        checked: ValidatedImage | None = None,
    ) -> Recognition:
        """Recognize one image as `spec`'s document type, or raise errors.GatewayError.

        `checked`: the image already through `checked_image` (a document's single image is
        checked and converted when the document is opened, so a bad one is refused as a
        whole); `image` is then not read."""
        record.domain = spec.domain
        # The request message wins, then x-request-id metadata (the interceptor put it, or a
        # fresh UUID, on the record).
        request_id = request_id_or_new(request_id or record.request_id)
        record.request_id = request_id
        caller = caller_of(record)
        policy = self._gate.authorize(caller, spec.domain)
        if checked is None:
            checked = await self.checked_image(image, record)
        url, secret = self._upstream_target(spec)
        # `traceparent` is set per attempt by the upstream client (one CLIENT span each).
        headers: dict[str, str] = {}
        if emulator_fault and self._settings.emulator:
            headers["X-Emulator-Fault"] = emulator_fault
        deadline = None if time_remaining is None else time.monotonic() + time_remaining
        # Reserved before the call and confirmed only once CLOVA answered 200 (billed), so
        # concurrent calls cannot spend the same last unit of a quota (callers/quotas.py).
        reservation = await self._gate.reserve(
            caller, policy, spec.domain, lease_seconds=self._reservation_seconds(time_remaining)
        )
        try:
            answer = await self._call_upstream(
                spec.domain,
                url=url,
                secret=secret,
                request_id=request_id,
                image=checked,
                headers=headers,
                record=record,
                deadline=deadline,
            )
        except BaseException:
            # Shielded: a cancelled call must still give its unit back. A call that counts
            # against no quota has nothing to give back (no task spent on it).
            if not reservation.done:
                await asyncio.shield(reservation.release())
            raise
        if not reservation.done:
            await asyncio.shield(reservation.confirm())
        self._gate.billed(caller, spec.domain)
        try:
            converted = convert_answer(spec.domain, answer.body)
        except ConversionError as exc:
            # Not an answer: maybe a CLOVA error body sent with HTTP 200, mapped by its code.
            raise errors.error_for_success_body(spec.domain.value, answer.body, str(exc)) from exc
        if converted.image.message:
            # CLOVA's own words reach the caller: never with a secret in them.
            converted.image.message = redact_text(converted.image.message)
        infer_label = image_pb2.InferResult.Name(converted.image.infer_result).removeprefix(
            "INFER_RESULT_"
        )
        if self._metrics is not None:
            self._metrics.infer_result(spec.domain, infer_label)
        if not converted.header.request_id:
            converted.header.request_id = request_id
        # Before the answer goes anywhere (response, error detail, raw copies).
        converted = self._gate.protect(caller, policy, spec.domain, converted, request_id)
        _raise_for_infer_result(spec, converted, infer_label)
        return Recognition(request_id=request_id, answer=converted)

    def _reservation_seconds(self, time_remaining: float | None) -> float:
        """How long a quota reservation may count: the call's deadline, or the longest a call
        can take without one (every attempt timing out, with backoff between them)."""
        s = self._settings
        longest = time_remaining
        if longest is None:
            attempts = s.retry_max_attempts
            longest = s.upstream_timeout_seconds * attempts + s.retry_max_backoff_seconds * (
                attempts - 1
            )
        return min(longest + RESERVATION_MARGIN_SECONDS, MAX_RESERVATION_SECONDS)

    async def _call_upstream(
        self,
        domain: Domain,
        *,
        url: str,
        secret: str,
        request_id: str,
        image: ValidatedImage,
        headers: dict[str, str],
        record: CallRecord,
        deadline: float | None,
    ) -> UpstreamAnswer:
        """Attempts until one answers 200 or a failure must be surfaced (see retry.py)."""
        self._budgets[domain].record_call()
        attempt = 1
        # Bounded by OCR_RETRY_MAX_ATTEMPTS, and every pause by the caller's deadline.
        while True:
            try:
                return await self._attempt(
                    domain,
                    url=url,
                    secret=secret,
                    request_id=request_id,
                    image=image,
                    headers=headers,
                    record=record,
                    deadline=deadline,
                    attempt=attempt,
                )
            except errors.UpstreamError as exc:
                pause = self._retry_pause(domain, exc, attempt, deadline)
                if pause is None:
                    raise
                record.retries += 1
                if self._metrics is not None:
                    self._metrics.upstream_retry(domain, retry_reason(exc))
                await asyncio.sleep(pause)
                attempt += 1

    def _retry_pause(
        self, domain: Domain, error: errors.UpstreamError, attempt: int, deadline: float | None
    ) -> float | None:
        """The pause before retrying `error`, or None to surface it."""
        if not is_transient(error) or self._breakers[domain].rejects() is not None:
            return None
        time_left = None if deadline is None else deadline - time.monotonic()
        pause = self._retry_policy.delay(
            attempt,
            time_left=time_left,
            reserve=self._admission.latency_estimate(domain),
            rng=self._rng,
            not_before=error.upstream_retry_after or 0.0,
        )
        # The budget is spent last, only by a retry that really happens.
        if pause is None or not self._budgets[domain].try_spend():
            return None
        return pause

    async def _attempt(
        self,
        domain: Domain,
        *,
        url: str,
        secret: str,
        request_id: str,
        image: ValidatedImage,
        headers: dict[str, str],
        record: CallRecord,
        deadline: float | None,
        attempt: int,
    ) -> UpstreamAnswer:
        """One upstream call inside an admission slot; tells the breaker, the adaptive limit
        and the latency estimate how it went."""
        breaker = self._breakers[domain]
        shed_for = breaker.rejects()
        if shed_for is not None:
            raise self._admission.circuit_open(domain, shed_for)
        remaining = None if deadline is None else deadline - time.monotonic()
        # The queue wait is a span of its own, so a slow call shows where its time went.
        wait = tracing.start_internal_span(
            "admission.wait", record.trace, {"clova_ocr.domain": domain.value}
        )
        async with _timed_by(
            wait,
            self._admission.slot(
                domain,
                caller=caller_of(record).id,
                time_remaining=remaining,
                retry=attempt > 1,
            ),
        ) as waited:
            record.queue_seconds += waited
            probe = breaker.enter()
            if probe is None:  # opened while this call waited in the queue
                raise self._admission.circuit_open(domain, breaker.rejects() or 0.0)
            epoch = self._adaptive.epoch(domain)
            saturated = self._adaptive.saturated(domain)
            remaining = None if deadline is None else deadline - time.monotonic()
            started = time.perf_counter()
            try:
                answer = await self._upstream.recognize(
                    domain=domain.value,
                    url=url,
                    secret=secret,
                    request_id=request_id,
                    image=image,
                    time_remaining=remaining,
                    extra_headers=headers,
                    trace=record.trace,
                    attempt=attempt,
                )
            except errors.UpstreamError as exc:
                self._tell_failure(domain, exc, epoch, probe, remaining)
                self._record_failure(domain, exc, record, time.perf_counter() - started)
                raise
            except BaseException:  # cancelled: says nothing about CLOVA
                breaker.abandon(probe)
                # The request may have reached CLOVA (and be billed): count the attempt.
                elapsed = time.perf_counter() - started
                record.upstream_seconds += elapsed
                if self._metrics is not None:
                    self._metrics.upstream_request(
                        domain, http_status=None, clova_code=None, seconds=elapsed
                    )
                raise
            breaker.record_success()
            self._answered_at[domain] = time.monotonic()
            self._adaptive.on_success(domain, saturated=saturated)
            self._admission.record_upstream_latency(domain, answer.elapsed_seconds)
            record.upstream_seconds += answer.elapsed_seconds
            record.http_status = answer.http_status
            record.clova_code = None
            if self._metrics is not None:
                self._metrics.upstream_request(
                    domain,
                    http_status=answer.http_status,
                    clova_code=None,
                    seconds=answer.elapsed_seconds,
                    sent_bytes=answer.sent_bytes,
                )
        return answer

    def _tell_failure(
        self,
        domain: Domain,
        error: errors.UpstreamError,
        epoch: int,
        probe: bool,
        remaining: float | None,
    ) -> None:
        """Report a failed attempt to the breaker and the adaptive limit."""
        breaker = self._breakers[domain]
        if is_overload(error):
            # 0025: CLOVA is up but busier than our limit assumed; the limit shrinks before
            # the permit is released, so a retry queues under the new limit.
            self._adaptive.on_overloaded(domain, epoch)
            breaker.record_success()
        elif is_transient(error):
            breaker.record_failure()
        elif error.reason == errors.UPSTREAM_TIMEOUT.reason:
            if remaining is not None and remaining <= self._settings.upstream_timeout_seconds:
                breaker.abandon(probe)  # cut by the caller's deadline, not CLOVA's silence
            else:
                breaker.record_failure()
        else:
            breaker.record_success()  # CLOVA answered, even if with an error

    def _record_failure(
        self, domain: Domain, error: errors.UpstreamError, record: CallRecord, elapsed: float
    ) -> None:
        status = error.metadata.get("http_status")
        record.upstream_seconds += elapsed
        record.clova_code = error.metadata.get("clova_code")
        record.http_status = int(status) if status else None
        if self._metrics is not None:
            self._metrics.upstream_request(
                domain,
                http_status=record.http_status,
                clova_code=record.clova_code,
                seconds=elapsed,
            )

    def _upstream_target(self, spec: DomainSpec) -> tuple[str, str]:
        domain_settings = self._settings.domain(spec.domain)
        if not domain_settings.configured or domain_settings.invoke_url is None:
            env = spec.info.env_prefix
            raise errors.DomainUnavailableError(
                grpc.StatusCode.FAILED_PRECONDITION,
                "DOMAIN_NOT_CONFIGURED",
                f"{spec.domain.value} is not configured on this gateway: the operator must set "
                f"{env}_INVOKE_URL and {env}_SECRET or {env}_SECRET_FILE",
                metadata={"domain": spec.domain.value},
            )
        secret = self._secrets.secret_for(spec.domain)
        if secret is None:
            raise errors.DomainUnavailableError(
                grpc.StatusCode.UNAVAILABLE,
                "SECRET_UNAVAILABLE",
                f"{spec.domain.value}: the gateway has no usable secret "
                f"({spec.info.env_prefix}_SECRET_FILE "
                "could not be read); the operator must fix the secret mount",
                metadata={"domain": spec.domain.value},
                retry_after_seconds=5.0,
            )
        return domain_settings.invoke_url, secret.reveal()


@contextlib.asynccontextmanager
async def _timed_by(
    wait: tracing.InternalSpan, slot: AbstractAsyncContextManager[float]
) -> AsyncIterator[float]:
    """`slot`, with `wait` ended once the slot is held (or refused, failed with the reason)."""
    try:
        async with slot as waited:
            wait.end()
            yield waited
    except BaseException as exc:
        wait.end(getattr(exc, "reason", None) or type(exc).__name__)  # no-op once ended
        raise


def malformed_answer_error(domain: Domain, exc: ConversionError) -> errors.UpstreamError:
    """A 200 answer that cannot be turned into a response (billed, so never retried)."""
    return errors.upstream_error(
        errors.MALFORMED_SUCCESS, domain.value, http_status=200, detail=str(exc)
    )


def _raise_for_infer_result(spec: DomainSpec, converted: ConvertedAnswer, label: str) -> None:
    """inferResult FAILURE/ERROR arrive as HTTP 200; answer them as errors so no caller reads
    an empty result as a success. The envelope travels along as a detail."""
    infer = converted.image.infer_result
    if infer == image_pb2.INFER_RESULT_FAILURE:
        rule = errors.INFER_FAILURE
    elif infer == image_pb2.INFER_RESULT_ERROR:
        rule = errors.INFER_ERROR
    else:
        return
    raise errors.upstream_error(
        rule,
        spec.domain.value,
        http_status=200,
        detail=converted.image.message or "no message",
        extra_metadata={
            "infer_result": label,
            "uid": converted.image.uid,
        },
        extra_details=[converted.image],
    )
