"""Tests for clova_ocr_gateway.config.settings: env parsing, every validation rule, invoke URL
normalization, emulator overrides, and that no secret ever shows in a repr."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clova_ocr_gateway.config.secret_store import FileSecret, Secret, StaticSecret
from clova_ocr_gateway.config.settings import (
    ConfigError,
    DomainSettings,
    Settings,
    load_settings,
    normalize_invoke_url,
    with_emulator,
)
from clova_ocr_gateway.domains import DOMAINS, Domain

CANARY = "CANARY-s3cr3t-Zq9"
BASE = "https://abc.apigw.ntruss.com/custom/v1/123/deadbeef"
RECEIPT_URL = BASE + "/document/receipt"
MiB = 1024 * 1024


def receipt_env(**extra: str) -> dict[str, str]:
    return {"OCR_RECEIPT_INVOKE_URL": BASE, "OCR_RECEIPT_SECRET": "s3cret", **extra}


def secret_of(settings: Settings, domain: Domain) -> str | None:
    source = settings.domains[domain].secret_source
    secret = None if source is None else source.current()
    return None if secret is None else secret.reveal()


# --- defaults and parsing -------------------------------------------------------------------


def test_empty_environment_gives_documented_defaults_and_no_configured_domain() -> None:
    s = load_settings({})
    assert s == Settings()
    assert (s.host, s.port, s.metrics_port, s.reflection) == ("0.0.0.0", 50051, 9464, True)
    assert s.max_image_bytes == 20 * MiB
    assert s.max_image_pixels == 100_000_000
    assert s.conversion_memory_bytes == 384 * MiB
    assert (s.max_document_bytes, s.max_document_pages) == (50 * MiB, 100)
    # Unset, the receive limit holds the larger of an image and a document, plus 1 MiB.
    assert s.max_receive_message_bytes == 53477376
    assert s.document_bytes_limit == 50 * MiB
    assert s.upload_mode == "multipart"
    assert (s.shutdown_grace_seconds, s.upstream_timeout_seconds) == (20.0, 60.0)
    assert s.upstream_connect_timeout_seconds == 5.0
    assert (s.upstream_max_connections, s.upstream_max_keepalive_connections) == (100, 20)
    assert (s.log_format, s.log_level, s.redis_url) == ("auto", "INFO", None)
    assert s.secret_poll_seconds == 1.0
    assert (s.max_queue_length, s.max_inflight_bytes) == (100, 256 * MiB)
    assert s.emulator is False
    assert s.configured_domains == ()
    for domain in Domain:
        assert s.domains[domain] == DomainSettings(None, None, concurrency_limit=5)
        assert not s.domain(domain).configured


@pytest.mark.parametrize(
    ("var", "raw", "attr", "expected"),
    [
        ("OCR_HOST", "127.0.0.1", "host", "127.0.0.1"),
        ("OCR_PORT", "6000", "port", 6000),
        ("OCR_PORT", "0", "port", 0),
        ("OCR_METRICS_PORT", "9100", "metrics_port", 9100),
        ("OCR_METRICS_PORT", "0", "metrics_port", 0),
        ("OCR_METRICS_PORT", "off", "metrics_port", None),
        ("OCR_METRICS_PORT", "disabled", "metrics_port", None),
        ("OCR_MAX_RECEIVE_MESSAGE_BYTES", "1048576", "max_receive_message_bytes", MiB),
        ("OCR_MAX_IMAGE_BYTES", "1_000", "max_image_bytes", 1000),
        ("OCR_MAX_IMAGE_PIXELS", "50_000_000", "max_image_pixels", 50_000_000),
        ("OCR_CONVERSION_MEMORY_BYTES", "1048576", "conversion_memory_bytes", MiB),
        ("OCR_UPLOAD_MODE", "json", "upload_mode", "json"),
        ("OCR_UPLOAD_MODE", "MULTIPART", "upload_mode", "multipart"),
        ("OCR_SHUTDOWN_GRACE_SECONDS", "0", "shutdown_grace_seconds", 0.0),
        ("OCR_SHUTDOWN_GRACE_SECONDS", "2.5", "shutdown_grace_seconds", 2.5),
        ("OCR_UPSTREAM_TIMEOUT_SECONDS", "30", "upstream_timeout_seconds", 30.0),
        ("OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS", "1.5", "upstream_connect_timeout_seconds", 1.5),
        ("OCR_UPSTREAM_MAX_CONNECTIONS", "50", "upstream_max_connections", 50),
        ("OCR_UPSTREAM_MAX_KEEPALIVE_CONNECTIONS", "0", "upstream_max_keepalive_connections", 0),
        ("OCR_UPSTREAM_KEEPALIVE_EXPIRY_SECONDS", "30", "upstream_keepalive_expiry_seconds", 30.0),
        ("OCR_LOG_FORMAT", "json", "log_format", "json"),
        ("OCR_LOG_FORMAT", "Console", "log_format", "console"),
        ("OCR_LOG_LEVEL", "debug", "log_level", "DEBUG"),
        ("OCR_LOG_LEVEL", "warn", "log_level", "WARNING"),
        ("OCR_SECRET_POLL_SECONDS", "0.25", "secret_poll_seconds", 0.25),
        ("OCR_MAX_QUEUE_LENGTH", "0", "max_queue_length", 0),
        ("OCR_MAX_INFLIGHT_BYTES", "134217728", "max_inflight_bytes", 128 * MiB),
    ],
)
def test_environment_variable_sets_its_field(var: str, raw: str, attr: str, expected: Any) -> None:
    assert getattr(load_settings({var: raw}), attr) == expected


@pytest.mark.parametrize(
    ("env", "receive", "document"),
    [
        # Unset: the receive limit follows the larger of the image and document limits.
        ({"OCR_MAX_DOCUMENT_BYTES": "10485760"}, 21 * MiB, 10 * MiB),
        ({"OCR_MAX_IMAGE_BYTES": "1048576", "OCR_MAX_DOCUMENT_BYTES": "2097152"}, 3 * MiB, 2 * MiB),
        # Set: it is the limit, and a document must fit in it with its request's fields.
        ({"OCR_MAX_RECEIVE_MESSAGE_BYTES": "22020096"}, 21 * MiB, 21 * MiB - 64 * 1024),
        (
            {"OCR_MAX_RECEIVE_MESSAGE_BYTES": "22020096", "OCR_MAX_DOCUMENT_BYTES": "20971520"},
            21 * MiB,
            20 * MiB,
        ),
    ],
)
def test_receive_limit_follows_image_and_document_limits_unless_set(
    env: dict[str, str], receive: int, document: int
) -> None:
    s = load_settings(env)
    assert (s.max_receive_message_bytes, s.document_bytes_limit) == (receive, document)


def test_budget_below_the_derived_receive_limit_names_what_sets_it() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"OCR_MAX_INFLIGHT_BYTES": str(32 * MiB)})
    message = str(caught.value)
    assert message.startswith("OCR_MAX_INFLIGHT_BYTES: must be at least")
    assert "OCR_MAX_DOCUMENT_BYTES" in message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("TRUE", True),
        ("1", True),
        ("yes", True),
        ("Yes", True),
        ("false", False),
        ("False", False),
        ("0", False),
        ("no", False),
        ("NO", False),
    ],
)
def test_reflection_accepts_true_false_1_0_yes_no(raw: str, expected: bool) -> None:
    assert load_settings({"OCR_REFLECTION": raw}).reflection is expected


@pytest.mark.parametrize("raw", ["on", "off", "y", "2", "enabled", "truee"])
def test_reflection_rejects_other_words(raw: str) -> None:
    with pytest.raises(ConfigError, match=r"^OCR_REFLECTION: expected one of true/false"):
        load_settings({"OCR_REFLECTION": raw})


def test_empty_or_blank_values_count_as_unset() -> None:
    env = {"OCR_PORT": "", "OCR_REFLECTION": "  ", "OCR_RECEIPT_SECRET": "", "OCR_REDIS_URL": ""}
    assert load_settings(env) == Settings()


def test_env_none_reads_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCR_PORT", "6123")
    assert load_settings().port == 6123


def test_redis_url_is_kept_as_a_secret() -> None:
    s = load_settings({"OCR_REDIS_URL": f"redis://:{CANARY}@redis:6379/0"})
    assert isinstance(s.redis_url, Secret)
    assert s.redis_url.reveal() == f"redis://:{CANARY}@redis:6379/0"


# --- per-domain configuration ---------------------------------------------------------------


@pytest.mark.parametrize("domain", list(Domain))
def test_each_domain_reads_its_own_variables_and_gets_its_path(domain: Domain) -> None:
    prefix = f"OCR_{DOMAINS[domain].env_name}"
    env = {f"{prefix}_INVOKE_URL": BASE, f"{prefix}_SECRET": "k", f"{prefix}_CONCURRENCY": "9"}
    s = load_settings(env)
    assert s.configured_domains == (domain,)
    assert s.domains[domain].invoke_url == BASE + DOMAINS[domain].path
    assert s.domains[domain].concurrency_limit == 9
    assert secret_of(s, domain) == "k"


def test_global_concurrency_limit_applies_unless_domain_overrides() -> None:
    s = load_settings({"OCR_CONCURRENCY_LIMIT": "3", "OCR_PASSPORT_CONCURRENCY": "1"})
    assert s.domains[Domain.RECEIPT].concurrency_limit == 3
    assert s.domains[Domain.PASSPORT].concurrency_limit == 1


def test_secret_file_is_read_and_trailing_newline_stripped(tmp_path: Path) -> None:
    path = tmp_path / "receipt"
    path.write_text("from-file\n")
    s = load_settings({"OCR_RECEIPT_INVOKE_URL": BASE, "OCR_RECEIPT_SECRET_FILE": str(path)})
    source = s.domains[Domain.RECEIPT].secret_source
    assert isinstance(source, FileSecret)
    assert secret_of(s, Domain.RECEIPT) == "from-file"


def test_static_secret_is_stripped_of_trailing_newline() -> None:
    s = load_settings(receipt_env(OCR_RECEIPT_SECRET="abc\n"))
    assert isinstance(s.domains[Domain.RECEIPT].secret_source, StaticSecret)
    assert secret_of(s, Domain.RECEIPT) == "abc"


# --- every validation rule, table-driven ----------------------------------------------------

INVALID: list[tuple[str, dict[str, str], str]] = [
    # (id, env, expected message start)
    ("port-not-int", {"OCR_PORT": "http"}, "OCR_PORT: expected an integer"),
    ("port-too-big", {"OCR_PORT": "70000"}, "OCR_PORT: must be a port"),
    ("port-negative", {"OCR_PORT": "-1"}, "OCR_PORT: must be a port"),
    ("metrics-too-big", {"OCR_METRICS_PORT": "65536"}, "OCR_METRICS_PORT: must be a port"),
    ("metrics-word", {"OCR_METRICS_PORT": "auto"}, "OCR_METRICS_PORT: expected an integer"),
    (
        "metrics-equals-port",
        {"OCR_PORT": "9000", "OCR_METRICS_PORT": "9000"},
        "OCR_METRICS_PORT: must differ from OCR_PORT",
    ),
    (
        "receive-zero",
        {"OCR_MAX_RECEIVE_MESSAGE_BYTES": "0"},
        "OCR_MAX_RECEIVE_MESSAGE_BYTES: must be at least 1",
    ),
    ("image-negative", {"OCR_MAX_IMAGE_BYTES": "-5"}, "OCR_MAX_IMAGE_BYTES: must be at least 1"),
    ("image-float", {"OCR_MAX_IMAGE_BYTES": "1.5"}, "OCR_MAX_IMAGE_BYTES: expected an integer"),
    ("pixels-zero", {"OCR_MAX_IMAGE_PIXELS": "0"}, "OCR_MAX_IMAGE_PIXELS: must be at least 1"),
    (
        "conversion-memory-zero",
        {"OCR_CONVERSION_MEMORY_BYTES": "0"},
        "OCR_CONVERSION_MEMORY_BYTES: must be at least 1",
    ),
    ("upload-mode", {"OCR_UPLOAD_MODE": "base64"}, "OCR_UPLOAD_MODE: expected one of"),
    ("grace-negative", {"OCR_SHUTDOWN_GRACE_SECONDS": "-1"}, "OCR_SHUTDOWN_GRACE_SECONDS: must"),
    ("grace-nan", {"OCR_SHUTDOWN_GRACE_SECONDS": "nan"}, "OCR_SHUTDOWN_GRACE_SECONDS: must"),
    ("grace-word", {"OCR_SHUTDOWN_GRACE_SECONDS": "soon"}, "OCR_SHUTDOWN_GRACE_SECONDS: expected"),
    ("timeout-zero", {"OCR_UPSTREAM_TIMEOUT_SECONDS": "0"}, "OCR_UPSTREAM_TIMEOUT_SECONDS: must"),
    ("timeout-inf", {"OCR_UPSTREAM_TIMEOUT_SECONDS": "inf"}, "OCR_UPSTREAM_TIMEOUT_SECONDS: must"),
    (
        "connect-zero",
        {"OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS": "0"},
        "OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS: must be a positive",
    ),
    (
        "connect-exceeds-total",
        {"OCR_UPSTREAM_TIMEOUT_SECONDS": "2", "OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS": "3"},
        "OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS: must not exceed OCR_UPSTREAM_TIMEOUT_SECONDS",
    ),
    (
        "max-connections-zero",
        {"OCR_UPSTREAM_MAX_CONNECTIONS": "0"},
        "OCR_UPSTREAM_MAX_CONNECTIONS: must be at least 1",
    ),
    (
        "keepalive-exceeds-max",
        {"OCR_UPSTREAM_MAX_CONNECTIONS": "5", "OCR_UPSTREAM_MAX_KEEPALIVE_CONNECTIONS": "6"},
        "OCR_UPSTREAM_MAX_KEEPALIVE_CONNECTIONS: must be between 0 and",
    ),
    (
        "keepalive-expiry-negative",
        {"OCR_UPSTREAM_KEEPALIVE_EXPIRY_SECONDS": "-1"},
        "OCR_UPSTREAM_KEEPALIVE_EXPIRY_SECONDS: must",
    ),
    ("log-format", {"OCR_LOG_FORMAT": "xml"}, "OCR_LOG_FORMAT: expected one of auto|json|console"),
    ("log-level", {"OCR_LOG_LEVEL": "loud"}, "OCR_LOG_LEVEL: expected one of DEBUG"),
    ("poll-zero", {"OCR_SECRET_POLL_SECONDS": "0"}, "OCR_SECRET_POLL_SECONDS: must be a positive"),
    ("queue-negative", {"OCR_MAX_QUEUE_LENGTH": "-1"}, "OCR_MAX_QUEUE_LENGTH: must be 0 or more"),
    ("inflight-zero", {"OCR_MAX_INFLIGHT_BYTES": "0"}, "OCR_MAX_INFLIGHT_BYTES: must be at least"),
    ("concurrency-zero", {"OCR_CONCURRENCY_LIMIT": "0"}, "OCR_CONCURRENCY_LIMIT: must be at least"),
    (
        "domain-concurrency-zero",
        {"OCR_ID_CARD_CONCURRENCY": "0"},
        "OCR_ID_CARD_CONCURRENCY: must be at least 1",
    ),
    ("redis-scheme", {"OCR_REDIS_URL": "http://redis:6379"}, "OCR_REDIS_URL: must be a redis://"),
    (
        "secret-and-file",
        receipt_env(OCR_RECEIPT_SECRET_FILE="/run/secret"),
        "OCR_RECEIPT_SECRET and OCR_RECEIPT_SECRET_FILE: set only one",
    ),
    (
        "url-without-secret",
        {"OCR_NAME_CARD_INVOKE_URL": BASE},
        "OCR_NAME_CARD_INVOKE_URL and OCR_NAME_CARD_SECRET/OCR_NAME_CARD_SECRET_FILE:",
    ),
    (
        "secret-without-url",
        {"OCR_PASSPORT_SECRET": "x"},
        "OCR_PASSPORT_SECRET and OCR_PASSPORT_INVOKE_URL:",
    ),
    (
        "secret-file-without-url",
        {"OCR_PASSPORT_SECRET_FILE": "/run/secret"},
        "OCR_PASSPORT_SECRET_FILE and OCR_PASSPORT_INVOKE_URL:",
    ),
    (
        "secret-with-space",
        receipt_env(OCR_RECEIPT_SECRET="two words"),
        "OCR_RECEIPT_SECRET: secret contains whitespace",
    ),
    (
        "secret-non-ascii",
        receipt_env(OCR_RECEIPT_SECRET="비밀"),
        "OCR_RECEIPT_SECRET: secret contains",
    ),
    (
        "missing-secret-file",
        {"OCR_RECEIPT_INVOKE_URL": BASE, "OCR_RECEIPT_SECRET_FILE": "/nonexistent/secret"},
        "OCR_RECEIPT_SECRET_FILE: cannot read /nonexistent/secret",
    ),
    (
        "url-plain-http",
        receipt_env(OCR_RECEIPT_INVOKE_URL="http://clova.example.com/x"),
        "OCR_RECEIPT_INVOKE_URL: must use https (plain http is allowed only for loopback hosts)",
    ),
    (
        "url-http-private-ip",
        receipt_env(OCR_RECEIPT_INVOKE_URL="http://10.0.0.1/x"),
        "OCR_RECEIPT_INVOKE_URL: must use https",
    ),
    (
        "url-http-localhost-lookalike",
        receipt_env(OCR_RECEIPT_INVOKE_URL="http://localhost.evil.com/x"),
        "OCR_RECEIPT_INVOKE_URL: must use https",
    ),
    (
        "url-other-scheme",
        receipt_env(OCR_RECEIPT_INVOKE_URL="ftp://clova.example.com/x"),
        "OCR_RECEIPT_INVOKE_URL: must be an https:// URL",
    ),
    (
        "url-no-scheme",
        receipt_env(OCR_RECEIPT_INVOKE_URL="clova.example.com/x"),
        "OCR_RECEIPT_INVOKE_URL: must be an https:// URL",
    ),
    (
        "url-userinfo",
        receipt_env(OCR_RECEIPT_INVOKE_URL="https://user:pw@clova.example.com/x"),
        "OCR_RECEIPT_INVOKE_URL: must not contain user info",
    ),
    (
        "url-user-only",
        receipt_env(OCR_RECEIPT_INVOKE_URL="https://user@clova.example.com/x"),
        "OCR_RECEIPT_INVOKE_URL: must not contain user info",
    ),
    (
        "url-query",
        receipt_env(OCR_RECEIPT_INVOKE_URL="https://clova.example.com/x?a=1"),
        "OCR_RECEIPT_INVOKE_URL: must not contain a query string or fragment",
    ),
    (
        "url-empty-query",
        receipt_env(OCR_RECEIPT_INVOKE_URL="https://clova.example.com/x?"),
        "OCR_RECEIPT_INVOKE_URL: must not contain a query string or fragment",
    ),
    (
        "url-fragment",
        receipt_env(OCR_RECEIPT_INVOKE_URL="https://clova.example.com/x#frag"),
        "OCR_RECEIPT_INVOKE_URL: must not contain a query string or fragment",
    ),
    (
        "url-no-host",
        receipt_env(OCR_RECEIPT_INVOKE_URL="https:///custom/v1"),
        "OCR_RECEIPT_INVOKE_URL: must include a host",
    ),
    (
        "url-bad-port",
        receipt_env(OCR_RECEIPT_INVOKE_URL="https://clova.example.com:99999/x"),
        "OCR_RECEIPT_INVOKE_URL: not a valid URL",
    ),
    (
        "url-whitespace",
        receipt_env(OCR_RECEIPT_INVOKE_URL="https://clova.example.com/a b"),
        "OCR_RECEIPT_INVOKE_URL: must not contain whitespace",
    ),
    (
        "url-other-domain-path",
        receipt_env(OCR_RECEIPT_INVOKE_URL=BASE + "/document/name-card"),
        "OCR_RECEIPT_INVOKE_URL: ends with /document/name-card, the path of name-card",
    ),
]


@pytest.mark.parametrize(("env", "message"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_configuration_is_rejected_naming_the_setting(
    env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as excinfo:
        load_settings(env)
    assert str(excinfo.value).startswith(message), str(excinfo.value)


@pytest.mark.parametrize(
    "content", [pytest.param("", id="empty"), pytest.param("\n", id="newline-only")]
)
def test_empty_secret_file_is_rejected_at_start(tmp_path: Path, content: str) -> None:
    path = tmp_path / "secret"
    path.write_text(content)
    env = {"OCR_RECEIPT_INVOKE_URL": BASE, "OCR_RECEIPT_SECRET_FILE": str(path)}
    with pytest.raises(ConfigError, match=r"^OCR_RECEIPT_SECRET_FILE: .*secret is empty"):
        load_settings(env)


# --- invoke URL normalization ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (BASE, RECEIPT_URL),
        (BASE + "/", RECEIPT_URL),
        (RECEIPT_URL, RECEIPT_URL),
        (RECEIPT_URL + "/", RECEIPT_URL),
        ("  " + BASE + "\n", RECEIPT_URL),
        ("HTTPS://abc.apigw.ntruss.com/x", "https://abc.apigw.ntruss.com/x/document/receipt"),
        ("https://clova.example.com", "https://clova.example.com/document/receipt"),
        ("https://clova.example.com:8443/", "https://clova.example.com:8443/document/receipt"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/document/receipt"),
        ("http://127.10.20.30/e", "http://127.10.20.30/e/document/receipt"),
        ("http://[::1]:8080/e", "http://[::1]:8080/e/document/receipt"),
        ("http://[::ffff:127.0.0.1]/e", "http://[::ffff:127.0.0.1]/e/document/receipt"),
        ("http://localhost:1234", "http://localhost:1234/document/receipt"),
        ("http://LocalHost/e", "http://LocalHost/e/document/receipt"),
        (BASE + "/receipt", BASE + "/receipt/document/receipt"),
    ],
)
def test_receipt_invoke_url_is_normalized(url: str, expected: str) -> None:
    assert normalize_invoke_url(Domain.RECEIPT, url) == expected
    settings = load_settings(receipt_env(OCR_RECEIPT_INVOKE_URL=url))
    assert settings.domains[Domain.RECEIPT].invoke_url == expected


def test_path_is_appended_once_for_a_medical_receipt_not_confused_with_receipt() -> None:
    url = BASE + "/document/medical-receipt"
    assert normalize_invoke_url(Domain.MEDICAL_RECEIPT, url) == url
    with pytest.raises(ConfigError, match="the path of medical-receipt"):
        normalize_invoke_url(Domain.RECEIPT, url)


_path_segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=8)


@given(
    domain=st.sampled_from(list(Domain)),
    segments=st.lists(_path_segment, max_size=4),
    trailing_slash=st.booleans(),
)
def test_normalization_is_idempotent_and_always_ends_with_the_domain_path(
    domain: Domain, segments: list[str], trailing_slash: bool
) -> None:
    url = "https://x.apigw.ntruss.com/" + "/".join(segments) + ("/" if trailing_slash else "")
    once = normalize_invoke_url(domain, url)
    assert once.endswith(DOMAINS[domain].path)
    assert normalize_invoke_url(domain, once) == once
    assert normalize_invoke_url(domain, once + "/") == once


# --- secrets never shown ----------------------------------------------------------------------


def test_no_secret_appears_in_settings_repr_or_str(tmp_path: Path) -> None:
    secret_file = tmp_path / "passport"
    secret_file.write_text(CANARY + "-file\n")
    env: dict[str, str] = {"OCR_REDIS_URL": f"rediss://user:{CANARY}@redis:6380/0"}
    for domain in Domain:
        prefix = f"OCR_{DOMAINS[domain].env_name}"
        env[f"{prefix}_INVOKE_URL"] = BASE
        if domain is Domain.PASSPORT:
            env[f"{prefix}_SECRET_FILE"] = str(secret_file)
        else:
            env[f"{prefix}_SECRET"] = f"{CANARY}-{domain.value}"
    settings = load_settings(env)
    assert len(settings.configured_domains) == len(Domain)

    emulated = with_emulator(
        settings,
        {d: "http://127.0.0.1:1" for d in Domain},
        {d: f"{CANARY}-emu" for d in Domain},
    )
    for s in (settings, emulated):
        renderings = [repr(s), str(s), f"{s}", repr(s.domains), repr(dict(s.domains))]
        renderings += [repr(ds) for ds in s.domains.values()]
        renderings += [repr(ds.secret_source) for ds in s.domains.values()]
        for text in renderings:
            assert CANARY not in text
        assert "**********" in repr(s)


@pytest.mark.parametrize(
    "env",
    [
        pytest.param(receipt_env(OCR_RECEIPT_SECRET=f"{CANARY} x"), id="invalid-secret"),
        pytest.param({"OCR_RECEIPT_SECRET": CANARY}, id="secret-without-url"),
        pytest.param(
            receipt_env(OCR_RECEIPT_INVOKE_URL=f"https://u:{CANARY}@h/x"), id="url-userinfo"
        ),
        pytest.param({"OCR_REDIS_URL": f"http://:{CANARY}@redis"}, id="redis-scheme"),
    ],
)
def test_config_errors_never_echo_secret_values(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as excinfo:
        load_settings(env)
    assert CANARY not in str(excinfo.value)


# --- immutability, overrides, replace ----------------------------------------------------------


def test_settings_and_domain_table_are_immutable() -> None:
    s = load_settings(receipt_env())
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.port = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.domains[Domain.RECEIPT] = DomainSettings()  # type: ignore[index]


def test_overrides_replace_environment_values() -> None:
    s = load_settings(
        {"OCR_PORT": "6000", "OCR_METRICS_PORT": "9100"}, port=7000, metrics_port=None
    )
    assert (s.port, s.metrics_port) == (7000, None)


def test_overrides_are_validated_like_environment_values() -> None:
    with pytest.raises(ConfigError, match=r"^OCR_PORT: must be a port"):
        load_settings({}, port=123456)
    with pytest.raises(ConfigError, match=r"^port: expected an integer"):
        load_settings({}, port="6000")
    with pytest.raises(ConfigError, match=r"^redis_url: expected a Secret"):
        load_settings({}, redis_url="redis://:pw@x")


def test_override_log_level_is_normalized() -> None:
    assert load_settings({}, log_level="debug").log_level == "DEBUG"


def test_unknown_override_is_rejected() -> None:
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings({}, prot=1)


def test_dataclasses_replace_revalidates() -> None:
    with pytest.raises(ConfigError, match=r"^OCR_MAX_QUEUE_LENGTH"):
        dataclasses.replace(Settings(), max_queue_length=-1)


def test_domain_table_must_be_complete_and_consistent() -> None:
    with pytest.raises(ConfigError, match=r"^domains"):
        Settings(domains={Domain.RECEIPT: DomainSettings()})
    broken = {d: DomainSettings() for d in Domain}
    broken[Domain.RECEIPT] = DomainSettings(invoke_url=RECEIPT_URL)
    with pytest.raises(ConfigError, match=r"^OCR_RECEIPT_INVOKE_URL and OCR_RECEIPT_SECRET"):
        Settings(domains=broken)


# --- emulator mode ----------------------------------------------------------------------------


def test_with_emulator_replaces_every_domain_url_and_secret() -> None:
    base = load_settings(receipt_env(OCR_CONCURRENCY_LIMIT="7"))
    urls = {d: f"http://127.0.0.1:8080/{d.value}" for d in Domain}
    secrets = {d: f"emu-{d.value}" for d in Domain}
    s = with_emulator(base, urls, secrets)
    assert s.emulator is True
    assert s.configured_domains == tuple(Domain)
    for d in Domain:
        assert s.domains[d].invoke_url == f"http://127.0.0.1:8080/{d.value}{DOMAINS[d].path}"
        assert secret_of(s, d) == f"emu-{d.value}"
        assert s.domains[d].concurrency_limit == 7
    assert base.emulator is False  # the original is untouched
    assert secret_of(base, Domain.RECEIPT) == "s3cret"


def test_with_emulator_unconfigures_domains_it_is_not_given() -> None:
    base = load_settings(
        {**receipt_env(), "OCR_PASSPORT_INVOKE_URL": BASE, "OCR_PASSPORT_SECRET": "real"}
    )
    s = with_emulator(base, {Domain.RECEIPT: "http://127.0.0.1:1"}, {Domain.RECEIPT: "emu"})
    assert s.configured_domains == (Domain.RECEIPT,)
    assert secret_of(s, Domain.PASSPORT) is None


def test_with_emulator_allows_plain_http_to_a_non_loopback_emulator_host() -> None:
    s = with_emulator(Settings(), {Domain.RECEIPT: "http://emulator:8080"}, {Domain.RECEIPT: "e"})
    assert s.domains[Domain.RECEIPT].invoke_url == "http://emulator:8080/document/receipt"


def test_with_emulator_still_rejects_structurally_bad_urls_and_mismatches() -> None:
    with pytest.raises(ConfigError, match=r"^OCR_RECEIPT_INVOKE_URL: must not contain user info"):
        with_emulator(Settings(), {Domain.RECEIPT: "http://a:b@h"}, {Domain.RECEIPT: "e"})
    with pytest.raises(ConfigError, match=r"^OCR_RECEIPT_INVOKE_URL and OCR_RECEIPT_SECRET"):
        with_emulator(Settings(), {Domain.RECEIPT: "http://127.0.0.1:1"}, {})
    with pytest.raises(ConfigError, match=r"^OCR_ID_CARD_INVOKE_URL and OCR_ID_CARD_SECRET"):
        with_emulator(Settings(), {}, {Domain.ID_CARD: "e"})
