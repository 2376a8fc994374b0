"""A real gateway in front of a hostile upstream made here (aiohttp on loopback): bombs, huge
and trickling bodies, 429s, redirects, error bodies in a 200 and echoed secrets each end in
their error-table row, the gateway's memory stays bounded, and it serves normally afterwards."""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import grpc
import orjson
import pytest
from aiohttp import web
from multidict import CIMultiDict

from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.logs import clear_registered_secret_values

from .conftest import Harness, start_harness
from .test_serving import details_of, domain_request

SECRET = "hostile-test-secret-7f3a9c"
# Small on purpose: the cases stay fast and a bounded read is obvious against them.
BODY_CAP = 256 * 1024
TIMEOUT_SECONDS = 1.5
RECEIPT = (
    resources.files("clova_ocr_gateway.emulator.fixtures").joinpath("receipt.json").read_bytes()
)
Behaviour = Callable[[web.Request], Awaitable[web.StreamResponse]]


def gzip_bomb() -> bytes:
    """About 1 MB of gzip that inflates to 1 GiB of zeros: 1024 members of 1 MiB each (RFC 1952
    allows members back to back; every gzip reader must read them all)."""
    member = gzip.compress(bytes(1 << 20), compresslevel=9)
    return member * 1024


BOMB = gzip_bomb()


