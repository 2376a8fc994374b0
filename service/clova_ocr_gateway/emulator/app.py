"""aiohttp server that answers like the CLOVA OCR Document API, with fault injection and stats.

Responses are built from the vendor's examples, pre-serialized once so a call only splices in
its requestId, timestamp, uid and image name.
"""

from __future__ import annotations

import asyncio
import binascii
import contextlib
import hmac
import logging
import random
import signal
import sys
import time
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import IO, Any, Final, Literal

import orjson
from aiohttp import BodyPartReader, web

from clova_ocr_gateway.domains import DOMAIN_BY_PATH, DOMAINS, Domain
from clova_ocr_gateway.emulator.config import EmulatorConfig
from clova_ocr_gateway.emulator.faults import (
    ERROR_MESSAGES,
    ERROR_STATUS,
    HEADER_NAME,
    INFER_MESSAGES,
    FaultPlan,
    FaultSyntaxError,
    directives_in_content,
    directives_in_name,
    parse_directives,
)
from clova_ocr_gateway.emulator.pages import converted_image_info

_log = logging.getLogger(__name__)

SUPPORTED_FORMATS: Final = frozenset({"jpg", "jpeg", "png", "pdf", "tiff"})
# What CLOVA can decode, by magic bytes: JPEG, PNG, TIFF (classic and BigTIFF), and PDF (whose
# header may follow up to 1 KiB of junk). Anything else is answered 0011 like an undecodable body.
_IMAGE_MAGICS: Final = (
    b"\xff\xd8\xff",
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",
    b"MM\x00*",
    b"II+\x00",
    b"MM\x00+",
)
# LastRequest keeps this much of the image: enough for any header, never the whole image.
_IMAGE_HEAD_BYTES: Final = 64 * 1024
_JSON_CONTENT_TYPE: Final = "application/json;charset=UTF-8"
_SECRET_HEADER: Final = "X-OCR-SECRET"
_MAX_MESSAGE_PART_BYTES: Final = 1024 * 1024
_SLOW_BODY_CHUNKS: Final = 10
# After aborting the transport for `reset`, aiohttp cancels the handler at once; this bound only
# guarantees the handler ends even if that cancellation never arrives.
_RESET_WAIT_SECONDS: Final = 5.0
_BAD_GATEWAY_HTML: Final = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _zeroes() -> dict[Domain, int]:
    return dict.fromkeys(Domain, 0)


@dataclass(slots=True)
class LastRequest:
    """What the emulator saw of a domain's latest accepted call (of the image: its length and
    first 64 KiB, enough to read its format and size)."""

    content_type: Literal["json", "multipart"]
    request_id: str | None
    image_name: str | None
    image_format: str | None
    image_bytes: int | None
    headers: dict[str, str]  # lower-cased names; X-OCR-SECRET redacted
    at_ms: int
    image_head: bytes = b""  # the image's first 64 KiB, for tests to read its header


@dataclass(frozen=True, slots=True)
class SeenImage:
    """An accepted call's image, kept when EmulatorConfig.keep_images asks for it."""

    domain: Domain
    name: str | None
    format: str | None
    content: bytes


@dataclass(slots=True)
class EmulatorStats:
    """Counters per domain; `calls` counts calls accepted past the secret, quota and limit."""

    requests: dict[Domain, int] = field(default_factory=_zeroes)
    calls: dict[Domain, int] = field(default_factory=_zeroes)
    violations: dict[Domain, int] = field(default_factory=_zeroes)
    in_flight: dict[Domain, int] = field(default_factory=_zeroes)
    max_concurrent: dict[Domain, int] = field(default_factory=_zeroes)
    cancelled: dict[Domain, int] = field(default_factory=_zeroes)
    errors: dict[str, int] = field(default_factory=dict)  # error answers by CLOVA code
    last_request: dict[Domain, LastRequest] = field(default_factory=dict)
    # The last EmulatorConfig.keep_images images, oldest first (empty unless asked for).
    images: deque[SeenImage] = field(default_factory=deque)

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    def reset(self) -> None:
        """Zero every counter (calls still in flight keep their slot)."""
        for counter in (
            self.requests,
            self.calls,
            self.violations,
            self.max_concurrent,
            self.cancelled,
        ):
            counter.update(_zeroes())
        self.errors.clear()
        self.last_request.clear()
        self.images.clear()


