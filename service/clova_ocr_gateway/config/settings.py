"""Gateway settings from environment variables, validated once at start so a bad deployment
fails immediately with a message naming the offending variable (docs/configuration.md)."""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit, urlunsplit

from clova_ocr_gateway.admission.memory import receive_limit_for
from clova_ocr_gateway.callers.policy import CallersPolicy, PolicyError, parse_callers_policy
from clova_ocr_gateway.callers.watched import WatchedFileError, WatchedFiles
from clova_ocr_gateway.config.secret_store import (
    DEFAULT_POLL_SECONDS,
    FileSecret,
    Secret,
    SecretSource,
    StaticSecret,
    parse_secret_text,
)
from clova_ocr_gateway.domains import DOMAIN_BY_PATH, DOMAINS, Domain

__all__ = [
    "AuthModeName",
    "ConfigError",
    "DomainSettings",
    "LogFormat",
    "Settings",
    "UploadMode",
    "load_settings",
    "normalize_invoke_url",
    "with_emulator",
]

UploadMode = Literal["multipart", "json"]
LogFormat = Literal["auto", "json", "console"]
AuthModeName = Literal["none", "optional", "required"]

MiB = 1024 * 1024
# A CLOVA error body alone is a few hundred bytes: below this no answer could be read.
MIN_UPSTREAM_RESPONSE_BYTES = 1024
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
# "0" is not here: like OCR_PORT=0 it asks for any free port (tests, several local replicas).
_DISABLED = frozenset({"off", "none", "disabled", "false", "no"})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost."})
_REDIS_SCHEMES = frozenset({"redis", "rediss", "unix"})

# Room for a document request's fields besides the file (ids, name, page list: kilobytes).
DOCUMENT_ENVELOPE = 64 * 1024


class ConfigError(ValueError):
    """Invalid configuration; the message starts with the environment variable(s) at fault."""


@dataclass(frozen=True, slots=True)
class DomainSettings:
    """One domain's upstream: both URL and secret source set (configured) or neither."""

    invoke_url: str | None = None  # normalized: ends with DOMAINS[d].path
    secret_source: SecretSource | None = None  # reprs as Secret('**********') or a file path
    # --- admission (read by the admission module) ---
    concurrency_limit: int = 5  # OCR_<DOMAIN>_CONCURRENCY, else OCR_CONCURRENCY_LIMIT

    @property
    def configured(self) -> bool:
        return self.invoke_url is not None and self.secret_source is not None


