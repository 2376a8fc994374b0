"""TLS and authentication settings: defaults, and every inconsistent combination refused at
start with a message naming the variables."""

from __future__ import annotations

import pytest

from clova_ocr_gateway.config.settings import ConfigError, load_settings


def test_defaults_keep_the_gateway_open_and_plaintext_as_before() -> None:
    settings = load_settings({})
    assert settings.auth_mode == "none"
    assert (settings.tls_cert_file, settings.tls_key_file, settings.tls_client_ca_file) == (
        None,
        None,
        None,
    )
    assert settings.auth_jwt_audience == "clova-ocr-gateway"
    assert settings.auth_clock_skew_seconds == 30.0
    assert settings.auth_token_cache_size == 10_000


def test_a_complete_configuration_is_read() -> None:
    settings = load_settings(
        {
            "OCR_TLS_CERT_FILE": "/tls/tls.crt",
            "OCR_TLS_KEY_FILE": "/tls/tls.key",
            "OCR_TLS_CLIENT_CA_FILE": "/tls/ca.crt",
            "OCR_AUTH_MODE": "Required",
            "OCR_AUTH_JWKS_FILE": "/jwks/jwks.json",
            "OCR_AUTH_JWT_ISSUER": "https://kubernetes.default.svc.cluster.local",
            "OCR_AUTH_JWT_AUDIENCE": "ocr",
            "OCR_AUTH_CLOCK_SKEW_SECONDS": "10",
            "OCR_AUTH_TOKEN_CACHE_SIZE": "100",
            "OCR_AUTH_API_KEYS_FILE": "/keys/keys.yaml",
        }
    )
    assert settings.auth_mode == "required"
    assert settings.auth_jwt_audience == "ocr"
    assert settings.auth_token_cache_size == 100


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OCR_TLS_CERT_FILE": "/c"}, "OCR_TLS_CERT_FILE and OCR_TLS_KEY_FILE: set both"),
        ({"OCR_TLS_KEY_FILE": "/k"}, "OCR_TLS_CERT_FILE and OCR_TLS_KEY_FILE: set both"),
        (
            {"OCR_TLS_CLIENT_CA_FILE": "/ca", "OCR_AUTH_MODE": "required"},
            "OCR_TLS_CLIENT_CA_FILE: mutual TLS needs the server's own certificate",
        ),
        ({"OCR_AUTH_MODE": "sometimes"}, "OCR_AUTH_MODE: expected one of none|optional|required"),
        ({"OCR_AUTH_MODE": "required"}, "OCR_AUTH_MODE: required needs a way to verify callers"),
        ({"OCR_AUTH_MODE": "optional"}, "OCR_AUTH_MODE: optional needs a way to verify callers"),
        (
            {"OCR_AUTH_API_KEYS_FILE": "/k"},
            "OCR_AUTH_API_KEYS_FILE: verifies callers only with OCR_AUTH_MODE=optional or required",
        ),
        (
            {"OCR_AUTH_MODE": "required", "OCR_AUTH_JWKS_FILE": "/j"},
            "OCR_AUTH_JWT_ISSUER: required with OCR_AUTH_JWKS_FILE",
        ),
        (
            {
                "OCR_AUTH_MODE": "required",
                "OCR_AUTH_API_KEYS_FILE": "/k",
                "OCR_AUTH_CLOCK_SKEW_SECONDS": "3600",
            },
            "OCR_AUTH_CLOCK_SKEW_SECONDS: must be between 0 and 300",
        ),
        (
            {
                "OCR_AUTH_MODE": "required",
                "OCR_AUTH_API_KEYS_FILE": "/k",
                "OCR_AUTH_TOKEN_CACHE_SIZE": "-1",
            },
            "OCR_AUTH_TOKEN_CACHE_SIZE: must be between 0",
        ),
    ],
)
def test_inconsistent_auth_settings_are_refused_naming_the_variable(
    env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    assert str(caught.value).startswith(message), str(caught.value)
