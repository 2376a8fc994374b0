"""The interceptor against a real grpc.aio server: metrics move and one `rpc_finished` per call."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.callcontext import current_call
from clova_ocr_gateway.observability.interceptors import MetricsAndLoggingInterceptor
from clova_ocr_gateway.observability.metrics import GatewayMetrics

from .conftest import CapturedLog

SERVICE = "test.v1.Probe"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"


async def _ok(request: bytes, context: Any) -> bytes:
    record = current_call()
    record.domain = Domain.RECEIPT
    record.image_bytes = len(request)
    record.http_status = 200
    record.queue_seconds = 0.25
    record.upstream_seconds = 1.5
    record.retries = 1
    return b"pong:" + request


async def _invalid(request: bytes, context: Any) -> bytes:
    current_call().domain = Domain.PASSPORT
    await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "image is not a JPEG")
    raise AssertionError("abort returned")


async def _boom(request: bytes, context: Any) -> bytes:
    raise RuntimeError("handler bug")


async def _set_code(request: bytes, context: Any) -> bytes:
    record = current_call()
    record.domain = Domain.ID_CARD
    record.clova_code = "0023"
    record.http_status = 400
    context.set_code(grpc.StatusCode.RESOURCE_EXHAUSTED)
    context.set_details("quota")
    return b""


async def _slow(request: bytes, context: Any) -> bytes:
    await asyncio.sleep(30)
    return b""


def _sync_ok(request: bytes, context: Any) -> bytes:
    return b"sync"


HANDLERS: dict[str, Callable[[bytes, Any], Awaitable[bytes] | bytes]] = {
    "Ok": _ok,
    "Invalid": _invalid,
    "Boom": _boom,
    "SetCode": _set_code,
    "Slow": _slow,
    "SyncOk": _sync_ok,
}


@dataclass
class Harness:
    metrics: GatewayMetrics
    channel: grpc.aio.Channel

    async def call(
        self,
        method: str,
        payload: bytes = b"ping",
        metadata: tuple[tuple[str, str], ...] = (),
        deadline: float | None = 10,
    ) -> bytes:
        stub = self.channel.unary_unary(f"/{SERVICE}/{method}")
        response: bytes = await stub(payload, metadata=metadata, timeout=deadline)
        return response

    def sample(self, name: str, method: str, **extra: str) -> float:
        labels = {"grpc_type": "unary", "grpc_service": SERVICE, "grpc_method": method, **extra}
        value = self.metrics.registry.get_sample_value(name, labels)
        return 0.0 if value is None else value


@pytest.fixture
async def harness(json_log: CapturedLog) -> AsyncIterator[Harness]:
    metrics = GatewayMetrics(frozenset({"billing-batch"}), version="t", git_commit="abc")
    server = grpc.aio.server(interceptors=[MetricsAndLoggingInterceptor(metrics)])
    generic = grpc.method_handlers_generic_handler(
        SERVICE,
        {name: grpc.unary_unary_rpc_method_handler(fn) for name, fn in HANDLERS.items()},
    )
    server.add_generic_rpc_handlers((generic,))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    try:
        yield Harness(metrics, channel)
    finally:
        await channel.close()
        await server.stop(None)


async def _wait_for_finished(log: CapturedLog, count: int) -> list[dict[str, Any]]:
    # The server logs after the client has its answer; give it a moment.
    for _ in range(100):
        found = log.events("rpc_finished")
        if len(found) >= count:
            return found
        await asyncio.sleep(0.02)
    return log.events("rpc_finished")


async def test_ok_call_counts_started_handled_latency_and_messages(
    harness: Harness, json_log: CapturedLog
) -> None:
    assert await harness.call("Ok") == b"pong:ping"

    assert harness.sample("grpc_server_started_total", "Ok") == 1
    assert harness.sample("grpc_server_handled_total", "Ok", grpc_code="OK") == 1
    assert harness.sample("grpc_server_handled_total", "Ok", grpc_code="INTERNAL") == 0
    assert harness.sample("grpc_server_handling_seconds_count", "Ok") == 1
    assert harness.sample("grpc_server_msg_received_total", "Ok") == 1
    assert harness.sample("grpc_server_msg_sent_total", "Ok") == 1


async def test_ok_call_logs_one_rpc_finished_line_with_servicer_fields(
    harness: Harness, json_log: CapturedLog
) -> None:
    await harness.call(
        "Ok",
        payload=b"12345",
        metadata=(
            ("x-request-id", "req-42"),
            ("x-client-id", "billing-batch"),
            ("traceparent", TRACEPARENT),
        ),
    )

    (line,) = await _wait_for_finished(json_log, 1)
    assert line["level"] == "info"
    assert line["request_id"] == "req-42"
    assert line["method"] == f"/{SERVICE}/Ok"
    assert line["domain"] == "receipt"
    assert line["caller"] == "billing-batch"
    assert line["grpc_code"] == "OK"
    assert line["queue_seconds"] == 0.25
    assert line["upstream_seconds"] == 1.5
    assert line["total_seconds"] > 0
    assert line["retries"] == 1
    assert line["image_bytes"] == 5
    assert line["http_status"] == 200
    assert line["clova_code"] is None
    assert line["trace_id"] == TRACE_ID
    client = {"domain": "receipt", "client": "billing-batch"}
    assert harness.metrics.registry.get_sample_value("clova_ocr_requests_by_client_total", client)


async def test_abort_is_counted_with_its_code_and_logged_once(
    harness: Harness, json_log: CapturedLog
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.call("Invalid")
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    assert harness.sample("grpc_server_handled_total", "Invalid", grpc_code="INVALID_ARGUMENT") == 1
    assert harness.sample("grpc_server_handled_total", "Invalid", grpc_code="OK") == 0
    assert harness.sample("grpc_server_msg_sent_total", "Invalid") == 0
    (line,) = await _wait_for_finished(json_log, 1)
    assert line["grpc_code"] == "INVALID_ARGUMENT"
    assert line["domain"] == "passport"
    assert line["level"] == "info"


async def test_unexpected_exception_is_unknown_and_logged_as_error_with_traceback(
    harness: Harness, json_log: CapturedLog
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.call("Boom")
    assert info.value.code() == grpc.StatusCode.UNKNOWN

    assert harness.sample("grpc_server_handled_total", "Boom", grpc_code="UNKNOWN") == 1
    (line,) = await _wait_for_finished(json_log, 1)
    assert line["grpc_code"] == "UNKNOWN"
    assert line["level"] == "error"
    assert "handler bug" in line["exception"]


async def test_code_set_on_context_without_abort_is_the_final_code(
    harness: Harness, json_log: CapturedLog
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.call("SetCode")
    assert info.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED

    assert (
        harness.sample("grpc_server_handled_total", "SetCode", grpc_code="RESOURCE_EXHAUSTED") == 1
    )
    (line,) = await _wait_for_finished(json_log, 1)
    assert line["grpc_code"] == "RESOURCE_EXHAUSTED"
    assert line["level"] == "warning"
    assert line["clova_code"] == "0023"
    assert line["http_status"] == 400


async def test_client_deadline_is_recorded_when_the_handler_is_cancelled(
    harness: Harness, json_log: CapturedLog
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await harness.call("Slow", deadline=0.2)
    assert info.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED

    (line,) = await _wait_for_finished(json_log, 1)
    assert line["grpc_code"] in {"DEADLINE_EXCEEDED", "CANCELLED"}
    handled = harness.sample(
        "grpc_server_handled_total", "Slow", grpc_code="DEADLINE_EXCEEDED"
    ) + harness.sample("grpc_server_handled_total", "Slow", grpc_code="CANCELLED")
    assert handled == 1


async def test_client_cancel_is_recorded_as_cancelled(
    harness: Harness, json_log: CapturedLog
) -> None:
    stub = harness.channel.unary_unary(f"/{SERVICE}/Slow")
    call = stub(b"x", timeout=30)
    await asyncio.sleep(0.2)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call

    (line,) = await _wait_for_finished(json_log, 1)
    assert line["grpc_code"] == "CANCELLED"
    assert harness.sample("grpc_server_handled_total", "Slow", grpc_code="CANCELLED") == 1


async def test_sync_handler_is_observed_too(harness: Harness, json_log: CapturedLog) -> None:
    assert await harness.call("SyncOk") == b"sync"
    assert harness.sample("grpc_server_handled_total", "SyncOk", grpc_code="OK") == 1
    assert len(await _wait_for_finished(json_log, 1)) == 1


async def test_each_call_gets_exactly_one_line_and_its_own_ids(
    harness: Harness, json_log: CapturedLog
) -> None:
    await asyncio.gather(*(harness.call("Ok") for _ in range(5)))
    with pytest.raises(grpc.aio.AioRpcError):
        await harness.call("Invalid")

    lines = await _wait_for_finished(json_log, 6)
    assert len(lines) == 6
    # Without x-request-id / traceparent the interceptor generates unique ones.
    assert len({line["request_id"] for line in lines}) == 6
    assert len({line["trace_id"] for line in lines}) == 6
    assert all(len(line["trace_id"]) == 32 for line in lines)


async def test_unsafe_request_id_and_unknown_caller_are_not_trusted(
    harness: Harness, json_log: CapturedLog
) -> None:
    unsafe_ids = ("spaces and {braces}", "x" * 300)
    for unsafe in unsafe_ids:
        await harness.call("Ok", metadata=(("x-request-id", unsafe), ("x-client-id", "someone")))
    lines = await _wait_for_finished(json_log, 2)
    assert {line["request_id"] for line in lines}.isdisjoint(unsafe_ids)
    line = lines[0]
    assert line["caller"] == "someone"
    other = {"domain": "receipt", "client": "other"}
    assert harness.metrics.registry.get_sample_value("clova_ocr_requests_by_client_total", other)


async def test_log_lines_inside_the_handler_carry_request_context(
    json_log: CapturedLog,
) -> None:
    import structlog

    metrics = GatewayMetrics(version="t", git_commit="abc")
    server = grpc.aio.server(interceptors=[MetricsAndLoggingInterceptor(metrics)])

    async def chatty(request: bytes, context: Any) -> bytes:
        structlog.get_logger("servicer").info("inside_handler")
        return b""

    server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler(
                SERVICE, {"Chatty": grpc.unary_unary_rpc_method_handler(chatty)}
            ),
        )
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = channel.unary_unary(f"/{SERVICE}/Chatty")
            await stub(b"", metadata=(("x-request-id", "rid-1"), ("traceparent", TRACEPARENT)))
    finally:
        await server.stop(None)

    (inside,) = json_log.events("inside_handler")
    assert inside["request_id"] == "rid-1"
    assert inside["trace_id"] == TRACE_ID
    assert inside["method"] == f"/{SERVICE}/Chatty"
    # Bindings are cleared when the call ends.
    structlog.get_logger("after").info("after_call")
    (after,) = json_log.events("after_call")
    assert "request_id" not in after
