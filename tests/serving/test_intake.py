"""The intake (serving/intake.py) against a real gateway: requests that do not parse, request
bytes admitted before they are read, streams that stop sending, and the per-connection stream
limit, seen from gRPC clients and from a raw HTTP/2 client."""

from __future__ import annotations

import asyncio
import io
import json
import socket
import struct
import time
from collections.abc import AsyncIterator
from typing import Any

import grpc
import h2.config
import h2.connection
import h2.events
import pytest
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from imaging_samples import padded_png, tiny_png
from prometheus_client import generate_latest

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.emulator import EmulatorConfig
from clova_ocr_gateway.observability import logs
from clova_ocr_gateway.observability.metrics import GatewayMetrics
from clova_ocr_gateway.serving.server import Gateway, start_gateway

SERVICE = "clova.ocr.document.v1.DocumentOcrService"
RECEIPT_METHOD = f"/{SERVICE}/RecognizeReceipt"
KiB = 1024
MiB = 1024 * KiB


async def started(emulator: EmulatorConfig | None = None, **overrides: Any) -> Gateway:
    settings = load_settings({}, host="127.0.0.1", port=0, metrics_port=None, **overrides)
    return await start_gateway(settings, emulator=emulator or EmulatorConfig(port=0))


@pytest.fixture
async def gateway() -> AsyncIterator[Gateway]:
    gw = await started()
    yield gw
    await gw.stop(grace=0.5)


def details(error: grpc.aio.AioRpcError) -> dict[str, Any]:
    status = rpc_status.from_call(error)
    assert status is not None, "no google.rpc.Status in the trailers"
    found: dict[str, Any] = {}
    for detail in status.details:
        for name, kind in (
            ("info", error_details_pb2.ErrorInfo),
            ("retry", error_details_pb2.RetryInfo),
        ):
            if detail.Is(kind.DESCRIPTOR):
                message = kind()
                detail.Unpack(message)
                assert name not in found, f"two {name} details"
                found[name] = message
    return found


def handled(metrics: GatewayMetrics, code: str) -> float:
    value = metrics.registry.get_sample_value(
        "grpc_server_handled_total",
        {
            "grpc_type": "unary",
            "grpc_service": SERVICE,
            "grpc_method": "RecognizeReceipt",
            "grpc_code": code,
        },
    )
    return value or 0.0


def refusals(metrics: GatewayMetrics, reason: str) -> float:
    value = metrics.registry.get_sample_value("clova_ocr_intake_refusals_total", {"reason": reason})
    return value or 0.0


def with_request_id(request_id: bytes) -> bytes:
    """A RecognizeReceiptRequest whose request_id (a proto3 string) holds raw bytes."""
    request = service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=tiny_png()))
    # Field 2, length-delimited: the bytes as they are, UTF-8 or not.
    return request.SerializeToString() + b"\x12" + bytes([len(request_id)]) + request_id


MALFORMED = {
    "truncated-field": b"\x0a\xff\xff\x03abc",  # image claims 65535 bytes, 3 follow
    "bad-wire-type": b"\x0f\x01",  # field 1 with wire type 7, which does not exist
    "invalid-utf8-string": with_request_id(b"call-\xff\xfe-1"),
}


