"""Assembles and runs the gateway: grpc.aio server with health and reflection, the shared HTTP
client, secrets, metrics endpoint, (optionally) a plaintext health-only port for probes that
cannot speak TLS (OCR_HEALTH_PORT) and the built-in emulator; drains on SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import signal
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import grpc
import httpx
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova_ocr_gateway import build_info
from clova_ocr_gateway.admission.controller import Admission
from clova_ocr_gateway.admission.memory import (
    ByteBudget,
    container_memory_limit,
    memory_needed_for,
)
from clova_ocr_gateway.admission.permits import PermitSource
from clova_ocr_gateway.admission.permits_local import LocalPermitSource
from clova_ocr_gateway.callers.gate import CallerGate
from clova_ocr_gateway.callers.policy import PiiMode, builtin_policy
from clova_ocr_gateway.callers.policy_source import PolicySource
from clova_ocr_gateway.callers.quotas import QuotaTracker
from clova_ocr_gateway.callers.setup import CallerAuthentication, build_caller_authentication
from clova_ocr_gateway.config.secret_store import SecretManager
from clova_ocr_gateway.config.settings import Settings, with_emulator
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.documents.batch import BatchRunner
from clova_ocr_gateway.documents.reading import DocumentReader, SplitWorkers
from clova_ocr_gateway.domains import DOMAINS, Domain
from clova_ocr_gateway.emulator import EmulatorConfig, RunningEmulator, start_emulator
from clova_ocr_gateway.observability import tracing
from clova_ocr_gateway.observability.interceptors import (
    MetricsAndLoggingInterceptor,
    grpc_type_of,
    grpc_types_of,
)
from clova_ocr_gateway.observability.logs import get_logger, register_secret_value
from clova_ocr_gateway.observability.metrics import GatewayMetrics, MetricsHttpServer
from clova_ocr_gateway.serving.health import (
    LIVENESS,
    OVERALL,
    READINESS,
    HealthServicer,
    domain_health_name,
)
from clova_ocr_gateway.serving.intake import MAX_BUDGET_WAITERS, Intake
from clova_ocr_gateway.serving.reclaim import Reclaimer, freeze_startup_objects, tune_malloc
from clova_ocr_gateway.serving.recognition import Recognizer
from clova_ocr_gateway.serving.reflection import enable_reflection
from clova_ocr_gateway.serving.servicer import DocumentOcrServicer
from clova_ocr_gateway.upstream.client import UpstreamClient, build_http_client

_SERVICE = service_pb2.DESCRIPTOR.services_by_name["DocumentOcrService"]
SERVICE_NAME = _SERVICE.full_name
HEALTH_REFRESH_SECONDS = 1.0
# Before the gRPC server stops, new calls are refused (UNAVAILABLE, retried elsewhere) until
# none has arrived for QUIET_SECONDS, at most QUIESCE_MAX_SECONDS: server.stop() cancels with
# CANCELLED every call that reached the process but not its handler yet (grpc/grpc#41785).
QUIET_SECONDS = 0.1
QUIESCE_MAX_SECONDS = 2.0
# The health port (OCR_HEALTH_PORT) answers probes only: a health request is a service name,
# an answer at most List's dozen names; each connection may hold a few streams (Watch) and
# the port a few dozen calls in all, so it cannot be used to hold memory or tasks.
HEALTH_PORT_MAX_MESSAGE_BYTES = 4 * 1024
HEALTH_PORT_MAX_SEND_BYTES = 64 * 1024
HEALTH_PORT_MAX_STREAMS = 4
HEALTH_PORT_MAX_RPCS = 32
HEALTH_PORT_IDLE_SECONDS = 60

_log = get_logger("clova_ocr_gateway.server")

# What an operator reads when a port cannot be bound, by the errno of the bind.
_BIND_PROBLEMS = {
    errno.EADDRINUSE: "is already in use (another gateway running?); stop that process or choose"
    " another port",
    errno.EACCES: "needs privileges (a port below 1024); choose a port above 1023",
    errno.EADDRNOTAVAIL: "is not an address of this machine; check OCR_HOST",
}


class StartupError(Exception):
    """The gateway cannot start because of its environment (a port in use, ...); the message is
    one line that starts with the setting to change. `serve` prints it and exits 2."""


@dataclass
class Gateway:
    """A running gateway and everything it owns, closed in order by `stop`."""

    settings: Settings
    server: grpc.aio.Server
    port: int
    health: HealthServicer
    http: httpx.AsyncClient
    secrets: SecretManager
    metrics: GatewayMetrics
    recognizer: Recognizer
    intake: Intake
    metrics_server: MetricsHttpServer | None = None
    metrics_port: int | None = None
    health_server: grpc.aio.Server | None = None
    health_port: int | None = None
    emulator: RunningEmulator | None = None
    admission: Admission | None = None
    permits: PermitSource | None = None
    auth: CallerAuthentication | None = None
    gate: CallerGate | None = None
    split_workers: SplitWorkers | None = None
    draining: bool = False
    _health_task: asyncio.Task[None] | None = field(default=None, repr=False)

    async def refresh_health(self) -> None:
        """Publish health: overall/readiness follow draining and domain readiness."""
        usable = {spec.domain: self.recognizer.domain_usable(spec) for spec in REGISTRY.values()}
        serving = health_pb2.HealthCheckResponse.SERVING
        not_serving = health_pb2.HealthCheckResponse.NOT_SERVING
        for domain, ok in usable.items():
            await self.health.set(
                domain_health_name(domain), serving if ok and not self.draining else not_serving
            )
        ready = not self.draining and any(usable.values())
        for name in (OVERALL, SERVICE_NAME, READINESS):
            await self.health.set(name, serving if ready else not_serving)
        await self.health.set(LIVENESS, serving)

    async def _refresh_health_forever(self) -> None:
        while True:
            await asyncio.sleep(HEALTH_REFRESH_SECONDS)
            await self.refresh_health()

    async def _quiesce(self) -> None:
        """Refuse new calls with UNAVAILABLE until none has arrived for QUIET_SECONDS (at most
        QUIESCE_MAX_SECONDS), so the stop finds no call waiting for its handler."""
        self.intake.start_draining()
        limit = time.monotonic() + QUIESCE_MAX_SECONDS
        while time.monotonic() < limit:
            quiet_for = time.monotonic() - self.intake.last_call_started
            if quiet_for >= QUIET_SECONDS:
                return
            await asyncio.sleep(QUIET_SECONDS - quiet_for)

    async def stop(self, grace: float | None = None, drain_delay: float | None = None) -> None:
        """Drain: health NOT_SERVING, keep serving for `drain_delay` so health-checking clients
        move their new calls away, then stop accepting, let in-flight calls finish, close."""
        grace = self.settings.shutdown_grace_seconds if grace is None else grace
        drain_delay = self.settings.drain_delay_seconds if drain_delay is None else drain_delay
        self.draining = True
        if self._health_task is not None:
            self._health_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._health_task
        await self.refresh_health()
        _log.info("draining", grace_seconds=grace, drain_delay_seconds=drain_delay)
        if drain_delay > 0:
            # server.stop() cancels (CANCELLED, not retried) every call that has reached this
            # process but not yet its handler (grpc/grpc#41785), so new calls must have stopped
            # arriving first: clients with client-side health checking leave on NOT_SERVING.
            await asyncio.sleep(drain_delay)
        await self._quiesce()
        await self.server.stop(grace)
        if self.health_server is not None:
            # Probes read NOT_SERVING readiness (and SERVING liveness) until the calls in
            # flight are done; then the port closes with the rest.
            await self.health_server.stop(0)
        self.recognizer.close()
        if self.split_workers is not None:
            self.split_workers.close()
        if self.admission is not None:
            await self.admission.close()
        if self.permits is not None:
            await self.permits.close()
        if self.gate is not None:
            await self.gate.policies.stop()
            await self.gate.quotas.close()
        await self.http.aclose()
        await self.secrets.stop()
        if self.auth is not None:
            await self.auth.stop()
        if self.metrics_server is not None:
            self.metrics_server.close()
        if self.emulator is not None:
            await self.emulator.close()
        # The last calls' spans are still in the batch processor's buffer.
        await asyncio.to_thread(tracing.flush_spans)
        _log.info("stopped")


async def start_gateway(
    settings: Settings,
    *,
    emulator: EmulatorConfig | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    metrics: GatewayMetrics | None = None,
    quota_clock: Callable[[], float] = time.time,
) -> Gateway:
    """Start everything and return once the gRPC port is bound and health is published.

    With `emulator`, the built-in emulator starts first and every domain points at it.
    `quota_clock` (Unix seconds) places calls in the quotas' calendar windows.
    """
    metrics = metrics or GatewayMetrics(
        settings.client_id_allowlist,
        version=build_info.version(),
        git_commit=build_info.git_commit(),
    )
    # Decided now, not at the first call, so a missing OpenTelemetry is reported at start.
    tracing.otel_enabled()
    # First: a bad certificate, JWKS or keys file must stop the start before anything runs.
    auth = build_caller_authentication(settings, metrics)
    # Then the ports: a port in use must stop the start before anything else is running.
    interceptors: list[grpc.aio.ServerInterceptor] = [
        MetricsAndLoggingInterceptor(
            metrics, get_logger("clova_ocr_gateway.rpc"), grpc_types_of(_SERVICE)
        )
    ]
    if auth.interceptor is not None:
        # After the metrics interceptor, so the call's record exists and refusals are counted.
        interceptors.append(auth.interceptor)
    server = grpc.aio.server(interceptors=interceptors, options=server_options(settings))
    port = _add_grpc_port(server, settings, auth.server_credentials())
    # One health state, served on the main port and, with OCR_HEALTH_PORT, on the health port.
    health_servicer = HealthServicer()
    health_server: grpc.aio.Server | None = None
    health_port: int | None = None
    if settings.health_port is not None:
        health_server = grpc.aio.server(
            options=health_server_options(), maximum_concurrent_rpcs=HEALTH_PORT_MAX_RPCS
        )
        health_pb2_grpc.add_HealthServicer_to_server(health_servicer, health_server)
        try:
            health_port = _add_port(
                health_server, settings.host, settings.health_port, "OCR_HEALTH_PORT", None
            )
        except StartupError:
            await server.stop(None)
            raise
    metrics_server: MetricsHttpServer | None = None
    metrics_port: int | None = None
    if settings.metrics_port is not None:
        try:
            metrics_server, metrics_port = await metrics.start_http_server(
                settings.host, settings.metrics_port
            )
        except OSError as exc:
            await server.stop(None)
            if health_server is not None:
                await health_server.stop(None)
            address = f"{settings.host}:{settings.metrics_port}"
            raise StartupError(
                f"OCR_METRICS_PORT (--metrics-port): {_bind_problem(exc, address)}"
                " (0: any free port; OCR_METRICS_PORT=off: no metrics endpoint)"
            ) from None

    running_emulator = None
    if emulator is not None:
        running_emulator = await start_emulator(emulator)
        settings = with_emulator(
            settings,
            {d: running_emulator.url_for(d) for d in Domain},
            {d: running_emulator.secret_for(d) for d in Domain},
        )
    secrets = SecretManager(
        {d: settings.domain(d).secret_source for d in Domain},
        poll_interval=settings.secret_poll_seconds,
        on_reload=lambda domain, ok: _on_secret_reload(secrets, metrics, domain, ok),
    )
    for domain in Domain:
        current = secrets.secret_for(domain)
        if current is not None:
            register_secret_value(current.reveal())
            metrics.set_secret_loaded(domain, time.time())
    await secrets.start()
    http = build_http_client(settings, transport)
    permits = permit_source_for(settings, metrics)
    await permits.start()
    gate = caller_gate_for(settings, metrics, clock=quota_clock)
    await gate.policies.start(settings.secret_poll_seconds)
    await gate.quotas.start()
    admission = Admission(settings, permits, metrics, weight_of=gate.policies.weight)
    recognizer = Recognizer(
        settings, secrets, UpstreamClient(settings, http), admission, metrics, gate=gate
    )
    _check_memory_limit(settings)
    metrics.set_inflight_bytes_limit(settings.max_inflight_bytes)
    budget = ByteBudget(
        settings.max_inflight_bytes,
        max_waiters=MAX_BUDGET_WAITERS,
        on_change=metrics.set_inflight_bytes,
    )
    # Reclaim after about a quarter of the budget was released (a few large images).
    intake = Intake(settings, budget, metrics, Reclaimer(settings.max_inflight_bytes // 4))

    split_workers = SplitWorkers()
    documents = DocumentReader(settings, recognizer, admission, split_workers, metrics)
    batches = BatchRunner(settings, documents)
    generic, handlers = intake.generic_handler(
        _SERVICE, DocumentOcrServicer(recognizer, documents, batches)
    )
    server.add_generic_rpc_handlers((generic,))
    server.add_registered_method_handlers(SERVICE_NAME, handlers)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    if settings.reflection:
        enable_reflection(server, (SERVICE_NAME, health.SERVICE_NAME))
    for method in _SERVICE.methods:
        metrics.init_rpc_method(f"/{SERVICE_NAME}/{method.name}", grpc_type_of(method))
    await server.start()
    if health_server is not None:
        await health_server.start()
    await auth.start()

    gateway = Gateway(
        settings=settings,
        server=server,
        port=port,
        health=health_servicer,
        http=http,
        secrets=secrets,
        metrics=metrics,
        recognizer=recognizer,
        intake=intake,
        metrics_server=metrics_server,
        metrics_port=metrics_port,
        health_server=health_server,
        health_port=health_port,
        emulator=running_emulator,
        admission=admission,
        permits=permits,
        auth=auth,
        gate=gate,
        split_workers=split_workers,
    )
    await gateway.refresh_health()
    gateway._health_task = asyncio.create_task(gateway._refresh_health_forever())
    _log.info(
        "gateway_started",
        port=port,
        metrics_port=gateway.metrics_port,
        health_port=health_port,
        emulator=running_emulator.base_url if running_emulator else None,
        configured_domains=[d.value for d in settings.configured_domains],
        upload_mode=settings.upload_mode,
        tls=auth.tls_mode,
        auth_mode=auth.mode.value,
    )
    return gateway


def caller_gate_for(
    settings: Settings, metrics: GatewayMetrics, *, clock: Callable[[], float] = time.time
) -> CallerGate:
    """The callers policy (OCR_CALLERS_FILE, else allow-all) and quota counting (shared through
    Redis when OCR_REDIS_URL is set)."""
    if settings.callers_file is not None:
        policies = PolicySource(
            settings.callers_file, metrics=metrics, label_allowlist=settings.client_id_allowlist
        )
    else:
        if settings.client_weights:
            _log.warning(
                "deprecated_setting",
                setting="OCR_CLIENT_WEIGHTS",
                detail="set each caller's weight in the callers policy (OCR_CALLERS_FILE)",
            )
        # Without a callers file, results come back as CLOVA sent them only while authentication
        # is off (local use, the emulator quickstart); any authenticated setup masks them.
        pii = PiiMode.RAW if settings.auth_mode == "none" else PiiMode.MASKED
        policies = PolicySource(
            builtin_policy(settings.client_weights, pii),
            metrics=metrics,
            label_allowlist=settings.client_id_allowlist,
        )
    quotas = QuotaTracker(
        redis_url=None if settings.redis_url is None else settings.redis_url.reveal(),
        key_prefix=settings.redis_key_prefix,
        metrics=metrics,
        clock=clock,
    )
    return CallerGate(policies, quotas, metrics)


def _bind_problem(exc: OSError, address: str) -> str:
    problem = _BIND_PROBLEMS.get(exc.errno or 0, f"cannot be bound ({exc.strerror or exc})")
    return f"{address} {problem}"


def _probe_bind(host: str, port: int) -> OSError | None:
    """Bind host:port the way gRPC will (SO_REUSEADDR) and release it: the error gRPC would meet,
    learnt without gRPC's own multi-line log of the failure."""
    try:
        addresses = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        return OSError(errno.EADDRNOTAVAIL, str(exc))
    failures: list[OSError] = []
    for family, kind, proto, _, sockaddr in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(sockaddr)
            except OSError as exc:
                if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                    return exc
                failures.append(exc)
    # gRPC listens on every address it can (say 127.0.0.1 of "localhost" without IPv6).
    return failures[0] if len(failures) == len(addresses) else None


