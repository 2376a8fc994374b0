"""Tests for the admission, fairness, retry and breaker settings of
clova_ocr_gateway.config.settings."""

from __future__ import annotations

from typing import Any

import pytest

from clova_ocr_gateway.config.settings import ConfigError, Settings, load_settings


def test_defaults_are_the_documented_ones() -> None:
    s = load_settings({})
    assert s == Settings()
    assert dict(s.client_weights) == {} and s.client_id_allowlist == frozenset()
    assert s.upstream_latency_estimate_seconds == 2.0
    assert (s.adaptive_decrease_factor, s.adaptive_increase_after) == (0.5, 10)
    assert (s.retry_max_attempts, s.retry_initial_backoff_seconds) == (3, 0.1)
    assert (s.retry_max_backoff_seconds, s.retry_backoff_multiplier) == (2.0, 2.0)
    assert (s.retry_budget_ratio, s.retry_budget_min_per_second) == (0.1, 1.0)
    assert s.retry_budget_window_seconds == 10.0
    assert (s.breaker_failure_threshold, s.breaker_failure_ratio) == (5, 0.5)
    assert (s.breaker_window_calls, s.breaker_cooldown_seconds) == (20, 10.0)


def test_client_weights_parse_pairs_and_ignore_blank_items() -> None:
    s = load_settings({"OCR_CLIENT_WEIGHTS": " batch=1, checkout=4,,ocr-ui=0.5 "})
    assert dict(s.client_weights) == {"batch": 1.0, "checkout": 4.0, "ocr-ui": 0.5}


def test_settings_tables_are_immutable() -> None:
    s = load_settings({"OCR_CLIENT_WEIGHTS": "a=2", "OCR_CLIENT_ID_ALLOWLIST": "a,b"})
    with pytest.raises(TypeError):
        s.client_weights["b"] = 1.0  # type: ignore[index]
    assert s.client_id_allowlist == frozenset({"a", "b"})


