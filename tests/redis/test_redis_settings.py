"""OCR_REDIS_* settings: defaults, parsing and fail-fast errors naming the variable."""

from __future__ import annotations

import pytest

from clova_ocr_gateway.config.settings import ConfigError, load_settings


def test_shared_admission_settings_have_documented_defaults() -> None:
    settings = load_settings({})
    assert settings.redis_url is None
    assert settings.redis_lease_seconds == 10.0
    assert settings.redis_key_prefix == "clova-ocr-gateway"
    assert settings.redis_fallback_limit == 1


def test_shared_admission_settings_are_read_from_the_environment() -> None:
    settings = load_settings(
        {
            "OCR_REDIS_URL": "redis://:pw-12345678@redis:6379/0",
            "OCR_REDIS_LEASE_SECONDS": "2.5",
            "OCR_REDIS_KEY_PREFIX": "ocr-staging",
            "OCR_REDIS_FALLBACK_LIMIT": "0",
        }
    )
    assert settings.redis_url is not None
    assert settings.redis_url.reveal() == "redis://:pw-12345678@redis:6379/0"
    assert "pw-12345678" not in repr(settings)
    assert settings.redis_lease_seconds == 2.5
    assert settings.redis_key_prefix == "ocr-staging"
    assert settings.redis_fallback_limit == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OCR_REDIS_LEASE_SECONDS", "0.5"),
        ("OCR_REDIS_LEASE_SECONDS", "nan"),
        ("OCR_REDIS_LEASE_SECONDS", "soon"),
        ("OCR_REDIS_KEY_PREFIX", "has space"),
        ("OCR_REDIS_KEY_PREFIX", "{tag}"),
        ("OCR_REDIS_FALLBACK_LIMIT", "-1"),
        ("OCR_REDIS_FALLBACK_LIMIT", "one"),
    ],
)
def test_a_bad_shared_admission_setting_fails_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"^{name}:"):
        load_settings({name: value})
