"""Who is calling: the rules that turn one call's credentials into a `Caller` (or a refusal).

A call may carry one credential in its metadata (`authorization: Bearer <token or key>` or
`x-api-key: <key>`) and, on a mutual-TLS port, a client certificate verified by the handshake.
The metadata credential, when present, names the caller; otherwise the certificate does; with
neither, the caller is `anonymous` (`OCR_AUTH_MODE=optional`) or refused (`required`). A
credential that is presented but fails is refused in both modes: a broken token must never
quietly become `anonymous`. The rules are pure so they can be tested without a server; the
interceptor supplies metadata and the TLS auth context.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from clova_ocr_gateway.callers.api_keys import ApiKeyVerifier
from clova_ocr_gateway.callers.failures import CredentialError, CredentialKind, Failure
from clova_ocr_gateway.callers.identity import ANONYMOUS, Caller, Credential
from clova_ocr_gateway.callers.tls import identity_from_auth_context
from clova_ocr_gateway.callers.tokens import (
    MAX_IDENTITY_LENGTH,
    ServiceAccountTokenVerifier,
    looks_like_jwt,
)

__all__ = [
    "API_KEY_METADATA",
    "AUTHORIZATION_METADATA",
    "AuthMode",
    "Authenticator",
]

AUTHORIZATION_METADATA = "authorization"
API_KEY_METADATA = "x-api-key"
_BEARER = "bearer "

AuthContext = Mapping[str, Sequence[bytes]]


class AuthMode(enum.Enum):
    """`OCR_AUTH_MODE`."""

    NONE = "none"  # no authentication; the caller is x-client-id as sent (unverified)
    OPTIONAL = "optional"  # no credential: `anonymous`; a bad credential: refused
    REQUIRED = "required"  # no credential or a bad one: refused


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


class Authenticator:
    """Establishes the caller of one call from its credentials (see the module docstring)."""

    def __init__(
        self,
        mode: AuthMode,
        *,
        client_certificates: bool = False,
        tokens: ServiceAccountTokenVerifier | None = None,
        api_keys: ApiKeyVerifier | None = None,
    ) -> None:
        if mode is AuthMode.NONE:
            raise ValueError("OCR_AUTH_MODE=none authenticates nothing: build no Authenticator")
        self.mode = mode
        self.client_certificates = client_certificates
        self._tokens = tokens
        self._api_keys = api_keys

    def authenticate(
        self,
        metadata: Iterable[Any] | None,
        auth_context: Callable[[], AuthContext] | None = None,
    ) -> Caller:
        """The caller of a call with this invocation metadata, or CredentialError.

        `auth_context` is called only when client certificates can name the caller and no
        metadata credential was sent (it builds a dict on every call).
        """
        presented: list[tuple[str, str]] = []
        for item in metadata or ():
            key = item[0]
            if key in (AUTHORIZATION_METADATA, API_KEY_METADATA):
                presented.append((key, _text(item[1])))
        if len(presented) > 1:
            raise CredentialError(
                Failure.INVALID,
                CredentialKind.MALFORMED,
                "send exactly one credential: one `authorization: Bearer` header or one "
                "`x-api-key` header",
                "format",
            )
        if presented:
            key, value = presented[0]
            if key == API_KEY_METADATA:
                return self._api_key(value.strip())
            return self._bearer(value)
        if self.client_certificates and auth_context is not None:
            identity = identity_from_auth_context(auth_context())
            if identity is not None:
                return self._certificate_caller(identity)
        if self.mode is AuthMode.OPTIONAL:
            return Caller(ANONYMOUS, Credential.NONE)
        raise CredentialError(
            Failure.MISSING,
            CredentialKind.NONE,
            "this gateway requires a credential: a client certificate, an "
            "`authorization: Bearer <service-account token>` or an API key",
        )

    def _bearer(self, header: str) -> Caller:
        if header[: len(_BEARER)].lower() != _BEARER or not header[len(_BEARER) :].strip():
            raise CredentialError(
                Failure.INVALID,
                CredentialKind.MALFORMED,
                "the authorization header must be `Bearer <token>`",
                "format",
            )
        value = header[len(_BEARER) :].strip()
        if looks_like_jwt(value):
            if self._tokens is None:
                raise CredentialError(
                    Failure.INVALID,
                    CredentialKind.SERVICE_ACCOUNT_TOKEN,
                    "this gateway does not accept service-account tokens",
                    "kind",
                )
            return self._tokens.verify(value)
        return self._api_key(value)

    def _api_key(self, key: str) -> Caller:
        if self._api_keys is None:
            raise CredentialError(
                Failure.INVALID,
                CredentialKind.API_KEY,
                "this gateway does not accept API keys",
                "kind",
            )
        return self._api_keys.verify(key)

    @staticmethod
    def _certificate_caller(identity: str) -> Caller:
        if len(identity) > MAX_IDENTITY_LENGTH or not all(" " < ch <= "~" for ch in identity):
            raise CredentialError(
                Failure.INVALID,
                CredentialKind.CLIENT_CERTIFICATE,
                "the client certificate's identity (URI SAN, DNS SAN or CN) is not printable "
                f"ASCII of at most {MAX_IDENTITY_LENGTH} characters",
                "identity",
            )
        return Caller(identity, Credential.CLIENT_CERTIFICATE)