@dataclass
class HostileUpstream:
    """An HTTP server whose answer is whatever `behaviour` says; it records what it saw."""

    url: str = ""
    behaviour: Behaviour | None = None
    seen: list[CIMultiDict[str]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        await request.read()
        self.seen.append(request.headers.copy())
        assert self.behaviour is not None
        return await self.behaviour(request)


async def normal(_request: web.Request) -> web.StreamResponse:
    return web.Response(body=RECEIPT, content_type="application/json")


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Behaviour:
    async def respond(_request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, body=body, headers=headers)

    return respond


def streamed(status: int, chunks: int, chunk: bytes, pause: float) -> Behaviour:
    """A chunked body (no Content-Length) of `chunks` × `chunk`, `pause` seconds apart."""

    async def respond(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(status=status, headers={"Content-Type": "application/json"})
        await response.prepare(request)
        try:
            for _ in range(chunks):
                await response.write(chunk)
                await asyncio.sleep(pause)
        except (ConnectionError, RuntimeError):
            pass  # the gateway hung up, as it should
        return response

    return respond


@pytest.fixture
async def upstream() -> AsyncIterator[HostileUpstream]:
    hostile = HostileUpstream(behaviour=normal)
    app = web.Application(client_max_size=32 << 20)
    app.router.add_post("/{tail:.*}", hostile.handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    hostile.url = f"http://127.0.0.1:{port}/custom/v1/1/hostile"
    yield hostile
    await runner.cleanup()


@pytest.fixture
async def harness(upstream: HostileUpstream) -> AsyncIterator[Harness]:
    harness = await start_harness(
        emulator=None,
        env={
            "OCR_RECEIPT_INVOKE_URL": upstream.url,
            "OCR_RECEIPT_SECRET": SECRET,
            "OCR_MAX_UPSTREAM_RESPONSE_BYTES": str(BODY_CAP),
            "OCR_UPSTREAM_TIMEOUT_SECONDS": str(TIMEOUT_SECONDS),
            "OCR_UPSTREAM_CONNECT_TIMEOUT_SECONDS": "1",
        },
    )
    yield harness
    await harness.channel.close()
    await harness.gateway.stop(grace=0.5)
    clear_registered_secret_values()


def _kib(field_name: str) -> int:
    match = re.search(rf"{field_name}:\s+(\d+) kB", Path("/proc/self/status").read_text())
    assert match is not None
    return int(match.group(1))


class PeakRss:
    """Peak RSS growth of this process (gateway and test share it) over a block, in bytes:
    the kernel's high-water mark is reset first (/proc/self/clear_refs, "5")."""

    def __enter__(self) -> PeakRss:
        Path("/proc/self/clear_refs").write_text("5")
        self.before = _kib("VmRSS") * 1024
        return self

    def __exit__(self, *exc: object) -> None:
        self.growth = _kib("VmHWM") * 1024 - self.before


async def failing_call(harness: Harness, deadline: float = 10) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(domain_request(Domain.RECEIPT), timeout=deadline)
    return caught.value


async def assert_healthy(harness: Harness, upstream: HostileUpstream) -> None:
    upstream.behaviour = normal
    response = await harness.stub.RecognizeReceipt(domain_request(Domain.RECEIPT), timeout=10)
    assert response.image.infer_result == image_pb2.INFER_RESULT_SUCCESS


def retry_delay(found: dict[str, Any]) -> float:
    return float(found["retry"].retry_delay.ToNanoseconds()) / 1e9


# (case, behaviour, gRPC code, reason, http_status in ErrorInfo metadata)
BOUNDED_CASES = [
    (
        "gzip bomb in a 200, though identity was asked",
        answer(200, BOMB, {"Content-Encoding": "gzip", "Content-Type": "application/json"}),
        grpc.StatusCode.INTERNAL,
        "UPSTREAM_RESPONSE_TOO_LARGE",
        "200",
    ),
    (
        "gzip bomb in a 502 (retried, each attempt bounded)",
        answer(502, BOMB, {"Content-Encoding": "gzip"}),
        grpc.StatusCode.UNAVAILABLE,
        "UPSTREAM_UNAVAILABLE",
        "502",
    ),
    (
        "oversized body with Content-Length",
        answer(200, b" " * (4 << 20), {"Content-Type": "application/json"}),
        grpc.StatusCode.INTERNAL,
        "UPSTREAM_RESPONSE_TOO_LARGE",
        "200",
    ),
    (
        "oversized chunked body without Content-Length",
        streamed(200, chunks=64, chunk=b" " * 65536, pause=0),
        grpc.StatusCode.INTERNAL,
        "UPSTREAM_RESPONSE_TOO_LARGE",
        "200",
    ),
]


@pytest.mark.parametrize(
    ("behaviour", "code", "reason", "http_status"),
    [case[1:] for case in BOUNDED_CASES],
    ids=[case[0] for case in BOUNDED_CASES],
)
async def test_huge_or_compressed_answers_are_cut_at_the_cap_with_bounded_memory(
    harness: Harness,
    upstream: HostileUpstream,
    behaviour: Behaviour,
    code: grpc.StatusCode,
    reason: str,
    http_status: str,
) -> None:
    upstream.behaviour = behaviour
    with PeakRss() as rss:
        error = await failing_call(harness)
    assert error.code() == code
    info = details_of(error)["info"]
    assert (info.reason, info.metadata["http_status"]) == (reason, http_status)
    # 1 GiB inflated (or 4 MiB read) would show; the cap is 256 KiB per attempt.
    assert rss.growth < 48 << 20, f"RSS grew by {rss.growth >> 20} MiB"
    assert all(seen.get("Accept-Encoding") == "identity" for seen in upstream.seen)
    await assert_healthy(harness, upstream)


async def test_a_trickling_answer_is_cut_at_the_total_upstream_timeout(
    harness: Harness, upstream: HostileUpstream
) -> None:
    # One byte every 0.3 s never trips a per-read timeout; 100 bytes would take 30 s.
    upstream.behaviour = streamed(200, chunks=100, chunk=b" ", pause=0.3)
    started = time.monotonic()
    error = await failing_call(harness, deadline=30)
    elapsed = time.monotonic() - started
    assert error.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    info = details_of(error)["info"]
    assert (info.reason, info.metadata["http_status"]) == ("UPSTREAM_TIMEOUT", "200")
    assert TIMEOUT_SECONDS - 0.1 < elapsed < TIMEOUT_SECONDS + 2.0
    assert len(upstream.seen) == 1  # a 200 was billed: never retried
    await assert_healthy(harness, upstream)


def http_date_in(seconds: float) -> str:
    return email.utils.formatdate(time.time() + seconds, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "delay", "attempts"),
    [
        (dict, 1.0, 3),  # no Retry-After: the 0025 row's 1 s, retried by the gateway
        (lambda: {"Retry-After": "30"}, 30.0, 1),  # above the retry backoff: surfaced at once
        (lambda: {"Retry-After": http_date_in(20)}, 20.0, 1),
        (lambda: {"Retry-After": "86400"}, 60.0, 1),  # bounded
    ],
    ids=["no Retry-After", "seconds", "HTTP-date", "bounded"],
)
async def test_http_429_is_rate_limited_with_retry_info_from_retry_after(
    harness: Harness,
    upstream: HostileUpstream,
    headers: Callable[[], dict[str, str]],
    delay: float,
    attempts: int,
) -> None:
    adaptive = harness.gateway.recognizer.adaptive_limit
    configured = adaptive.limit(Domain.RECEIPT)
    upstream.behaviour = answer(429, b"Too Many Requests", headers())
    error = await failing_call(harness)
    assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    found = details_of(error)
    assert (found["info"].reason, found["info"].metadata["http_status"]) == (
        "UPSTREAM_RATE_LIMITED",
        "429",
    )
    assert retry_delay(found) == pytest.approx(delay, abs=2.0)
    assert found["quota"].violations
    assert len(upstream.seen) == attempts
    # Admission treats it like 0025: the domain's concurrency limit was cut.
    assert adaptive.limit(Domain.RECEIPT) < configured
    await assert_healthy(harness, upstream)


async def test_a_redirect_is_not_followed_and_says_3xx(
    harness: Harness, upstream: HostileUpstream
) -> None:
    upstream.behaviour = answer(302, b"", {"Location": "https://elsewhere.invalid/steal"})
    error = await failing_call(harness)
    assert error.code() == grpc.StatusCode.INTERNAL
    found = details_of(error)
    assert (found["info"].reason, found["info"].metadata["http_status"]) == (
        "UPSTREAM_REDIRECTED",
        "302",
    )
    message = error.details() or ""
    assert "3xx" in message and "4xx" not in message
    assert "elsewhere.invalid" in message
    assert len(upstream.seen) == 1
    await assert_healthy(harness, upstream)


@pytest.mark.parametrize(
    ("body", "code", "reason"),
    [
        (
            b'{"code":"0025","message":"Calls to this api have exceeded the rate limit."}',
            grpc.StatusCode.RESOURCE_EXHAUSTED,
            "UPSTREAM_RATE_LIMITED",
        ),
        (
            b'{"code":"0011","message":"Request body invalid.","path":"/x","timestamp":1}',
            grpc.StatusCode.INVALID_ARGUMENT,
            "UPSTREAM_REJECTED_REQUEST",
        ),
        (b'{"code":"9999","message":"?"}', grpc.StatusCode.INTERNAL, "UPSTREAM_MALFORMED_RESPONSE"),
        (
            b'{"code":"0500","message":"no images today"}',  # says "images": found by conversion
            grpc.StatusCode.UNAVAILABLE,
            "UPSTREAM_UNAVAILABLE",
        ),
    ],
    ids=["0025", "0011", "unknown code", "0500 mentioning images"],
)
async def test_a_clova_error_body_in_a_200_is_mapped_by_its_code(
    harness: Harness,
    upstream: HostileUpstream,
    body: bytes,
    code: grpc.StatusCode,
    reason: str,
) -> None:
    adaptive = harness.gateway.recognizer.adaptive_limit
    configured = adaptive.limit(Domain.RECEIPT)
    upstream.behaviour = answer(200, body, {"Content-Type": "application/json"})
    error = await failing_call(harness)
    # A 0025 in a 200 is an overload like any other: the concurrency limit was cut.
    assert (adaptive.limit(Domain.RECEIPT) < configured) == (reason == "UPSTREAM_RATE_LIMITED")
    assert error.code() == code
    found = details_of(error)
    assert found["info"].reason == reason
    assert found["info"].metadata["http_status"] == "200"
    assert found["clova"].code == orjson.loads(body)["code"]
    assert len(upstream.seen) == 1  # answered 200: never retried
    await assert_healthy(harness, upstream)


def infer_failure_echoing(secret: str) -> bytes:
    answer_json = orjson.loads(RECEIPT)
    answer_json["images"][0]["inferResult"] = "FAILURE"
    answer_json["images"][0]["message"] = f"could not read with X-OCR-SECRET {secret}"
    return orjson.dumps(answer_json)


@pytest.mark.parametrize(
    "behaviour",
    [
        answer(
            400,
            orjson.dumps({"code": "0011", "message": f"bad body for {SECRET}", "path": SECRET}),
        ),
        answer(500, orjson.dumps({"code": "0500", "message": f"oops secret={SECRET}"})),
        answer(200, infer_failure_echoing(SECRET), {"Content-Type": "application/json"}),
        answer(200, orjson.dumps({"code": "0025", "message": f"busy ({SECRET})"})),
        answer(301, b"", {"Location": f"https://x.invalid/?key={SECRET}"}),
    ],
    ids=["0011 message and path", "0500 message", "inferResult message", "200 error", "3xx"],
)
async def test_a_secret_echoed_by_the_upstream_never_reaches_the_caller(
    harness: Harness, upstream: HostileUpstream, behaviour: Behaviour
) -> None:
    upstream.behaviour = behaviour
    error = await failing_call(harness)
    assert upstream.seen[0]["X-OCR-SECRET"] == SECRET  # it was really sent, and echoed
    trailers = error.trailing_metadata() or ()
    everything = (error.details() or "").encode() + b"".join(
        value if isinstance(value, bytes) else value.encode() for _key, value in trailers
    )
    assert SECRET.encode() not in everything
    assert b"[REDACTED]" in everything
    await assert_healthy(harness, upstream)
