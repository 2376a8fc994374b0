"""What the recognizer asks about the caller around the paid call: may it call this domain
(else PERMISSION_DENIED), does a quota allow one more billable call (else RESOURCE_EXHAUSTED),
and, once CLOVA answered, counting the billed call and masking the personal identifiers a
`masked` caller may not read (or writing the audit line of a `raw` caller's read)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Final

import grpc
import orjson

from clova_ocr_gateway.callers.identity import Caller
from clova_ocr_gateway.callers.pii import find_identifiers, mask_answer
from clova_ocr_gateway.callers.policy import CallerPolicy, PiiMode
from clova_ocr_gateway.callers.policy_source import PolicySource
from clova_ocr_gateway.callers.quotas import QuotaExceeded, QuotaTracker, Reservation
from clova_ocr_gateway.conversion.answer import ConvertedAnswer
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.errors import CallerRefusedError
from clova_ocr_gateway.observability.logs import get_logger
from clova_ocr_gateway.observability.metrics import GatewayMetrics

__all__ = ["DOMAIN_NOT_PERMITTED", "QUOTA_EXCEEDED", "CallerGate"]

DOMAIN_NOT_PERMITTED: Final = "CALLER_DOMAIN_NOT_PERMITTED"
QUOTA_EXCEEDED: Final = "CALLER_QUOTA_EXCEEDED"
# RetryInfo never says "retry now" for a window about to reset: the replicas' clocks differ a
# little, and a caller retrying at the exact boundary may still meet the old window.
MIN_QUOTA_RETRY_SECONDS: Final = 1.0
AUDIT_EVENT: Final = "pii_raw_read"

_audit = get_logger("clova_ocr_gateway.audit")


class CallerGate:
    """Applies the callers policy in force to one call."""

    def __init__(
        self,
        policies: PolicySource,
        quotas: QuotaTracker,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        self.policies = policies
        self.quotas = quotas
        self._metrics = metrics

    def authorize(self, caller: Caller, domain: Domain) -> CallerPolicy:
        """The caller's policy, or CallerRefusedError (PERMISSION_DENIED) when it may not call
        `domain`. Call it before anything that could be billed."""
        policy = self.policies.for_caller(caller.id)
        if policy.permits(domain):
            return policy
        if self._metrics is not None:
            self._metrics.caller_permission_denied(self.policies.caller_label(caller.id), domain)
        allowed = ", ".join(sorted(d.value for d in policy.domains)) or "none"
        raise CallerRefusedError(
            grpc.StatusCode.PERMISSION_DENIED,
            DOMAIN_NOT_PERMITTED,
            f"{domain.value}: caller {caller.id} may not call this domain (allowed: {allowed}); "
            "the gateway's operator grants domains in the callers policy",
            metadata={"domain": domain.value, "caller": caller.id},
        )

    async def reserve(
        self, caller: Caller, policy: CallerPolicy, domain: Domain, *, lease_seconds: float
    ) -> Reservation:
        """One unit of every quota the call counts against, or CallerRefusedError
        (RESOURCE_EXHAUSTED with QuotaFailure and RetryInfo until the window resets)."""
        quotas = policy.quotas_for(domain)
        if not quotas:
            return Reservation.empty()
        label = self.policies.caller_label(caller.id)
        try:
            return await self.quotas.reserve(caller.id, label, quotas, lease_seconds)
        except QuotaExceeded as exc:
            if self._metrics is not None:
                self._metrics.caller_quota_rejected(label, exc.quota.scope, exc.quota.per.value)
            raise quota_error(domain, exc) from None

    def billed(self, caller: Caller, domain: Domain) -> None:
        """Count a call CLOVA billed (it answered HTTP 200)."""
        if self._metrics is not None:
            self._metrics.caller_billable_call(self.policies.caller_label(caller.id), domain)

    def protect(
        self,
        caller: Caller,
        policy: CallerPolicy,
        domain: Domain,
        answer: ConvertedAnswer,
        request_id: str,
    ) -> ConvertedAnswer:
        """`answer` as the caller may receive it, before anything of it leaves the gateway.

        `masked`: the identifiers in the typed result and the parsed raw answer are masked in
        place, the raw bytes (raw_response_json) are re-serialized from the masked answer, and
        the header says pii_masked. `raw`: nothing changes, and a read of identifiers writes
        one audit line naming the caller, the domain, the request id and the fields (never
        their values).
        """
        if policy.pii is PiiMode.MASKED:
            masking = mask_answer(domain, answer.result, answer.raw)
            answer.header.pii_masked = True
            if masking.replacements:
                # CLOVA's bytes still hold the numbers in clear.
                answer = dataclasses.replace(answer, body=orjson.dumps(answer.raw))
            return answer
        # Explicitly: the header is converted from CLOVA's answer, which must not decide this.
        answer.header.pii_masked = False
        fields = find_identifiers(domain, answer.result, answer.raw)
        if fields:
            _audit.info(
                AUDIT_EVENT,
                caller=caller.id,
                credential=caller.credential.value,
                domain=domain.value,
                request_id=request_id,
                fields=sorted(fields),
            )
        return answer


def quota_error(domain: Domain, exc: QuotaExceeded) -> CallerRefusedError:
    """RESOURCE_EXHAUSTED for a used-up quota: the subject names the caller and the window."""
    quota, span = exc.quota, exc.span
    resets = datetime.fromtimestamp(span.end, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    scope = "all domains" if quota.domain is None else quota.domain.value
    description = (
        f"{exc.used} of {quota.calls} billable calls of {scope} per {quota.per.value} (UTC) "
        f"used in window {span.id}; the quota resets at {resets}"
    )
    return CallerRefusedError(
        grpc.StatusCode.RESOURCE_EXHAUSTED,
        QUOTA_EXCEEDED,
        f"{domain.value}: caller {exc.caller} used up its quota: {description}",
        metadata={
            "domain": domain.value,
            "caller": exc.caller,
            "quota_domain": quota.scope,
            "quota_per": quota.per.value,
            "quota_limit": str(quota.calls),
            "window": span.id,
            "resets_at": resets,
        },
        retry_after_seconds=max(MIN_QUOTA_RETRY_SECONDS, round(exc.retry_after_seconds, 3)),
        quota_violation=description,
        quota_subject=f"caller:{exc.caller}/{quota.scope}/{quota.per.value}:{span.id}",
    )
