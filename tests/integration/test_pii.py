"""PII policy on a real gateway in front of the real emulator answering with canary identifiers:
a masked caller's responses (typed result and raw answer, every RPC shape) contain no hidden part
of any identifier and say pii_masked; a raw caller reads them and leaves exactly one audit line
per call naming the fields, never the values; without a callers file (and with authentication
off) results come back as CLOVA sent them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import json_format
from observability.conftest import CapturedLog  # raw_lines() too
from pii_canaries import HIDDEN, MASKED_FORMS, answers

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability import logs

from .conftest import Harness
from .test_serving import PNG, rpc

POLICY = """
callers:
  alice: {domains: ["*"]}
  bob: {domains: ["*"], pii: raw}
  default: {domains: ["*"]}
"""
CASES = answers()


@pytest.fixture
def json_log() -> Iterator[CapturedLog]:
    captured = CapturedLog()
    logs.configure_logging("json", "INFO", stream=captured.stream)
    try:
        yield captured
    finally:
        logs.reset_logging()
        logs.clear_registered_secret_values()


@pytest.fixture
async def pii_harness(harness_factory: Any, tmp_path: Path) -> Harness:
    path = tmp_path / "callers.yaml"
    path.write_text(POLICY)
    harness: Harness = await harness_factory(env={"OCR_CALLERS_FILE": str(path)})
    return harness


async def recognize(h: Harness, domain: Domain, caller: str, request_id: str) -> Any:
    request = REGISTRY[domain].request_type(
        image=image_pb2.Image(content=PNG), request_id=request_id, include_raw_response=True
    )
    return await rpc(h, domain)(request, metadata=(("x-client-id", caller),))


def everything(response: Any) -> bytes:
    """The response as it travels, and rendered as proto JSON."""
    return response.SerializeToString() + json_format.MessageToJson(
        response, ensure_ascii=False
    ).encode("utf-8")


async def test_a_masked_caller_never_receives_a_hidden_part_of_an_identifier(
    pii_harness: Harness,
) -> None:
    h = pii_harness
    for case, domain, answer in CASES:
        h.emulator.set_example(domain, answer)
        response = await recognize(h, domain, "alice", f"masked-{case}")
        assert response.header.pii_masked is True
        assert response.HasField("raw_response") and response.raw_response_json
        # The raw bytes are the masked answer re-serialized, still CLOVA's shape.
        raw = json.loads(response.raw_response_json)
        assert raw["images"][0]["inferResult"] == "SUCCESS"
        sent = everything(response)
        for hidden in HIDDEN[case]:
            assert hidden.encode() not in sent, f"{case}: {hidden} reached a masked caller"
        rendered = json_format.MessageToJson(response, ensure_ascii=False)
        for form in MASKED_FORMS[case]:
            assert form in rendered, f"{case}: expected {form}"
            assert form in response.raw_response_json.decode(), f"{case}: {form} in the raw bytes"
        # The generic RPC walks the same road.
        generic = await h.stub.Recognize(
            service_pb2.RecognizeRequest(
                document_type=REGISTRY[domain].document_type,
                image=image_pb2.Image(content=PNG),
                include_raw_response=True,
            ),
            metadata=(("x-client-id", "stranger"),),  # the default entry: masked
        )
        assert generic.header.pii_masked is True
        for hidden in HIDDEN[case]:
            assert hidden.encode() not in everything(generic), f"{case}: {hidden} (Recognize)"


async def test_a_raw_caller_reads_identifiers_and_each_read_is_audited_without_values(
    pii_harness: Harness, json_log: CapturedLog
) -> None:
    h = pii_harness
    for case, domain, answer in CASES:
        h.emulator.set_example(domain, answer)
        response = await recognize(h, domain, "bob", f"raw-{case}")
        assert response.header.pii_masked is False
        sent = everything(response)
        for hidden in HIDDEN[case]:
            assert hidden.encode() in sent, f"{case}: a raw caller should read {hidden}"
    # A call without identifiers (a receipt) is not audited.
    await recognize(h, Domain.RECEIPT, "bob", "raw-receipt")
    audits = json_log.events("pii_raw_read")
    assert [a["request_id"] for a in audits] == [f"raw-{case}" for case, _, _ in CASES]
    by_id = {a["request_id"]: a for a in audits}
    assert by_id["raw-dl"]["fields"] == ["idCard.result.dl.num", "idCard.result.dl.personalNum"]
    assert by_id["raw-credit-card"]["fields"] == ["creditCard.result.number"]
    assert by_id["raw-passport"]["domain"] == "passport"
    for audit in audits:
        assert audit["caller"] == "bob"
        assert audit["logger"] == "clova_ocr_gateway.audit"
    text = "\n".join(json_log.raw_lines())
    for case, _, _ in CASES:
        for hidden in HIDDEN[case]:
            assert hidden not in text, f"{hidden} was logged"


async def test_without_a_callers_file_and_with_authentication_off_results_are_as_today(
    harness: Harness, json_log: CapturedLog
) -> None:
    _case, domain, answer = CASES[0]
    harness.emulator.set_example(domain, answer)
    response = await recognize(harness, domain, "anyone", "today")
    assert response.header.pii_masked is False
    assert response.id_card.result.ic.personal_num[0].text == "850317-2917364"
    assert len(json_log.events("pii_raw_read")) == 1


KEY = "k-" + "5f3a9c" * 8


async def test_with_authentication_on_only_a_verified_raw_entry_reads_identifiers(
    harness_factory: Any, tmp_path: Path
) -> None:
    from clova_ocr_gateway.callers.api_keys import key_digest

    keys = tmp_path / "keys.yaml"
    keys.write_text(f"kyc-verifier: {key_digest(KEY)}\n")
    policy = tmp_path / "callers.yaml"
    policy.write_text(
        'callers:\n  kyc-verifier: {domains: ["*"], pii: raw}\n  default: {domains: ["*"]}\n'
    )
    h: Harness = await harness_factory(
        env={
            "OCR_AUTH_MODE": "optional",
            "OCR_AUTH_API_KEYS_FILE": str(keys),
            "OCR_CALLERS_FILE": str(policy),
        }
    )
    case, domain, answer = CASES[0]
    h.emulator.set_example(domain, answer)

    async def read(*metadata: tuple[str, str]) -> Any:
        request = REGISTRY[domain].request_type(
            image=image_pb2.Image(content=PNG), include_raw_response=True
        )
        return await rpc(h, domain)(request, metadata=metadata)

    verified = await read(("x-api-key", KEY))
    assert verified.header.pii_masked is False
    assert HIDDEN[case][0].encode() in everything(verified)
    # x-client-id is no identity once authentication is on: claiming the raw entry gets nothing.
    for metadata in ((("x-client-id", "kyc-verifier"),), ()):
        response = await read(*metadata)
        assert response.header.pii_masked is True
        for hidden in HIDDEN[case]:
            assert hidden.encode() not in everything(response)


async def test_with_authentication_on_and_no_callers_file_everybody_is_masked(
    harness_factory: Any, tmp_path: Path
) -> None:
    from clova_ocr_gateway.callers.api_keys import key_digest

    keys = tmp_path / "keys.yaml"
    keys.write_text(f"kyc-verifier: {key_digest(KEY)}\n")
    h: Harness = await harness_factory(
        env={"OCR_AUTH_MODE": "optional", "OCR_AUTH_API_KEYS_FILE": str(keys)}
    )
    case, domain, answer = CASES[-1]  # the credit card
    h.emulator.set_example(domain, answer)
    request = REGISTRY[domain].request_type(
        image=image_pb2.Image(content=PNG), include_raw_response=True
    )
    response = await rpc(h, domain)(request, metadata=(("x-api-key", KEY),))
    assert response.header.pii_masked is True
    for hidden in HIDDEN[case]:
        assert hidden.encode() not in everything(response)
