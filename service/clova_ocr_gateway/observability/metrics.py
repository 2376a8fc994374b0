"""Prometheus metrics of the gateway, each `GatewayMetrics` owning its own registry.

Callers use the typed methods below, never raw metric objects, so every label value is
normalised into a closed set here and the number of series stays bounded whatever comes in.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import grpc
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
    make_wsgi_app,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.errors import UPSTREAM_RULES

__all__ = [
    "AUTH_CREDENTIALS",
    "AUTH_FAILURE_REASONS",
    "AUTH_FILES",
    "CLOVA_CODES",
    "DOCUMENT_OUTCOMES",
    "GRPC_CODE_NAMES",
    "HANDLING_BUCKETS",
    "INFER_RESULTS",
    "INTAKE_REFUSAL_REASONS",
    "METRICS_MAX_CONNECTIONS",
    "METRICS_READ_TIMEOUT_SECONDS",
    "REJECTION_REASONS",
    "RETRY_REASONS",
    "CircuitState",
    "GatewayMetrics",
    "MetricsHttpServer",
    "normalize_clova_code",
    "normalize_grpc_code",
    "normalize_http_status",
    "split_full_method",
]

# OCR calls take 1-10 s typically and the upstream timeout is 60 s, so the buckets are dense
# around the 10 s SLO threshold and stop at the timeout.
HANDLING_BUCKETS: tuple[float, ...] = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.0,
    3.0,
    5.0,
    7.5,
    10.0,
    15.0,
    20.0,
    30.0,
    45.0,
    60.0,
)
QUEUE_WAIT_BUCKETS: tuple[float, ...] = (
    0.001,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
    20.0,
    30.0,
    60.0,
)

# The codes documented by CLOVA OCR (the rows of the error table); anything else collapses to
# "other".
CLOVA_CODES: frozenset[str] = frozenset(UPSTREAM_RULES)
INFER_RESULTS: frozenset[str] = frozenset({"SUCCESS", "FAILURE", "ERROR"})
# Why admission (admission/controller.py) refused a call of a known domain. Byte refusals
# happen earlier, before the domain is known: INTAKE_REFUSAL_REASONS below.
REJECTION_REASONS: frozenset[str] = frozenset(
    {"queue_full", "deadline", "circuit_open", "redis_unavailable"}
)
# Why the intake ended a call before the servicer saw it (serving/intake.py).
INTAKE_REFUSAL_REASONS: frozenset[str] = frozenset(
    {"inflight_bytes", "receive_timeout", "malformed", "draining"}
)
# Why the upstream client retried; unknown reasons collapse to "other".
RETRY_REASONS: frozenset[str] = frozenset(
    {
        "timeout",
        "connect_error",
        "connection_lost",
        "http_429",
        "http_5xx",
        "clova_0025",
        "clova_0500",
        "clova_0501",
    }
)
# Authentication (callers/): why a credential was refused, what was presented, which watched
# file was re-read. Closed sets; anything else is a programming error.
AUTH_FAILURE_REASONS: frozenset[str] = frozenset({"missing", "invalid", "expired"})
AUTH_CREDENTIALS: frozenset[str] = frozenset(
    {"none", "client_certificate", "service_account_token", "api_key", "malformed"}
)
AUTH_FILES: frozenset[str] = frozenset({"tls", "jwks", "api_keys"})
# How a document (RecognizeDocument, or one BatchRecognize item) ended: every page read ("ok"),
# some pages failed ("partial"), every page failed ("failed"), refused as a whole before any
# CLOVA call ("invalid"), ended by an error that concerns every page ("aborted"), or the caller
# went away ("cancelled").
DOCUMENT_OUTCOMES: frozenset[str] = frozenset(
    {"ok", "partial", "failed", "invalid", "aborted", "cancelled"}
)
# Pages per document: dense where most documents are (1-5), up to OCR_MAX_DOCUMENT_PAGES'
# default (more lands in +Inf). Few buckets: every domain's series exist from start-up, and a
# scrape stays under a thousand samples (tests/integration/test_prometheus_server.py).
DOCUMENT_PAGE_BUCKETS: tuple[float, ...] = (1, 2, 3, 5, 10, 20, 50, 100)
_ALERTED_UPSTREAM_OUTCOMES = (("401", "0002"), ("400", "0023"), ("400", "0025"))
GRPC_CODE_NAMES: tuple[str, ...] = tuple(c.name for c in grpc.StatusCode)
_GRPC_CODE_BY_VALUE: dict[int, str] = {c.value[0]: c.name for c in grpc.StatusCode}

_DOMAIN_VALUES: frozenset[str] = frozenset(d.value for d in Domain)
_OTHER = "other"
_NONE = "none"


class CircuitState(enum.IntEnum):
    """Circuit breaker state as exported by `clova_ocr_circuit_breaker_state`."""

    CLOSED = 0
    HALF_OPEN = 1
    OPEN = 2


# Bounds the labels() children cache (GatewayMetrics._child): the label sets are closed, so
# this is only a guard against a bug minting values.
_MAX_CACHED_CHILDREN = 4096


def _domain_label(domain: Domain | str) -> str:
    if isinstance(domain, Domain):
        return domain.value
    if domain in _DOMAIN_VALUES:
        return domain
    # A bad domain is a programming error, and letting it through would mint new series.
    raise ValueError(f"unknown domain {domain!r}")


def _scope_label(scope: str) -> str:
    """A quota's domain label: a domain value, or "*" for a quota over all domains."""
    return scope if scope == "*" else _domain_label(scope)


