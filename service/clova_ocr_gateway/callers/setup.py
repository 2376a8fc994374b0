"""Builds TLS and caller authentication from `Settings` for the server: the server credentials,
the interceptor (none with `OCR_AUTH_MODE=none`) and the poller that re-reads their files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import grpc

from clova_ocr_gateway.callers.api_keys import ApiKeyVerifier, watch_api_keys
from clova_ocr_gateway.callers.authentication import Authenticator, AuthMode
from clova_ocr_gateway.callers.interceptor import AuthenticationInterceptor
from clova_ocr_gateway.callers.tls import ServerTls
from clova_ocr_gateway.callers.tokens import ServiceAccountTokenVerifier, watch_jwks
from clova_ocr_gateway.callers.watched import FilePoller, Pollable, WatchedFileError
from clova_ocr_gateway.config.settings import ConfigError, Settings
from clova_ocr_gateway.observability.logs import get_logger

__all__ = ["AuthMetrics", "CallerAuthentication", "build_caller_authentication"]

_log = get_logger("clova_ocr_gateway.auth")


class AuthMetrics(Protocol):
    """The part of GatewayMetrics authentication reports to."""

    def auth_failure(self, reason: str, credential: str) -> None: ...

    def auth_file_reload(self, name: str, ok: bool) -> None: ...

    def set_tls_certificate_expiry(self, unix_ts: float) -> None: ...


@dataclass
class CallerAuthentication:
    """What the server needs: credentials for its port, an interceptor, a poller to run."""

    mode: AuthMode
    tls: ServerTls | None = None
    authenticator: Authenticator | None = None
    interceptor: AuthenticationInterceptor | None = None
    poller: FilePoller = field(default_factory=lambda: FilePoller((), 1.0))

    @property
    def tls_mode(self) -> str:
        """ "off", "tls" or "mutual" (for the start log line)."""
        if self.tls is None:
            return "off"
        return "mutual" if self.tls.requires_client_certificates else "tls"

    def server_credentials(self) -> grpc.ServerCredentials | None:
        """TLS credentials for the gRPC port, or None for plaintext."""
        return self.tls.credentials() if self.tls is not None else None

    async def start(self) -> None:
        await self.poller.start()

    async def stop(self) -> None:
        await self.poller.stop()


def build_caller_authentication(
    settings: Settings, metrics: AuthMetrics | None = None
) -> CallerAuthentication:
    """Read every configured file once (a bad one is a ConfigError naming its variable)."""
    mode = AuthMode(settings.auth_mode)
    watched: list[Pollable] = []

    tls = None
    if settings.tls_cert_file is not None and settings.tls_key_file is not None:
        try:
            tls = ServerTls(
                settings.tls_cert_file, settings.tls_key_file, settings.tls_client_ca_file
            )
        except WatchedFileError as exc:
            raise ConfigError(
                f"OCR_TLS_CERT_FILE, OCR_TLS_KEY_FILE, OCR_TLS_CLIENT_CA_FILE: {exc}"
            ) from None
        watched.append(tls.files)
        if metrics is not None:
            tls_files = tls.files
            metrics.set_tls_certificate_expiry(tls.material.not_valid_after)

            def on_tls_reload(ok: bool) -> None:
                metrics.auth_file_reload("tls", ok)
                metrics.set_tls_certificate_expiry(tls_files.value.not_valid_after)

            tls.files.add_listener(on_tls_reload)

    tokens = None
    if settings.auth_jwks_file is not None and settings.auth_jwt_issuer is not None:
        try:
            jwks = watch_jwks(settings.auth_jwks_file)
        except WatchedFileError as exc:
            raise ConfigError(f"OCR_AUTH_JWKS_FILE: {exc}") from None
        watched.append(jwks)
        tokens = ServiceAccountTokenVerifier(
            lambda: jwks.value,
            issuer=settings.auth_jwt_issuer,
            audience=settings.auth_jwt_audience,
            clock_skew_seconds=settings.auth_clock_skew_seconds,
            cache_size=settings.auth_token_cache_size,
        )
        if metrics is not None:
            jwks.add_listener(lambda ok: metrics.auth_file_reload("jwks", ok))

    api_keys = None
    if settings.auth_api_keys_file is not None:
        try:
            keys = watch_api_keys(settings.auth_api_keys_file)
        except WatchedFileError as exc:
            raise ConfigError(f"OCR_AUTH_API_KEYS_FILE: {exc}") from None
        watched.append(keys)
        api_keys = ApiKeyVerifier(keys)
        if metrics is not None:
            keys.add_listener(lambda ok: metrics.auth_file_reload("api_keys", ok))

    result = CallerAuthentication(
        mode, tls=tls, poller=FilePoller(watched, settings.secret_poll_seconds)
    )
    if mode is not AuthMode.NONE:
        result.authenticator = Authenticator(
            mode,
            client_certificates=tls is not None and tls.requires_client_certificates,
            tokens=tokens,
            api_keys=api_keys,
        )
        result.interceptor = AuthenticationInterceptor(result.authenticator, metrics)
        if tls is None:
            # Tokens and keys in plaintext are only safe behind a mesh that encrypts the hop.
            _log.warning(
                "auth_without_tls",
                auth_mode=mode.value,
                hint="set OCR_TLS_CERT_FILE and OCR_TLS_KEY_FILE unless a mesh encrypts traffic",
            )
    return result
