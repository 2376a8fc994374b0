"""A rolling update as one client sees it: two gateway processes behind one client-side
round-robin channel (the setup docs/deploy.md recommends with the headless Service), a steady
stream of calls, SIGTERM to one replica mid-stream. No call may fail: the draining replica turns
NOT_SERVING, keeps serving while health-checking clients move away, finishes what it has and
exits 0; the survivor takes the whole stream.

Why the client health-checks (`healthCheckConfig`) and the gateway waits (OCR_DRAIN_DELAY_SECONDS)
before it stops its gRPC server: `server.stop()` cancels, with CANCELLED, every call that has
reached the process but not yet its handler (grpc/grpc#41785), and clients do not retry
CANCELLED. GOAWAY alone therefore loses a call now and then under a steady stream; new calls
must have stopped arriving before the stop begins."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field

import grpc
import pytest
from imaging_samples import tiny_png
from tests_support import ServerProcess, start_gateway_process

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2

GRACE_SECONDS = 5.0
DRAIN_DELAY_SECONDS = 1.0

# What docs/deploy.md tells clients to use. No retryPolicy on purpose: a retry must not hide a
# call the drain lost.
SERVICE_CONFIG = {
    "loadBalancingConfig": [{"round_robin": {}}],
    "healthCheckConfig": {"serviceName": "readiness"},
}
WORKERS = 8
# A small emulator latency per call, so calls are really in flight when SIGTERM arrives.
LATENCY = (("x-emulator-fault", "latency_ms=50"),)
BEFORE_SECONDS = 1.0  # stream on both replicas before the SIGTERM
AFTER_SECONDS = 1.0  # stream on the survivor alone, after the drained process has exited
CALL_TIMEOUT_SECONDS = 10.0
# Bounds each worker's loop; the stream is stopped by the `done` event long before.
MAX_CALLS_PER_WORKER = 500


@dataclass
class Stream:
    """The calls of the stream, each named by its request_id, by when it started."""

    before_sigterm: list[str] = field(default_factory=list)
    during_drain: list[str] = field(default_factory=list)
    after_exit: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def succeeded(self) -> set[str]:
        return {*self.before_sigterm, *self.during_drain, *self.after_exit}


@pytest.fixture
def replicas() -> Iterator[tuple[ServerProcess, ServerProcess]]:
    env = {
        "OCR_SHUTDOWN_GRACE_SECONDS": str(GRACE_SECONDS),
        "OCR_DRAIN_DELAY_SECONDS": str(DRAIN_DELAY_SECONDS),
    }
    # Each replica has its own emulator; its limit is set above anything the stream can reach,
    # even with every call on the survivor: this test is about draining, not CLOVA's 0025.
    args = ("--emulator", "--emulator-concurrency-limit", str(2 * WORKERS), "--metrics-port", "0")
    with ExitStack() as stack:
        first = stack.enter_context(start_gateway_process(*args, env=env))
        second = stack.enter_context(start_gateway_process(*args, env=env))
        yield first, second


def served(server: ServerProcess) -> dict[str, str]:
    """request_id -> grpc_code of every RecognizeReceipt `rpc_finished` line logged so far."""
    answers: dict[str, str] = {}
    for line in list(server.lines):
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "rpc_finished" and event.get("method", "").endswith(
            "/RecognizeReceipt"
        ):
            answers[event["request_id"]] = event["grpc_code"]
    return answers


async def worker(
    stub: service_grpc.DocumentOcrServiceStub,
    number: int,
    stream: Stream,
    sigterm_sent: asyncio.Event,
    exited: asyncio.Event,
    done: asyncio.Event,
) -> None:
    for n in range(MAX_CALLS_PER_WORKER):
        if done.is_set():
            return
        request_id = f"drain-{number}-{n}"
        phase = (
            stream.after_exit
            if exited.is_set()
            else stream.during_drain
            if sigterm_sent.is_set()
            else stream.before_sigterm
        )
        request = service_pb2.RecognizeReceiptRequest(
            image=image_pb2.Image(content=tiny_png()), request_id=request_id
        )
        try:
            response = await stub.RecognizeReceipt(
                request, metadata=LATENCY, timeout=CALL_TIMEOUT_SECONDS
            )
        except grpc.aio.AioRpcError as error:
            stream.failures.append(f"{request_id}: {error.code().name} {error.details()}")
            continue
        assert response.HasField("receipt"), request_id
        phase.append(request_id)


async def wait_until_logged(request_ids: set[str], servers: tuple[ServerProcess, ...]) -> None:
    """Wait (at most 5 s) until every call's rpc_finished line has been read from the logs."""
    for _ in range(100):
        if request_ids <= set().union(*(served(s) for s in servers)):
            return
        await asyncio.sleep(0.05)


async def test_sigterm_to_one_of_two_round_robin_replicas_fails_no_call_and_exits_zero(
    replicas: tuple[ServerProcess, ServerProcess],
) -> None:
    draining, survivor = replicas
    target = f"ipv4:127.0.0.1:{draining.port},127.0.0.1:{survivor.port}"
    options = [("grpc.service_config", json.dumps(SERVICE_CONFIG))]
    stream = Stream()
    sigterm_sent, exited, done = asyncio.Event(), asyncio.Event(), asyncio.Event()
    async with grpc.aio.insecure_channel(target, options=options) as channel:
        await asyncio.wait_for(channel.channel_ready(), timeout=10)
        stub = service_grpc.DocumentOcrServiceStub(channel)
        workers = [
            asyncio.create_task(worker(stub, n, stream, sigterm_sent, exited, done))
            for n in range(WORKERS)
        ]
        try:
            await asyncio.sleep(BEFORE_SECONDS)
            draining.process.send_signal(signal.SIGTERM)
            sigterm_sent.set()
            exit_code = await asyncio.to_thread(
                draining.process.wait, DRAIN_DELAY_SECONDS + GRACE_SECONDS + 5
            )
            exited.set()
            await asyncio.sleep(AFTER_SECONDS)
        finally:
            done.set()
            await asyncio.wait_for(asyncio.gather(*workers), timeout=CALL_TIMEOUT_SECONDS + 5)

    assert stream.failures == []
    assert exit_code == 0

    assert draining.reader is not None
    draining.reader.join(timeout=5)  # the exited process's last lines are all read
    await wait_until_logged(stream.succeeded(), (draining, survivor))
    by_draining, by_survivor = served(draining), served(survivor)
    assert set(by_draining.values()) <= {"OK"} and set(by_survivor.values()) <= {"OK"}
    # Every call was answered exactly once, by one replica.
    assert not set(by_draining) & set(by_survivor)
    assert stream.succeeded() <= set(by_draining) | set(by_survivor)
    # Round robin spread the stream over both replicas before the SIGTERM...
    assert set(stream.before_sigterm) & set(by_draining)
    assert set(stream.before_sigterm) & set(by_survivor)
    # ...the stream went on while the replica drained, and after it had gone.
    assert stream.during_drain
    assert len(stream.after_exit) >= WORKERS
    assert set(stream.after_exit) <= set(by_survivor)