def _add_grpc_port(
    server: grpc.aio.Server, settings: Settings, credentials: grpc.ServerCredentials | None
) -> int:
    """Bind the gRPC port (TLS with `credentials`); a port that cannot be bound is a
    StartupError naming OCR_PORT."""
    return _add_port(server, settings.host, settings.port, "OCR_PORT (--port)", credentials)


def _add_port(
    server: grpc.aio.Server,
    host: str,
    wanted: int,
    setting: str,
    credentials: grpc.ServerCredentials | None,
) -> int:
    """Bind host:wanted (TLS with `credentials`); a StartupError naming `setting` if it cannot
    be bound."""
    address = f"{host}:{wanted}"
    problem = _probe_bind(host, wanted) if wanted else None
    if problem is not None:
        raise StartupError(f"{setting}: {_bind_problem(problem, address)}")
    try:
        if credentials is None:
            port = int(server.add_insecure_port(address))
        else:
            port = int(server.add_secure_port(address, credentials))
    except RuntimeError:  # taken between the probe and now, or refused for a reason gRPC knows
        port = 0
    if port == 0:
        raise StartupError(f"{setting}: gRPC cannot listen on {address} (check OCR_HOST too)")
    return port


def health_server_options() -> list[tuple[str, int]]:
    """The health port's channel arguments: small messages, few streams, idle connections
    closed."""
    return [
        ("grpc.max_receive_message_length", HEALTH_PORT_MAX_MESSAGE_BYTES),
        ("grpc.max_send_message_length", HEALTH_PORT_MAX_SEND_BYTES),
        ("grpc.so_reuseport", 0),
        ("grpc.http2.bdp_probe", 0),
        ("grpc.max_concurrent_streams", HEALTH_PORT_MAX_STREAMS),
        ("grpc.max_connection_idle_ms", HEALTH_PORT_IDLE_SECONDS * 1000),
    ]


