"""Tests for clova_ocr_gateway.upstream.breaker with a fake clock: opening on consecutive failures
or a failure ratio, shedding while open, a single half-open probe, and closing on success."""

from __future__ import annotations

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.metrics import GatewayMetrics
from clova_ocr_gateway.upstream.breaker import CircuitBreaker, CircuitState


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def breaker(
    clock: FakeClock, metrics: GatewayMetrics | None = None, **kwargs: float
) -> CircuitBreaker:
    params: dict[str, float] = {
        "failure_threshold": 3,
        "failure_ratio": 0.5,
        "window_calls": 10,
        "cooldown": 5.0,
    }
    params.update(kwargs)
    return CircuitBreaker(
        Domain.RECEIPT,
        failure_threshold=int(params["failure_threshold"]),
        failure_ratio=params["failure_ratio"],
        window_calls=int(params["window_calls"]),
        cooldown=params["cooldown"],
        clock=clock,
        metrics=metrics,
    )


def test_closed_breaker_lets_calls_through() -> None:
    b = breaker(FakeClock())
    assert b.state == CircuitState.CLOSED
    assert b.rejects() is None
    assert b.enter() is False


def test_consecutive_failures_open_it_and_it_sheds_for_the_cooldown() -> None:
    clock = FakeClock()
    b = breaker(clock)
    for _ in range(2):
        b.record_failure()
    assert b.state == CircuitState.CLOSED
    b.record_failure()
    assert b.state == CircuitState.OPEN
    assert b.rejects() == 5.0
    assert b.enter() is None
    clock.now += 4
    assert b.rejects() == 1.0


def test_a_success_breaks_the_streak() -> None:
    b = breaker(FakeClock(), failure_ratio=1.0)
    for _ in range(5):
        b.record_failure()
        b.record_failure()
        b.record_success()
    assert b.state == CircuitState.CLOSED


def test_failure_ratio_over_the_window_opens_it_without_a_streak() -> None:
    b = breaker(FakeClock(), failure_threshold=100, failure_ratio=0.5, window_calls=10)
    for _ in range(4):
        b.record_success()
        b.record_failure()
    b.record_success()
    assert b.state == CircuitState.CLOSED  # 4 of 9, window not full yet
    b.record_failure()
    assert b.state == CircuitState.OPEN  # 5 of the last 10


def test_after_cooldown_exactly_one_probe_passes_and_its_success_closes() -> None:
    clock = FakeClock()
    metrics = GatewayMetrics(process_metrics=False)
    b = breaker(clock, metrics)
    for _ in range(3):
        b.record_failure()
    assert 'clova_ocr_circuit_breaker_state{domain="receipt"} 2.0' in metrics.render().decode()
    clock.now += 5
    assert b.state == CircuitState.HALF_OPEN
    assert b.rejects() is None
    assert b.enter() is True  # the probe
    assert b.enter() is None  # everyone else waits for its outcome
    assert b.rejects() is not None
    b.record_success()
    assert b.state == CircuitState.CLOSED
    assert b.enter() is False
    assert 'clova_ocr_circuit_breaker_state{domain="receipt"} 0.0' in metrics.render().decode()


def exported_state(metrics: GatewayMetrics) -> float | None:
    return metrics.registry.get_sample_value(
        "clova_ocr_circuit_breaker_state", {"domain": Domain.RECEIPT.value}
    )


def test_exported_state_after_the_cooldown_reads_half_open_without_any_call() -> None:
    """The gauge is the state at scrape time: an idle domain whose cool-down has passed reads
    half-open (so ClovaOcrCircuitOpen resolves) although no call came to move the breaker."""
    clock = FakeClock()
    metrics = GatewayMetrics(process_metrics=False)
    b = breaker(clock, metrics)
    assert exported_state(metrics) == CircuitState.CLOSED
    for _ in range(3):
        b.record_failure()
    assert exported_state(metrics) == CircuitState.OPEN
    clock.now += 4.9
    assert exported_state(metrics) == CircuitState.OPEN
    clock.now += 0.1
    for _ in range(3):  # no call in between: only the scrape asks
        assert exported_state(metrics) == CircuitState.HALF_OPEN
    # Scraping changed nothing: the breaker still lets exactly one probe through.
    assert b.enter() is True
    assert b.enter() is None
    b.record_failure()
    assert exported_state(metrics) == CircuitState.OPEN
    clock.now += 5
    assert exported_state(metrics) == CircuitState.HALF_OPEN
    assert b.enter() is True
    b.record_success()
    assert exported_state(metrics) == CircuitState.CLOSED


def test_a_domain_without_a_breaker_exports_its_fixed_state() -> None:
    metrics = GatewayMetrics(process_metrics=False)
    metrics.set_circuit_state(Domain.RECEIPT, "open")
    assert exported_state(metrics) == CircuitState.OPEN
    b = breaker(FakeClock(), metrics)  # from now on the breaker is asked
    assert exported_state(metrics) == CircuitState.CLOSED
    assert b.state == CircuitState.CLOSED


def test_failed_probe_reopens_for_a_full_cooldown() -> None:
    clock = FakeClock()
    b = breaker(clock)
    for _ in range(3):
        b.record_failure()
    clock.now += 6
    assert b.enter() is True
    b.record_failure()
    assert b.state == CircuitState.OPEN
    assert b.rejects() == 5.0


def test_abandoned_probe_lets_another_call_probe() -> None:
    clock = FakeClock()
    b = breaker(clock)
    for _ in range(3):
        b.record_failure()
    clock.now += 5
    assert b.enter() is True
    b.abandon(False)  # an ordinary call ending says nothing about the probe
    assert b.enter() is None
    b.abandon(True)
    assert b.enter() is True


def test_failures_of_calls_admitted_before_opening_do_not_extend_the_cooldown() -> None:
    clock = FakeClock()
    b = breaker(clock)
    for _ in range(3):
        b.record_failure()
    clock.now += 3
    b.record_failure()
    assert b.rejects() == 2.0
