"""Tests for clova_ocr_gateway.admission.adaptive: multiplicative decrease once per epoch, careful
additive increase, and the floor and ceiling of the limit."""

from __future__ import annotations

import pytest

from clova_ocr_gateway.admission.adaptive import AdaptiveLimit
from clova_ocr_gateway.admission.permits_local import LocalPermitSource
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.metrics import GatewayMetrics

D = Domain.RECEIPT


def adaptive(
    limit: int = 8, increase_after: int = 3, metrics: GatewayMetrics | None = None
) -> tuple[AdaptiveLimit, LocalPermitSource]:
    permits = LocalPermitSource({d: limit for d in Domain})
    return (
        AdaptiveLimit(
            {d: limit for d in Domain},
            permits,
            decrease_factor=0.5,
            increase_after=increase_after,
            metrics=metrics,
        ),
        permits,
    )


def test_overload_halves_the_limit_on_the_permit_source() -> None:
    limits, permits = adaptive(8)
    assert limits.on_overloaded(D, limits.epoch(D))
    assert permits.limit(D) == 4


def test_overloads_of_calls_started_before_the_cut_count_once() -> None:
    limits, permits = adaptive(8)
    epoch = limits.epoch(D)
    assert limits.on_overloaded(D, epoch)
    assert not limits.on_overloaded(D, epoch)  # same burst, already answered
    assert permits.limit(D) == 4
    assert limits.on_overloaded(D, limits.epoch(D))
    assert permits.limit(D) == 2


def test_limit_never_drops_below_one() -> None:
    limits, permits = adaptive(3)
    for _ in range(5):
        limits.on_overloaded(D, limits.epoch(D))
    assert permits.limit(D) == 1


def test_limit_of_three_is_cut_to_one_not_left_unchanged() -> None:
    limits, permits = adaptive(3)
    limits.on_overloaded(D, limits.epoch(D))
    assert permits.limit(D) == 1  # floor(1.5) = 1


def test_growth_needs_consecutive_saturated_successes_and_stops_at_configured() -> None:
    limits, permits = adaptive(4, increase_after=3)
    limits.on_overloaded(D, limits.epoch(D))
    assert permits.limit(D) == 2
    for _ in range(10):
        assert not limits.on_success(D, saturated=False)  # idle slots prove nothing
    assert permits.limit(D) == 2
    grown = [limits.on_success(D, saturated=True) for _ in range(3)]
    assert grown == [False, False, True]
    assert permits.limit(D) == 3
    for _ in range(3):
        limits.on_success(D, saturated=True)
    assert permits.limit(D) == 4
    for _ in range(10):
        assert not limits.on_success(D, saturated=True)
    assert permits.limit(D) == 4


def test_an_overload_resets_the_success_streak() -> None:
    limits, permits = adaptive(8, increase_after=3)
    limits.on_overloaded(D, limits.epoch(D))
    limits.on_success(D, saturated=True)
    limits.on_success(D, saturated=True)
    limits.on_overloaded(D, limits.epoch(D))
    assert permits.limit(D) == 2
    limits.on_success(D, saturated=True)
    assert permits.limit(D) == 2


def test_growth_keeps_the_epoch_so_a_late_overload_still_cuts() -> None:
    limits, permits = adaptive(8, increase_after=1)
    limits.on_overloaded(D, limits.epoch(D))
    epoch = limits.epoch(D)  # a call starts at limit 4
    limits.on_success(D, saturated=True)
    assert permits.limit(D) == 5
    assert limits.on_overloaded(D, epoch)
    assert permits.limit(D) == 2


async def test_saturated_compares_permits_in_use_with_the_limit() -> None:
    limits, permits = adaptive(1)
    assert not limits.saturated(D)
    assert await permits.try_acquire(D) is not None
    assert limits.saturated(D)


def test_limit_changes_are_exported() -> None:
    metrics = GatewayMetrics(process_metrics=False)
    limits, _ = adaptive(8, metrics=metrics)
    limits.on_overloaded(D, limits.epoch(D))
    assert 'clova_ocr_admission_limit{domain="receipt"} 4.0' in metrics.render().decode()


@pytest.mark.parametrize("factor", [0.0, 1.0, -0.5])
def test_decrease_factor_outside_zero_one_is_refused(factor: float) -> None:
    with pytest.raises(ValueError):
        AdaptiveLimit({D: 5}, LocalPermitSource({D: 5}), decrease_factor=factor)