def permit_source_for(settings: Settings, metrics: GatewayMetrics | None) -> PermitSource:
    """Permits shared through Redis when OCR_REDIS_URL is set, else counted in this process."""
    limits = {d: settings.domain(d).concurrency_limit for d in Domain}
    if settings.redis_url is None:
        return LocalPermitSource(limits)
    # Imported only when used: a single replica needs neither the module nor a Redis client.
    from clova_ocr_gateway.admission.permits_redis import RedisPermitSource

    return RedisPermitSource(
        settings.redis_url.reveal(),
        limits,
        lease_seconds=settings.redis_lease_seconds,
        key_prefix=settings.redis_key_prefix,
        fallback_limit=settings.redis_fallback_limit,
        metrics=metrics,
    )


def server_options(settings: Settings) -> list[tuple[str, int]]:
    """The grpc.aio server's channel arguments."""
    options = [
        ("grpc.max_receive_message_length", settings.max_receive_message_bytes),
        # An answer carries CLOVA's body (at most OCR_MAX_UPSTREAM_RESPONSE_BYTES) up to three
        # times: typed, as a Struct and byte for byte. It is unrelated to the request limit.
        ("grpc.max_send_message_length", 3 * settings.max_upstream_response_bytes + 1024 * 1024),
        # Two gateways must never silently share a port.
        ("grpc.so_reuseport", 0),
        # Flow control is what holds a sender back until its request is admitted
        # (serving/intake.py): with BDP probing, C-core grows every stream's window and reads
        # whole 20 MiB messages nobody asked for yet; without it a stream that is not being
        # read buffers only its initial window (64 KiB), while a stream being read still opens
        # its window to the whole message (benchmarks/memory_bench.py).
        ("grpc.http2.bdp_probe", 0),
        # Calls one connection may have open at once (each holds at most a stream window
        # until admitted, and a task).
        ("grpc.max_concurrent_streams", settings.max_concurrent_streams),
    ]
    if settings.max_connection_age_seconds > 0:
        # Calls in flight when the age is reached may run as long as an upstream call can.
        grace = max(settings.upstream_timeout_seconds, settings.shutdown_grace_seconds)
        options += [
            ("grpc.max_connection_age_ms", int(settings.max_connection_age_seconds * 1000)),
            ("grpc.max_connection_age_grace_ms", int(grace * 1000)),
        ]
    return options


