"""Fault injection: each directive per call (header or image name) and as global defaults."""

from __future__ import annotations

import time

import httpx
import orjson
import pytest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig, FaultPlan, parse_directives
from clova_ocr_gateway.emulator.faults import FaultSyntaxError, directives_in_name

from .helpers import Caller, started


@pytest.mark.parametrize(
    ("directive", "status", "code"),
    [
        ("code=0025", 400, "0025"),
        ("code=0501", 500, "0501"),
        ("code=0002", 401, "0002"),
        ("status=500,code=0500", 500, "0500"),
        ("status=503", 503, "0500"),
        ("status=429", 429, "0025"),
        ("code=0011,status=422", 422, "0011"),
    ],
)
async def test_code_and_status_directives_answer_that_vendor_error(
    caller: Caller, directive: str, status: int, code: str
) -> None:
    response = await caller.post_json(Domain.MEDICAL_RECEIPT, fault=directive)

    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["path"] == "/document/medical-receipt"
    # Forced errors are not client violations of the concurrency limit.
    assert caller.emulator.stats.violations[Domain.MEDICAL_RECEIPT] == 0


async def test_message_directive_replaces_the_error_message(caller: Caller) -> None:
    response = await caller.post_json(fault="code=0501,message=engine_down")

    assert response.json()["message"] == "engine_down"


async def test_latency_directive_delays_the_answer(caller: Caller) -> None:
    started_at = time.monotonic()
    response = await caller.post_json(fault="latency_ms=300")

    assert response.status_code == 200
    assert time.monotonic() - started_at >= 0.29


async def test_jitter_directive_adds_at_most_its_bound(caller: Caller) -> None:
    started_at = time.monotonic()
    response = await caller.post_json(fault="latency_ms=100,jitter_ms=100")
    elapsed = time.monotonic() - started_at

    assert response.status_code == 200
    assert 0.099 <= elapsed < 1.0


async def test_http502html_answers_a_proxy_html_page(caller: Caller) -> None:
    response = await caller.post_json(fault="http502html")

    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert b"502 Bad Gateway" in response.content


async def test_reset_drops_the_connection_without_an_answer(caller: Caller) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        await caller.post_json(fault="reset")

    # Our own reset is not the client cancelling, and the emulator keeps serving.
    assert caller.emulator.stats.cancelled[Domain.RECEIPT] == 0
    assert (await caller.post_json()).status_code == 200


async def test_malformed_answers_200_with_truncated_json(caller: Caller) -> None:
    response = await caller.post_json(fault="malformed")

    assert response.status_code == 200
    assert response.content.startswith(b'{"version":"V2"')
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(response.content)


async def test_empty_answers_200_with_no_body(caller: Caller) -> None:
    response = await caller.post_json(fault="empty")

    assert response.status_code == 200
    assert response.content == b""


async def test_slow_body_sends_the_full_body_over_the_given_time(caller: Caller) -> None:
    started_at = time.monotonic()
    response = await caller.post_json(Domain.ID_CARD, fault="slow_body_ms=300", name="slow.png")

    assert time.monotonic() - started_at >= 0.29
    assert response.status_code == 200
    assert response.json()["images"][0]["name"] == "slow.png"


async def test_slow_body_trips_a_client_read_timeout(caller: Caller) -> None:
    with pytest.raises(httpx.ReadTimeout):
        await caller.post_json(fault="slow_body_ms=3000", timeout=httpx.Timeout(10.0, read=0.3))


@pytest.mark.parametrize("infer", ["FAILURE", "ERROR"])
async def test_infer_directive_answers_200_without_a_result_object(
    caller: Caller, infer: str
) -> None:
    response = await caller.post_json(Domain.CREDIT_CARD, fault=f"infer={infer}", name="c.jpg")

    assert response.status_code == 200
    (image,) = response.json()["images"]
    assert image["inferResult"] == infer
    assert image["message"] and image["message"] != "SUCCESS"
    assert image["name"] == "c.jpg"
    assert "creditCard" not in image


