"""Traces as an operator gets them: a gateway process with only `OCR_OTEL_ENABLED=true` and
the standard `OTEL_EXPORTER_OTLP_*` variables exports over OTLP/gRPC to a real receiver
(opentelemetry-proto's TraceService on a grpc.aio server started here), and the `traceparent`
CLOVA (the emulator) received names a CLIENT span that was exported."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from imaging_samples import tiny_png
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.trace.v1 import trace_pb2
from tests_support import ServerProcess, start_gateway_process

from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig, RunningEmulator, start_emulator
from clova_ocr_gateway.observability.tracing import parse_traceparent

SERVICE = "clova.ocr.document.v1.DocumentOcrService"
CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
Span = trace_pb2.Span


class Receiver(trace_service_pb2_grpc.TraceServiceServicer):  # type: ignore[misc]
    """An OTLP trace receiver that keeps every span it is sent, with its resource."""

    def __init__(self) -> None:
        self.spans: list[tuple[dict[str, Any], Span]] = []

    async def Export(
        self, request: trace_service_pb2.ExportTraceServiceRequest, context: Any
    ) -> trace_service_pb2.ExportTraceServiceResponse:
        for resource_spans in request.resource_spans:
            resource = attributes(resource_spans.resource.attributes)
            for scope_spans in resource_spans.scope_spans:
                self.spans.extend((resource, span) for span in scope_spans.spans)
        return trace_service_pb2.ExportTraceServiceResponse()


def attributes(values: Any) -> dict[str, Any]:
    """OTLP KeyValues as a dict, each value in the Python type its AnyValue case says."""
    out: dict[str, Any] = {}
    for kv in values:
        case = kv.value.WhichOneof("value")
        out[kv.key] = getattr(kv.value, case) if case else None
    return out


def hex_id(raw: bytes) -> str:
    return raw.hex()


@dataclass
class Setup:
    receiver: Receiver
    emulator: RunningEmulator
    gateway: ServerProcess


@pytest.fixture
async def setup() -> AsyncIterator[Setup]:
    receiver = Receiver()
    server = grpc.aio.server()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(receiver, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    emulator = await start_emulator(EmulatorConfig(port=0))
    env = {
        **emulator.env(),
        "OCR_OTEL_ENABLED": "true",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": f"http://127.0.0.1:{port}",
        "OTEL_SERVICE_NAME": "gateway-under-test",
        "OTEL_BSP_SCHEDULE_DELAY": "100",  # ms: export soon, not every 5 s
        "OCR_RETRY_MAX_ATTEMPTS": "2",
        "OCR_RETRY_INITIAL_BACKOFF_SECONDS": "0.05",
    }
    try:
        with start_gateway_process(env=env) as gateway:
            yield Setup(receiver, emulator, gateway)
    finally:
        await emulator.close()
        await server.stop(None)


async def wait_for_spans(receiver: Receiver, count: int) -> None:
    for _ in range(200):  # bounded: 20 s
        if len(receiver.spans) >= count:
            break
        await asyncio.sleep(0.1)
    assert len(receiver.spans) >= count, [s.name for _, s in receiver.spans]


def children(spans: list[Span], parent: Span, kind: int) -> list[Span]:
    return [
        s
        for s in spans
        if s.parent_span_id == parent.span_id and s.trace_id == parent.trace_id and s.kind == kind
    ]


def request(domain: Domain, content: bytes, name: str = "doc") -> Any:
    return REGISTRY[domain].request_type(image=image_pb2.Image(content=content, name=name))


def test_the_otel_extra_brings_the_exporter_the_gateway_imports() -> None:
    # The gateway imports exactly this module when OCR_OTEL_ENABLED=true (tracing.py).
    from opentelemetry.exporter.otlp.proto.grpc import trace_exporter

    assert trace_exporter.OTLPSpanExporter


async def test_spans_reach_an_otlp_receiver_and_clova_gets_the_client_span_id(
    setup: Setup,
) -> None:
    caller = (("traceparent", f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"),)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{setup.gateway.port}") as channel:
        stub = service_grpc.DocumentOcrServiceStub(channel)
        # 1. A success: server span, a wait for a slot, one attempt.
        await stub.RecognizeReceipt(
            request(Domain.RECEIPT, tiny_png()), metadata=caller, timeout=20
        )
        # 2. CLOVA fails (0500) on every attempt: two attempts, then UNAVAILABLE.
        with pytest.raises(grpc.aio.AioRpcError) as failed:
            await stub.RecognizeNameCard(
                request(Domain.NAME_CARD, tiny_png(), "card emulator-fault=code=0500"),
                timeout=20,
            )
        assert failed.value.code() == grpc.StatusCode.UNAVAILABLE
        # 3. The caller's mistake: no upstream call, and not a server error.
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.RecognizeIdCard(request(Domain.ID_CARD, b"GIF89a"), timeout=20)
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    # 3 server spans, 3 CLIENT spans (1 + 2 attempts), 3 waits for a slot.
    await wait_for_spans(setup.receiver, 9)
    resources = {r["service.name"] for r, _ in setup.receiver.spans}
    assert resources == {"gateway-under-test"}
    spans = [s for _, s in setup.receiver.spans]
    servers = {
        s.name: s for s in spans if s.kind == Span.SPAN_KIND_SERVER and s.name.startswith(SERVICE)
    }
    ok = servers[f"{SERVICE}/RecognizeReceipt"]
    unavailable = servers[f"{SERVICE}/RecognizeNameCard"]
    invalid = servers[f"{SERVICE}/RecognizeIdCard"]

    # The server span continues the caller's trace and is typed as the gRPC conventions say.
    assert hex_id(ok.trace_id) == CALLER_TRACE and hex_id(ok.parent_span_id) == CALLER_SPAN
    server_attributes = attributes(ok.attributes)
    assert server_attributes["rpc.system"] == "grpc"
    assert server_attributes["rpc.service"] == SERVICE
    assert server_attributes["rpc.method"] == "RecognizeReceipt"
    for span, code in ((ok, 0), (unavailable, 14), (invalid, 3)):
        value = [kv.value for kv in span.attributes if kv.key == "rpc.grpc.status_code"]
        assert value == [common_pb2.AnyValue(int_value=code)], span.name
    assert ok.status.code == trace_pb2.Status.STATUS_CODE_UNSET
    assert unavailable.status.code == trace_pb2.Status.STATUS_CODE_ERROR
    assert attributes(unavailable.attributes)["error.type"] == "UNAVAILABLE"
    # A caller's INVALID_ARGUMENT is not a server error.
    assert invalid.status.code == trace_pb2.Status.STATUS_CODE_UNSET
    assert children(spans, invalid, Span.SPAN_KIND_CLIENT) == []

    # One CLIENT span per attempt; the one CLOVA saw last is the last attempt's.
    for server_span, domain, attempts in (
        (ok, Domain.RECEIPT, 1),
        (unavailable, Domain.NAME_CARD, 2),
    ):
        clients = sorted(
            children(spans, server_span, Span.SPAN_KIND_CLIENT),
            key=lambda s: s.start_time_unix_nano,
        )
        assert len(clients) == attempts, server_span.name
        received = parse_traceparent(
            setup.emulator.stats.last_request[domain].headers["traceparent"]
        )
        assert received is not None
        assert received.trace_id == hex_id(server_span.trace_id)
        assert received.span_id == hex_id(clients[-1].span_id)
        assert received.span_id in {hex_id(s.span_id) for s in spans}
        for n, client in enumerate(clients):
            got = attributes(client.attributes)
            assert client.name == "POST"
            assert got["http.request.method"] == "POST"
            assert got["server.address"] == "127.0.0.1"
            assert got["server.port"] == setup.emulator.port
            assert got["url.full"] == setup.emulator.url_for(domain)
            assert got.get("http.request.resend_count") == (n or None)
        waits = children(spans, server_span, Span.SPAN_KIND_INTERNAL)
        assert [w.name for w in waits] == ["admission.wait"] * attempts
    receipt_attempt = children(spans, ok, Span.SPAN_KIND_CLIENT)[0]
    assert attributes(receipt_attempt.attributes)["http.response.status_code"] == 200
    assert receipt_attempt.status.code == trace_pb2.Status.STATUS_CODE_UNSET
    for attempt in children(spans, unavailable, Span.SPAN_KIND_CLIENT):
        got = attributes(attempt.attributes)
        assert got["http.response.status_code"] == 500 and got["error.type"] == "500"
        assert attempt.status.code == trace_pb2.Status.STATUS_CODE_ERROR

    # No secret in any span.
    secret = setup.emulator.secret_for(Domain.RECEIPT)
    assert all(secret not in str(s) for s in spans)