@pytest.mark.parametrize("payload", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_request_that_does_not_parse_is_invalid_argument_with_error_info(
    gateway: Gateway, payload: bytes
) -> None:
    """Once UNKNOWN "Unexpected <class 'google.protobuf.message.DecodeError'>", no ErrorInfo,
    a traceback per call and no count in grpc_server_handled_total."""
    metrics = gateway.metrics
    before = handled(metrics, "INVALID_ARGUMENT")
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        raw = channel.unary_unary(RECEIPT_METHOD)  # bytes in, bytes out: no client parsing
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await raw(payload, timeout=10)
    error = caught.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = details(error)
    assert found["info"].reason == "MALFORMED_REQUEST"
    assert found["info"].domain == "clova-ocr-gateway"
    text = error.details() or ""
    assert "RecognizeReceiptRequest" in text
    assert "DecodeError" not in text and "class" not in text
    assert handled(metrics, "INVALID_ARGUMENT") == before + 1
    assert refusals(metrics, "malformed") >= 1
    assert gateway.intake.budget.used == 0


async def test_malformed_requests_are_logged_once_at_warning_without_traceback(
    gateway: Gateway,
) -> None:
    stream = io.StringIO()
    logs.configure_logging("json", "DEBUG", stream=stream)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
            raw = channel.unary_unary(RECEIPT_METHOD)
            for _ in range(5):
                with pytest.raises(grpc.aio.AioRpcError):
                    await raw(MALFORMED["truncated-field"], timeout=10)
    finally:
        logs.reset_logging()
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    warnings = [r for r in records if r["event"] == "malformed_request"]
    assert len(warnings) == 1, warnings
    assert warnings[0]["level"] == "warning"
    assert warnings[0]["message_type"] == "clova.ocr.document.v1.RecognizeReceiptRequest"
    assert not [r for r in records if "exception" in r or "Traceback" in json.dumps(r)]
    finished = [r for r in records if r["event"] == "rpc_finished"]
    assert [r["grpc_code"] for r in finished] == ["INVALID_ARGUMENT"] * 5


async def test_a_valid_request_still_reaches_clova_through_the_intake(gateway: Gateway) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        raw = channel.unary_unary(RECEIPT_METHOD)
        request = service_pb2.RecognizeReceiptRequest(
            image=image_pb2.Image(content=tiny_png()), request_id="intake-ok"
        )
        answer = service_pb2.RecognizeReceiptResponse.FromString(
            await raw(request.SerializeToString(), timeout=10)
        )
    assert answer.header.request_id == "intake-ok"
    assert gateway.intake.budget.used == 0


async def test_callers_beyond_the_byte_budget_are_refused_with_retry_info_before_being_read() -> (
    None
):
    """Room for one 256 KiB message at a time: while it is held (the emulator takes 1.5 s),
    a second caller waits half its deadline for room, then gets RESOURCE_EXHAUSTED with
    RetryInfo; its bytes were never read."""
    gateway = await started(
        EmulatorConfig(port=0, latency_ms=1500),
        max_receive_message_bytes=256 * KiB,
        max_inflight_bytes=300 * KiB,
        max_image_bytes=200 * KiB,
    )
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
            raw = channel.unary_unary(RECEIPT_METHOD)
            request = service_pb2.RecognizeReceiptRequest(
                image=image_pb2.Image(content=padded_png(150 * KiB))
            ).SerializeToString()
            first = asyncio.ensure_future(raw(request, timeout=10))
            for _ in range(200):  # bounded: 2 s
                if gateway.intake.budget.used:
                    break
                await asyncio.sleep(0.01)
            started_at = time.monotonic()
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await raw(request, timeout=1.0)
            waited = time.monotonic() - started_at
            await first
        error = caught.value
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        found = details(error)
        assert found["info"].reason == "ADMISSION_INFLIGHT_BYTES"
        assert found["retry"].retry_delay.ToTimedelta().total_seconds() > 0
        assert 0.3 < waited < 0.9  # half of its 1 s deadline, not all of it
        assert refusals(gateway.metrics, "inflight_bytes") == 1
        assert gateway.intake.budget.used == 0
        # Counted once, by the intake: admission never sees byte refusals, so its rejection
        # counter has no inflight_bytes series (a dead label is a zero line on every panel).
        exposed = generate_latest(gateway.metrics.registry).decode()
        rejections = [
            line for line in exposed.splitlines() if line.startswith("clova_ocr_admission_rej")
        ]
        assert rejections, "admission rejections are exported from the start"
        assert not [line for line in rejections if 'reason="inflight_bytes"' in line]
    finally:
        await gateway.stop(grace=0.5)


# --- a raw HTTP/2 client: partial gRPC messages, then silence -----------------------------------


class RawHttp2:
    """Just enough of a gRPC client over h2 to announce a message and stop sending."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        self.conn.initiate_connection()
        self.flush()
        self.ended: dict[int, str] = {}
        self.server_max_streams: int | None = None

    def flush(self) -> None:
        self.sock.sendall(self.conn.data_to_send())

    def open_partial(self, announced: int, sent: int) -> int:
        stream = self.conn.get_next_available_stream_id()
        self.conn.send_headers(
            stream,
            [
                (":method", "POST"),
                (":scheme", "http"),
                (":path", RECEIPT_METHOD),
                (":authority", "127.0.0.1"),
                ("content-type", "application/grpc"),
                ("te", "trailers"),
            ],
        )
        self.flush()
        # The 5-byte gRPC prefix announces `announced` bytes; only `sent` follow, within the
        # flow-control window the server granted (read its updates first: earlier streams
        # used up the connection's window).
        give_up = time.monotonic() + 2
        while self.conn.local_flow_control_window(stream) < 16 * KiB:
            assert time.monotonic() < give_up, "the server never opened its window"
            self.pump(time.monotonic() + 0.02)
        sent = min(sent, self.conn.local_flow_control_window(stream) - 5)
        data = b"\x00" + struct.pack(">I", announced) + b"\x07" * sent
        frame = self.conn.max_outbound_frame_size
        for start in range(0, len(data), frame):
            self.conn.send_data(stream, data[start : start + frame])
        self.flush()
        return stream

    def pump(self, until: float) -> None:
        """Read frames until `until` (monotonic) or the server closes the connection."""
        while time.monotonic() < until:
            self.sock.settimeout(max(0.01, until - time.monotonic()))
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                return
            if not data:
                return
            for event in self.conn.receive_data(data):
                if isinstance(event, h2.events.RemoteSettingsChanged):
                    changed = event.changed_settings.get(
                        h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS
                    )
                    if changed is not None:
                        self.server_max_streams = changed.new_value
                elif isinstance(event, h2.events.ResponseReceived | h2.events.TrailersReceived):
                    # An error before any answer is "trailers-only": grpc-status comes in the
                    # response headers.
                    status = dict(event.headers).get(b"grpc-status")
                    if status is not None:
                        self.ended[event.stream_id] = status.decode()
                elif isinstance(event, h2.events.StreamReset):
                    self.ended.setdefault(event.stream_id, f"reset {event.error_code}")
            self.flush()

    def close(self) -> None:
        self.sock.close()


async def test_streams_that_stop_sending_are_ended_after_the_receive_timeout() -> None:
    """The issue's case at small scale: streams on one connection announce 2 MiB, send part of
    it, then fall silent. Each is ended within OCR_RECEIVE_TIMEOUT_SECONDS (those being read
    with DEADLINE_EXCEEDED, those still waiting for room with RESOURCE_EXHAUSTED), the bytes
    they held are released, the metrics count them, and the server announces its limit of
    streams per connection."""
    gateway = await started(
        receive_timeout_seconds=1.0,
        max_receive_message_bytes=3 * MiB,
        max_inflight_bytes=6 * MiB,
        max_concurrent_streams=16,
    )
    client = RawHttp2(gateway.port)
    try:
        streams = [client.open_partial(2 * MiB, 256 * KiB) for _ in range(10)]
        opened = time.monotonic()
        await asyncio.to_thread(client.pump, opened + 0.3)
        assert gateway.intake.budget.used == 6 * MiB  # two being read, each for 3 MiB
        await asyncio.to_thread(client.pump, opened + 3.0)
        assert sorted(client.ended) == streams, client.ended
        codes = list(client.ended.values())
        timed_out = codes.count(str(grpc.StatusCode.DEADLINE_EXCEEDED.value[0]))
        # Those that got room and then waited for bytes in vain time out; those whose time ran
        # out while waiting for room are refused (which of the two a stream gets at the
        # boundary depends on the order the timers fire in).
        assert timed_out >= 2
        assert codes.count(str(grpc.StatusCode.RESOURCE_EXHAUSTED.value[0])) == 10 - timed_out
        assert client.server_max_streams == 16
        assert gateway.intake.budget.used == 0
        metrics = gateway.metrics
        assert refusals(metrics, "receive_timeout") == timed_out
        assert refusals(metrics, "inflight_bytes") == 10 - timed_out
        assert handled(metrics, "DEADLINE_EXCEEDED") == timed_out
        assert handled(metrics, "RESOURCE_EXHAUSTED") == 10 - timed_out
    finally:
        client.close()
        await gateway.stop(grace=0.5)


def test_readme_intake_error_table_is_the_one_in_errors_py() -> None:
    from pathlib import Path

    from clova_ocr_gateway import errors

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    start = text.index("<!-- intake-error-table:start -->") + len(
        "<!-- intake-error-table:start -->"
    )
    end = text.index("<!-- intake-error-table:end -->")
    assert text[start:end].strip() == errors.intake_table_markdown()
