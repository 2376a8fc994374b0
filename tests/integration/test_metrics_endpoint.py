"""`/metrics` of a real gateway in front of the real emulator, scraped over HTTP: every call
moves exactly the series it should, by exactly the right amount, and nothing else."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
from imaging_samples import tiny_png

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway import __version__
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig, start_emulator
from clova_ocr_gateway.observability.metrics import GRPC_CODE_NAMES, REJECTION_REASONS
from clova_ocr_gateway.serving.server import SERVICE_NAME, start_gateway

from .conftest import Harness
from .scrape import Scrape, delta, moved, scrape, scrape_port, scrape_settled
from .test_serving import details_of, domain_request, rpc

PNG = tiny_png()
OK = grpc.StatusCode.OK
RECEIPT = Domain.RECEIPT
# The breaker would start shedding after a few failures; these tests count upstream attempts.
NO_BREAKER: dict[str, Any] = {
    "breaker_failure_threshold": 1000,
    "breaker_failure_ratio": 1.0,
    "breaker_window_calls": 1000,
}
SERVICE_METHODS = tuple(
    m.name for m in service_pb2.DESCRIPTOR.services_by_name["DocumentOcrService"].methods
)


async def settled(harness: Harness, before: Scrape, *, rpcs: int) -> Scrape:
    """The scrape once the gateway has counted `rpcs` more calls, every one with a domain."""
    assert harness.gateway.metrics_port is not None
    return await scrape_settled(harness.gateway.metrics_port, before, rpcs=rpcs, attributed=rpcs)


def method_of(domain: Domain) -> str:
    return REGISTRY[domain].rpc_name


async def call(
    harness: Harness,
    domain: Domain = RECEIPT,
    *,
    content: bytes = PNG,
    fault: str = "",
    client: str = "",
    timeout: float = 10.0,  # noqa: ASYNC109 - the gRPC deadline, sent to the server
) -> grpc.StatusCode:
    """One typed RPC; its status code (OK or the error's)."""
    metadata: list[tuple[str, str]] = []
    if fault:
        metadata.append(("x-emulator-fault", fault))
    if client:
        metadata.append(("x-client-id", client))
    try:
        await rpc(harness, domain)(
            domain_request(domain, content), metadata=tuple(metadata), timeout=timeout
        )
    except grpc.aio.AioRpcError as exc:
        return exc.code()
    return OK


def rpc_deltas(before: Scrape, after: Scrape, name: str) -> dict[tuple[str, ...], float]:
    return moved(
        before, after, name, ("grpc_method",), grpc_type="unary", grpc_service=SERVICE_NAME
    )


def handled_deltas(before: Scrape, after: Scrape) -> dict[tuple[str, ...], float]:
    return moved(
        before,
        after,
        "grpc_server_handled_total",
        ("grpc_method", "grpc_code"),
        grpc_type="unary",
        grpc_service=SERVICE_NAME,
    )


def upstream_deltas(before: Scrape, after: Scrape) -> dict[tuple[str, ...], float]:
    return moved(
        before,
        after,
        "clova_ocr_upstream_requests_total",
        ("domain", "http_status", "clova_code"),
    )


def by_domain(before: Scrape, after: Scrape, name: str) -> dict[tuple[str, ...], float]:
    return moved(before, after, name, ("domain",))


async def test_first_scrape_has_zero_series_for_every_method_code_domain_and_reason(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(metrics_port=0)
    first = await scrape(harness)

    assert first.types["grpc_server_handled"] == "counter"
    assert first.types["grpc_server_handling_seconds"] == "histogram"
    assert first.types["clova_ocr_admission_limit"] == "gauge"
    streams = {"RecognizeDocument": "server_stream", "BatchRecognize": "bidi_stream"}
    for method in SERVICE_METHODS:
        rpc = {"grpc_type": streams.get(method, "unary"), "grpc_service": SERVICE_NAME}
        assert first.value("grpc_server_started_total", **rpc, grpc_method=method) == 0
        assert first.value("grpc_server_handling_seconds_count", **rpc, grpc_method=method) == 0
        for code in GRPC_CODE_NAMES:
            labels = {**rpc, "grpc_method": method, "grpc_code": code}
            assert first.value("grpc_server_handled_total", **labels) == 0
    for domain in Domain:
        d = domain.value
        for status, code in (("401", "0002"), ("400", "0023"), ("400", "0025")):
            labels = {"domain": d, "http_status": status, "clova_code": code}
            assert first.value("clova_ocr_upstream_requests_total", **labels) == 0
        for reason in REJECTION_REASONS:
            assert first.value("clova_ocr_admission_rejections_total", domain=d, reason=reason) == 0
        assert first.value("clova_ocr_billable_calls_total", domain=d) == 0
        assert first.value("clova_ocr_upstream_sent_bytes_total", domain=d) == 0
        assert first.value("clova_ocr_circuit_breaker_state", domain=d) == 0
        assert first.value("clova_ocr_admission_inflight", domain=d) == 0
        assert first.value("clova_ocr_admission_queue_length", domain=d) == 0
        assert first.value("clova_ocr_admission_limit", domain=d) == 5  # OCR_CONCURRENCY_LIMIT
        assert first.value("clova_ocr_admission_queue_capacity", domain=d) == 100
        # Secrets: loaded at start-up from the emulator, never re-read yet.
        assert first.value("clova_ocr_secret_reloads_total", domain=d) == 0
        assert first.value("clova_ocr_secret_reload_failures_total", domain=d) == 0
        assert first.value("clova_ocr_secret_last_reload_success", domain=d) == 1
        assert first.value("clova_ocr_secret_last_success_timestamp_seconds", domain=d) > 0
        assert first.value("clova_ocr_secret_age_seconds", domain=d) >= 0
    assert first.value("clova_ocr_admission_degraded") == 0
    build = first.matching("clova_ocr_build_info")
    assert len(build) == 1
    [(labels, value)] = build.items()
    assert dict(labels)["version"] == __version__
    assert "git_commit" in dict(labels)
    assert value == 1
    assert first.matching("process_cpu_seconds_total")  # the standard collectors ride along
    assert first.matching("python_info")


async def test_successes_on_every_domain_count_rpcs_attempts_billing_results_and_callers(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        metrics_port=0, client_id_allowlist=frozenset({"checkout"})
    )
    before = await scrape(harness)
    for domain in Domain:
        assert await call(harness, domain) == OK
    for _ in range(2):
        assert await call(harness, RECEIPT, client="checkout") == OK
    generic = await harness.stub.Recognize(
        service_pb2.RecognizeRequest(
            document_type=REGISTRY[Domain.NAME_CARD].document_type,
            image=image_pb2.Image(content=PNG),
        ),
        timeout=10,
    )
    assert generic.WhichOneof("result") == REGISTRY[Domain.NAME_CARD].result_field
    after = await settled(harness, before, rpcs=10)

    per_method = {(method_of(d),): 1.0 for d in Domain}
    per_method[(method_of(RECEIPT),)] = 3.0
    per_method[("Recognize",)] = 1.0
    for name in (
        "grpc_server_started_total",
        "grpc_server_msg_received_total",
        "grpc_server_msg_sent_total",
        "grpc_server_handling_seconds_count",
    ):
        assert rpc_deltas(before, after, name) == per_method, name
    for method in per_method:
        labels = {
            "grpc_type": "unary",
            "grpc_service": SERVICE_NAME,
            "grpc_method": method[0],
            "le": "+Inf",
        }
        observed = delta(before, after, "grpc_server_handling_seconds_bucket", **labels)
        assert observed == per_method[method]
    assert handled_deltas(before, after) == {(m[0], "OK"): n for m, n in per_method.items()}

    per_domain = {(d.value,): 1.0 for d in Domain}
    per_domain[(RECEIPT.value,)] = 3.0
    per_domain[(Domain.NAME_CARD.value,)] = 2.0
    assert upstream_deltas(before, after) == {
        (d, "200", "none"): n for (d,), n in per_domain.items()
    }
    assert by_domain(before, after, "clova_ocr_billable_calls_total") == per_domain
    assert by_domain(before, after, "clova_ocr_upstream_request_duration_seconds_count") == (
        per_domain
    )
    assert by_domain(before, after, "clova_ocr_admission_queue_wait_seconds_count") == per_domain
    assert moved(before, after, "clova_ocr_infer_results_total", ("domain", "infer_result")) == {
        (d, "SUCCESS"): n for (d,), n in per_domain.items()
    }
    sent = by_domain(before, after, "clova_ocr_upstream_sent_bytes_total")
    assert set(sent) == set(per_domain)
    for key, n in per_domain.items():
        assert sent[key] > n * len(PNG)  # the image plus the multipart envelope, every call
    clients = {(d, "other"): n for (d,), n in per_domain.items()}
    clients[(RECEIPT.value, "other")] = 1.0
    clients[(RECEIPT.value, "checkout")] = 2.0  # allow-listed, so it has its own series
    assert moved(before, after, "clova_ocr_requests_by_client_total", ("domain", "client")) == (
        clients
    )
    assert moved(before, after, "clova_ocr_upstream_retries_total", ("domain", "reason")) == {}
    assert moved(before, after, "clova_ocr_admission_rejections_total", ("domain", "reason")) == {}
    for domain in Domain:
        d = domain.value
        assert after.value("clova_ocr_admission_inflight", domain=d) == 0
        assert after.value("clova_ocr_admission_queue_length", domain=d) == 0
        assert after.value("clova_ocr_admission_limit", domain=d) == 5
        assert after.value("clova_ocr_circuit_breaker_state", domain=d) == 0


async def test_each_error_class_is_counted_under_its_grpc_code_and_upstream_outcome(
    harness_factory: Any,
) -> None:
    # One attempt per call, so every upstream answer below is exactly one attempt.
    harness: Harness = await harness_factory(
        metrics_port=0,
        retry_max_attempts=1,
        upstream_timeout_seconds=1.0,
        upstream_connect_timeout_seconds=1.0,
        **NO_BREAKER,
    )
    before = await scrape(harness)

    assert await call(harness, content=b"GIF89a not an image") == grpc.StatusCode.INVALID_ARGUMENT
    assert await call(harness, fault="code=0002") == grpc.StatusCode.INTERNAL
    assert await call(harness, fault="code=0023") == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert await call(harness, fault="code=0025") == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert await call(harness, fault="code=0500") == grpc.StatusCode.UNAVAILABLE
    assert await call(harness, fault="infer=FAILURE") == grpc.StatusCode.INVALID_ARGUMENT
    assert await call(harness, Domain.ID_CARD, fault="infer=ERROR") == grpc.StatusCode.UNAVAILABLE
    assert await call(harness, fault="reset") == grpc.StatusCode.UNAVAILABLE
    # The vendor really rejecting the gateway's secret, not a forced code.
    harness.emulator.accept_secrets(Domain.PASSPORT, "not-the-gateways-secret")
    assert await call(harness, Domain.PASSPORT) == grpc.StatusCode.INTERNAL
    harness.emulator.accept_secrets(Domain.PASSPORT, harness.emulator.secret_for(Domain.PASSPORT))
    # CLOVA takes longer than the gateway's upstream timeout (OCR_UPSTREAM_TIMEOUT_SECONDS).
    assert await call(harness, fault="latency_ms=3000") == grpc.StatusCode.DEADLINE_EXCEEDED
    receipt, id_card, passport = (method_of(d) for d in (RECEIPT, Domain.ID_CARD, Domain.PASSPORT))
    expected_handled = {
        (receipt, "INVALID_ARGUMENT"): 2.0,  # bad image, inferResult FAILURE
        (receipt, "INTERNAL"): 1.0,  # 0002
        (receipt, "RESOURCE_EXHAUSTED"): 2.0,  # 0023, 0025
        (receipt, "UNAVAILABLE"): 2.0,  # 0500, reset
        (receipt, "DEADLINE_EXCEEDED"): 1.0,  # upstream timeout
        (id_card, "UNAVAILABLE"): 1.0,  # inferResult ERROR
        (passport, "INTERNAL"): 1.0,  # real 0002
    }
    after = await settled(harness, before, rpcs=10)

    assert handled_deltas(before, after) == expected_handled
    started = {(receipt,): 8.0, (id_card,): 1.0, (passport,): 1.0}
    assert rpc_deltas(before, after, "grpc_server_started_total") == started
    assert rpc_deltas(before, after, "grpc_server_msg_received_total") == started
    assert rpc_deltas(before, after, "grpc_server_handling_seconds_count") == started
    assert rpc_deltas(before, after, "grpc_server_msg_sent_total") == {}  # no OK answer
    r, i, p = RECEIPT.value, Domain.ID_CARD.value, Domain.PASSPORT.value
    assert upstream_deltas(before, after) == {
        (r, "401", "0002"): 1.0,
        (r, "400", "0023"): 1.0,
        (r, "400", "0025"): 1.0,
        (r, "500", "0500"): 1.0,
        (r, "200", "none"): 1.0,  # inferResult FAILURE arrives as HTTP 200
        (r, "none", "none"): 2.0,  # reset, timeout: no answer
        (i, "200", "none"): 1.0,
        (p, "401", "0002"): 1.0,
    }
    # Billable: every HTTP 200, including the inferResult failures; nothing else.
    assert by_domain(before, after, "clova_ocr_billable_calls_total") == {(r,): 1.0, (i,): 1.0}
    assert moved(before, after, "clova_ocr_infer_results_total", ("domain", "infer_result")) == {
        (r, "FAILURE"): 1.0,
        (i, "ERROR"): 1.0,
    }
    # Every call but the invalid one held a slot once; nobody was refused or retried.
    assert by_domain(before, after, "clova_ocr_admission_queue_wait_seconds_count") == {
        (r,): 7.0,
        (i,): 1.0,
        (p,): 1.0,
    }
    assert moved(before, after, "clova_ocr_upstream_retries_total", ("domain", "reason")) == {}
    assert moved(before, after, "clova_ocr_admission_rejections_total", ("domain", "reason")) == {}
    # A 0025 means CLOVA's real limit is lower: the exported limit follows the adaptive one.
    limit = harness.gateway.recognizer.adaptive_limit.limit(RECEIPT)
    assert limit < 5
    assert after.value("clova_ocr_admission_limit", domain=r) == limit
    assert after.value("clova_ocr_admission_limit", domain=i) == 5


async def test_call_past_the_callers_deadline_is_counted_once_as_deadline_exceeded(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(metrics_port=0)
    before = await scrape(harness)
    # The caller's deadline passes while CLOVA is still thinking.
    assert await call(harness, fault="latency_ms=3000", timeout=0.5) == (
        grpc.StatusCode.DEADLINE_EXCEEDED
    )
    # The caller stops waiting at its deadline; the gateway finishes the call a moment later.
    after = await settled(harness, before, rpcs=1)

    m = method_of(RECEIPT)
    assert handled_deltas(before, after) == {(m, "DEADLINE_EXCEEDED"): 1.0}
    assert rpc_deltas(before, after, "grpc_server_started_total") == {(m,): 1.0}
    assert rpc_deltas(before, after, "grpc_server_handling_seconds_count") == {(m,): 1.0}
    assert rpc_deltas(before, after, "grpc_server_msg_sent_total") == {}
    assert by_domain(before, after, "clova_ocr_billable_calls_total") == {}
    # The attempt is counted with no answer when the gateway's upstream timeout (the deadline
    # minus 20 ms) fires first, as it does unless the event loop is late; when gRPC cancels the
    # handler first, the attempt is not counted at all (reported: recognition.py should count
    # an attempt cancelled mid-flight as http_status "none" too).
    assert upstream_deltas(before, after) in (
        {(RECEIPT.value, "none", "none"): 1.0},
        {},
    )


async def test_transient_faults_are_retried_and_every_retry_is_counted_by_reason(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        metrics_port=0,
        retry_initial_backoff_seconds=0.001,
        retry_max_backoff_seconds=0.005,
        retry_budget_min_per_second=10.0,  # room for every retry below within the window
        **NO_BREAKER,
    )
    before = await scrape(harness)
    requests_before = harness.emulator.stats.requests[RECEIPT]
    for fault, code in [
        ("code=0500", grpc.StatusCode.UNAVAILABLE),
        ("code=0501", grpc.StatusCode.UNAVAILABLE),
        ("code=0025", grpc.StatusCode.RESOURCE_EXHAUSTED),
        ("reset", grpc.StatusCode.UNAVAILABLE),
        ("http502html", grpc.StatusCode.UNAVAILABLE),
        ("code=0011", grpc.StatusCode.INVALID_ARGUMENT),  # the caller's fault: never retried
        ("infer=ERROR", grpc.StatusCode.UNAVAILABLE),  # billed: never retried
    ]:
        assert await call(harness, fault=fault) == code, fault
    after = await settled(harness, before, rpcs=7)

    r = RECEIPT.value
    retries = moved(before, after, "clova_ocr_upstream_retries_total", ("domain", "reason"))
    assert retries == {
        (r, "clova_0500"): 2.0,  # OCR_RETRY_MAX_ATTEMPTS=3: two retries per call
        (r, "clova_0501"): 2.0,
        (r, "clova_0025"): 2.0,
        (r, "connection_lost"): 2.0,  # a connection reset
        (r, "http_5xx"): 2.0,  # an HTML 502 from a proxy, no CLOVA code
    }
    assert upstream_deltas(before, after) == {
        (r, "500", "0500"): 3.0,
        (r, "500", "0501"): 3.0,
        (r, "400", "0025"): 3.0,
        (r, "none", "none"): 3.0,
        (r, "502", "none"): 3.0,
        (r, "400", "0011"): 1.0,
        (r, "200", "none"): 1.0,
    }
    # The metric agrees with what the vendor saw: one request per attempt.
    attempts = harness.emulator.stats.requests[RECEIPT] - requests_before
    assert attempts == 7 + sum(retries.values())
    assert by_domain(before, after, "clova_ocr_upstream_request_duration_seconds_count") == {
        (r,): float(attempts)
    }
    # Every attempt waits for its own admission slot; the RPC is still counted once.
    assert by_domain(before, after, "clova_ocr_admission_queue_wait_seconds_count") == {
        (r,): float(attempts)
    }
    assert rpc_deltas(before, after, "grpc_server_started_total") == {(method_of(RECEIPT),): 7.0}
    assert by_domain(before, after, "clova_ocr_billable_calls_total") == {(r,): 1.0}


async def test_admission_rejections_and_gauges_follow_the_queue(harness_factory: Any) -> None:
    harness: Harness = await harness_factory(
        metrics_port=0,
        env={"OCR_RECEIPT_CONCURRENCY": "1"},
        max_queue_length=1,
        client_id_allowlist=frozenset({"batch"}),
    )
    admission = harness.gateway.admission
    assert admission is not None
    before = await scrape(harness)
    r = RECEIPT.value
    assert before.value("clova_ocr_admission_limit", domain=r) == 1
    assert before.value("clova_ocr_admission_queue_capacity", domain=r) == 1

    holder = asyncio.create_task(call(harness, client="batch", fault="latency_ms=1500", timeout=30))
    waiter: asyncio.Task[grpc.StatusCode] | None = None
    try:
        for _ in range(500):  # bounded: 10 s
            if harness.emulator.stats.in_flight[RECEIPT] == 1:
                break
            await asyncio.sleep(0.02)
        waiter = asyncio.create_task(call(harness, client="batch", timeout=30))
        for _ in range(500):
            if admission.usage(RECEIPT)[2] == 1:
                break
            await asyncio.sleep(0.02)
        busy = await scrape(harness)
        assert busy.value("clova_ocr_admission_inflight", domain=r) == 1
        assert busy.value("clova_ocr_admission_queue_length", domain=r) == 1

        # The one queue place is taken.
        assert await call(harness, client="batch") == grpc.StatusCode.RESOURCE_EXHAUSTED
        # Queueing behind a 2 s estimate cannot fit a 1 s deadline: refused at once.
        assert await call(harness, client="batch", timeout=1.0) == (
            grpc.StatusCode.RESOURCE_EXHAUSTED
        )
        assert await holder == OK
        assert await waiter == OK
    finally:
        for task in (holder, waiter):
            if task is not None:
                task.cancel()
        await asyncio.gather(
            *(t for t in (holder, waiter) if t is not None), return_exceptions=True
        )
    after = await settled(harness, before, rpcs=4)

    assert moved(before, after, "clova_ocr_admission_rejections_total", ("domain", "reason")) == {
        (r, "queue_full"): 1.0,
        (r, "deadline"): 1.0,
    }
    assert handled_deltas(before, after) == {
        (method_of(RECEIPT), "OK"): 2.0,
        (method_of(RECEIPT), "RESOURCE_EXHAUSTED"): 2.0,
    }
    # Only admitted calls observe a queue wait; only they reach CLOVA.
    assert by_domain(before, after, "clova_ocr_admission_queue_wait_seconds_count") == {(r,): 2.0}
    assert upstream_deltas(before, after) == {(r, "200", "none"): 2.0}
    assert moved(before, after, "clova_ocr_requests_by_client_total", ("domain", "client")) == {
        (r, "batch"): 4.0
    }
    assert after.value("clova_ocr_admission_inflight", domain=r) == 0
    assert after.value("clova_ocr_admission_queue_length", domain=r) == 0


async def test_open_circuit_is_exported_and_its_shed_calls_counted_as_rejections(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        metrics_port=0,
        retry_max_attempts=1,
        breaker_failure_threshold=1,
        breaker_cooldown_seconds=60.0,
    )
    before = await scrape(harness)
    assert await call(harness, fault="code=0500") == grpc.StatusCode.UNAVAILABLE
    requests = harness.emulator.stats.requests[RECEIPT]
    assert await call(harness) == grpc.StatusCode.UNAVAILABLE  # shed, CLOVA never called
    assert harness.emulator.stats.requests[RECEIPT] == requests
    after = await settled(harness, before, rpcs=2)

    r = RECEIPT.value
    assert after.value("clova_ocr_circuit_breaker_state", domain=r) == 2
    assert after.value("clova_ocr_circuit_breaker_state", domain=Domain.ID_CARD.value) == 0
    assert moved(before, after, "clova_ocr_admission_rejections_total", ("domain", "reason")) == {
        (r, "circuit_open"): 1.0
    }
    assert upstream_deltas(before, after) == {(r, "500", "0500"): 1.0}
    assert handled_deltas(before, after) == {(method_of(RECEIPT), "UNAVAILABLE"): 2.0}


async def test_unconfigured_domain_is_counted_as_failed_precondition_without_upstream_call() -> (
    None
):
    emulator = await start_emulator(EmulatorConfig(port=0))
    try:
        settings = load_settings(
            {
                "OCR_RECEIPT_INVOKE_URL": emulator.url_for(RECEIPT),
                "OCR_RECEIPT_SECRET": emulator.secret_for(RECEIPT),
            },
            host="127.0.0.1",
            port=0,
            metrics_port=0,
        )
        gateway = await start_gateway(settings)
        try:
            assert gateway.metrics_port is not None
            before = await scrape_port(gateway.metrics_port)
            async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
                stub = service_grpc.DocumentOcrServiceStub(channel)
                await stub.RecognizeReceipt(domain_request(RECEIPT), timeout=10)
                try:
                    await stub.RecognizePassport(domain_request(Domain.PASSPORT), timeout=10)
                except grpc.aio.AioRpcError as exc:
                    assert exc.code() == grpc.StatusCode.FAILED_PRECONDITION
                    assert details_of(exc)["info"].reason == "DOMAIN_NOT_CONFIGURED"
                else:
                    raise AssertionError("an unconfigured domain answered")
            after = await scrape_settled(gateway.metrics_port, before, rpcs=2, attributed=2)
        finally:
            await gateway.stop(grace=0.5)
    finally:
        await emulator.close()

    r, p = RECEIPT.value, Domain.PASSPORT.value
    assert handled_deltas(before, after) == {
        (method_of(RECEIPT), "OK"): 1.0,
        (method_of(Domain.PASSPORT), "FAILED_PRECONDITION"): 1.0,
    }
    assert upstream_deltas(before, after) == {(r, "200", "none"): 1.0}
    assert moved(before, after, "clova_ocr_requests_by_client_total", ("domain", "client")) == {
        (r, "other"): 1.0,
        (p, "other"): 1.0,
    }
    # Secrets exist only for the configured domain.
    assert set(after.matching("clova_ocr_secret_age_seconds")) == {frozenset({("domain", r)})}
    assert after.get("clova_ocr_secret_last_success_timestamp_seconds", domain=p) is None
