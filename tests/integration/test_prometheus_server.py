"""The project's dashboard and rule file against a real Prometheus server scraping a gateway
under driven traffic: successes and every error class, caused with the emulator's faults.

One scenario runs once for the module (it takes about half a minute) and the tests below check
what it saw:
1. successes only: no alert is pending or firing;
2. faults: each chosen alert is pending (rules with a long `for:`) or firing (rules without)
   for exactly the domain whose condition was caused, and no other alert is active; every
   dashboard expression returns data; no rule evaluation fails;
3. traffic stops: the circuit breaker alert resolves once the cool-down has passed, although
   no call reaches the domain.
The rule file is used as it is (no shortened `for:`): long rules are checked in `pending`.
"""

from __future__ import annotations

import asyncio
import collections
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import pytest
from imaging_samples import tiny_png
from observability.promql import RULES, dashboard_expressions

from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import DOMAINS, Domain
from clova_ocr_gateway.emulator import EmulatorConfig, RunningEmulator, start_emulator
from clova_ocr_gateway.serving.server import start_gateway

from .prometheus import Prometheus, running_prometheus

JOB = "clova-ocr-gateway"
NAMESPACE = "ocr-it"
COOLDOWN_SECONDS = 3.0
# How long a wait for Prometheus to see something may take on a loaded machine.
SETTLE_SECONDS = 40.0
PNG = tiny_png()
SERVICE = "clova.ocr.document.v1.DocumentOcrService"
# Field 1 announced as 65535 bytes long, 3 follow: not a message of any request type.
CORRUPT_REQUEST = b"\x0a\xff\xff\x03abc"

# What each domain is made to do. Receipt: successes and the caller's or the answer's errors
# (few enough answerless ones to stay under the upstream-errors threshold); name card: CLOVA
# down until its breaker opens; credit card: the secret refused (0002); business licence:
# quota spent (0023); ID card: CLOVA's rate limit (0025); passport: its secret file breaks;
# medical receipt: idle.
RECEIPT_FAULTS = ["code=0011", "infer=FAILURE", "infer=ERROR", "malformed", "empty"]
NAME_CARD_FAULTS = ["reset", "http502html", "status=503", "code=0500", "code=0500", "code=0500"]

# (alert, domain or None for a job-wide alert) -> the state it must be in; every other alert
# of the rule file must be inactive.
EXPECTED_ALERTS: dict[tuple[str, str | None], str] = {
    ("ClovaOcrUpstreamCredentialRejected", Domain.CREDIT_CARD.value): "firing",
    ("ClovaOcrQuotaExhausted", Domain.BIZ_LICENSE.value): "firing",
    ("ClovaOcrVendorRateLimited", Domain.ID_CARD.value): "pending",
    ("ClovaOcrUpstreamErrors", Domain.NAME_CARD.value): "pending",
    ("ClovaOcrCircuitOpen", Domain.NAME_CARD.value): "pending",
    ("ClovaOcrSecretReloadFailing", Domain.PASSPORT.value): "pending",
    ("ClovaOcrGatewayHighErrorRatio", None): "pending",
}

# Grafana's variables, as a dashboard user with every job and domain selected would query.
GRAFANA_VARIABLES = {
    "__rate_interval": "1m",
    "__interval": "15s",
    "__range": "5m",
    "job": JOB,
    "domain": ".*",
}
_VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)")


def grafana_substituted(expr: str) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        assert name in GRAFANA_VARIABLES, f"dashboard variable ${name} has no test value"
        return GRAFANA_VARIABLES[name]

    return _VARIABLE.sub(value, expr)


def active(alerts: list[dict[str, Any]]) -> dict[tuple[str, str | None], str]:
    return {(a["labels"]["alertname"], a["labels"].get("domain")): a["state"] for a in alerts}


@dataclass
class Seen:
    """What the scenario observed, for the tests to check."""

    baseline_alerts: list[dict[str, Any]] = field(default_factory=list)
    codes: collections.Counter[str] = field(default_factory=collections.Counter)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    dashboard: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    samples_per_scrape: float = 0.0
    created_series: list[dict[str, Any]] = field(default_factory=list)
    circuit_resolved_after: float | None = None
    circuit_state_after: list[dict[str, Any]] = field(default_factory=list)
    name_card_requests_while_resolving: int = -1
    alerts_after_resolution: list[dict[str, Any]] = field(default_factory=list)