@pytest.mark.parametrize(
    ("var", "raw", "attr", "expected"),
    [
        ("OCR_UPSTREAM_LATENCY_ESTIMATE_SECONDS", "1.5", "upstream_latency_estimate_seconds", 1.5),
        ("OCR_ADAPTIVE_DECREASE_FACTOR", "0.75", "adaptive_decrease_factor", 0.75),
        ("OCR_ADAPTIVE_INCREASE_AFTER", "20", "adaptive_increase_after", 20),
        ("OCR_RETRY_MAX_ATTEMPTS", "1", "retry_max_attempts", 1),
        ("OCR_RETRY_INITIAL_BACKOFF_SECONDS", "0.05", "retry_initial_backoff_seconds", 0.05),
        ("OCR_RETRY_MAX_BACKOFF_SECONDS", "5", "retry_max_backoff_seconds", 5.0),
        ("OCR_RETRY_BACKOFF_MULTIPLIER", "3", "retry_backoff_multiplier", 3.0),
        ("OCR_RETRY_BUDGET_RATIO", "0", "retry_budget_ratio", 0.0),
        ("OCR_RETRY_BUDGET_MIN_PER_SECOND", "0", "retry_budget_min_per_second", 0.0),
        ("OCR_RETRY_BUDGET_WINDOW_SECONDS", "30", "retry_budget_window_seconds", 30.0),
        ("OCR_BREAKER_FAILURE_THRESHOLD", "8", "breaker_failure_threshold", 8),
        ("OCR_BREAKER_FAILURE_RATIO", "1", "breaker_failure_ratio", 1.0),
        ("OCR_BREAKER_WINDOW_CALLS", "50", "breaker_window_calls", 50),
        ("OCR_BREAKER_COOLDOWN_SECONDS", "2.5", "breaker_cooldown_seconds", 2.5),
    ],
)
def test_environment_variable_sets_its_field(var: str, raw: str, attr: str, expected: Any) -> None:
    assert getattr(load_settings({var: raw}), attr) == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OCR_CLIENT_WEIGHTS": "batch"}, "OCR_CLIENT_WEIGHTS: expected comma-separated"),
        ({"OCR_CLIENT_WEIGHTS": "=2"}, "OCR_CLIENT_WEIGHTS: expected comma-separated"),
        ({"OCR_CLIENT_WEIGHTS": "a=x"}, "OCR_CLIENT_WEIGHTS: expected comma-separated"),
        ({"OCR_CLIENT_WEIGHTS": "a=inf"}, "OCR_CLIENT_WEIGHTS: expected comma-separated"),
        ({"OCR_CLIENT_WEIGHTS": "a b=1"}, "OCR_CLIENT_WEIGHTS: expected comma-separated"),
        ({"OCR_CLIENT_WEIGHTS": "a=0"}, "OCR_CLIENT_WEIGHTS: weight of 'a' must be between"),
        ({"OCR_CLIENT_WEIGHTS": "a=5000"}, "OCR_CLIENT_WEIGHTS: weight of 'a' must be between"),
        ({"OCR_CLIENT_WEIGHTS": "a=1,a=2"}, "OCR_CLIENT_WEIGHTS: client 'a' is listed twice"),
        ({"OCR_CLIENT_ID_ALLOWLIST": "ok,not ok"}, "OCR_CLIENT_ID_ALLOWLIST: expected"),
        ({"OCR_UPSTREAM_LATENCY_ESTIMATE_SECONDS": "0"}, "OCR_UPSTREAM_LATENCY_ESTIMATE_SECONDS"),
        ({"OCR_ADAPTIVE_DECREASE_FACTOR": "1"}, "OCR_ADAPTIVE_DECREASE_FACTOR: must be between"),
        ({"OCR_ADAPTIVE_INCREASE_AFTER": "0"}, "OCR_ADAPTIVE_INCREASE_AFTER: must be at least 1"),
        ({"OCR_RETRY_MAX_ATTEMPTS": "0"}, "OCR_RETRY_MAX_ATTEMPTS: must be at least 1"),
        (
            {"OCR_RETRY_INITIAL_BACKOFF_SECONDS": "3"},
            "OCR_RETRY_MAX_BACKOFF_SECONDS: must not be below",
        ),
        ({"OCR_RETRY_BACKOFF_MULTIPLIER": "0.5"}, "OCR_RETRY_BACKOFF_MULTIPLIER: must be"),
        ({"OCR_RETRY_BUDGET_RATIO": "1.5"}, "OCR_RETRY_BUDGET_RATIO: must be between 0 and 1"),
        ({"OCR_RETRY_BUDGET_MIN_PER_SECOND": "-1"}, "OCR_RETRY_BUDGET_MIN_PER_SECOND"),
        ({"OCR_RETRY_BUDGET_WINDOW_SECONDS": "0"}, "OCR_RETRY_BUDGET_WINDOW_SECONDS"),
        ({"OCR_BREAKER_FAILURE_THRESHOLD": "0"}, "OCR_BREAKER_FAILURE_THRESHOLD"),
        ({"OCR_BREAKER_FAILURE_RATIO": "0"}, "OCR_BREAKER_FAILURE_RATIO"),
        ({"OCR_BREAKER_WINDOW_CALLS": "0"}, "OCR_BREAKER_WINDOW_CALLS"),
        ({"OCR_BREAKER_COOLDOWN_SECONDS": "nan"}, "OCR_BREAKER_COOLDOWN_SECONDS"),
        ({"OCR_RETRY_MAX_ATTEMPTS": "three"}, "OCR_RETRY_MAX_ATTEMPTS: expected an integer"),
    ],
)
def test_invalid_values_are_rejected_naming_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env)
    assert str(caught.value).startswith(message), str(caught.value)


def test_overrides_are_validated_like_the_environment() -> None:
    with pytest.raises(ConfigError, match="OCR_CLIENT_WEIGHTS"):
        load_settings({}, client_weights={"a": -1.0})
    with pytest.raises(ConfigError, match="retry_max_attempts: expected an integer"):
        load_settings({}, retry_max_attempts=2.5)
