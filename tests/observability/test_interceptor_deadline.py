"""A handler that answers after its deadline: the caller gets DEADLINE_EXCEEDED from gRPC, and
metrics and `rpc_finished` must say so, not OK (the answer is dropped) nor UNKNOWN (a late
`abort` fails to send and raises)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import pytest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.callcontext import current_call
from clova_ocr_gateway.observability.interceptors import MetricsAndLoggingInterceptor
from clova_ocr_gateway.observability.metrics import GatewayMetrics

from .conftest import CapturedLog

SERVICE = "test.v1.Late"


def _hold_the_loop_past_the_deadline(context: Any) -> None:
    """Block the event loop (as a busy gateway would) until the call's deadline has passed,
    so gRPC cannot cancel the handler before it answers. Bounded: at most 5 s.

    It holds a while past the deadline: the caller's deadline timer runs on gRPC's own threads,
    and on a loaded machine it may fire late; an answer sent right at the deadline could then
    reach the caller first and the test would see the handler's status instead."""
    for _ in range(500):
        if context.time_remaining() <= -0.3:
            return
        time.sleep(0.01)
    raise AssertionError("the deadline never passed")


async def _late_abort(request: bytes, context: Any) -> bytes:
    current_call().domain = Domain.RECEIPT
    _hold_the_loop_past_the_deadline(context)
    await context.abort(grpc.StatusCode.UNAVAILABLE, "too late")
    raise AssertionError("abort returned")


async def _late_answer(request: bytes, context: Any) -> bytes:
    current_call().domain = Domain.RECEIPT
    _hold_the_loop_past_the_deadline(context)
    return b"too late"


HANDLERS: dict[str, Callable[[bytes, Any], Awaitable[bytes]]] = {
    "LateAbort": _late_abort,
    "LateAnswer": _late_answer,
}


@pytest.mark.parametrize("method", sorted(HANDLERS))
async def test_answer_after_the_deadline_is_recorded_as_deadline_exceeded(
    json_log: CapturedLog, method: str
) -> None:
    metrics = GatewayMetrics(process_metrics=False)
    server = grpc.aio.server(interceptors=[MetricsAndLoggingInterceptor(metrics)])
    server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler(
                SERVICE,
                {name: grpc.unary_unary_rpc_method_handler(h) for name, h in HANDLERS.items()},
            ),
        )
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    labels = {"grpc_type": "unary", "grpc_service": SERVICE, "grpc_method": method}
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await channel.unary_unary(f"/{SERVICE}/{method}")(b"ping", timeout=0.2)
            assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
            # The caller stops waiting at its deadline; the handler finishes a little later.
            for _ in range(250):  # bounded: 5 s
                if json_log.events("rpc_finished"):
                    break
                await asyncio.sleep(0.02)
    finally:
        await server.stop(None)

    def handled(code: str) -> float | None:
        return metrics.registry.get_sample_value(
            "grpc_server_handled_total", {**labels, "grpc_code": code}
        )

    assert handled("DEADLINE_EXCEEDED") == 1
    assert handled("OK") == 0
    assert handled("UNKNOWN") == 0
    assert handled("UNAVAILABLE") == 0
    assert metrics.registry.get_sample_value("grpc_server_msg_sent_total", labels) == 0
    (line,) = json_log.events("rpc_finished")
    assert line["grpc_code"] == "DEADLINE_EXCEEDED"
    assert line["level"] == "warning"
    assert "exception" not in line  # no traceback: nothing in the gateway is broken
