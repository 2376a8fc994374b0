"""Vendor error answers: status, code and the documented error body for every check."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import httpx
import pytest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig

from .helpers import Caller, json_body, message, started


def assert_error(response: httpx.Response, status: int, code: str, path: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code
    assert body["path"] == path
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["timestamp"], int)


async def test_unknown_document_domain_answers_404_code_0022(caller: Caller) -> None:
    url = f"{caller.emulator.base_url}/custom/v1/1/x/document/driver-license"
    response = await caller.client.post(url, json=json_body())

    assert_error(response, 404, "0022", "/custom/v1/1/x/document/driver-license")


async def test_path_outside_document_answers_404_code_0001(caller: Caller) -> None:
    response = await caller.client.post(f"{caller.emulator.base_url}/general", json=json_body())

    assert_error(response, 404, "0001", "/general")


async def test_documented_path_with_wrong_method_answers_405_code_0001(caller: Caller) -> None:
    response = await caller.client.get(caller.emulator.url_for(Domain.RECEIPT))

    assert_error(response, 405, "0001", "/document/receipt")


async def test_missing_secret_answers_401_code_0002(caller: Caller) -> None:
    response = await caller.client.post(caller.emulator.url_for(Domain.RECEIPT), json=json_body())

    assert_error(response, 401, "0002", "/document/receipt")


async def test_secret_of_another_domain_answers_401_code_0002(caller: Caller) -> None:
    response = await caller.client.post(
        caller.emulator.url_for(Domain.CREDIT_CARD),
        json=json_body(),
        headers=caller.headers(Domain.RECEIPT),
    )

    assert_error(response, 401, "0002", "/document/credit-card")


async def test_configured_secret_is_the_one_checked() -> None:
    config = EmulatorConfig(port=0, secrets={Domain.RECEIPT: "s3cret"})
    async with started(config) as caller:
        url = caller.emulator.url_for(Domain.RECEIPT)
        good = await caller.client.post(url, json=json_body(), headers={"X-OCR-SECRET": "s3cret"})
        bad = await caller.client.post(url, json=json_body(), headers={"X-OCR-SECRET": "s3cre"})

    assert good.status_code == 200
    assert_error(bad, 401, "0002", "/document/receipt")


@pytest.mark.parametrize("version", ["V1", None, 2])
async def test_version_other_than_v2_answers_400_code_0021(caller: Caller, version: object) -> None:
    body = json_body()
    body["version"] = version

    assert_error(await caller.post_json(body=body), 400, "0021", "/document/receipt")


def _without(key: str) -> dict[str, Any]:
    body = json_body()
    del body[key]
    return body


def _image_patch(**changes: Any) -> dict[str, Any]:
    body = json_body()
    body["images"][0].update(changes)
    return body


def _two_images() -> dict[str, Any]:
    body = json_body()
    body["images"].append(copy.deepcopy(body["images"][0]))
    return body


INVALID_JSON_BODIES: dict[str, Any] = {
    "not-an-object": [1, 2],
    "no-images": _without("images"),
    "empty-images": {**json_body(), "images": []},
    "two-images": _two_images(),
    "no-request-id": _without("requestId"),
    "no-timestamp": _without("timestamp"),
    "no-data": {**json_body(), "images": [{"format": "png", "name": "x"}]},
    "bad-base64": _image_patch(data="@@not base64@@"),
    "empty-data": _image_patch(data=""),
    "unsupported-format": _image_patch(format="gif"),
    "no-name": {**json_body(), "images": [{"format": "png", "data": "eA=="}]},
}


@pytest.mark.parametrize("body", INVALID_JSON_BODIES.values(), ids=INVALID_JSON_BODIES.keys())
async def test_invalid_json_body_answers_400_code_0011(caller: Caller, body: Any) -> None:
    assert_error(await caller.post_json(body=body), 400, "0011", "/document/receipt")


async def test_unparseable_json_answers_400_code_0011(caller: Caller) -> None:
    response = await caller.client.post(
        caller.emulator.url_for(Domain.RECEIPT),
        content=b'{"version": "V2", "images": [',
        headers={**caller.headers(Domain.RECEIPT), "Content-Type": "application/json"},
    )

    assert_error(response, 400, "0011", "/document/receipt")


async def test_multipart_without_file_part_answers_400_code_0011(caller: Caller) -> None:
    response = await caller.client.post(
        caller.emulator.url_for(Domain.RECEIPT),
        files={"message": (None, json.dumps(message()), "text/plain")},
        headers=caller.headers(Domain.RECEIPT),
    )

    assert_error(response, 400, "0011", "/document/receipt")


async def test_multipart_without_message_part_answers_400_code_0011(caller: Caller) -> None:
    response = await caller.client.post(
        caller.emulator.url_for(Domain.RECEIPT),
        files={"file": ("a.png", b"bytes", "image/png")},
        headers=caller.headers(Domain.RECEIPT),
    )

    assert_error(response, 400, "0011", "/document/receipt")


async def test_multipart_with_unsupported_format_answers_400_code_0011(caller: Caller) -> None:
    response = await caller.client.post(
        caller.emulator.url_for(Domain.RECEIPT),
        files={
            "message": (None, json.dumps(message(fmt="bmp")), "text/plain"),
            "file": ("a.bmp", b"bytes", "image/bmp"),
        },
        headers=caller.headers(Domain.RECEIPT),
    )

    assert_error(response, 400, "0011", "/document/receipt")


async def test_multipart_without_boundary_answers_400_code_0011(caller: Caller) -> None:
    response = await caller.client.post(
        caller.emulator.url_for(Domain.RECEIPT),
        content=b"garbage",
        headers={**caller.headers(Domain.RECEIPT), "Content-Type": "multipart/form-data"},
    )

    assert_error(response, 400, "0011", "/document/receipt")


async def test_body_over_the_size_limit_answers_400_code_0011() -> None:
    async with started(EmulatorConfig(port=0, max_body_bytes=1024)) as caller:
        body = json_body()
        body["images"][0]["data"] = base64.b64encode(b"x" * 4096).decode()
        response = await caller.post_json(body=body)

    assert_error(response, 400, "0011", "/document/receipt")


async def test_quota_answers_400_code_0023_once_exhausted() -> None:
    async with started(EmulatorConfig(port=0, quota=2)) as caller:
        statuses = [(await caller.post_json(Domain.PASSPORT)).status_code for _ in range(2)]
        over = await caller.post_json(Domain.RECEIPT)

    assert statuses == [200, 200]
    assert_error(over, 400, "0023", "/document/receipt")
    assert caller.emulator.stats.total_calls == 2
