"""GatewayMetrics semantics: billing, secrets, circuit state, export over HTTP."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import urllib.request

import grpc
import pytest
from prometheus_client import CollectorRegistry, Counter, generate_latest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.metrics import (
    CircuitState,
    GatewayMetrics,
    normalize_clova_code,
    normalize_grpc_code,
    normalize_http_status,
)

from .promql import exercise_everything


def _value(m: GatewayMetrics, name: str, **labels: str) -> float | None:
    return m.registry.get_sample_value(name, labels)


def test_each_instance_has_its_own_registry() -> None:
    a, b = GatewayMetrics(), GatewayMetrics()
    a.upstream_request(Domain.RECEIPT, http_status=200, clova_code=None, seconds=1)
    assert _value(a, "clova_ocr_billable_calls_total", domain="receipt") == 1
    assert _value(b, "clova_ocr_billable_calls_total", domain="receipt") == 0


def test_every_http_200_is_billable_and_nothing_else_is() -> None:
    m = GatewayMetrics()
    m.upstream_request(Domain.ID_CARD, http_status=200, clova_code=None, seconds=2, sent_bytes=500)
    m.upstream_request(Domain.ID_CARD, http_status=400, clova_code="0011", seconds=0.1)
    m.upstream_request(Domain.ID_CARD, http_status=None, clova_code=None, seconds=60)
    m.upstream_request(Domain.ID_CARD, http_status=500, clova_code="0500", seconds=1)

    assert _value(m, "clova_ocr_billable_calls_total", domain="id-card") == 1
    assert _value(m, "clova_ocr_upstream_sent_bytes_total", domain="id-card") == 500
    assert _value(m, "clova_ocr_upstream_request_duration_seconds_count", domain="id-card") == 4
    assert (
        _value(
            m,
            "clova_ocr_upstream_requests_total",
            domain="id-card",
            http_status="none",
            clova_code="none",
        )
        == 1
    )


def test_alerted_upstream_outcomes_and_domain_series_exist_from_the_start() -> None:
    m = GatewayMetrics()
    for d in Domain:
        assert (
            _value(
                m,
                "clova_ocr_upstream_requests_total",
                domain=d.value,
                http_status="401",
                clova_code="0002",
            )
            == 0
        )
        assert _value(m, "clova_ocr_billable_calls_total", domain=d.value) == 0
        assert _value(m, "clova_ocr_circuit_breaker_state", domain=d.value) == 0
        assert _value(m, "clova_ocr_secret_last_reload_success", domain=d.value) == 1
        assert (
            _value(m, "clova_ocr_admission_rejections_total", domain=d.value, reason="deadline")
            == 0
        )


def test_label_normalisation() -> None:
    assert normalize_clova_code("0023") == "0023"
    assert normalize_clova_code(23) == "0023"
    assert normalize_clova_code(None) == "none"
    assert normalize_clova_code("") == "none"
    assert normalize_clova_code("4000006") == "other"
    assert normalize_http_status(None) == "none"
    assert normalize_http_status(429) == "429"
    assert normalize_http_status(999) == "other"
    assert normalize_grpc_code(grpc.StatusCode.INVALID_ARGUMENT) == "INVALID_ARGUMENT"
    assert normalize_grpc_code(5) == "NOT_FOUND"
    assert normalize_grpc_code(None) == "OK"
    assert normalize_grpc_code("bogus") == "UNKNOWN"


def test_circuit_state_accepts_enum_int_and_name() -> None:
    m = GatewayMetrics()
    m.set_circuit_state(Domain.PASSPORT, CircuitState.OPEN)
    assert _value(m, "clova_ocr_circuit_breaker_state", domain="passport") == 2
    m.set_circuit_state("passport", "half-open")
    assert _value(m, "clova_ocr_circuit_breaker_state", domain="passport") == 1
    m.set_circuit_state("passport", 0)
    assert _value(m, "clova_ocr_circuit_breaker_state", domain="passport") == 0


def test_secret_reload_hook_tracks_success_failure_and_age() -> None:
    m = GatewayMetrics()
    loaded_at = time.time() - 120
    m.secret_reload(Domain.RECEIPT, True, at=loaded_at)
    m.secret_reload(Domain.RECEIPT, False)

    assert _value(m, "clova_ocr_secret_reloads_total", domain="receipt") == 1
    assert _value(m, "clova_ocr_secret_reload_failures_total", domain="receipt") == 1
    assert _value(m, "clova_ocr_secret_last_reload_success", domain="receipt") == 0
    assert _value(m, "clova_ocr_secret_last_success_timestamp_seconds", domain="receipt") == (
        pytest.approx(loaded_at)
    )
    age = _value(m, "clova_ocr_secret_age_seconds", domain="receipt")
    assert age is not None and 119 <= age <= 200
    # Domains never loaded have no age rather than a misleading one.
    assert _value(m, "clova_ocr_secret_age_seconds", domain="passport") is None


def test_build_info_is_one_with_version_and_commit() -> None:
    m = GatewayMetrics(version="1.2.3", git_commit="deadbee")
    assert _value(m, "clova_ocr_build_info", version="1.2.3", git_commit="deadbee") == 1


def test_render_is_prometheus_text() -> None:
    text = GatewayMetrics().render().decode()
    assert "# TYPE grpc_server_handled_total counter" in text
    assert "# TYPE clova_ocr_upstream_request_duration_seconds histogram" in text


def test_no_created_series_in_this_registry_and_no_global_switch_flipped() -> None:
    m = GatewayMetrics()
    exercise_everything(m)
    text = m.render().decode()
    samples = [line.split("{")[0].split(" ")[0] for line in text.splitlines() if line[:1] != "#"]
    assert [name for name in samples if name.endswith("_created")] == []
    # Counters, histograms and their other samples are all still there.
    for name in ("grpc_server_handled_total", "grpc_server_handling_seconds_bucket"):
        assert name in samples
    assert "grpc_server_handling_seconds_count" in samples
    # Only this registry is trimmed: another registry of the process keeps its own choice.
    other = CollectorRegistry()
    Counter("other_app_calls", "An embedding app's counter.", registry=other).inc()
    assert b"other_app_calls_created" in generate_latest(other)


async def test_http_server_serves_metrics_on_a_free_port_and_stops() -> None:
    m = GatewayMetrics(version="9.9.9", git_commit="abc")
    server, port = await m.start_http_server("127.0.0.1", 0)
    try:
        assert port > 0
        assert server.port == port

        def fetch() -> tuple[int, bytes]:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                return r.status, r.read()

        status, body = await asyncio.to_thread(fetch)
        assert status == 200
        assert b'clova_ocr_build_info{git_commit="abc",version="9.9.9"} 1.0' in body
    finally:
        await server.stop()
    with pytest.raises(OSError):
        await asyncio.to_thread(
            urllib.request.urlopen, f"http://127.0.0.1:{port}/metrics", timeout=2
        )


def _connection_threads() -> int:
    """Threads the metrics server started for connections (ThreadingMixIn names them so)."""
    return sum("process_request_thread" in t.name for t in threading.enumerate())


async def test_half_sent_requests_cannot_pin_more_threads_than_the_bound_and_time_out() -> None:
    """384 half-sent HTTP requests once pinned 384 threads, each forever. Now at most
    `max_connections` get a thread, the rest are closed at once, every one is dropped after
    the read timeout, and a scrape is answered again afterwards."""
    m = GatewayMetrics()
    server, port = await m.start_http_server("127.0.0.1", 0, max_connections=4, read_timeout=0.5)
    sockets = []
    try:
        for _ in range(40):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")  # no blank line: half sent
            sockets.append(sock)
        await asyncio.sleep(0.2)
        assert 1 <= _connection_threads() <= 4
        # Every connection ends: the 36 beyond the bound at once, the 4 after the read timeout.
        ended = 0
        for sock in sockets:
            sock.settimeout(5)
            ended += await asyncio.to_thread(sock.recv, 1024) == b""
        assert ended == len(sockets)
        await asyncio.sleep(0.2)
        assert _connection_threads() == 0

        def fetch() -> int:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
                return int(r.status)

        assert await asyncio.to_thread(fetch) == 200
    finally:
        for sock in sockets:
            sock.close()
        await server.stop()
