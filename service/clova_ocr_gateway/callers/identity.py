"""The identity of the caller of one RPC, as authentication established it.

Authentication (the interceptor) decides the `Caller` and stores it on the call's `CallRecord`;
everything downstream (fair queue, per-caller policy, quotas, PII masking, logs, metrics) reads it
through `current_caller()` and never looks at metadata itself.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from clova_ocr_gateway.observability.callcontext import CallRecord, current_call

__all__ = ["ANONYMOUS", "Caller", "Credential", "caller_of", "current_caller"]

ANONYMOUS = "anonymous"  # the identity of a call that presented no credential (or no x-client-id)


class Credential(enum.Enum):
    """How the caller's identity was established."""

    # Authentication is off (OCR_AUTH_MODE=none): the id is x-client-id as sent, unverified.
    UNVERIFIED = "unverified"
    # OCR_AUTH_MODE=optional and nothing presented: the caller is `anonymous`.
    NONE = "none"
    CLIENT_CERTIFICATE = "client_certificate"
    SERVICE_ACCOUNT_TOKEN = "service_account_token"
    API_KEY = "api_key"


@dataclass(frozen=True, slots=True)
class Caller:
    """One caller identity: `id` is what policies, quotas, metrics and logs name."""

    id: str
    credential: Credential

    @property
    def verified(self) -> bool:
        """True when a credential proved the identity (not x-client-id, not anonymous)."""
        return self.credential not in (Credential.UNVERIFIED, Credential.NONE)


def current_caller() -> Caller:
    """The caller of the RPC handled by this task.

    When authentication has not set one (auth off, or outside an RPC), the caller is the record's
    unverified `x-client-id`, or `anonymous` when none was sent.
    """
    return caller_of(current_call())


def caller_of(record: CallRecord) -> Caller:
    """The caller of the RPC `record` describes (see `current_caller`)."""
    if record.principal is not None:
        return record.principal
    return Caller(record.caller or ANONYMOUS, Credential.UNVERIFIED)