async def test_directives_in_the_image_name_work_through_any_client(caller: Caller) -> None:
    json_response = await caller.post_json(name="scan emulator-fault=code=0501 p1.png")
    multipart_response = await caller.post_multipart(name="emulator-fault=infer=ERROR")

    assert json_response.json()["code"] == "0501"
    assert multipart_response.json()["images"][0]["inferResult"] == "ERROR"


async def test_image_name_directives_override_header_directives(caller: Caller) -> None:
    response = await caller.post_json(fault="code=0500", name="x emulator-fault=code=0501")

    assert response.json()["code"] == "0501"


async def test_invalid_directive_answers_0011_naming_the_problem(caller: Caller) -> None:
    response = await caller.post_json(fault="explode")

    assert response.status_code == 400
    assert response.json()["code"] == "0011"
    assert "explode" in response.json()["message"]


async def test_global_default_faults_apply_and_per_call_directives_override_them() -> None:
    async with started(EmulatorConfig(port=0, faults="infer=FAILURE")) as caller:
        default = await caller.post_json()
        overridden = await caller.post_json(fault="code=0500")

    assert default.json()["images"][0]["inferResult"] == "FAILURE"
    assert overridden.json()["code"] == "0500"


def test_a_zero_directive_overrides_the_default_it_replaces() -> None:
    default = parse_directives("latency_ms=500,jitter_ms=100")
    assert default.overridden_by(parse_directives("latency_ms=0")).latency_ms == 0
    assert default.overridden_by(parse_directives("jitter_ms=0")).jitter_ms == 0


async def test_fault_directives_in_the_image_bytes_target_that_image(caller: Caller) -> None:
    png_signature = b"\x89PNG\r\n\x1a\n"
    marked = await caller.post_multipart(content=png_signature + b"...emulator-fault=code=0501)...")
    plain = await caller.post_multipart()

    assert marked.json()["code"] == "0501"
    assert plain.status_code == 200


async def test_global_latency_applies_to_every_call() -> None:
    async with started(EmulatorConfig(port=0, latency_ms=200)) as caller:
        started_at = time.monotonic()
        await caller.post_json()

    assert time.monotonic() - started_at >= 0.19


async def test_global_error_rate_of_one_fails_every_call_with_that_code() -> None:
    async with started(EmulatorConfig(port=0, error_rates={"0501": 1.0})) as caller:
        responses = [await caller.post_json() for _ in range(3)]

    assert [(r.status_code, r.json()["code"]) for r in responses] == [(500, "0501")] * 3


async def test_seeded_error_rates_replay_the_same_sequence() -> None:
    async def codes(seed: int) -> list[int]:
        config = EmulatorConfig(port=0, error_rates={"0500": 0.3, "0025": 0.2}, seed=seed)
        async with started(config) as caller:
            return [(await caller.post_json()).status_code for _ in range(20)]

    first, second = await codes(7), await codes(7)

    assert first == second
    assert 200 in first and (500 in first or 400 in first)


def test_parse_directives_reads_every_directive() -> None:
    plan = parse_directives(
        "latency_ms=300, jitter_ms=50,code=0025,status=429,message=busy,http502html,reset,"
        "malformed,empty,slow_body_ms=10,infer=failure"
    )

    assert plan == FaultPlan(
        latency_ms=300,
        jitter_ms=50,
        code="0025",
        status=429,
        message="busy",
        http502html=True,
        reset=True,
        malformed=True,
        empty=True,
        slow_body_ms=10,
        infer="FAILURE",
    )
    assert parse_directives("") == FaultPlan()


@pytest.mark.parametrize(
    "text", ["latency_ms", "latency_ms=-1", "code=25", "status=200", "infer=MAYBE", "reset=1"]
)
def test_parse_directives_rejects_invalid_values(text: str) -> None:
    with pytest.raises(FaultSyntaxError):
        parse_directives(text)


def test_directives_in_name_stop_at_whitespace() -> None:
    assert directives_in_name("a emulator-fault=code=0500,latency_ms=5 b.png") == (
        "code=0500,latency_ms=5"
    )
    assert directives_in_name("plain.png") is None
