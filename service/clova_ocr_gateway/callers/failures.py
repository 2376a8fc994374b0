"""Why a credential was refused: the three failures callers see (ErrorInfo reasons) and the
exception the verifiers raise, which the interceptor turns into UNAUTHENTICATED."""

from __future__ import annotations

import enum

__all__ = ["CredentialError", "CredentialKind", "Failure"]


class Failure(enum.Enum):
    """The ErrorInfo reason of a refusal; `label` is its value in metrics."""

    MISSING = "CREDENTIALS_MISSING"
    INVALID = "CREDENTIALS_INVALID"
    EXPIRED = "CREDENTIALS_EXPIRED"

    @property
    def label(self) -> str:
        return self.name.lower()


class CredentialKind(enum.Enum):
    """What the caller presented (a closed set: ErrorInfo metadata and a metric label)."""

    NONE = "none"
    CLIENT_CERTIFICATE = "client_certificate"
    SERVICE_ACCOUNT_TOKEN = "service_account_token"
    API_KEY = "api_key"
    # An authorization header that is not `Bearer <value>`, or several credentials at once.
    MALFORMED = "malformed"


class CredentialError(Exception):
    """A credential was missing, invalid or expired.

    `message` goes to the caller: it says what to fix and never names an identity or a key.
    `check` (e.g. "audience", "signature") says which check failed; it goes to ErrorInfo
    metadata, so it is a fixed word, never a value from the credential.
    """

    def __init__(
        self, failure: Failure, kind: CredentialKind, message: str, check: str = ""
    ) -> None:
        super().__init__(message)
        self.failure = failure
        self.kind = kind
        self.message = message
        self.check = check
