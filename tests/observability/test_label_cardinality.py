"""Label values come from closed sets: unbounded inputs never create new series."""

from __future__ import annotations

import random
import string
import uuid
from typing import Any

import grpc
import pytest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.callcontext import current_call
from clova_ocr_gateway.observability.interceptors import MetricsAndLoggingInterceptor
from clova_ocr_gateway.observability.metrics import GatewayMetrics

from .conftest import CapturedLog

SERVICE = "clova.ocr.document.v1.DocumentOcrService"
ALLOWED = frozenset({"known-caller"})


def _junk(rng: random.Random, n: int = 12) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=n))


async def test_unique_request_ids_and_unknown_clients_do_not_grow_the_series(
    json_log: CapturedLog,
) -> None:
    rng = random.Random(20240601)
    metrics = GatewayMetrics(ALLOWED, version="t", git_commit="abc", process_metrics=False)

    async def recognize(request: bytes, context: Any) -> bytes:
        # What a servicer and upstream client would record, with hostile, ever-changing values.
        record = current_call()
        record.domain = Domain.RECEIPT
        code = rng.choice(["0002", None, _junk(rng, 4), "9999"])
        metrics.upstream_request(
            Domain.RECEIPT,
            http_status=rng.choice([200, 400, None]),
            clova_code=code,
            seconds=rng.random(),
            sent_bytes=len(request),
        )
        metrics.infer_result(Domain.RECEIPT, rng.choice(["SUCCESS", _junk(rng)]))
        metrics.upstream_retry(Domain.RECEIPT, rng.choice(["timeout", _junk(rng)]))
        if rng.random() < 0.3:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, _junk(rng))
        return b""

    server = grpc.aio.server(interceptors=[MetricsAndLoggingInterceptor(metrics)])
    server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler(
                SERVICE, {"RecognizeReceipt": grpc.unary_unary_rpc_method_handler(recognize)}
            ),
        )
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = channel.unary_unary(f"/{SERVICE}/RecognizeReceipt")

            async def call(client: str | None = None) -> None:
                metadata = (
                    ("x-request-id", uuid.uuid4().hex),
                    ("x-client-id", client or f"caller-{_junk(rng)}"),
                    ("traceparent", f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01"),
                )
                try:
                    await stub(_junk(rng, rng.randint(1, 64)).encode(), metadata=metadata)
                except grpc.aio.AioRpcError as exc:
                    assert exc.code() == grpc.StatusCode.INVALID_ARGUMENT

            # Warm-up: every closed-set value these inputs can map to appears at least once.
            for _ in range(200):
                await call()
            await call("known-caller")
            before = metrics.series_count()

            for _ in range(1000):
                await call()
            after = metrics.series_count()
    finally:
        await server.stop(None)

    assert after == before
    client_series = [
        s.labels["client"]
        for m in metrics.registry.collect()
        if m.name == "clova_ocr_requests_by_client"
        for s in m.samples
        if s.name.endswith("_total")
    ]
    assert sorted(client_series) == ["known-caller", "other"]


def test_unknown_values_collapse_into_other_and_none() -> None:
    metrics = GatewayMetrics(ALLOWED, process_metrics=False)
    for _ in range(50):
        metrics.upstream_request(
            "receipt", http_status=None, clova_code=uuid.uuid4().hex, seconds=0.1
        )
        metrics.infer_result("receipt", uuid.uuid4().hex)
        metrics.upstream_retry("receipt", uuid.uuid4().hex)
        metrics.request_by_client("receipt", uuid.uuid4().hex)
    reg = metrics.registry
    other = {"domain": "receipt", "http_status": "none", "clova_code": "other"}
    assert reg.get_sample_value("clova_ocr_upstream_requests_total", other) == 50
    assert (
        reg.get_sample_value(
            "clova_ocr_infer_results_total", {"domain": "receipt", "infer_result": "other"}
        )
        == 50
    )
    assert (
        reg.get_sample_value(
            "clova_ocr_upstream_retries_total", {"domain": "receipt", "reason": "other"}
        )
        == 50
    )
    assert (
        reg.get_sample_value(
            "clova_ocr_requests_by_client_total", {"domain": "receipt", "client": "other"}
        )
        == 50
    )


def test_closed_sets_we_own_reject_unknown_values_loudly() -> None:
    metrics = GatewayMetrics(process_metrics=False)
    with pytest.raises(ValueError, match="domain"):
        metrics.upstream_request("receipts", http_status=200, clova_code=None, seconds=1)
    with pytest.raises(ValueError, match="reason"):
        metrics.admission_rejected(Domain.RECEIPT, "because")
    with pytest.raises(ValueError, match="circuit"):
        metrics.set_circuit_state(Domain.RECEIPT, "ajar")
    with pytest.raises(ValueError, match="method"):
        metrics.rpc_started("not-a-method")