def normalize_clova_code(code: str | int | None) -> str:
    """Map a CLOVA `code` to its label: itself if documented, "none" if absent, else "other"."""
    if code is None:
        return _NONE
    if isinstance(code, int):
        code = f"{code:04d}" if code >= 0 else str(code)
    code = code.strip()
    if not code:
        return _NONE
    return code if code in CLOVA_CODES else _OTHER


def normalize_http_status(status: int | None) -> str:
    """Map an HTTP status to its label: "none" when no answer arrived (connect error, timeout)."""
    if status is None:
        return _NONE
    return str(status) if 100 <= status <= 599 else _OTHER


def normalize_grpc_code(code: grpc.StatusCode | int | str | None) -> str:
    """Canonical name (OK, INVALID_ARGUMENT, ...) of a status code in any of its forms."""
    if code is None:
        return "OK"
    if isinstance(code, grpc.StatusCode):
        return str(code.name)
    if isinstance(code, int):
        return _GRPC_CODE_BY_VALUE.get(code, "UNKNOWN")
    name = code.upper()
    return name if name in GRPC_CODE_NAMES else "UNKNOWN"


# Cached: every RPC splits its method for each of its metrics; the methods are few.
@functools.lru_cache(maxsize=256)
def split_full_method(full_method: str) -> tuple[str, str]:
    """Split "/pkg.Service/Method" into ("pkg.Service", "Method")."""
    parts = full_method.split("/")
    if len(parts) != 3 or parts[0] or not parts[1] or not parts[2]:
        raise ValueError(f"not a gRPC method path: {full_method!r}")
    return parts[1], parts[2]


def _infer_result_label(result: str | None) -> str:
    if result is None:
        return _OTHER
    result = result.upper()
    return result if result in INFER_RESULTS else _OTHER


class _SecretAgeCollector(Collector):
    """Computes `clova_ocr_secret_age_seconds` at scrape time from the last successful load."""

    _NAME = "clova_ocr_secret_age_seconds"
    _HELP = "Seconds since the domain's secret was last loaded successfully."

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last_success: dict[str, float] = {}

    def set_last_success(self, domain: str, unix_ts: float) -> None:
        with self._lock:
            self._last_success[domain] = unix_ts

    def describe(self) -> Iterable[Metric]:
        return [GaugeMetricFamily(self._NAME, self._HELP, labels=["domain"])]

    def collect(self) -> Iterable[Metric]:
        family = GaugeMetricFamily(self._NAME, self._HELP, labels=["domain"])
        with self._lock:
            items = sorted(self._last_success.items())
        now = time.time()
        for domain, ts in items:
            family.add_metric([domain], max(0.0, now - ts))
        return [family]


_QuotaSeries = tuple[str, str, str]  # caller, domain ("*" for all), per


class _QuotaUsageCollector(Collector):
    """`clova_ocr_caller_quota_used` and `_limit`, computed at scrape time: a window that has
    ended reads 0 used, so a quota that reset never keeps an alert firing."""

    _USED = "clova_ocr_caller_quota_used"
    _LIMIT = "clova_ocr_caller_quota_limit"
    _LABELS = ("caller", "domain", "per")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # series -> (window end, used, limit)
        self._usage: dict[_QuotaSeries, tuple[float, int, int]] = {}

    def observe(self, series: _QuotaSeries, window_end: float, used: int, limit: int) -> None:
        with self._lock:
            seen = self._usage.get(series)
            if seen is not None and seen[0] == window_end:
                # "other" stands for many callers: it shows the highest use among them.
                used = max(used, seen[1])
            self._usage[series] = (window_end, used, limit)

    def _families(self) -> tuple[GaugeMetricFamily, GaugeMetricFamily]:
        return (
            GaugeMetricFamily(
                self._USED,
                "Billable calls counted against a caller's quota in the current window "
                "(caller 'other': the highest among callers the policy does not name).",
                labels=self._LABELS,
            ),
            GaugeMetricFamily(
                self._LIMIT, "A caller's quota of billable calls per window.", labels=self._LABELS
            ),
        )

    def describe(self) -> Iterable[Metric]:
        return self._families()

    def collect(self) -> Iterable[Metric]:
        used_family, limit_family = self._families()
        now = time.time()
        with self._lock:
            items = sorted(self._usage.items())
        for series, (end, used, limit) in items:
            used_family.add_metric(list(series), used if now < end else 0)
            limit_family.add_metric(list(series), limit)
        return [used_family, limit_family]