def _check_memory_limit(settings: Settings) -> None:
    """Warn when the container's memory limit is below what the byte and conversion budgets
    need (docs/deploy.md "Memory"): a burst within the budgets would be OOM-killed."""
    limit = container_memory_limit()
    needed = memory_needed_for(settings.max_inflight_bytes, settings.conversion_memory_bytes)
    if limit is not None and limit < needed:
        _log.warning(
            "memory_limit_below_budgets",
            container_memory_limit_bytes=limit,
            needed_bytes=needed,
            detail="container memory >= 128 MiB + 3 x OCR_MAX_INFLIGHT_BYTES + "
            "OCR_CONVERSION_MEMORY_BYTES; raise the limit or lower the budgets",
        )


def _on_secret_reload(
    secrets: SecretManager, metrics: GatewayMetrics, domain: Domain, ok: bool
) -> None:
    metrics.secret_reload(domain, ok)
    current = secrets.secret_for(domain)
    if ok and current is not None:
        register_secret_value(current.reveal())


async def serve(settings: Settings, *, emulator: EmulatorConfig | None = None) -> int:
    """Run until SIGTERM or SIGINT, then drain within the grace period; returns the exit code."""
    tune_malloc()  # the process's allocator: only the server command changes it
    gateway = await start_gateway(settings, emulator=emulator)
    freeze_startup_objects()
    if not gateway.settings.configured_domains:
        _log.warning(
            "no_domain_configured",
            hint="every call will fail with FAILED_PRECONDITION: set OCR_<DOMAIN>_INVOKE_URL and"
            " OCR_<DOMAIN>_SECRET (or OCR_<DOMAIN>_SECRET_FILE) for the domains to serve, or run"
            " `serve --emulator`",
            variables=[
                f"{info.env_prefix}_INVOKE_URL, {info.env_prefix}_SECRET"
                f" or {info.env_prefix}_SECRET_FILE"
                for info in DOMAINS.values()
            ],
        )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await gateway.stop()
    return 0
