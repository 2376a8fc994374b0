"""Successful calls: every documented path answers like the vendor's examples, in both bodies."""

from __future__ import annotations

import time

import httpx
import pytest

from clova_ocr_gateway.domains import DOMAINS, Domain

from .helpers import IMAGE, Caller, json_body


@pytest.mark.parametrize("mode", ["json", "multipart"])
@pytest.mark.parametrize("domain", list(Domain), ids=lambda d: d.value)
async def test_every_documented_path_answers_success_for_both_body_kinds(
    caller: Caller, domain: Domain, mode: str
) -> None:
    before_ms = time.time() * 1000
    if mode == "json":
        response = await caller.post_json(domain, name=f"scan-{domain.value}")
    else:
        response = await caller.post_multipart(domain, name=f"scan-{domain.value}")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["version"] == "V2"
    assert body["requestId"] == "req-1"
    assert body["timestamp"] >= before_ms - 1
    (image,) = body["images"]
    assert image["name"] == f"scan-{domain.value}"
    assert image["inferResult"] == "SUCCESS"
    assert image["message"] == "SUCCESS"
    assert DOMAINS[domain].response_key in image
    assert caller.emulator.stats.last_request[domain].content_type == mode


async def test_each_call_gets_a_fresh_uid_and_echoes_its_own_name(caller: Caller) -> None:
    first = (await caller.post_json(name="a.png")).json()["images"][0]
    second = (await caller.post_json(name="b.png")).json()["images"][0]

    assert first["uid"] != second["uid"]
    assert len(first["uid"]) == 32
    int(first["uid"], 16)  # hex, like the vendor's uids
    assert (first["name"], second["name"]) == ("a.png", "b.png")


async def test_paths_match_by_suffix_with_or_without_an_invoke_prefix(caller: Caller) -> None:
    emulator = caller.emulator
    headers = caller.headers(Domain.NAME_CARD)
    urls = [
        f"{emulator.base_url}/document/name-card",
        f"{emulator.base_url}/custom/v1/123/abcdef/document/name-card",
        f"{emulator.base_url}/custom/v1/123/abcdef/document/name-card/",
    ]
    for url in urls:
        response = await caller.client.post(url, json=json_body(), headers=headers)
        assert response.status_code == 200, url
        assert "nameCard" in response.json()["images"][0]


async def test_success_echoes_a_request_id_needing_json_escaping(caller: Caller) -> None:
    request_id = 'quote" backslash\\ 한글'
    response = await caller.post_json(body=json_body(request_id=request_id))

    assert response.json()["requestId"] == request_id


async def test_last_request_records_headers_and_image_length_but_not_the_secret(
    caller: Caller,
) -> None:
    traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    await caller.client.post(
        caller.emulator.url_for(Domain.PASSPORT),
        json=json_body("p.png", request_id="rid-7"),
        headers={**caller.headers(Domain.PASSPORT), "traceparent": traceparent},
    )

    last = caller.emulator.stats.last_request[Domain.PASSPORT]
    assert last.content_type == "json"
    assert last.request_id == "rid-7"
    assert last.image_name == "p.png"
    assert last.image_format == "png"
    assert last.image_bytes == len(IMAGE)
    assert last.headers["traceparent"] == traceparent
    assert last.headers["x-ocr-secret"] == "<redacted>"


async def test_counters_track_requests_and_accepted_calls_per_domain(caller: Caller) -> None:
    await caller.post_json(Domain.ID_CARD)
    await caller.post_multipart(Domain.ID_CARD)
    await caller.client.post(caller.emulator.url_for(Domain.ID_CARD), json=json_body())

    stats = caller.emulator.stats
    assert stats.requests[Domain.ID_CARD] == 3
    assert stats.calls[Domain.ID_CARD] == 2  # the unauthenticated one is not a call
    assert stats.max_concurrent[Domain.ID_CARD] == 1
    assert stats.in_flight[Domain.ID_CARD] == 0
    assert stats.errors == {"0002": 1}
    stats.reset()
    assert stats.calls[Domain.ID_CARD] == 0
    assert stats.errors == {}


async def test_emulator_accepts_a_body_without_json_content_type(caller: Caller) -> None:
    # The vendor's own curl example posts JSON with curl's default form content type.
    response = await caller.client.post(
        caller.emulator.url_for(Domain.RECEIPT),
        content=httpx.Request("POST", "http://x", json=json_body()).content,
        headers={
            **caller.headers(Domain.RECEIPT),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )

    assert response.status_code == 200
