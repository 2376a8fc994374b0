"""Tests for clova_ocr_gateway.upstream.retry: what is transient, truncated exponential backoff with
full jitter inside the deadline, and the retry budget (with a fake clock)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clova_ocr_gateway import errors
from clova_ocr_gateway.upstream.retry import (
    RetryBudget,
    RetryPolicy,
    is_overload,
    is_transient,
    retry_reason,
)


def answer(code: str | None, status: int) -> errors.UpstreamError:
    body = b"" if code is None else b'{"code":"%s","message":"m"}' % code.encode()
    return errors.error_for_http_answer("receipt", status, body)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (answer("0025", 400), "clova_0025"),
        (answer("0500", 500), "clova_0500"),
        (answer("0501", 500), "clova_0501"),
        (answer(None, 502), "http_5xx"),
        (answer("7777", 503), "http_5xx"),
        (errors.upstream_error(errors.CONNECT_FAILED, "receipt"), "connect_error"),
        (errors.upstream_error(errors.CONNECTION_LOST, "receipt"), "connection_lost"),
    ],
)
def test_transient_failures_are_retried_with_their_reason(
    error: errors.UpstreamError, reason: str
) -> None:
    assert is_transient(error)
    assert retry_reason(error) == reason


@pytest.mark.parametrize(
    "error",
    [
        answer("0011", 400),
        answer("0002", 401),
        answer("0023", 400),  # quota: retrying cannot help
        answer("7777", 400),
        errors.upstream_error(errors.UPSTREAM_TIMEOUT, "receipt"),
        errors.upstream_error(errors.MALFORMED_SUCCESS, "receipt", http_status=200),
        errors.upstream_error(errors.INFER_ERROR, "receipt", http_status=200),
        # The body broke after a 200 status line: billed, so never made again.
        errors.upstream_error(errors.CONNECTION_LOST, "receipt", http_status=200),
        errors.AdmissionError(
            errors.grpc.StatusCode.RESOURCE_EXHAUSTED, "X", "m", retry_after_seconds=1
        ),
        ValueError("not a gateway error"),
    ],
)
def test_answers_after_http_200_and_caller_faults_are_never_retried(error: Exception) -> None:
    assert not is_transient(error)


def test_0025_and_http_429_are_overloads() -> None:
    assert is_overload(answer("0025", 400))
    assert is_overload(answer(None, 429))
    assert is_overload(answer("0025", 429))
    assert not is_overload(answer("0023", 429))  # a quota, whatever the status
    assert not is_overload(answer("0500", 500))
    assert not is_overload(ValueError())


def test_http_429_is_retried_as_http_429() -> None:
    error = answer(None, 429)
    assert is_transient(error)
    assert retry_reason(error) == "http_429"


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=4.0),
    st.one_of(st.none(), st.floats(min_value=0.0, max_value=10.0)),
    st.integers(min_value=0, max_value=2**32),
)
def test_a_retry_never_comes_before_the_upstreams_retry_after(
    not_before: float, time_left: float | None, seed: int
) -> None:
    policy = RetryPolicy(max_attempts=5, initial_backoff=0.1, max_backoff=2.0)
    pause = policy.delay(
        1, time_left=time_left, reserve=0.5, rng=random.Random(seed), not_before=not_before
    )
    if not_before > policy.max_backoff:
        assert pause is None  # surfaced: the caller's RetryInfo carries the wait
    elif time_left is not None and time_left - 0.5 < max(not_before, 1e-12):
        assert pause is None
    else:
        assert pause is not None and pause >= not_before


def test_backoff_cap_grows_exponentially_then_is_truncated() -> None:
    policy = RetryPolicy(max_attempts=10, initial_backoff=0.1, max_backoff=1.0, multiplier=2.0)
    assert [policy.backoff_cap(n) for n in range(1, 7)] == pytest.approx(
        [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
    )
    assert policy.backoff_cap(10_000) == 1.0  # no float overflow


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=50), st.integers(min_value=0, max_value=2**32))
def test_full_jitter_pause_lies_between_zero_and_the_cap(retry: int, seed: int) -> None:
    policy = RetryPolicy(max_attempts=100, initial_backoff=0.05, max_backoff=3.0, multiplier=3.0)
    pause = policy.delay(retry, time_left=None, reserve=0.0, rng=random.Random(seed))
    assert pause is not None and 0.0 <= pause <= policy.backoff_cap(retry)


def test_jitter_spreads_pauses_over_the_whole_range() -> None:
    policy = RetryPolicy(max_attempts=5, initial_backoff=1.0, max_backoff=1.0)
    rng = random.Random(7)
    pauses = [policy.delay(1, time_left=None, reserve=0, rng=rng) or 0.0 for _ in range(200)]
    assert min(pauses) < 0.1 and max(pauses) > 0.9


def test_no_retry_after_the_last_attempt() -> None:
    policy = RetryPolicy(max_attempts=3)
    rng = random.Random(1)
    assert policy.delay(2, time_left=None, reserve=0, rng=rng) is not None
    assert policy.delay(3, time_left=None, reserve=0, rng=rng) is None


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=5.0),
    st.floats(min_value=0.0, max_value=3.0),
    st.integers(min_value=0, max_value=2**32),
)
def test_pause_never_runs_past_the_time_a_retry_still_needs(
    time_left: float, reserve: float, seed: int
) -> None:
    policy = RetryPolicy(max_attempts=5, initial_backoff=1.0, max_backoff=10.0)
    pause = policy.delay(1, time_left=time_left, reserve=reserve, rng=random.Random(seed))
    if time_left <= reserve:
        assert pause is None
    else:
        assert pause is not None and 0.0 <= pause <= time_left - reserve


def test_budget_allows_the_floor_then_the_ratio_of_calls() -> None:
    clock = FakeClock()
    budget = RetryBudget(ratio=0.1, min_per_second=0.5, window=10, clock=clock)
    spent = sum(budget.try_spend() for _ in range(20))
    assert spent == 5  # the floor: 0.5/s over 10 s
    for _ in range(100):
        budget.record_call()
    spent = sum(budget.try_spend() for _ in range(50))
    assert spent == 10  # plus 10% of 100 calls
    assert budget.counts() == (100, 15)


def test_budget_refills_as_the_window_slides() -> None:
    clock = FakeClock()
    budget = RetryBudget(ratio=0.0, min_per_second=1.0, window=10, clock=clock)
    assert sum(budget.try_spend() for _ in range(20)) == 10
    clock.now += 5
    assert not budget.try_spend()
    clock.now += 6  # the retries of the first second left the window
    assert sum(budget.try_spend() for _ in range(20)) == 10


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(min_value=0, max_value=3), st.integers(0, 20), st.integers(0, 20)),
        max_size=40,
    )
)
def test_every_granted_retry_keeps_the_window_within_ratio_of_calls_plus_floor(
    steps: list[tuple[float, int, int]],
) -> None:
    clock = FakeClock()
    budget = RetryBudget(ratio=0.2, min_per_second=0.5, window=10, clock=clock)
    for advance, calls, retries in steps:
        clock.now += advance
        for _ in range(calls):
            budget.record_call()
        for _ in range(retries):
            if budget.try_spend():
                window_calls, window_retries = budget.counts()
                assert window_retries <= 0.2 * window_calls + 0.5 * 10 + 1e-9


def test_budget_rejects_bad_parameters() -> None:
    with pytest.raises(ValueError):
        RetryBudget(ratio=1.5, min_per_second=1)
    with pytest.raises(ValueError):
        RetryBudget(ratio=0.1, min_per_second=-1)