# The /metrics port serves a scraper or two; a thread per connection is fine as long as neither
# the number of connections nor the time one may take to send its request is unbounded (a
# half-sent request would otherwise pin its thread forever).
METRICS_MAX_CONNECTIONS = 16
METRICS_READ_TIMEOUT_SECONDS = 5.0


class _BoundedHandler(WSGIRequestHandler):
    """A request handler whose socket reads time out, and which logs nothing."""

    def setup(self) -> None:
        # StreamRequestHandler.setup applies `timeout` to the socket: every read then raises
        # TimeoutError after that long, which ends the connection and frees the thread.
        self.request.settimeout(getattr(self.server, "read_timeout", None))
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        """Scrapes are not logged (one line per scrape would drown the gateway's own)."""


class _BoundedWSGIServer(ThreadingMixIn, WSGIServer):
    """Thread per connection, at most `max_connections` at once: a connection beyond that is
    closed at once instead of getting a thread."""

    daemon_threads = True
    max_connections = METRICS_MAX_CONNECTIONS
    read_timeout = METRICS_READ_TIMEOUT_SECONDS

    def server_activate(self) -> None:
        super().server_activate()
        self._slots = threading.BoundedSemaphore(self.max_connections)
        self.refused_connections = 0

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            self.refused_connections += 1
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A timed-out or reset scrape connection is the client's business: no traceback."""


def _serve_metrics(
    host: str,
    port: int,
    registry: CollectorRegistry,
    max_connections: int,
    read_timeout: float,
) -> tuple[WSGIServer, threading.Thread]:
    # As prometheus_client does: the first address the name resolves to picks the family.
    family, _, _, _, sockaddr = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]

    class Server(_BoundedWSGIServer):
        address_family = family

    Server.max_connections = max_connections
    Server.read_timeout = read_timeout
    httpd = make_server(
        str(sockaddr[0]), port, make_wsgi_app(registry), Server, handler_class=_BoundedHandler
    )
    thread = threading.Thread(target=httpd.serve_forever, name="metrics-http", daemon=True)
    thread.start()
    return httpd, thread


class _CircuitStateCollector(Collector):
    """`clova_ocr_circuit_breaker_state`, asked of each domain's breaker at scrape time.

    A gauge set on transitions would only move when a call comes in: after the cool-down an
    idle domain would read "open" for as long as nobody called it, and the alert would fire
    for it. Asking at scrape time shows the elapsed cool-down as half-open.
    """

    _NAME = "clova_ocr_circuit_breaker_state"
    _HELP = (
        "Circuit breaker state per domain at scrape time: 0 closed, 1 half-open (cool-down "
        "over, the next call probes CLOVA), 2 open."
    )

    def __init__(self) -> None:
        self._fixed: dict[str, CircuitState] = {v: CircuitState.CLOSED for v in _DOMAIN_VALUES}
        self._watched: dict[str, Callable[[], CircuitState]] = {}

    def set(self, domain: str, state: CircuitState) -> None:
        self._fixed[domain] = state

    def watch(self, domain: str, state: Callable[[], CircuitState]) -> None:
        self._watched[domain] = state

    def describe(self) -> Iterable[Metric]:
        return [GaugeMetricFamily(self._NAME, self._HELP, labels=["domain"])]

    def collect(self) -> Iterable[Metric]:
        family = GaugeMetricFamily(self._NAME, self._HELP, labels=["domain"])
        watched = dict(self._watched)
        for domain in sorted(self._fixed):
            source = watched.get(domain)
            state = source() if source is not None else self._fixed[domain]
            family.add_metric([domain], int(state))
        return [family]


class _Registry(CollectorRegistry):
    """A registry that exports no `*_created` series.

    prometheus_client adds a `<name>_created` sample (the Unix time the series was born) to
    every counter, histogram and summary series: a third of the scrape, which neither the
    rules nor the dashboard read. Its switch (`disable_created_metrics()`) is global to the
    process; dropping them here keeps the choice to this registry.
    """

    def collect(self) -> Iterator[Metric]:
        for metric in super().collect():
            if metric.type in _CREATED_TYPES:
                # Each collect() builds fresh Metric objects, so trimming in place is safe.
                metric.samples = [s for s in metric.samples if not s.name.endswith("_created")]
            yield metric


_CREATED_TYPES = frozenset({"counter", "histogram", "summary", "gaugehistogram"})