class _BadRequest(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(slots=True)
class _Parsed:
    content_type: Literal["json", "multipart"]
    request_id: str | None = None
    image_name: str | None = None
    image_format: str | None = None
    image_bytes: int | None = None
    image_head: bytes = b""
    content: bytes = b""  # the image, held for this call only


def _check_image_content(head: bytes) -> None:
    """0011 for bytes CLOVA cannot decode as any of its formats (e.g. WebP or HEIC sent as is)."""
    if head.startswith(_IMAGE_MAGICS) or head.find(b"%PDF-", 0, 1024 + 4) >= 0:
        return
    raise _BadRequest("0011", "Request body invalid: the image is not jpg, jpeg, png, pdf or tiff.")


@dataclass(slots=True)
class _CallState:
    reset: bool = False


@dataclass(frozen=True, slots=True)
class _Template:
    """images[0] of a domain's example serialized without uid/name: `"receipt":{..},..}`."""

    image_rest: bytes

    @classmethod
    def load(cls, domain: Domain) -> _Template:
        package = resources.files("clova_ocr_gateway.emulator.fixtures")
        return cls.of(domain, orjson.loads((package / f"{domain.name.lower()}.json").read_bytes()))

    @classmethod
    def of(cls, domain: Domain, example: Mapping[str, Any]) -> _Template:
        """The template of a whole CLOVA answer shaped like the vendor's examples."""
        image = {k: v for k, v in example["images"][0].items() if k not in ("uid", "name")}
        image["inferResult"] = "SUCCESS"
        if DOMAINS[domain].response_key not in image:
            raise ValueError(f"fixture for {domain.value} lacks its result object")
        return cls(image_rest=orjson.dumps(image)[1:])

    def render(self, request_id: str | None, name: str | None, converted: bytes = b"") -> bytes:
        """The answer; `converted` is a `"convertedImageInfo":{..},` member or empty."""
        return b"".join(
            (
                b'{"version":"V2","requestId":',
                orjson.dumps(request_id),
                b',"timestamp":',
                str(_now_ms()).encode(),
                b',"images":[{"uid":"',
                uuid.uuid4().hex.encode(),
                b'","name":',
                orjson.dumps(name),
                b",",
                converted,
                self.image_rest,
                b"]}",
            )
        )


def _infer_failure_body(
    request_id: str | None, name: str | None, plan: FaultPlan, converted: dict[str, int] | None
) -> bytes:
    infer = plan.infer or "FAILURE"
    image: dict[str, object] = {
        "uid": uuid.uuid4().hex,
        "name": name,
        "inferResult": infer,
        "message": plan.message or INFER_MESSAGES[infer],
        "validationResult": {"result": "NO_REQUESTED"},
    }
    if converted is not None:
        image["convertedImageInfo"] = converted
    body = {"version": "V2", "requestId": request_id, "timestamp": _now_ms(), "images": [image]}
    return orjson.dumps(body)


def _domain_for(path: str) -> Domain | None:
    # Invoke URLs carry a gateway prefix (/custom/v1/<id>/<hash>), so only the suffix identifies
    # the domain; every documented path starts with '/', which keeps the match segment-aligned.
    for suffix, domain in DOMAIN_BY_PATH.items():
        if path.endswith(suffix):
            return domain
    return None


def _unknown_path_code(path: str) -> str:
    """0022 when the path names a /document/ domain we do not know, else 0001 (bad URL)."""
    head, _, last = path.rpartition("/")
    return "0022" if last and head.endswith("/document") else "0001"


def _validate_message(message: object, *, with_data: bool, parsed: _Parsed) -> str | None:
    """Check the JSON request fields, fill `parsed`, and return images[0].data when expected."""
    if not isinstance(message, dict):
        raise _BadRequest("0011", "Request body must be a JSON object.")
    if message.get("version") != "V2":
        raise _BadRequest("0021", f"Protocol version not support: {message.get('version')!r}.")
    request_id = message.get("requestId")
    if not isinstance(request_id, str) or not request_id:
        raise _BadRequest("0011", "requestId is required.")
    parsed.request_id = request_id
    timestamp = message.get("timestamp")
    if isinstance(timestamp, bool) or not isinstance(timestamp, int | float):
        raise _BadRequest("0011", "timestamp is required.")
    images = message.get("images")
    if not isinstance(images, list) or not images:
        raise _BadRequest("0011", "images is required.")
    if len(images) > 1:
        raise _BadRequest("0011", "Only one image is allowed.")
    image = images[0]
    if not isinstance(image, dict):
        raise _BadRequest("0011", "images[0] must be an object.")
    name = image.get("name")
    if not isinstance(name, str) or not name:
        raise _BadRequest("0011", "images[0].name is required.")
    parsed.image_name = name
    image_format = image.get("format")
    if not isinstance(image_format, str) or image_format.lower() not in SUPPORTED_FORMATS:
        raise _BadRequest("0011", f"Unsupported image format: {image_format!r}.")
    parsed.image_format = image_format
    if not with_data:
        return None
    data = image.get("data")
    if not isinstance(data, str) or not data:
        raise _BadRequest("0011", "images[0].data is required.")
    return data


class EmulatorApp:
    """The request handler and its state; one instance per running emulator."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.stats = EmulatorStats()
        self._templates = {domain: _Template.load(domain) for domain in Domain}
        # Several secrets may be valid at once while an operator rotates one (see accept_secret).
        self._secrets: dict[Domain, list[bytes]] = {d: [config.secrets[d].encode()] for d in Domain}
        self._default_plan = parse_directives(config.faults)
        self._rng = random.Random(config.seed)
        self._error_table = tuple(config.error_rates.items())

    def set_secrets(self, domain: Domain, secrets: list[str]) -> None:
        self._secrets[domain] = [s.encode() for s in secrets]

    def set_example(self, domain: Domain, example: Mapping[str, Any] | None) -> None:
        self._templates[domain] = (
            _Template.load(domain) if example is None else _Template.of(domain, example)
        )

    def build(self) -> web.Application:
        app = web.Application(client_max_size=self.config.max_body_bytes)
        app.router.add_route("*", "/{tail:.*}", self.handle)
        return app

    # -- answers --------------------------------------------------------------------------

    def _error_body(self, code: str, path: str, message: str | None = None) -> bytes:
        self.stats.errors[code] = self.stats.errors.get(code, 0) + 1
        body = {
            "code": code,
            "message": message or ERROR_MESSAGES.get(code, "Unknown service error."),
            "path": path,
            "timestamp": _now_ms(),
        }
        return orjson.dumps(body)

    def _error(self, status: int, code: str, path: str, message: str | None = None) -> web.Response:
        body = self._error_body(code, path, message)
        return web.Response(status=status, body=body, headers={"Content-Type": _JSON_CONTENT_TYPE})

    # -- request handling -----------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        domain = _domain_for(path.rstrip("/") or "/")
        if domain is None:
            return self._error(404, _unknown_path_code(path.rstrip("/")), path)
        stats = self.stats
        stats.requests[domain] += 1
        api_path = DOMAINS[domain].path
        if request.method != "POST":
            return self._error(405, "0001", api_path, f"Method {request.method} not allowed.")
        # surrogateescape: a header with undecodable bytes must fail the comparison, not crash.
        given = request.headers.get(_SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not any(hmac.compare_digest(given, valid) for valid in self._secrets[domain]):
            return self._error(401, "0002", api_path)
        quota = self.config.quota
        if quota is not None and stats.total_calls >= quota:
            return self._error(400, "0023", api_path)
        limit = self.config.concurrency_limit_per_domain
        if limit is not None and stats.in_flight[domain] >= limit:
            stats.violations[domain] += 1
            return self._error(400, "0025", api_path)

        stats.calls[domain] += 1
        in_flight = stats.in_flight[domain] + 1
        stats.in_flight[domain] = in_flight
        if in_flight > stats.max_concurrent[domain]:
            stats.max_concurrent[domain] = in_flight
        state = _CallState()
        try:
            return await self._process(request, domain, api_path, state)
        except asyncio.CancelledError:
            # aiohttp cancels the handler when the client goes away (handler_cancellation=True);
            # our own `reset` also ends that way but is not the client's doing.
            if not state.reset:
                stats.cancelled[domain] += 1
            raise
        except Exception:
            _log.exception("emulator failed to answer %s", path)
            return self._error(500, "0500", api_path)
        finally:
            stats.in_flight[domain] -= 1

    async def _process(
        self, request: web.Request, domain: Domain, api_path: str, state: _CallState
    ) -> web.StreamResponse:
        plan = self._default_plan
        bad: _BadRequest | None = None
        header_faults = request.headers.get(HEADER_NAME)
        try:
            if header_faults:
                plan = plan.overridden_by(parse_directives(header_faults))
        except FaultSyntaxError as exc:
            bad = _BadRequest("0011", f"{HEADER_NAME}: {exc}")

        is_multipart = request.content_type.startswith("multipart/")
        parsed = _Parsed(content_type="multipart" if is_multipart else "json")
        try:
            if is_multipart:
                await self._read_multipart(request, parsed)
            else:
                await self._read_json(request, parsed)
        except _BadRequest as exc:
            bad = bad or exc
        content_faults = directives_in_content(parsed.content) if parsed.content else None
        try:
            if content_faults:
                plan = plan.overridden_by(parse_directives(content_faults))
        except FaultSyntaxError as exc:
            bad = bad or _BadRequest("0011", f"image content {HEADER_NAME.lower()}: {exc}")
        if parsed.image_name is not None:
            name_faults = directives_in_name(parsed.image_name)
            try:
                if name_faults:
                    plan = plan.overridden_by(parse_directives(name_faults))
            except FaultSyntaxError as exc:
                bad = bad or _BadRequest("0011", f"image name {HEADER_NAME.lower()}: {exc}")
        self._remember(request, domain, parsed)

        delay_ms = self._delay_ms(plan)
        rolled_code = self._roll_error_code()
        if delay_ms > 0:
            await asyncio.sleep(delay_ms / 1000)

        if plan.reset:
            state.reset = True
            return await self._reset(request)
        if plan.http502html:
            status, body, content_type = 502, _BAD_GATEWAY_HTML, "text/html"
        elif bad is not None:
            return self._error(400, bad.code, api_path, bad.message)
        else:
            status, body, content_type = self._answer(plan, rolled_code, domain, api_path, parsed)
        if plan.slow_body_ms:
            return await self._dribble(request, status, body, content_type, plan.slow_body_ms)
        return web.Response(status=status, body=body, headers={"Content-Type": content_type})

    def _answer(
        self,
        plan: FaultPlan,
        rolled_code: str | None,
        domain: Domain,
        api_path: str,
        parsed: _Parsed,
    ) -> tuple[int, bytes, str]:
        forced = plan.error
        if forced is None and rolled_code is not None:
            forced = ERROR_STATUS.get(rolled_code, 400), rolled_code
        if forced is not None:
            status, code = forced
            return status, self._error_body(code, api_path, plan.message), _JSON_CONTENT_TYPE
        if plan.empty:
            return 200, b"", _JSON_CONTENT_TYPE
        # CLOVA converts PDF and TIFF pages to an image and says how large it was.
        converted = converted_image_info(parsed.content, parsed.image_format)
        if plan.infer is not None:
            body = _infer_failure_body(parsed.request_id, parsed.image_name, plan, converted)
            return 200, body, _JSON_CONTENT_TYPE
        member = b"" if converted is None else b'"convertedImageInfo":%s,' % orjson.dumps(converted)
        body = self._templates[domain].render(parsed.request_id, parsed.image_name, member)
        if plan.malformed:
            body = body[: len(body) // 2]
        return 200, body, _JSON_CONTENT_TYPE

    def _delay_ms(self, plan: FaultPlan) -> float:
        latency = plan.latency_ms if plan.latency_ms is not None else self.config.latency_ms
        jitter = plan.jitter_ms if plan.jitter_ms is not None else self.config.jitter_ms
        return latency + (self._rng.uniform(0.0, jitter) if jitter > 0 else 0.0)

    def _roll_error_code(self) -> str | None:
        if not self._error_table:
            return None
        # One draw per call, whatever the per-call faults say, so a seed replays the same
        # sequence of injected errors regardless of which calls carried directives.
        roll = self._rng.random()
        for code, rate in self._error_table:
            if roll < rate:
                return code
            roll -= rate
        return None

    def _remember(self, request: web.Request, domain: Domain, parsed: _Parsed) -> None:
        headers = {k.lower(): v for k, v in request.headers.items()}
        if _SECRET_HEADER.lower() in headers:
            headers[_SECRET_HEADER.lower()] = "<redacted>"
        self.stats.last_request[domain] = LastRequest(
            content_type=parsed.content_type,
            request_id=parsed.request_id,
            image_name=parsed.image_name,
            image_format=parsed.image_format,
            image_bytes=parsed.image_bytes,
            image_head=parsed.image_head,
            headers=headers,
            at_ms=_now_ms(),
        )
        keep = self.config.keep_images
        if keep > 0 and parsed.content:
            images = self.stats.images
            images.append(SeenImage(domain, parsed.image_name, parsed.image_format, parsed.content))
            while len(images) > keep:
                images.popleft()

    async def _read_json(self, request: web.Request, parsed: _Parsed) -> None:
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            raise _BadRequest("0011", "Request body too large.") from None
        try:
            message = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise _BadRequest("0011", "Request body is not valid JSON.") from None
        data = _validate_message(message, with_data=True, parsed=parsed)
        assert data is not None
        try:
            parsed.content = binascii.a2b_base64(data, strict_mode=True)
        except (binascii.Error, ValueError):
            raise _BadRequest("0011", "images[0].data is not valid base64.") from None
        parsed.image_bytes = len(parsed.content)
        parsed.image_head = parsed.content[:_IMAGE_HEAD_BYTES]
        if parsed.image_bytes == 0:
            raise _BadRequest("0011", "images[0].data is empty.")
        _check_image_content(parsed.image_head)

    async def _read_multipart(self, request: web.Request, parsed: _Parsed) -> None:
        message: object = None
        file_bytes: int | None = None
        try:
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader):
                    raise _BadRequest("0011", "Nested multipart is not supported.")
                if part.name == "message":
                    raw = await part.read(decode=False)
                    if len(raw) > _MAX_MESSAGE_PART_BYTES:
                        raise _BadRequest("0011", "message part too large.")
                    message = orjson.loads(raw)
                elif part.name == "file":
                    # Held for this call only (page size, faults in the content); bounded.
                    chunks = []
                    file_bytes = 0
                    while chunk := await part.read_chunk():
                        file_bytes += len(chunk)
                        if file_bytes > self.config.max_body_bytes:
                            raise _BadRequest("0011", "file part too large.")
                        chunks.append(chunk)
                    parsed.content = b"".join(chunks)
                    parsed.image_head = parsed.content[:_IMAGE_HEAD_BYTES]
        except orjson.JSONDecodeError:
            raise _BadRequest("0011", "message part is not valid JSON.") from None
        except (ValueError, AssertionError, RuntimeError) as exc:
            raise _BadRequest("0011", f"Malformed multipart body: {exc}") from None
        if message is None:
            raise _BadRequest("0011", "message part is required.")
        _validate_message(message, with_data=False, parsed=parsed)
        if not file_bytes:
            raise _BadRequest("0011", "file part is required.")
        parsed.image_bytes = file_bytes
        _check_image_content(parsed.image_head)

    async def _reset(self, request: web.Request) -> web.StreamResponse:
        transport = request.transport
        if transport is not None:
            transport.abort()
        await asyncio.sleep(_RESET_WAIT_SECONDS)
        return web.Response(status=500)

    async def _dribble(
        self, request: web.Request, status: int, body: bytes, content_type: str, total_ms: float
    ) -> web.StreamResponse:
        response = web.StreamResponse(status=status, headers={"Content-Type": content_type})
        response.content_length = len(body)
        await response.prepare(request)
        chunks = max(1, min(_SLOW_BODY_CHUNKS, len(body)))
        size = -(-len(body) // chunks)
        pause = total_ms / 1000 / chunks
        for index in range(chunks):
            await asyncio.sleep(pause)
            await response.write(body[index * size : (index + 1) * size])
        await response.write_eof()
        return response


def _url_host(host: str) -> str:
    # A wildcard bind address is not something a client can dial; point at loopback instead.
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


class RunningEmulator:
    """A started emulator: where to call it, with which secret, and what it has seen."""

    def __init__(self, app: EmulatorApp, runner: web.AppRunner, port: int) -> None:
        self._app = app
        self._runner = runner
        self.config = app.config
        self.port = port
        self.base_url = f"http://{_url_host(app.config.host)}:{port}"

    @property
    def stats(self) -> EmulatorStats:
        return self._app.stats

    def url_for(self, domain: Domain) -> str:
        """Invoke URL shaped like the real one: /custom/v1/<id>/<hash>/document/<domain>."""
        index = list(Domain).index(domain)
        return f"{self.base_url}/custom/v1/{10001 + index}/emulator{DOMAINS[domain].path}"

    def secret_for(self, domain: Domain) -> str:
        return self.config.secrets[domain]

    def set_example(self, domain: Domain, example: Mapping[str, Any] | None) -> None:
        """Answer `domain`'s successful calls with `example`, a whole CLOVA answer shaped like
        the vendor's (its images[0] is used; uid, name, requestId and timestamp are filled in
        per call); None goes back to the vendor's example. Tests put their own data (canary
        identifiers, new fields) in the answers this way."""
        self._app.set_example(domain, example)

    def accept_secrets(self, domain: Domain, *secrets: str) -> None:
        """Replace the secrets the domain accepts; several at once model a rotation window."""
        self._app.set_secrets(domain, list(secrets))

    def env(self) -> dict[str, str]:
        """OCR_<DOMAIN>_INVOKE_URL / OCR_<DOMAIN>_SECRET pointing the gateway at this emulator."""
        result: dict[str, str] = {}
        for domain, info in DOMAINS.items():
            result[f"{info.env_prefix}_INVOKE_URL"] = self.url_for(domain)
            result[f"{info.env_prefix}_SECRET"] = self.secret_for(domain)
        return result

    async def close(self) -> None:
        await self._runner.cleanup()

    async def __aenter__(self) -> RunningEmulator:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


async def start_emulator(config: EmulatorConfig | None = None) -> RunningEmulator:
    """Start serving on config.host:config.port (0 = any free port) and return at once."""
    emulator_app = EmulatorApp(config or EmulatorConfig())
    # handler_cancellation: without it aiohttp keeps running handlers of vanished clients, so
    # neither `stats.cancelled` nor the freed concurrency slot would reflect the disconnect.
    runner = web.AppRunner(
        emulator_app.build(), handler_cancellation=True, shutdown_timeout=1.0, access_log=None
    )
    await runner.setup()
    try:
        site = web.TCPSite(runner, emulator_app.config.host, emulator_app.config.port)
        await site.start()
        port = int(runner.addresses[0][1])
    except BaseException:
        await runner.cleanup()
        raise
    return RunningEmulator(emulator_app, runner, port)


def describe(emulator: RunningEmulator) -> str:
    """Start-up banner: base URL plus env lines (with secrets) a gateway or client can source."""
    lines = [f"# CLOVA OCR emulator listening on {emulator.base_url}"]
    lines += [f"{key}={value}" for key, value in emulator.env().items()]
    return "\n".join(lines) + "\n"


async def serve_emulator_forever(
    config: EmulatorConfig, *, stop: asyncio.Event | None = None, out: IO[str] | None = None
) -> None:
    """Serve until `stop` is set (or SIGINT/SIGTERM), printing the banner to `out` first."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not available on Windows event loops or outside the main thread; Ctrl-C still works.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    try:
        async with await start_emulator(config) as emulator:
            stream = out or sys.stdout
            stream.write(describe(emulator))
            stream.flush()
            await stop.wait()
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


def run_emulator_forever(config: EmulatorConfig, *, out: IO[str] | None = None) -> None:
    """Blocking entry for the CLI: serve until interrupted; secrets are printed to `out`."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_emulator_forever(config, out=out))


__all__ = [
    "SUPPORTED_FORMATS",
    "EmulatorApp",
    "EmulatorStats",
    "LastRequest",
    "RunningEmulator",
    "SeenImage",
    "describe",
    "run_emulator_forever",
    "serve_emulator_forever",
    "start_emulator",
]
