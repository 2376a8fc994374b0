"""Quotas counted in this process: UTC calendar windows, reserve-then-confirm so concurrent calls
never overshoot, only confirmed (billed) calls count, and a new window starts from zero."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from clova_ocr_gateway.callers.policy import Quota, Window
from clova_ocr_gateway.callers.quotas import QuotaExceeded, QuotaTracker, window_span
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.metrics import GatewayMetrics


def ts(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("per", "now", "window_id", "start", "end"),
    [
        (Window.MINUTE, "2024-05-01T12:34:56.789", "2024-05-01T12:34Z", "12:34", "12:35"),
        (Window.MINUTE, "2024-12-31T23:59:59.999", "2024-12-31T23:59Z", "23:59", "2025-01-01"),
        (Window.DAY, "2024-05-01T00:00:00", "2024-05-01", "2024-05-01", "2024-05-02"),
        (Window.DAY, "2024-02-28T23:59:59", "2024-02-28", "2024-02-28", "2024-02-29"),
        (Window.MONTH, "2024-02-10T08:00:00", "2024-02", "2024-02-01", "2024-03-01"),
        (Window.MONTH, "2023-02-10T08:00:00", "2023-02", "2023-02-01", "2023-03-01"),
        (Window.MONTH, "2024-12-31T23:59:59", "2024-12", "2024-12-01", "2025-01-01"),
    ],
)
def test_windows_are_utc_calendar_windows(
    per: Window, now: str, window_id: str, start: str, end: str
) -> None:
    def at(text: str) -> float:
        # A bare time is on the day of `now`.
        return ts(f"{now[:10]}T{text}" if ":" in text and "T" not in text else text)

    span = window_span(per, ts(now))
    assert (span.id, span.start, span.end) == (window_id, at(start), at(end))


async def test_only_confirmed_calls_count_and_a_used_up_quota_says_when_it_resets() -> None:
    clock = Clock(ts("2024-05-01T10:00:00"))
    tracker = QuotaTracker(clock=clock)
    quota = Quota(Domain.RECEIPT, Window.DAY, 2)
    for _ in range(5):  # released calls (nothing billed) never use the quota up
        await (await tracker.reserve("alice", "alice", [quota], 60)).release()
    await (await tracker.reserve("alice", "alice", [quota], 60)).confirm()
    held = await tracker.reserve("alice", "alice", [quota], 60)
    with pytest.raises(QuotaExceeded) as caught:  # the last unit is reserved by `held`
        await tracker.reserve("alice", "alice", [quota], 60)
    assert caught.value.used == 1
    await held.release()
    await (await tracker.reserve("alice", "alice", [quota], 60)).confirm()
    with pytest.raises(QuotaExceeded) as caught:
        await tracker.reserve("alice", "alice", [quota], 60)
    assert caught.value.used == 2
    assert caught.value.span.id == "2024-05-01"
    assert caught.value.retry_after_seconds == pytest.approx(14 * 3600)
    # Other callers have their own count.
    await (await tracker.reserve("bob", "other", [quota], 60)).confirm()


async def test_a_new_window_starts_from_zero() -> None:
    clock = Clock(ts("2024-05-01T10:00:30"))
    tracker = QuotaTracker(clock=clock)
    quota = Quota(None, Window.MINUTE, 1)
    await (await tracker.reserve("alice", "alice", [quota], 60)).confirm()
    with pytest.raises(QuotaExceeded):
        await tracker.reserve("alice", "alice", [quota], 60)
    clock.now = ts("2024-05-01T10:01:00")
    await (await tracker.reserve("alice", "alice", [quota], 60)).confirm()


async def test_concurrent_calls_never_take_more_than_the_quota() -> None:
    tracker = QuotaTracker()
    quota = Quota(None, Window.MONTH, 10)
    granted = 0
    refused = 0

    async def call() -> None:
        nonlocal granted, refused
        try:
            reservation = await tracker.reserve("alice", "alice", [quota], 60)
        except QuotaExceeded:
            refused += 1
            return
        granted += 1
        await asyncio.sleep(0.01)  # the paid call
        await reservation.confirm()

    await asyncio.gather(*(call() for _ in range(50)))
    assert (granted, refused) == (10, 40)


async def test_a_call_reserves_every_quota_it_counts_against_or_none() -> None:
    tracker = QuotaTracker()
    per_domain = Quota(Domain.RECEIPT, Window.DAY, 1)
    overall = Quota(None, Window.DAY, 3)
    await (await tracker.reserve("alice", "alice", [per_domain, overall], 60)).confirm()
    with pytest.raises(QuotaExceeded) as caught:
        await tracker.reserve("alice", "alice", [per_domain, overall], 60)
    assert caught.value.quota == per_domain
    # The refused receipt call took nothing from the overall quota: two more calls fit.
    await (await tracker.reserve("alice", "alice", [overall], 60)).confirm()
    await (await tracker.reserve("alice", "alice", [overall], 60)).confirm()
    with pytest.raises(QuotaExceeded) as caught:
        await tracker.reserve("alice", "alice", [overall], 60)
    assert caught.value.quota == overall


async def test_confirm_and_release_are_idempotent() -> None:
    tracker = QuotaTracker()
    quota = Quota(None, Window.DAY, 2)
    reservation = await tracker.reserve("alice", "alice", [quota], 60)
    await reservation.confirm()
    await reservation.confirm()
    await reservation.release()
    await (await tracker.reserve("alice", "alice", [quota], 60)).confirm()
    with pytest.raises(QuotaExceeded):
        await tracker.reserve("alice", "alice", [quota], 60)


async def test_usage_is_exported_per_caller_label() -> None:
    metrics = GatewayMetrics(process_metrics=False)
    clock = Clock(datetime.now(UTC).timestamp())
    tracker = QuotaTracker(metrics=metrics, clock=clock)
    quota = Quota(Domain.PASSPORT, Window.MONTH, 5)
    for caller, calls in (("x", 3), ("y", 1)):  # both unnamed: one "other" series, the highest
        for _ in range(calls):
            await (await tracker.reserve(caller, "other", [quota], 60)).confirm()
    labels = {"caller": "other", "domain": "passport", "per": "month"}
    assert metrics.registry.get_sample_value("clova_ocr_caller_quota_used", labels) == 3
    assert metrics.registry.get_sample_value("clova_ocr_caller_quota_limit", labels) == 5
    assert metrics.registry.get_sample_value("clova_ocr_quota_degraded") == 0


async def test_windows_this_process_remembers_are_bounded() -> None:
    tracker = QuotaTracker(max_local_windows=10)
    quota = Quota(None, Window.DAY, 1)
    held = await tracker.reserve("caller-0", "other", [quota], 60)
    for i in range(1, 100):
        await (await tracker.reserve(f"caller-{i}", "other", [quota], 60)).confirm()
    assert len(tracker._counts) <= 10
    # A window with a call in flight is never forgotten.
    with pytest.raises(QuotaExceeded):
        await tracker.reserve("caller-0", "other", [quota], 60)
    await held.confirm()