async def call(stub: Any, domain: Domain, fault: str = "", **kw: Any) -> grpc.StatusCode:
    """One call; a fault travels in the image name (the gateway forwards no fault header to an
    upstream that is not its built-in emulator)."""
    name = f"doc emulator-fault={fault}" if fault else "doc"
    content = kw.pop("content", PNG)
    request = REGISTRY[domain].request_type(image=image_pb2.Image(content=content, name=name))
    try:
        await getattr(stub, REGISTRY[domain].rpc_name)(request, timeout=kw.pop("timeout", 10))
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


async def call_with_bytes(channel: grpc.aio.Channel, domain: Domain, raw: bytes) -> grpc.StatusCode:
    """One call whose request is `raw` as it is, unparsed by the client."""
    method = f"/{SERVICE}/{REGISTRY[domain].rpc_name}"
    try:
        await channel.unary_unary(method)(raw, timeout=10)
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return grpc.StatusCode.OK


async def wait_until(prometheus: Prometheus, expr: str, what: str) -> None:
    """Until the instant query `expr` returns something (bounded)."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while not await prometheus.query(expr):
        assert time.monotonic() < deadline, f"Prometheus never saw {what}: {expr}"
        await asyncio.sleep(0.2)


async def scenario(tmp: Path) -> Seen:
    seen = Seen()
    emulator = await start_emulator(EmulatorConfig(port=0))
    secret_file = tmp / "passport-secret"
    secret_file.write_text(emulator.secret_for(Domain.PASSPORT) + "\n")
    env = emulator.env()
    passport = DOMAINS[Domain.PASSPORT].env_prefix
    del env[f"{passport}_SECRET"]
    env[f"{passport}_SECRET_FILE"] = str(secret_file)
    settings = load_settings(
        env,
        host="127.0.0.1",
        port=0,
        metrics_port=0,
        retry_max_attempts=2,
        retry_initial_backoff_seconds=0.01,
        breaker_cooldown_seconds=COOLDOWN_SECONDS,
        secret_poll_seconds=0.2,
    )
    gateway = await start_gateway(settings)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}")
    stub = service_grpc.DocumentOcrServiceStub(channel)
    try:
        async with running_prometheus(
            tmp,
            targets=[f"127.0.0.1:{gateway.metrics_port}"],
            rule_file=RULES,
            labels={"namespace": NAMESPACE},
            job=JOB,
        ) as prometheus:
            await run(seen, prometheus, channel, stub, emulator, secret_file)
    finally:
        await channel.close()
        await gateway.stop(grace=0.5)
        await emulator.close()
    return seen


async def run(
    seen: Seen,
    prometheus: Prometheus,
    channel: grpc.aio.Channel,
    stub: Any,
    emulator: RunningEmulator,
    secret_file: Path,
) -> None:
    # 1. Successes only, until Prometheus has scraped them and evaluated the rules since.
    for _ in range(10):
        seen.codes[(await call(stub, Domain.RECEIPT)).name] += 1
    await wait_until(
        prometheus,
        'sum(grpc_server_handled_total{grpc_code="OK"}) >= 10',
        "the first successes",
    )
    await asyncio.sleep(2.5)  # two evaluation intervals and then some
    seen.baseline_alerts = await prometheus.alerts()

    # 2. Every error class, each on its own domain.
    for n in range(20):
        seen.codes[(await call(stub, Domain.RECEIPT)).name] += 1
        if n < len(RECEIPT_FAULTS):
            seen.codes[(await call(stub, Domain.RECEIPT, RECEIPT_FAULTS[n])).name] += 1
    seen.codes[(await call(stub, Domain.RECEIPT, content=b"GIF89a")).name] += 1
    # Bytes that are no request message: refused by the intake (intake refusals panel).
    seen.codes[(await call_with_bytes(channel, Domain.RECEIPT, CORRUPT_REQUEST)).name] += 1
    deadline = await call(stub, Domain.RECEIPT, "latency_ms=3000", timeout=1.0)
    seen.codes[deadline.name] += 1
    for fault in NAME_CARD_FAULTS:
        seen.codes[(await call(stub, Domain.NAME_CARD, fault)).name] += 1
    seen.codes[(await call(stub, Domain.CREDIT_CARD, "code=0002")).name] += 1
    seen.codes[(await call(stub, Domain.BIZ_LICENSE, "code=0023")).name] += 1
    for _ in range(2):
        seen.codes[(await call(stub, Domain.ID_CARD, "code=0025")).name] += 1
    await asyncio.to_thread(secret_file.write_text, "")  # an empty secret cannot be loaded

    # Until every expected alert is in its state at once, CLOVA stays down for the name card:
    # each probe after a cool-down fails and opens the breaker again.
    wanted = EXPECTED_ALERTS
    deadline_at = time.monotonic() + SETTLE_SECONDS
    while True:
        seen.codes[(await call(stub, Domain.NAME_CARD, "code=0500")).name] += 1
        seen.alerts = await prometheus.alerts()
        if active(seen.alerts) == wanted or time.monotonic() > deadline_at:
            break
        await asyncio.sleep(0.3)
    seen.rules = await prometheus.rules()
    for where, expr in dashboard_expressions():
        seen.dashboard[(where, expr)] = await prometheus.query(grafana_substituted(expr))
    (scraped,) = await prometheus.query(f'scrape_samples_scraped{{job="{JOB}"}}')
    seen.samples_per_scrape = float(scraped["value"][1])
    seen.created_series = await prometheus.query(f'{{job="{JOB}",__name__=~".+_created"}}')

    # 3. No more traffic: the breaker's cool-down passes and the alert must resolve.
    requests_before = emulator.stats.requests[Domain.NAME_CARD]
    stopped = time.monotonic()
    while time.monotonic() - stopped < SETTLE_SECONDS:
        alerts = active(await prometheus.alerts())
        if ("ClovaOcrCircuitOpen", Domain.NAME_CARD.value) not in alerts:
            seen.circuit_resolved_after = time.monotonic() - stopped
            break
        await asyncio.sleep(0.2)
    seen.alerts_after_resolution = await prometheus.alerts()
    seen.circuit_state_after = await prometheus.query(
        f'clova_ocr_circuit_breaker_state{{job="{JOB}",domain="{Domain.NAME_CARD.value}"}}'
    )
    seen.name_card_requests_while_resolving = (
        emulator.stats.requests[Domain.NAME_CARD] - requests_before
    )


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> Seen:
    # Its own event loop: the gateway, the emulator and the queries live for the whole module.
    return asyncio.run(scenario(tmp_path_factory.mktemp("prometheus")))


pytestmark = pytest.mark.timeout(240)


def test_the_traffic_covered_successes_and_every_error_class(seen: Seen) -> None:
    assert set(seen.codes) >= {
        "OK",
        "INVALID_ARGUMENT",
        "INTERNAL",
        "RESOURCE_EXHAUSTED",
        "UNAVAILABLE",
        "DEADLINE_EXCEEDED",
    }, seen.codes


def test_no_alert_is_active_while_every_call_succeeds(seen: Seen) -> None:
    assert seen.baseline_alerts == []


def test_chosen_alerts_are_pending_or_firing_exactly_for_what_was_caused(seen: Seen) -> None:
    assert active(seen.alerts) == EXPECTED_ALERTS
    for alert in seen.alerts:
        assert alert["labels"]["job"] == JOB
        assert alert["labels"]["namespace"] == NAMESPACE


def test_no_rule_evaluation_fails(seen: Seen) -> None:
    assert seen.rules, "no rule loaded"
    failed = [
        (rule["name"], rule["health"], rule.get("lastError"))
        for rule in seen.rules
        if rule["health"] != "ok" or rule.get("lastError")
    ]
    assert failed == []


def test_every_dashboard_expression_returns_data(seen: Seen) -> None:
    assert seen.dashboard
    empty = [where for (where, _), result in seen.dashboard.items() if not result]
    assert empty == []


def test_the_intake_refusals_panel_shows_the_malformed_request(seen: Seen) -> None:
    (result,) = [
        result
        for (_, expr), result in seen.dashboard.items()
        if "clova_ocr_intake_refusals_total" in expr
    ]
    rates = {series["metric"]["reason"]: float(series["value"][1]) for series in result}
    assert rates["malformed"] > 0, rates
    assert rates["inflight_bytes"] == 0, rates


def test_no_created_series_reach_prometheus(seen: Seen) -> None:
    assert seen.created_series == []
    assert 0 < seen.samples_per_scrape < 1000, seen.samples_per_scrape


def test_the_breaker_alert_resolves_after_its_cooldown_without_traffic(seen: Seen) -> None:
    assert seen.circuit_resolved_after is not None, "ClovaOcrCircuitOpen never resolved"
    # Nobody called the domain: the scrape itself read the breaker as half-open.
    assert seen.name_card_requests_while_resolving == 0
    assert [float(s["value"][1]) for s in seen.circuit_state_after] == [1.0]
    # Only the breaker alert went: the others' conditions still hold.
    still = active(seen.alerts_after_resolution)
    assert ("ClovaOcrCircuitOpen", Domain.NAME_CARD.value) not in still
    assert ("ClovaOcrUpstreamErrors", Domain.NAME_CARD.value) in still
    assert ("ClovaOcrUpstreamCredentialRejected", Domain.CREDIT_CARD.value) in still
