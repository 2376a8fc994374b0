"""OCR_HEALTH_PORT: with TLS on the serving port, Kubernetes' gRPC probes (which cannot speak
TLS) read the same health state in plaintext on a second port that serves grpc.health.v1 only,
needs no credentials, and drains with the server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from clova_ocr_gateway.config.settings import ConfigError, load_settings
from clova_ocr_gateway.emulator import EmulatorConfig
from clova_ocr_gateway.serving.health import LIVENESS, READINESS, domain_health_name
from clova_ocr_gateway.serving.server import HEALTH_PORT_MAX_STREAMS, SERVICE_NAME, start_gateway

from .conftest import StartGateway, receipt_request, stub, tls_channel
from .pki import Authority, SecretMount

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


def _tls_env(tmp_path: Path, authority: Authority, jwks_env: dict[str, str]) -> dict[str, str]:
    server = authority.server_certificate()
    mount = SecretMount(tmp_path / "tls")
    mount.publish({"tls.crt": server.cert_pem, "tls.key": server.key_pem})
    return {
        "OCR_TLS_CERT_FILE": str(mount.path("tls.crt")),
        "OCR_TLS_KEY_FILE": str(mount.path("tls.key")),
        # Every call needs a credential (a service-account token): the health port must not.
        "OCR_AUTH_MODE": "required",
        **jwks_env,
        "OCR_HEALTH_PORT": "0",  # any free port
    }


async def _check(channel: grpc.aio.Channel, service: str) -> int:
    answer = await health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=service), timeout=5
    )
    return int(answer.status)


async def test_plaintext_probes_read_the_health_of_a_tls_gateway_and_nothing_else(
    start_auth_gateway: StartGateway,
    tmp_path: Path,
    authority: Authority,
    jwks_env: dict[str, str],
) -> None:
    gateway = await start_auth_gateway(_tls_env(tmp_path, authority, jwks_env))
    assert gateway.health_port is not None and gateway.health_port not in (0, gateway.port)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.health_port}") as plain:
        for name in ("", READINESS, LIVENESS, SERVICE_NAME):
            assert await _check(plain, name) == SERVING, name
        listed = await health_pb2_grpc.HealthStub(plain).List(
            health_pb2.HealthListRequest(), timeout=5
        )
        assert listed.statuses[READINESS].status == SERVING
        assert domain_health_name(next(iter(gateway.settings.configured_domains))) in (
            listed.statuses
        )
        # The same answers as the TLS port, whose health needs no credential either.
        async with tls_channel(gateway.port, authority.pem) as secure:
            assert await _check(secure, READINESS) == SERVING
        # Only health: the OCR service (and reflection) are not served on this port.
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await stub(plain).RecognizeReceipt(receipt_request(), timeout=5)
        assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED
        reflection = plain.stream_stream(
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"
        )
        assert await reflection(iter([b""]), timeout=5).code() == grpc.StatusCode.UNIMPLEMENTED
        # A message far larger than a health request is refused, not buffered.
        big = health_pb2.HealthCheckRequest(service="x" * (64 * 1024))
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await health_pb2_grpc.HealthStub(plain).Check(big, timeout=5)
        assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    # The serving port itself still refuses plaintext.
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as plain_main:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await _check(plain_main, READINESS)
        assert caught.value.code() == grpc.StatusCode.UNAVAILABLE


async def test_the_health_port_bounds_the_watch_streams_of_one_connection(
    start_auth_gateway: StartGateway,
    tmp_path: Path,
    authority: Authority,
    jwks_env: dict[str, str],
) -> None:
    gateway = await start_auth_gateway(_tls_env(tmp_path, authority, jwks_env))
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.health_port}") as plain:
        health = health_pb2_grpc.HealthStub(plain)
        watches = [
            health.Watch(health_pb2.HealthCheckRequest(service=READINESS))
            for _ in range(HEALTH_PORT_MAX_STREAMS)
        ]
        for watch in watches:  # each open and answered
            assert (await watch.read()).status == SERVING
        # One more waits for a free stream (HTTP/2 MAX_CONCURRENT_STREAMS) instead of being
        # served: it gets no answer within its deadline.
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await health.Check(health_pb2.HealthCheckRequest(service=READINESS), timeout=1)
        assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        watches[0].cancel()
        assert await _check(plain, READINESS) == SERVING
        for watch in watches[1:]:
            watch.cancel()


async def test_the_health_port_turns_not_serving_on_drain_and_closes_with_the_server(
    tmp_path: Path, authority: Authority, jwks_env: dict[str, str]
) -> None:
    settings = load_settings(_tls_env(tmp_path, authority, jwks_env), host="127.0.0.1", port=0)
    gateway = await start_gateway(settings, emulator=EmulatorConfig(port=0))
    port = gateway.health_port
    stopping: asyncio.Future[None] | None = None
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as plain:
            watch = health_pb2_grpc.HealthStub(plain).Watch(
                health_pb2.HealthCheckRequest(service=READINESS)
            )
            assert (await watch.read()).status == SERVING
            # What SIGTERM runs (serving/server.py `serve`), with a drain delay to look into.
            stopping = asyncio.ensure_future(gateway.stop(grace=0.5, drain_delay=1.0))
            assert (await asyncio.wait_for(watch.read(), 5)).status == NOT_SERVING
            assert await _check(plain, READINESS) == NOT_SERVING
            assert await _check(plain, LIVENESS) == SERVING  # a drain is not a restart
            await asyncio.wait_for(stopping, 15)
    finally:
        if stopping is None:
            await gateway.stop(grace=0.5, drain_delay=0)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as after:
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await _check(after, LIVENESS)
        assert caught.value.code() == grpc.StatusCode.UNAVAILABLE


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OCR_HEALTH_PORT": "70000"}, "OCR_HEALTH_PORT"),
        ({"OCR_HEALTH_PORT": "50051", "OCR_PORT": "50051"}, "must differ from OCR_PORT"),
        (
            {"OCR_HEALTH_PORT": "9464", "OCR_METRICS_PORT": "9464"},
            "must differ from OCR_METRICS_PORT",
        ),
    ],
)
def test_a_health_port_that_clashes_or_is_no_port_is_refused_at_start(
    env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_the_health_port_is_off_unless_set() -> None:
    assert load_settings({}).health_port is None
    assert load_settings({"OCR_HEALTH_PORT": "off"}).health_port is None
    assert load_settings({"OCR_HEALTH_PORT": "50052"}).health_port == 50052