def _unconfigured_domains() -> Mapping[Domain, DomainSettings]:
    return MappingProxyType({d: DomainSettings() for d in Domain})


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the gateway reads from its environment; immutable and safe to log."""

    host: str = "0.0.0.0"
    port: int = 50051
    metrics_port: int | None = 9464  # None: no metrics HTTP server; 0: any free port
    # A second, plaintext port serving only grpc.health.v1 (Kubernetes' gRPC probes cannot
    # speak TLS). None: off; 0: any free port.
    health_port: int | None = None
    reflection: bool = True
    # Unset, it follows the image and document limits (admission/memory.py receive_limit_for).
    max_receive_message_bytes: int = 51 * MiB
    max_image_bytes: int = 20 * MiB
    # Width x height an image's header may declare (images/validation.py says why 100 MP).
    max_image_pixels: int = 100_000_000
    # Memory all image conversions in flight may take together (images/transcode.py).
    conversion_memory_bytes: int = 384 * MiB
    # RecognizeDocument and BatchRecognize (documents/): pages one document may have, and its
    # size (within the receive limit, see document_bytes_limit).
    max_document_pages: int = 100
    max_document_bytes: int = 50 * MiB
    upload_mode: UploadMode = "multipart"
    shutdown_grace_seconds: float = 20.0
    # On SIGTERM: time between readiness NOT_SERVING and the gRPC server's stop (GOAWAY), so
    # health-checking clients move their new calls elsewhere first (docs/deploy.md).
    drain_delay_seconds: float = 0.0
    # gRPC connections are long-lived: closing them now and then (GOAWAY, in-flight calls
    # finish) lets round-robin clients find pods added by a scale-up. 0 keeps them forever.
    max_connection_age_seconds: float = 300.0
    # A request message must have arrived this long after its call started, else the call is
    # ended and what it held released (a stalled sender must not hold memory forever).
    receive_timeout_seconds: float = 30.0
    # HTTP/2 streams (calls) one connection may have open at once.
    max_concurrent_streams: int = 100
    upstream_timeout_seconds: float = 60.0
    upstream_connect_timeout_seconds: float = 5.0
    upstream_max_connections: int = 100
    upstream_max_keepalive_connections: int = 20
    upstream_keepalive_expiry_seconds: float = 5.0
    # CLOVA answers are kilobytes (the vendor's examples: 3-13 kB); 8 MiB leaves a 600x margin
    # for long receipts while bounding what one upstream answer can make the gateway hold.
    max_upstream_response_bytes: int = 8 * MiB
    log_format: LogFormat = "auto"
    log_level: str = "INFO"
    # The URL may carry a password (redis://:pw@host), so it is held as a Secret.
    redis_url: Secret | None = None
    # Shared admission through Redis (permits_redis, docs/admission-redis.md).
    redis_lease_seconds: float = 10.0
    redis_key_prefix: str = "clova-ocr-gateway"
    redis_fallback_limit: int = 1
    secret_poll_seconds: float = DEFAULT_POLL_SECONDS
    # True when every domain points at the built-in emulator (see with_emulator); only then is
    # x-emulator-fault forwarded upstream.
    emulator: bool = False
    domains: Mapping[Domain, DomainSettings] = field(default_factory=_unconfigured_domains)
    # --- admission (read by the admission module) ---
    max_queue_length: int = 100
    max_inflight_bytes: int = 256 * MiB
    # Caller (x-client-id) -> share of each domain's slots; callers not listed weigh 1.
    # Deprecated: OCR_CALLERS_FILE's `weight` replaces it.
    client_weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    # Caller ids exported as metric labels; every other id is counted as "other".
    client_id_allowlist: frozenset[str] = frozenset()
    # OCR_CALLERS_FILE: per-caller domains, weight, quotas and PII mode (callers/policy.py),
    # read at start and re-read when it changes; None: the built-in allow-all policy.
    callers_file: WatchedFiles[CallersPolicy] | None = None
    upstream_latency_estimate_seconds: float = 2.0
    adaptive_decrease_factor: float = 0.5
    adaptive_increase_after: int = 10
    # --- retries and circuit breaker (read by the recognizer) ---
    retry_max_attempts: int = 3
    retry_initial_backoff_seconds: float = 0.1
    retry_max_backoff_seconds: float = 2.0
    retry_backoff_multiplier: float = 2.0
    retry_budget_ratio: float = 0.1
    retry_budget_min_per_second: float = 1.0
    retry_budget_window_seconds: float = 10.0
    breaker_failure_threshold: int = 5
    breaker_failure_ratio: float = 0.5
    breaker_window_calls: int = 20
    breaker_cooldown_seconds: float = 10.0
    # --- TLS and caller authentication (callers/, docs/authentication.md) ---
    tls_cert_file: str | None = None
    tls_key_file: str | None = None
    tls_client_ca_file: str | None = None  # set: client certificates are required
    auth_mode: AuthModeName = "none"
    auth_jwks_file: str | None = None
    auth_jwt_issuer: str | None = None
    auth_jwt_audience: str = "clova-ocr-gateway"
    auth_clock_skew_seconds: float = 30.0
    auth_token_cache_size: int = 10_000
    auth_api_keys_file: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.log_level, str):
            # Accept `--log-level debug` overrides the same way as OCR_LOG_LEVEL=debug.
            object.__setattr__(self, "log_level", _normalize_level(self.log_level))
        # Re-validated here so `dataclasses.replace` and CLI overrides get the same checks.
        _validate(self)
        if not isinstance(self.domains, MappingProxyType):
            # Frozen means frozen: callers must not mutate the domain table after start.
            object.__setattr__(self, "domains", MappingProxyType(dict(self.domains)))
        if not isinstance(self.client_weights, MappingProxyType):
            object.__setattr__(self, "client_weights", MappingProxyType(dict(self.client_weights)))
        if not isinstance(self.client_id_allowlist, frozenset):
            object.__setattr__(self, "client_id_allowlist", frozenset(self.client_id_allowlist))

    def domain(self, domain: Domain) -> DomainSettings:
        return self.domains[domain]

    @property
    def document_bytes_limit(self) -> int:
        """The largest document accepted: OCR_MAX_DOCUMENT_BYTES, within the receive limit
        (a document comes in one request message, with its request's other fields)."""
        return max(
            1, min(self.max_document_bytes, self.max_receive_message_bytes - DOCUMENT_ENVELOPE)
        )

    @property
    def configured_domains(self) -> tuple[Domain, ...]:
        return tuple(d for d in Domain if self.domains[d].configured)


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build `Settings` from `env` (default `os.environ`); `overrides` (e.g. from CLI flags)
    replace the parsed value of the same field and are validated the same way."""
    src = os.environ if env is None else env
    values: dict[str, Any] = {
        "host": _str(src, "OCR_HOST", "0.0.0.0"),
        "port": _int(src, "OCR_PORT", 50051),
        "metrics_port": _optional_port(src, "OCR_METRICS_PORT", 9464),
        "health_port": _port_or_off(src, "OCR_HEALTH_PORT"),
        "reflection": _bool(src, "OCR_REFLECTION", True),
        "max_receive_message_bytes": _int(src, "OCR_MAX_RECEIVE_MESSAGE_BYTES", 0),
        "max_image_bytes": _int(src, "OCR_MAX_IMAGE_BYTES", 20 * MiB),
        "max_image_pixels": _int(src, "OCR_MAX_IMAGE_PIXELS", 100_000_000),
        "conversion_memory_bytes": _int(src, "OCR_CONVERSION_MEMORY_BYTES", 384 * MiB),
        "max_document_pages": _int(src, "OCR_MAX_DOCUMENT_PAGES", 100),
        "max_document_bytes": _int(src, "OCR_MAX_DOCUMENT_BYTES", 50 * MiB),
        "upload_mode": _choice(src, "OCR_UPLOAD_MODE", ("multipart", "json"), "multipart"),
        "shutdown_grace_seconds": _float(src, "OCR_SHUTDOWN_GRACE_SECONDS", 20.0),
        "drain_delay_seconds": _float(src, "OCR_DRAIN_DELAY_SECONDS", 0.0),
        "max_connection_age_seconds": _float(src, "OCR_MAX_CONNECTION_AGE_SECONDS", 300.0),
        "receive_timeout_seconds": _float(src, "OCR_RECEIVE_TIMEOUT_SECONDS", 30.0),
        "max_concurrent_streams": _int(src, "OCR_MAX_CONCURRENT_STREAMS", 100),
        "upstream_timeout_seconds": _float(src, "OCR_UPSTREAM_TIMEOUT_SECONDS", 60.0),
        "upstream_connect_timeout_seconds": _float(
            src, "OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS", 5.0
        ),
        "upstream_max_connections": _int(src, "OCR_UPSTREAM_MAX_CONNECTIONS", 100),
        "upstream_max_keepalive_connections": _int(
            src, "OCR_UPSTREAM_MAX_KEEPALIVE_CONNECTIONS", 20
        ),
        "upstream_keepalive_expiry_seconds": _float(
            src, "OCR_UPSTREAM_KEEPALIVE_EXPIRY_SECONDS", 5.0
        ),
        "max_upstream_response_bytes": _int(src, "OCR_MAX_UPSTREAM_RESPONSE_BYTES", 8 * MiB),
        "log_format": _choice(src, "OCR_LOG_FORMAT", ("auto", "json", "console"), "auto"),
        "log_level": _log_level(src, "OCR_LOG_LEVEL", "INFO"),
        "redis_url": _redis_url(src, "OCR_REDIS_URL"),
        "redis_lease_seconds": _float(src, "OCR_REDIS_LEASE_SECONDS", 10.0),
        "redis_key_prefix": _str(src, "OCR_REDIS_KEY_PREFIX", "clova-ocr-gateway"),
        "redis_fallback_limit": _int(src, "OCR_REDIS_FALLBACK_LIMIT", 1),
        "secret_poll_seconds": _float(src, "OCR_SECRET_POLL_SECONDS", DEFAULT_POLL_SECONDS),
        "max_queue_length": _int(src, "OCR_MAX_QUEUE_LENGTH", 100),
        "max_inflight_bytes": _int(src, "OCR_MAX_INFLIGHT_BYTES", 256 * MiB),
        "client_weights": _client_weights(src, "OCR_CLIENT_WEIGHTS"),
        "client_id_allowlist": _name_set(src, "OCR_CLIENT_ID_ALLOWLIST"),
        "callers_file": _callers_file(src, "OCR_CALLERS_FILE"),
        "upstream_latency_estimate_seconds": _float(
            src, "OCR_UPSTREAM_LATENCY_ESTIMATE_SECONDS", 2.0
        ),
        "adaptive_decrease_factor": _float(src, "OCR_ADAPTIVE_DECREASE_FACTOR", 0.5),
        "adaptive_increase_after": _int(src, "OCR_ADAPTIVE_INCREASE_AFTER", 10),
        "retry_max_attempts": _int(src, "OCR_RETRY_MAX_ATTEMPTS", 3),
        "retry_initial_backoff_seconds": _float(src, "OCR_RETRY_INITIAL_BACKOFF_SECONDS", 0.1),
        "retry_max_backoff_seconds": _float(src, "OCR_RETRY_MAX_BACKOFF_SECONDS", 2.0),
        "retry_backoff_multiplier": _float(src, "OCR_RETRY_BACKOFF_MULTIPLIER", 2.0),
        "retry_budget_ratio": _float(src, "OCR_RETRY_BUDGET_RATIO", 0.1),
        "retry_budget_min_per_second": _float(src, "OCR_RETRY_BUDGET_MIN_PER_SECOND", 1.0),
        "retry_budget_window_seconds": _float(src, "OCR_RETRY_BUDGET_WINDOW_SECONDS", 10.0),
        "breaker_failure_threshold": _int(src, "OCR_BREAKER_FAILURE_THRESHOLD", 5),
        "breaker_failure_ratio": _float(src, "OCR_BREAKER_FAILURE_RATIO", 0.5),
        "breaker_window_calls": _int(src, "OCR_BREAKER_WINDOW_CALLS", 20),
        "breaker_cooldown_seconds": _float(src, "OCR_BREAKER_COOLDOWN_SECONDS", 10.0),
        "tls_cert_file": _get(src, "OCR_TLS_CERT_FILE"),
        "tls_key_file": _get(src, "OCR_TLS_KEY_FILE"),
        "tls_client_ca_file": _get(src, "OCR_TLS_CLIENT_CA_FILE"),
        "auth_mode": _choice(src, "OCR_AUTH_MODE", ("none", "optional", "required"), "none"),
        "auth_jwks_file": _get(src, "OCR_AUTH_JWKS_FILE"),
        "auth_jwt_issuer": _get(src, "OCR_AUTH_JWT_ISSUER"),
        "auth_jwt_audience": _str(src, "OCR_AUTH_JWT_AUDIENCE", "clova-ocr-gateway"),
        "auth_clock_skew_seconds": _float(src, "OCR_AUTH_CLOCK_SKEW_SECONDS", 30.0),
        "auth_token_cache_size": _int(src, "OCR_AUTH_TOKEN_CACHE_SIZE", 10_000),
        "auth_api_keys_file": _get(src, "OCR_AUTH_API_KEYS_FILE"),
    }
    default_concurrency = _int(src, "OCR_CONCURRENCY_LIMIT", 5)
    if default_concurrency < 1:
        raise ConfigError(f"OCR_CONCURRENCY_LIMIT: must be at least 1 (got {default_concurrency})")
    values["domains"] = {d: _domain_settings(src, d, default_concurrency) for d in Domain}

    unknown = sorted(set(overrides) - {f.name for f in dataclasses.fields(Settings)})
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
    values.update(overrides)
    if (
        not values["max_receive_message_bytes"]
        and _get(src, "OCR_MAX_RECEIVE_MESSAGE_BYTES") is None
    ):
        # Unset: one message holds the largest image or document, plus its request's fields.
        values["max_receive_message_bytes"] = receive_limit_for(
            values["max_image_bytes"], values["max_document_bytes"]
        )
    return Settings(**values)


def with_emulator(
    settings: Settings, urls: Mapping[Domain, str], secrets: Mapping[Domain, str]
) -> Settings:
    """Point every domain at the built-in emulator: domains in `urls` get that URL and secret,
    all others become unconfigured so nothing can fall through to the real CLOVA."""
    domains: dict[Domain, DomainSettings] = {}
    for d in Domain:
        prefix = DOMAINS[d].env_prefix
        url, secret = urls.get(d), secrets.get(d)
        if (url is None) != (secret is None):
            raise ConfigError(
                f"{prefix}_INVOKE_URL and {prefix}_SECRET: emulator mode needs both or neither"
            )
        limit = settings.domains[d].concurrency_limit
        if url is None or secret is None:
            domains[d] = DomainSettings(concurrency_limit=limit)
            continue
        domains[d] = DomainSettings(
            # The emulator's secret is a dummy, so plain http to a non-loopback host
            # (e.g. a compose service name) is acceptable here.
            invoke_url=normalize_invoke_url(d, url, name=f"{prefix}_INVOKE_URL", allow_http=True),
            secret_source=_static_secret(f"{prefix}_SECRET", secret),
            concurrency_limit=limit,
        )
    return dataclasses.replace(settings, domains=domains, emulator=True)


def normalize_invoke_url(
    domain: Domain, url: str, *, name: str | None = None, allow_http: bool = False
) -> str:
    """Validate an invoke URL and append the domain's documented path unless already there.

    Raises ConfigError prefixed with `name` (default `OCR_<DOMAIN>_INVOKE_URL`).
    """
    info = DOMAINS[domain]
    name = name or f"{info.env_prefix}_INVOKE_URL"

    def fail(reason: str) -> ConfigError:
        return ConfigError(f"{name}: {reason}")

    url = url.strip()
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise fail("must not contain whitespace or control characters")
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        _ = parts.port  # evaluated for its ValueError on a malformed port
    except ValueError as exc:
        raise fail(f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise fail("must be an https:// URL")
    # Checked on the raw netloc: urlsplit happily accepts "user:pass@host" and we must never
    # forward credentials embedded in a URL, nor echo them in this error.
    if "@" in parts.netloc:
        raise fail("must not contain user info (user:pass@)")
    if not hostname:
        raise fail("must include a host")
    if "?" in url or "#" in url:
        raise fail("must not contain a query string or fragment")
    if scheme == "http" and not allow_http and not _is_loopback(hostname):
        raise fail("must use https (plain http is allowed only for loopback hosts)")

    path = parts.path.rstrip("/")
    if not path.endswith(info.path):
        for other_path, other in DOMAIN_BY_PATH.items():
            if path.endswith(other_path):
                raise fail(
                    f"ends with {other_path}, the path of {other.value}; "
                    f"expected {info.path} (or no document path at all)"
                )
        path += info.path
    return urlunsplit((scheme, parts.netloc, path, "", ""))


def _is_loopback(hostname: str) -> bool:
    if hostname.lower() in _LOOPBACK_NAMES:
        return True
    try:
        ip = ipaddress.ip_address(hostname)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def _domain_settings(env: Mapping[str, str], domain: Domain, concurrency: int) -> DomainSettings:
    prefix = DOMAINS[domain].env_prefix
    url_name, secret_name, file_name = (
        f"{prefix}_INVOKE_URL",
        f"{prefix}_SECRET",
        f"{prefix}_SECRET_FILE",
    )
    url, secret, secret_file = _get(env, url_name), _get(env, secret_name), _get(env, file_name)
    limit = _int(env, f"{prefix}_CONCURRENCY", concurrency)

    if secret is not None and secret_file is not None:
        raise ConfigError(f"{secret_name} and {file_name}: set only one of them")
    if url is None and secret is None and secret_file is None:
        return DomainSettings(concurrency_limit=limit)  # unconfigured: FAILED_PRECONDITION
    if url is None:
        given = secret_name if secret is not None else file_name
        raise ConfigError(f"{given} and {url_name}: {given} is set but {url_name} is not")
    if secret is None and secret_file is None:
        raise ConfigError(
            f"{url_name} and {secret_name}/{file_name}: "
            f"{url_name} is set but neither {secret_name} nor {file_name} is"
        )

    source: SecretSource
    if secret is not None:
        source = _static_secret(secret_name, secret)
    else:
        assert secret_file is not None
        file_source = FileSecret(secret_file)
        # Fail fast: a mount that is wrong at start is a deployment error, not a rotation.
        if file_source.current() is None:
            raise ConfigError(f"{file_name}: {file_source.last_error}")
        source = file_source
    return DomainSettings(
        invoke_url=normalize_invoke_url(domain, url, name=url_name),
        secret_source=source,
        concurrency_limit=limit,
    )


def _static_secret(name: str, value: str) -> StaticSecret:
    try:
        return StaticSecret(parse_secret_text(value))
    except ValueError as exc:
        raise ConfigError(f"{name}: {exc}") from None


# --- parsing helpers: every error names the variable and never echoes a secret ---

_T = TypeVar("_T")


def _get(env: Mapping[str, str], name: str) -> str | None:
    # Empty counts as unset: `FOO=` is how env files and compose `${FOO:-}` say "not set".
    value = env.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _parse(
    env: Mapping[str, str], name: str, default: _T, parse: Callable[[str], _T], expected: str
) -> _T:
    raw = _get(env, name)
    if raw is None:
        return default
    try:
        return parse(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected {expected} (got {raw!r})") from None


def _str(env: Mapping[str, str], name: str, default: str) -> str:
    return _get(env, name) or default


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    return _parse(env, name, default, int, "an integer")


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    return _parse(env, name, default, float, "a number")


def _parse_bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(raw)


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    return _parse(env, name, default, _parse_bool, "one of true/false/1/0/yes/no")


def _optional_port(env: Mapping[str, str], name: str, default: int) -> int | None:
    raw = _get(env, name)
    if raw is not None and raw.lower() in _DISABLED:
        return None
    return _int(env, name, default)


def _port_or_off(env: Mapping[str, str], name: str) -> int | None:
    """A port that is off unless set."""
    raw = _get(env, name)
    if raw is None or raw.lower() in _DISABLED:
        return None
    return _int(env, name, 0)


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    def parse(raw: str) -> str:
        if raw.lower() not in choices:
            raise ValueError(raw)
        return raw.lower()

    return _parse(env, name, default, parse, "one of " + "|".join(choices))


def _normalize_level(raw: str) -> str:
    level = raw.strip().upper()
    return "WARNING" if level == "WARN" else level


def _log_level(env: Mapping[str, str], name: str, default: str) -> str:
    def parse(raw: str) -> str:
        if _normalize_level(raw) not in _LOG_LEVELS:
            raise ValueError(raw)
        return _normalize_level(raw)

    return _parse(env, name, default, parse, "one of " + "|".join(_LOG_LEVELS))


def _redis_url(env: Mapping[str, str], name: str) -> Secret | None:
    raw = _get(env, name)
    if raw is None:
        return None
    # The URL is not echoed: it may embed a password.
    if urlsplit(raw).scheme.lower() not in _REDIS_SCHEMES:
        raise ConfigError(f"{name}: must be a redis://, rediss:// or unix:// URL")
    return Secret(raw)


# Weights outside this range would either starve a caller for thousands of turns or let one
# caller take every slot for thousands of calls in a row; neither is a share any more.
MIN_CLIENT_WEIGHT = 0.01
MAX_CLIENT_WEIGHT = 1000.0
_CLIENT_NAME_MAX = 128


def _client_name(raw: str) -> str:
    name = raw.strip()
    if not name or len(name) > _CLIENT_NAME_MAX or not all(" " < ch <= "~" for ch in name):
        raise ValueError(raw)
    return name


def _client_weights(env: Mapping[str, str], name: str) -> Mapping[str, float]:
    raw = _get(env, name)
    if raw is None:
        return MappingProxyType({})
    weights: dict[str, float] = {}
    for item in raw.split(","):
        if not item.strip():
            continue
        client, sep, value = item.partition("=")
        try:
            weight = float(value) if sep else math.nan
            client = _client_name(client)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight):
            raise ConfigError(
                f"{name}: expected comma-separated client=weight pairs, e.g. batch=1,checkout=4 "
                f"(got {item.strip()!r})"
            )
        if client in weights:
            raise ConfigError(f"{name}: client {client!r} is listed twice")
        weights[client] = weight
    return MappingProxyType(weights)


def _callers_file(env: Mapping[str, str], name: str) -> WatchedFiles[CallersPolicy] | None:
    path = _get(env, name)
    if path is None:
        return None

    def parse(contents: Mapping[Path, bytes]) -> CallersPolicy:
        (data,) = contents.values()
        try:
            return parse_callers_policy(data, source=path)
        except PolicyError as exc:
            raise WatchedFileError(f"{path}: {exc}") from None

    try:
        # Fail fast: a policy that is wrong at start is a deployment error; later bad edits keep
        # the last good policy (callers/policy_source.py).
        return WatchedFiles("callers", [path], parse)
    except WatchedFileError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _name_set(env: Mapping[str, str], name: str) -> frozenset[str]:
    raw = _get(env, name)
    if raw is None:
        return frozenset()
    try:
        return frozenset(_client_name(item) for item in raw.split(",") if item.strip())
    except ValueError as exc:
        raise ConfigError(
            f"{name}: expected comma-separated client ids of printable ASCII without spaces "
            f"(got {exc.args[0].strip()!r})"
        ) from None


# --- cross-field and range validation (run for env, overrides and dataclasses.replace) ---


_INT_FIELDS = (
    "port",
    "max_receive_message_bytes",
    "max_image_bytes",
    "max_concurrent_streams",
    "max_image_pixels",
    "conversion_memory_bytes",
    "max_document_pages",
    "max_document_bytes",
    "upstream_max_connections",
    "upstream_max_keepalive_connections",
    "max_upstream_response_bytes",
    "max_queue_length",
    "max_inflight_bytes",
    "redis_fallback_limit",
    "adaptive_increase_after",
    "retry_max_attempts",
    "breaker_failure_threshold",
    "breaker_window_calls",
    "auth_token_cache_size",
)
_FLOAT_FIELDS = (
    "shutdown_grace_seconds",
    "drain_delay_seconds",
    "max_connection_age_seconds",
    "receive_timeout_seconds",
    "upstream_timeout_seconds",
    "upstream_connect_timeout_seconds",
    "upstream_keepalive_expiry_seconds",
    "secret_poll_seconds",
    "redis_lease_seconds",
    "upstream_latency_estimate_seconds",
    "adaptive_decrease_factor",
    "retry_initial_backoff_seconds",
    "retry_max_backoff_seconds",
    "retry_backoff_multiplier",
    "retry_budget_ratio",
    "retry_budget_min_per_second",
    "retry_budget_window_seconds",
    "breaker_failure_ratio",
    "breaker_cooldown_seconds",
    "auth_clock_skew_seconds",
)


def _validate(s: Settings) -> None:
    # Overrides arrive untyped (**kwargs), so check types before comparing numbers.
    int_fields = _INT_FIELDS if s.metrics_port is None else (*_INT_FIELDS, "metrics_port")
    if s.health_port is not None:
        int_fields = (*int_fields, "health_port")
    for name in int_fields:
        value = getattr(s, name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(f"{name}: expected an integer (got {value!r})")
    for name in _FLOAT_FIELDS:
        value = getattr(s, name)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ConfigError(f"{name}: expected a number (got {value!r})")
    for name in ("host", "upload_mode", "log_format", "log_level", "redis_key_prefix"):
        if not isinstance(getattr(s, name), str):
            raise ConfigError(f"{name}: expected a string (got {getattr(s, name)!r})")
    for name in ("reflection", "emulator"):
        if not isinstance(getattr(s, name), bool):
            raise ConfigError(f"{name}: expected a bool (got {getattr(s, name)!r})")
    if s.redis_url is not None and not isinstance(s.redis_url, Secret):
        raise ConfigError("redis_url: expected a Secret")  # a plain str would show in repr

    def check(ok: bool, name: str, reason: str) -> None:
        if not ok:
            raise ConfigError(f"{name}: {reason}")

    def positive(value: float, name: str) -> None:
        check(math.isfinite(value) and value > 0, name, f"must be a positive number (got {value})")

    check(bool(s.host.strip()), "OCR_HOST", "must not be empty")
    check(0 <= s.port <= 65535, "OCR_PORT", f"must be a port 0-65535 (got {s.port})")
    if s.metrics_port is not None:
        check(
            0 <= s.metrics_port <= 65535,
            "OCR_METRICS_PORT",
            f"must be a port 0-65535 (0: any free port), or off to disable (got {s.metrics_port})",
        )
        check(
            s.metrics_port == 0 or s.metrics_port != s.port,
            "OCR_METRICS_PORT",
            f"must differ from OCR_PORT (both are {s.port})",
        )
    if s.health_port is not None:
        check(
            0 <= s.health_port <= 65535,
            "OCR_HEALTH_PORT",
            f"must be a port 0-65535 (0: any free port), or unset (got {s.health_port})",
        )
        check(
            s.health_port == 0 or s.health_port != s.port,
            "OCR_HEALTH_PORT",
            f"must differ from OCR_PORT (both are {s.port})",
        )
        check(
            s.health_port == 0 or s.health_port != s.metrics_port,
            "OCR_HEALTH_PORT",
            f"must differ from OCR_METRICS_PORT (both are {s.metrics_port})",
        )
    check(
        s.max_receive_message_bytes >= 1,
        "OCR_MAX_RECEIVE_MESSAGE_BYTES",
        f"must be at least 1 (got {s.max_receive_message_bytes})",
    )
    check(
        s.max_image_bytes >= 1,
        "OCR_MAX_IMAGE_BYTES",
        f"must be at least 1 (got {s.max_image_bytes})",
    )
    check(
        s.max_image_pixels >= 1,
        "OCR_MAX_IMAGE_PIXELS",
        f"must be at least 1 (got {s.max_image_pixels})",
    )
    check(
        s.conversion_memory_bytes >= 1,
        "OCR_CONVERSION_MEMORY_BYTES",
        f"must be at least 1 (got {s.conversion_memory_bytes})",
    )
    check(
        s.max_document_pages >= 1,
        "OCR_MAX_DOCUMENT_PAGES",
        f"must be at least 1 (got {s.max_document_pages})",
    )
    check(
        s.max_document_bytes >= 1,
        "OCR_MAX_DOCUMENT_BYTES",
        f"must be at least 1 (got {s.max_document_bytes})",
    )
    check(
        s.upload_mode in ("multipart", "json"),
        "OCR_UPLOAD_MODE",
        f"must be multipart or json (got {s.upload_mode!r})",
    )
    check(
        math.isfinite(s.shutdown_grace_seconds) and s.shutdown_grace_seconds >= 0,
        "OCR_SHUTDOWN_GRACE_SECONDS",
        f"must be a number >= 0 (got {s.shutdown_grace_seconds})",
    )
    check(
        math.isfinite(s.drain_delay_seconds) and s.drain_delay_seconds >= 0,
        "OCR_DRAIN_DELAY_SECONDS",
        f"must be a number >= 0 (got {s.drain_delay_seconds})",
    )
    check(
        math.isfinite(s.max_connection_age_seconds) and s.max_connection_age_seconds >= 0,
        "OCR_MAX_CONNECTION_AGE_SECONDS",
        f"must be a number >= 0, 0 for no limit (got {s.max_connection_age_seconds})",
    )
    positive(s.receive_timeout_seconds, "OCR_RECEIVE_TIMEOUT_SECONDS")
    check(
        s.max_concurrent_streams >= 1,
        "OCR_MAX_CONCURRENT_STREAMS",
        f"must be at least 1 (got {s.max_concurrent_streams})",
    )
    positive(s.upstream_timeout_seconds, "OCR_UPSTREAM_TIMEOUT_SECONDS")
    positive(s.upstream_connect_timeout_seconds, "OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS")
    check(
        s.upstream_connect_timeout_seconds <= s.upstream_timeout_seconds,
        "OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS",
        "must not exceed OCR_UPSTREAM_TIMEOUT_SECONDS "
        f"({s.upstream_connect_timeout_seconds} > {s.upstream_timeout_seconds})",
    )
    check(
        s.max_upstream_response_bytes >= MIN_UPSTREAM_RESPONSE_BYTES,
        "OCR_MAX_UPSTREAM_RESPONSE_BYTES",
        f"must be at least {MIN_UPSTREAM_RESPONSE_BYTES} (got {s.max_upstream_response_bytes})",
    )
    check(
        s.upstream_max_connections >= 1,
        "OCR_UPSTREAM_MAX_CONNECTIONS",
        f"must be at least 1 (got {s.upstream_max_connections})",
    )
    check(
        0 <= s.upstream_max_keepalive_connections <= s.upstream_max_connections,
        "OCR_UPSTREAM_MAX_KEEPALIVE_CONNECTIONS",
        "must be between 0 and OCR_UPSTREAM_MAX_CONNECTIONS "
        f"(got {s.upstream_max_keepalive_connections})",
    )
    check(
        math.isfinite(s.upstream_keepalive_expiry_seconds)
        and s.upstream_keepalive_expiry_seconds >= 0,
        "OCR_UPSTREAM_KEEPALIVE_EXPIRY_SECONDS",
        f"must be a number >= 0 (got {s.upstream_keepalive_expiry_seconds})",
    )
    check(
        s.log_format in ("auto", "json", "console"),
        "OCR_LOG_FORMAT",
        f"must be auto, json or console (got {s.log_format!r})",
    )
    check(
        s.log_level in _LOG_LEVELS,
        "OCR_LOG_LEVEL",
        f"must be one of {'|'.join(_LOG_LEVELS)} (got {s.log_level!r})",
    )
    positive(s.secret_poll_seconds, "OCR_SECRET_POLL_SECONDS")
    check(
        math.isfinite(s.redis_lease_seconds) and s.redis_lease_seconds >= 1,
        "OCR_REDIS_LEASE_SECONDS",
        f"must be a number >= 1 (got {s.redis_lease_seconds})",
    )
    check(
        bool(s.redis_key_prefix) and not any(c.isspace() or c in "{}" for c in s.redis_key_prefix),
        "OCR_REDIS_KEY_PREFIX",
        f"must be non-empty, without whitespace or braces (got {s.redis_key_prefix!r})",
    )
    check(
        s.redis_fallback_limit >= 0,
        "OCR_REDIS_FALLBACK_LIMIT",
        f"must be 0 or more (got {s.redis_fallback_limit})",
    )
    check(
        s.max_queue_length >= 0,
        "OCR_MAX_QUEUE_LENGTH",
        f"must be 0 or more (got {s.max_queue_length})",
    )
    check(
        s.max_inflight_bytes >= 1,
        "OCR_MAX_INFLIGHT_BYTES",
        f"must be at least 1 (got {s.max_inflight_bytes})",
    )
    # Every request reserves its largest possible size from the in-flight budget before it is
    # read (serving/intake.py), so a budget below one message could never admit a call.
    check(
        s.max_receive_message_bytes <= s.max_inflight_bytes,
        "OCR_MAX_INFLIGHT_BYTES",
        f"must be at least OCR_MAX_RECEIVE_MESSAGE_BYTES ({s.max_inflight_bytes} < "
        f"{s.max_receive_message_bytes}): a request is admitted before it is read, for its "
        "largest possible size (unset, OCR_MAX_RECEIVE_MESSAGE_BYTES is the larger of "
        "OCR_MAX_IMAGE_BYTES and OCR_MAX_DOCUMENT_BYTES plus 1 MiB)",
    )
    _validate_admission(s, check, positive)
    _validate_auth(s, check)
    check(
        set(s.domains) == set(Domain),
        "domains",
        "must have an entry for every domain",
    )
    for d, ds in s.domains.items():
        prefix = DOMAINS[d].env_prefix
        check(
            ds.concurrency_limit >= 1,
            f"{prefix}_CONCURRENCY",
            f"must be at least 1 (got {ds.concurrency_limit})",
        )
        check(
            (ds.invoke_url is None) == (ds.secret_source is None),
            f"{prefix}_INVOKE_URL and {prefix}_SECRET",
            "set both or neither",
        )


_AUTH_SOURCES = "OCR_TLS_CLIENT_CA_FILE, OCR_AUTH_JWKS_FILE or OCR_AUTH_API_KEYS_FILE"
MAX_CLOCK_SKEW_SECONDS = 300.0


def _validate_auth(s: Settings, check: Callable[[bool, str, str], None]) -> None:
    for name in (
        "tls_cert_file",
        "tls_key_file",
        "tls_client_ca_file",
        "auth_jwks_file",
        "auth_jwt_issuer",
        "auth_api_keys_file",
    ):
        value = getattr(s, name)
        check(value is None or isinstance(value, str), name, f"expected a string (got {value!r})")
    check(
        (s.tls_cert_file is None) == (s.tls_key_file is None),
        "OCR_TLS_CERT_FILE and OCR_TLS_KEY_FILE",
        "set both (TLS) or neither (plaintext)",
    )
    check(
        s.tls_client_ca_file is None or s.tls_cert_file is not None,
        "OCR_TLS_CLIENT_CA_FILE",
        "mutual TLS needs the server's own certificate: set OCR_TLS_CERT_FILE and "
        "OCR_TLS_KEY_FILE too",
    )
    check(
        s.auth_mode in ("none", "optional", "required"),
        "OCR_AUTH_MODE",
        f"must be none, optional or required (got {s.auth_mode!r})",
    )
    sources = {
        "OCR_TLS_CLIENT_CA_FILE": s.tls_client_ca_file,
        "OCR_AUTH_JWKS_FILE": s.auth_jwks_file,
        "OCR_AUTH_API_KEYS_FILE": s.auth_api_keys_file,
    }
    configured = [name for name, value in sources.items() if value is not None]
    if s.auth_mode == "none":
        # Credentials configured but never checked would look like protection and be none;
        # the caller would still be whatever x-client-id says.
        check(
            not configured,
            ", ".join(configured),
            "verifies callers only with OCR_AUTH_MODE=optional or required (it is none)",
        )
    else:
        check(
            bool(configured),
            "OCR_AUTH_MODE",
            f"{s.auth_mode} needs a way to verify callers: set {_AUTH_SOURCES}",
        )
    check(
        s.auth_jwks_file is None or bool(s.auth_jwt_issuer),
        "OCR_AUTH_JWT_ISSUER",
        "required with OCR_AUTH_JWKS_FILE: the issuer of the cluster's service-account "
        "tokens (e.g. https://kubernetes.default.svc.cluster.local)",
    )
    check(
        isinstance(s.auth_jwt_audience, str) and bool(s.auth_jwt_audience.strip()),
        "OCR_AUTH_JWT_AUDIENCE",
        "must not be empty",
    )
    check(
        math.isfinite(s.auth_clock_skew_seconds)
        and 0 <= s.auth_clock_skew_seconds <= MAX_CLOCK_SKEW_SECONDS,
        "OCR_AUTH_CLOCK_SKEW_SECONDS",
        f"must be between 0 and {MAX_CLOCK_SKEW_SECONDS:g} (got {s.auth_clock_skew_seconds})",
    )
    check(
        0 <= s.auth_token_cache_size <= 1_000_000,
        "OCR_AUTH_TOKEN_CACHE_SIZE",
        f"must be between 0 (no cache) and 1000000 (got {s.auth_token_cache_size})",
    )


def _validate_admission(
    s: Settings,
    check: Callable[[bool, str, str], None],
    positive: Callable[[float, str], None],
) -> None:
    for client, weight in s.client_weights.items():
        check(
            isinstance(client, str) and isinstance(weight, int | float),
            "OCR_CLIENT_WEIGHTS",
            f"expected client=weight pairs (got {client!r}={weight!r})",
        )
        check(
            MIN_CLIENT_WEIGHT <= weight <= MAX_CLIENT_WEIGHT,
            "OCR_CLIENT_WEIGHTS",
            f"weight of {client!r} must be between {MIN_CLIENT_WEIGHT:g} and "
            f"{MAX_CLIENT_WEIGHT:g} (got {weight})",
        )
    check(
        s.callers_file is None or not s.client_weights,
        "OCR_CLIENT_WEIGHTS and OCR_CALLERS_FILE",
        "set each caller's weight in the callers file (OCR_CLIENT_WEIGHTS is deprecated and "
        "would be ignored)",
    )
    check(
        all(isinstance(c, str) and c for c in s.client_id_allowlist),
        "OCR_CLIENT_ID_ALLOWLIST",
        "expected non-empty client ids",
    )
    positive(s.upstream_latency_estimate_seconds, "OCR_UPSTREAM_LATENCY_ESTIMATE_SECONDS")
    check(
        0 < s.adaptive_decrease_factor < 1,
        "OCR_ADAPTIVE_DECREASE_FACTOR",
        f"must be between 0 and 1, exclusive (got {s.adaptive_decrease_factor})",
    )
    check(
        s.adaptive_increase_after >= 1,
        "OCR_ADAPTIVE_INCREASE_AFTER",
        f"must be at least 1 (got {s.adaptive_increase_after})",
    )
    check(
        s.retry_max_attempts >= 1,
        "OCR_RETRY_MAX_ATTEMPTS",
        f"must be at least 1; 1 turns retries off (got {s.retry_max_attempts})",
    )
    positive(s.retry_initial_backoff_seconds, "OCR_RETRY_INITIAL_BACKOFF_SECONDS")
    positive(s.retry_max_backoff_seconds, "OCR_RETRY_MAX_BACKOFF_SECONDS")
    check(
        s.retry_max_backoff_seconds >= s.retry_initial_backoff_seconds,
        "OCR_RETRY_MAX_BACKOFF_SECONDS",
        "must not be below OCR_RETRY_INITIAL_BACKOFF_SECONDS "
        f"({s.retry_max_backoff_seconds} < {s.retry_initial_backoff_seconds})",
    )
    check(
        math.isfinite(s.retry_backoff_multiplier) and s.retry_backoff_multiplier >= 1,
        "OCR_RETRY_BACKOFF_MULTIPLIER",
        f"must be a number >= 1 (got {s.retry_backoff_multiplier})",
    )
    check(
        0 <= s.retry_budget_ratio <= 1,
        "OCR_RETRY_BUDGET_RATIO",
        f"must be between 0 and 1 (got {s.retry_budget_ratio})",
    )
    check(
        math.isfinite(s.retry_budget_min_per_second) and s.retry_budget_min_per_second >= 0,
        "OCR_RETRY_BUDGET_MIN_PER_SECOND",
        f"must be a number >= 0 (got {s.retry_budget_min_per_second})",
    )
    positive(s.retry_budget_window_seconds, "OCR_RETRY_BUDGET_WINDOW_SECONDS")
    check(
        s.breaker_failure_threshold >= 1,
        "OCR_BREAKER_FAILURE_THRESHOLD",
        f"must be at least 1 (got {s.breaker_failure_threshold})",
    )
    check(
        0 < s.breaker_failure_ratio <= 1,
        "OCR_BREAKER_FAILURE_RATIO",
        f"must be above 0 and at most 1 (got {s.breaker_failure_ratio})",
    )
    check(
        s.breaker_window_calls >= 1,
        "OCR_BREAKER_WINDOW_CALLS",
        f"must be at least 1 (got {s.breaker_window_calls})",
    )
    positive(s.breaker_cooldown_seconds, "OCR_BREAKER_COOLDOWN_SECONDS")