@dataclass(slots=True)
class MetricsHttpServer:
    """A running `/metrics` HTTP server; `stop()` shuts it down and frees the port."""

    host: str
    port: int
    _server: WSGIServer
    _thread: threading.Thread

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    async def stop(self) -> None:
        # shutdown() blocks until the serving thread notices, so keep it off the event loop.
        await asyncio.to_thread(self.close)


class GatewayMetrics:
    """Every metric the gateway exports, in a private registry (several servers per process)."""

    def __init__(
        self,
        client_id_allowlist: frozenset[str] = frozenset(),
        *,
        version: str = "unknown",
        git_commit: str = "unknown",
        process_metrics: bool = True,
    ) -> None:
        self._allowlist = frozenset(client_id_allowlist)
        # labels() children of the per-call metrics by (metric, label values): labels() checks
        # and converts its arguments and takes a lock on every call (~3.5 us each, a dozen per
        # call); the values come from closed sets and no series is ever removed.
        self._children: dict[tuple[object, tuple[str, ...]], Any] = {}
        self._registry: CollectorRegistry = _Registry()
        reg = self._registry
        if process_metrics:
            ProcessCollector(registry=reg)
            PlatformCollector(registry=reg)
            GCCollector(registry=reg)

        rpc_labels = ("grpc_type", "grpc_service", "grpc_method")
        self._rpc_started = Counter(
            "grpc_server_started",
            "Total number of RPCs started on the server.",
            rpc_labels,
            registry=reg,
        )
        self._rpc_handled = Counter(
            "grpc_server_handled",
            "Total number of RPCs completed on the server, regardless of success or failure.",
            (*rpc_labels, "grpc_code"),
            registry=reg,
        )
        self._rpc_seconds = Histogram(
            "grpc_server_handling_seconds",
            "Histogram of response latency (seconds) of gRPC that had been application-level "
            "handled by the server.",
            rpc_labels,
            buckets=HANDLING_BUCKETS,
            registry=reg,
        )
        self._rpc_msg_received = Counter(
            "grpc_server_msg_received",
            "Total number of RPC stream messages received on the server.",
            rpc_labels,
            registry=reg,
        )
        self._rpc_msg_sent = Counter(
            "grpc_server_msg_sent",
            "Total number of gRPC stream messages sent by the server.",
            rpc_labels,
            registry=reg,
        )

        self._upstream_requests = Counter(
            "clova_ocr_upstream_requests",
            "HTTP calls to CLOVA OCR by outcome (http_status 'none': no answer; clova_code "
            "'none': absent, 'other': undocumented).",
            ("domain", "http_status", "clova_code"),
            registry=reg,
        )
        self._upstream_seconds = Histogram(
            "clova_ocr_upstream_request_duration_seconds",
            "Duration of one HTTP call to CLOVA OCR, including timeouts.",
            ("domain",),
            buckets=HANDLING_BUCKETS,
            registry=reg,
        )
        self._upstream_retries = Counter(
            "clova_ocr_upstream_retries",
            "Retries of upstream calls, by reason.",
            ("domain", "reason"),
            registry=reg,
        )
        self._circuit_state = _CircuitStateCollector()
        reg.register(self._circuit_state)
        self._infer_results = Counter(
            "clova_ocr_infer_results",
            "inferResult of images[0] in CLOVA answers (SUCCESS, FAILURE, ERROR, other).",
            ("domain", "infer_result"),
            registry=reg,
        )
        self._upstream_sent_bytes = Counter(
            "clova_ocr_upstream_sent_bytes",
            "Request body bytes sent to CLOVA OCR.",
            ("domain",),
            registry=reg,
        )

        self._admission_inflight = Gauge(
            "clova_ocr_admission_inflight",
            "Upstream calls currently holding an admission slot.",
            ("domain",),
            registry=reg,
        )
        self._admission_limit = Gauge(
            "clova_ocr_admission_limit",
            "Admission slots (maximum concurrent upstream calls).",
            ("domain",),
            registry=reg,
        )
        self._admission_queue_length = Gauge(
            "clova_ocr_admission_queue_length",
            "Requests waiting for an admission slot.",
            ("domain",),
            registry=reg,
        )
        self._admission_queue_capacity = Gauge(
            "clova_ocr_admission_queue_capacity",
            "Maximum number of requests allowed to wait for a slot (0: no queue).",
            ("domain",),
            registry=reg,
        )
        self._admission_queue_wait = Histogram(
            "clova_ocr_admission_queue_wait_seconds",
            "Time spent waiting for an admission slot (admitted requests only).",
            ("domain",),
            buckets=QUEUE_WAIT_BUCKETS,
            registry=reg,
        )
        self._admission_rejections = Counter(
            "clova_ocr_admission_rejections",
            "Requests refused by admission control, by reason.",
            ("domain", "reason"),
            registry=reg,
        )
        # 0 by default, so replicas without a shared store (no Redis) never look degraded.
        self._admission_degraded = Gauge(
            "clova_ocr_admission_degraded",
            "1 while the shared permit store (Redis) is unreachable and admission runs on the "
            "local fallback limit (OCR_REDIS_FALLBACK_LIMIT per domain).",
            registry=reg,
        )

        self._inflight_bytes = Gauge(
            "clova_ocr_inflight_bytes",
            "Request bytes held or reserved for messages being received (OCR_MAX_INFLIGHT_BYTES "
            "bounds it).",
            registry=reg,
        )
        self._inflight_bytes_limit = Gauge(
            "clova_ocr_inflight_bytes_limit",
            "OCR_MAX_INFLIGHT_BYTES: the most request bytes held at once.",
            registry=reg,
        )
        self._intake_refusals = Counter(
            "clova_ocr_intake_refusals",
            "Calls ended before their request was handed to the servicer, by reason "
            "(inflight_bytes, receive_timeout, malformed, draining).",
            ("reason",),
            registry=reg,
        )
        for reason in INTAKE_REFUSAL_REASONS:
            self._intake_refusals.labels(reason)

        self._billable_calls = Counter(
            "clova_ocr_billable_calls",
            "Calls CLOVA accepted and charges for (every HTTP 200 answer).",
            ("domain",),
            registry=reg,
        )

        self._image_conversions = Counter(
            "clova_ocr_image_conversions",
            "Images the gateway converted before the call to CLOVA (formats CLOVA does not "
            "read, or an EXIF rotation applied), by source and sent format.",
            ("from_format", "to_format"),
            registry=reg,
        )

        self._secret_reloads = Counter(
            "clova_ocr_secret_reloads",
            "Successful re-reads of a domain's secret file.",
            ("domain",),
            registry=reg,
        )
        self._secret_reload_failures = Counter(
            "clova_ocr_secret_reload_failures",
            "Failed re-reads of a domain's secret file (the previous secret stays in use).",
            ("domain",),
            registry=reg,
        )
        self._secret_last_success = Gauge(
            "clova_ocr_secret_last_success_timestamp_seconds",
            "Unix time of the last successful load of the domain's secret.",
            ("domain",),
            registry=reg,
        )
        self._secret_last_ok = Gauge(
            "clova_ocr_secret_last_reload_success",
            "1 if the last re-read of the domain's secret file succeeded (or none failed yet).",
            ("domain",),
            registry=reg,
        )
        self._secret_age = _SecretAgeCollector()
        reg.register(self._secret_age)

        # Callers (OCR_CALLERS_FILE): `caller` is an id the policy file names, or "other".
        self._caller_billable_calls = Counter(
            "clova_ocr_caller_billable_calls",
            "Billable calls (HTTP 200 from CLOVA) per caller.",
            ("caller", "domain"),
            registry=reg,
        )
        self._caller_permission_denials = Counter(
            "clova_ocr_caller_permission_denials",
            "Calls refused with PERMISSION_DENIED: the caller may not call the domain.",
            ("caller", "domain"),
            registry=reg,
        )
        self._caller_quota_rejections = Counter(
            "clova_ocr_caller_quota_rejections",
            "Calls refused with RESOURCE_EXHAUSTED because a caller's quota is used up "
            "(domain '*': a quota over all domains).",
            ("caller", "domain", "per"),
            registry=reg,
        )
        self._quota_usage = _QuotaUsageCollector()
        reg.register(self._quota_usage)
        # 0 by default, so replicas without Redis never look degraded.
        self._quota_degraded = Gauge(
            "clova_ocr_quota_degraded",
            "1 while the shared quota store (Redis) is unreachable and each replica counts "
            "callers' quotas alone.",
            registry=reg,
        )
        self._callers_policy_reloads = Counter(
            "clova_ocr_callers_policy_reloads",
            "Successful re-reads of the callers policy file (OCR_CALLERS_FILE).",
            registry=reg,
        )
        self._callers_policy_reload_failures = Counter(
            "clova_ocr_callers_policy_reload_failures",
            "Failed re-reads of the callers policy file (the previous policy stays in force).",
            registry=reg,
        )
        self._callers_policy_last_ok = Gauge(
            "clova_ocr_callers_policy_last_reload_success",
            "1 if the last re-read of the callers policy file succeeded (or none failed yet).",
            registry=reg,
        )
        self._callers_policy_last_ok.set(1)
        self._document_pages = Histogram(
            "clova_ocr_document_pages",
            "Pages read per document (RecognizeDocument, or one BatchRecognize item), each its "
            "own CLOVA call.",
            ("domain",),
            buckets=DOCUMENT_PAGE_BUCKETS,
            registry=reg,
        )
        self._documents = Counter(
            "clova_ocr_documents",
            "RecognizeDocument calls by outcome (ok, partial, failed, invalid, aborted, "
            "cancelled).",
            ("domain", "outcome"),
            registry=reg,
        )
        self._batch_items = Counter(
            "clova_ocr_batch_items",
            "BatchRecognize items by outcome (as clova_ocr_documents_total).",
            ("domain", "outcome"),
            registry=reg,
        )

        self._requests_by_client = Counter(
            "clova_ocr_requests_by_client",
            "Requests per caller (x-client-id if allow-listed, else 'other').",
            ("domain", "client"),
            registry=reg,
        )

        self._auth_failures = Counter(
            "clova_ocr_auth_failures",
            "Calls refused by authentication (UNAUTHENTICATED), by reason (missing, invalid, "
            "expired) and by what the caller presented.",
            ("reason", "credential"),
            registry=reg,
        )
        self._auth_file_reloads = Counter(
            "clova_ocr_auth_file_reloads",
            "Re-reads of a changed TLS, JWKS or API keys file; result 'error' keeps the "
            "previous content in use.",
            ("file", "result"),
            registry=reg,
        )
        self._tls_certificate_expiry = Gauge(
            "clova_ocr_tls_certificate_expiry_timestamp_seconds",
            "Unix time when the served TLS certificate expires (0 without TLS).",
            registry=reg,
        )
        for reason in AUTH_FAILURE_REASONS:
            for credential in AUTH_CREDENTIALS:
                self._auth_failures.labels(reason, credential)
        for name in AUTH_FILES:
            for result in ("ok", "error"):
                self._auth_file_reloads.labels(name, result)

        self._build_info = Gauge(
            "clova_ocr_build_info",
            "Always 1; labels carry the build's version and git commit.",
            ("version", "git_commit"),
            registry=reg,
        )
        self._build_info.labels(version=version, git_commit=git_commit).set(1)

        # Zero-valued series for every domain, so rate() and absent() work from the first scrape.
        for d in Domain:
            v = d.value
            self._upstream_sent_bytes.labels(domain=v)
            self._billable_calls.labels(domain=v)
            self._admission_inflight.labels(domain=v)
            self._admission_limit.labels(domain=v)
            self._admission_queue_length.labels(domain=v)
            self._admission_queue_capacity.labels(domain=v)
            self._secret_reloads.labels(domain=v)
            self._secret_reload_failures.labels(domain=v)
            self._secret_last_ok.labels(domain=v).set(1)
            for reason in REJECTION_REASONS:
                self._admission_rejections.labels(v, reason)
            self._document_pages.labels(domain=v)
            for outcome in DOCUMENT_OUTCOMES:
                self._documents.labels(v, outcome)
                self._batch_items.labels(v, outcome)
            # The codes alerts fire on, with their documented HTTP status: a counter series born
            # at 1 would hide its first increment from increase().
            for status, code in _ALERTED_UPSTREAM_OUTCOMES:
                self._upstream_requests.labels(v, status, code)

    # ----------------------------------------------------------------- registry and export

    @property
    def registry(self) -> CollectorRegistry:
        return self._registry

    @property
    def client_id_allowlist(self) -> frozenset[str]:
        return self._allowlist

    def render(self) -> bytes:
        """The registry in Prometheus text exposition format."""
        return generate_latest(self._registry)

    async def start_http_server(
        self,
        host: str,
        port: int,
        *,
        max_connections: int = METRICS_MAX_CONNECTIONS,
        read_timeout: float = METRICS_READ_TIMEOUT_SECONDS,
    ) -> tuple[MetricsHttpServer, int]:
        """Serve `/metrics` for this registry on host:port (0: any free port) in a thread per
        connection, at most `max_connections` at once, each read bounded by `read_timeout`."""
        # Threads keep scrapes answering even while the event loop is busy or stuck.
        server, thread = await asyncio.to_thread(
            _serve_metrics, host, port, self._registry, max_connections, read_timeout
        )
        bound = int(server.server_port)
        return MetricsHttpServer(host, bound, server, thread), bound

    def _child(self, metric: Any, *values: str) -> Any:
        """`metric.labels(*values)`, looked up once per series."""
        key = (metric, values)
        child = self._children.get(key)
        if child is None:
            child = metric.labels(*values)
            if len(self._children) < _MAX_CACHED_CHILDREN:
                self._children[key] = child
        return child

    # ----------------------------------------------------------------- RPC layer

    def init_rpc_method(self, full_method: str, grpc_type: str = "unary") -> None:
        """Create zero-valued series for a method, as go-grpc-prometheus' InitializeMetrics."""
        service, method = split_full_method(full_method)
        labels = (grpc_type, service, method)
        self._rpc_started.labels(*labels)
        self._rpc_seconds.labels(*labels)
        self._rpc_msg_received.labels(*labels)
        self._rpc_msg_sent.labels(*labels)
        for code in GRPC_CODE_NAMES:
            self._rpc_handled.labels(*labels, code)

    def rpc_started(self, full_method: str, grpc_type: str = "unary") -> None:
        service, method = split_full_method(full_method)
        self._child(self._rpc_started, grpc_type, service, method).inc()

    def rpc_msg_received(self, full_method: str, grpc_type: str = "unary") -> None:
        service, method = split_full_method(full_method)
        self._child(self._rpc_msg_received, grpc_type, service, method).inc()

    def rpc_msg_sent(self, full_method: str, grpc_type: str = "unary") -> None:
        service, method = split_full_method(full_method)
        self._child(self._rpc_msg_sent, grpc_type, service, method).inc()

    def rpc_handled(
        self,
        full_method: str,
        code: grpc.StatusCode | int | str | None,
        seconds: float,
        grpc_type: str = "unary",
    ) -> None:
        service, method = split_full_method(full_method)
        child = self._child
        child(self._rpc_handled, grpc_type, service, method, normalize_grpc_code(code)).inc()
        child(self._rpc_seconds, grpc_type, service, method).observe(max(0.0, seconds))

    # ----------------------------------------------------------------- upstream

    def upstream_request(
        self,
        domain: Domain | str,
        *,
        http_status: int | None,
        clova_code: str | int | None,
        seconds: float,
        sent_bytes: int = 0,
    ) -> None:
        """Record one HTTP attempt to CLOVA (each retry is an attempt); a 200 is billable."""
        d = _domain_label(domain)
        child = self._child
        child(
            self._upstream_requests,
            d,
            normalize_http_status(http_status),
            normalize_clova_code(clova_code),
        ).inc()
        child(self._upstream_seconds, d).observe(max(0.0, seconds))
        if sent_bytes > 0:
            child(self._upstream_sent_bytes, d).inc(sent_bytes)
        if http_status == 200:
            child(self._billable_calls, d).inc()

    def upstream_retry(self, domain: Domain | str, reason: str) -> None:
        label = reason if reason in RETRY_REASONS else _OTHER
        self._upstream_retries.labels(_domain_label(domain), label).inc()

    def set_circuit_state(self, domain: Domain | str, state: CircuitState | int | str) -> None:
        """A fixed state for a domain no breaker is watched for (see `watch_circuit`)."""
        if isinstance(state, str):
            try:
                state = CircuitState[state.upper().replace("-", "_")]
            except KeyError:
                raise ValueError(f"unknown circuit state {state!r}") from None
        self._circuit_state.set(_domain_label(domain), CircuitState(state))

    def watch_circuit(self, domain: Domain | str, state: Callable[[], CircuitState]) -> None:
        """Export `state()` as the domain's breaker state, asked at every scrape (from the
        scrape's thread, so it must only read)."""
        self._circuit_state.watch(_domain_label(domain), state)

    def infer_result(self, domain: Domain | str, result: str | None) -> None:
        self._child(self._infer_results, _domain_label(domain), _infer_result_label(result)).inc()

    def image_conversion(self, from_format: str, to_format: str) -> None:
        """One conversion; both labels come from the closed set of canonical format names."""
        self._image_conversions.labels(from_format, to_format).inc()

    # ----------------------------------------------------------------- admission

    def set_admission_inflight(self, domain: Domain | str, inflight: int) -> None:
        self._child(self._admission_inflight, _domain_label(domain)).set(inflight)

    def set_admission_limit(self, domain: Domain | str, limit: int) -> None:
        self._child(self._admission_limit, _domain_label(domain)).set(limit)

    def set_admission_queue_length(self, domain: Domain | str, length: int) -> None:
        self._child(self._admission_queue_length, _domain_label(domain)).set(length)

    def set_admission_queue_capacity(self, domain: Domain | str, capacity: int) -> None:
        self._admission_queue_capacity.labels(_domain_label(domain)).set(capacity)

    def observe_queue_wait(self, domain: Domain | str, seconds: float) -> None:
        self._child(self._admission_queue_wait, _domain_label(domain)).observe(max(0.0, seconds))

    def set_admission_degraded(self, degraded: bool) -> None:
        self._admission_degraded.set(1 if degraded else 0)

    def admission_rejected(self, domain: Domain | str, reason: str) -> None:
        if reason not in REJECTION_REASONS:
            raise ValueError(f"unknown admission rejection reason {reason!r}")
        self._admission_rejections.labels(_domain_label(domain), reason).inc()

    # ----------------------------------------------------------------- intake

    def set_inflight_bytes(self, held: int) -> None:
        self._inflight_bytes.set(held)

    def set_inflight_bytes_limit(self, limit: int) -> None:
        self._inflight_bytes_limit.set(limit)

    def intake_refused(self, reason: str) -> None:
        if reason not in INTAKE_REFUSAL_REASONS:
            raise ValueError(f"unknown intake refusal reason {reason!r}")
        self._intake_refusals.labels(reason).inc()

    # ----------------------------------------------------------------- secrets

    def document_finished(
        self, domain: Domain | str | None, outcome: str, pages: int, *, batch_item: bool
    ) -> None:
        """A document (or batch item) ended with `outcome` after `pages` CLOVA page calls.
        A document refused before its type was known counts under domain "none"."""
        if outcome not in DOCUMENT_OUTCOMES:
            raise ValueError(f"unknown document outcome {outcome!r}")
        label = _NONE if domain is None else _domain_label(domain)
        (self._batch_items if batch_item else self._documents).labels(label, outcome).inc()
        if pages > 0 and domain is not None:
            self._document_pages.labels(domain=label).observe(pages)

    def secret_reload(self, domain: Domain | str, ok: bool, at: float | None = None) -> None:
        """Record a re-read of a secret file; matches `secret_store.ReloadHook` (domain, ok)."""
        d = _domain_label(domain)
        if ok:
            self._secret_reloads.labels(d).inc()
            self.set_secret_loaded(d, time.time() if at is None else at)
        else:
            self._secret_reload_failures.labels(d).inc()
        self._secret_last_ok.labels(d).set(1 if ok else 0)

    def set_secret_loaded(self, domain: Domain | str, unix_ts: float) -> None:
        """Record a successful (initial or re-)load of the domain's secret at `unix_ts`."""
        d = _domain_label(domain)
        self._secret_last_success.labels(d).set(unix_ts)
        self._secret_age.set_last_success(d, unix_ts)

    # ----------------------------------------------------------------- callers

    def client_label(self, client_id: str | None) -> str:
        """The `client` label for an x-client-id: itself if allow-listed, else "other"."""
        if client_id and client_id in self._allowlist:
            return client_id
        return _OTHER

    def request_by_client(self, domain: Domain | str, client_id: str | None) -> None:
        self._child(
            self._requests_by_client, _domain_label(domain), self.client_label(client_id)
        ).inc()

    # ----------------------------------------------------------------- authentication

    def auth_failure(self, reason: str, credential: str) -> None:
        """Count a call refused by authentication."""
        if reason not in AUTH_FAILURE_REASONS or credential not in AUTH_CREDENTIALS:
            raise ValueError(f"unknown auth failure labels {reason!r}, {credential!r}")
        self._auth_failures.labels(reason, credential).inc()

    def auth_file_reload(self, name: str, ok: bool) -> None:
        """Count a re-read of a watched authentication file."""
        if name not in AUTH_FILES:
            raise ValueError(f"unknown auth file {name!r}")
        self._auth_file_reloads.labels(name, "ok" if ok else "error").inc()

    def set_tls_certificate_expiry(self, unix_ts: float) -> None:
        self._tls_certificate_expiry.set(unix_ts)

    # ----------------------------------------------------------------- callers policy

    def caller_billable_call(self, caller_label: str, domain: Domain | str) -> None:
        """A call of the caller was billed; `caller_label` comes from the policy's closed set."""
        self._child(self._caller_billable_calls, caller_label, _domain_label(domain)).inc()

    def caller_permission_denied(self, caller_label: str, domain: Domain | str) -> None:
        self._caller_permission_denials.labels(caller_label, _domain_label(domain)).inc()

    def caller_quota_rejected(self, caller_label: str, scope: str, per: str) -> None:
        """A call refused by a used-up quota; `scope` is a domain value or "*"."""
        self._caller_quota_rejections.labels(caller_label, _scope_label(scope), per).inc()

    def set_caller_quota_usage(
        self,
        caller_label: str,
        scope: str,
        per: str,
        *,
        used: int,
        limit: int,
        window_end: float,
    ) -> None:
        """The count of a caller's quota in the window ending at `window_end` (Unix time)."""
        self._quota_usage.observe((caller_label, _scope_label(scope), per), window_end, used, limit)

    def set_quota_degraded(self, degraded: bool) -> None:
        self._quota_degraded.set(1 if degraded else 0)

    def callers_policy_reload(self, ok: bool) -> None:
        """Record a re-read of OCR_CALLERS_FILE."""
        if ok:
            self._callers_policy_reloads.inc()
        else:
            self._callers_policy_reload_failures.inc()
        self._callers_policy_last_ok.set(1 if ok else 0)

    def set_callers_policy_loaded(self, ok: bool) -> None:
        """The policy in force was loaded (at start): the reload gauge starts healthy."""
        self._callers_policy_last_ok.set(1 if ok else 0)

    # ----------------------------------------------------------------- introspection

    def series_count(self) -> int:
        """Number of samples currently exported (used to prove label cardinality is bounded)."""
        return sum(len(m.samples) for m in self._iter_metrics())

    def metric_names(self) -> frozenset[str]:
        """Every sample name the registry can export, including histogram/counter suffixes."""
        names: set[str] = set()
        for m in self._iter_metrics():
            names.add(m.name)
            names.update(s.name for s in m.samples)
        return frozenset(names)

    def _iter_metrics(self) -> Iterator[Metric]:
        yield from self._registry.collect()
