"""The callers policy on a real gateway in front of the real emulator: a domain the caller may not
call is refused before any paid call, a quota counts billed calls only and refuses with
QuotaFailure and RetryInfo, the file's weights drive the fair queue, and an edit of the file
takes effect without restart."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import grpc
import pytest

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain

from .conftest import Harness
from .test_serving import PNG, details_of, domain_request, rpc

POLICY = """
callers:
  alice:
    domains: [receipt, credit-card]
    weight: 3
    quotas:
      - {domain: receipt, per: day, calls: 2}
  default:
    domains: [name-card]
"""


def as_caller(caller: str, *extra: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (("x-client-id", caller), *extra)


def sample(harness: Harness, name: str, **labels: str) -> float:
    value = harness.gateway.metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


@pytest.fixture
async def policy_harness(harness_factory: Any, tmp_path: Path) -> Harness:
    path = tmp_path / "callers.yaml"
    path.write_text(POLICY)
    harness: Harness = await harness_factory(
        env={"OCR_CALLERS_FILE": str(path), "OCR_SECRET_POLL_SECONDS": "0.05"}
    )
    return harness


async def test_a_domain_the_caller_may_not_call_is_refused_before_any_paid_call(
    policy_harness: Harness,
) -> None:
    h = policy_harness
    for domain, caller in ((Domain.PASSPORT, "alice"), (Domain.RECEIPT, "stranger")):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await rpc(h, domain)(domain_request(domain), metadata=as_caller(caller))
        assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
        info = details_of(caught.value)["info"]
        assert info.reason == "CALLER_DOMAIN_NOT_PERMITTED"
        assert info.metadata["domain"] == domain.value
        assert info.metadata["caller"] == caller
    # The generic RPC walks the same road.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await h.stub.Recognize(
            service_pb2.RecognizeRequest(
                document_type=service_pb2.DOCUMENT_TYPE_PASSPORT,
                image=image_pb2.Image(content=PNG),
            ),
            metadata=as_caller("alice"),
        )
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    # Even a bad image is answered with the refusal: the caller learns nothing about the input.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await rpc(h, Domain.PASSPORT)(
            domain_request(Domain.PASSPORT, content=b"not an image"), metadata=as_caller("alice")
        )
    assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert h.emulator.stats.total_calls == 0
    denials = "clova_ocr_caller_permission_denials_total"
    assert sample(h, denials, caller="alice", domain="passport") == 3
    assert sample(h, denials, caller="other", domain="receipt") == 1
    # What the entry allows still works.
    await rpc(h, Domain.NAME_CARD)(domain_request(Domain.NAME_CARD), metadata=as_caller("x"))
    await rpc(h, Domain.CREDIT_CARD)(
        domain_request(Domain.CREDIT_CARD), metadata=as_caller("alice")
    )


async def test_a_quota_counts_only_billed_calls_and_refuses_with_quota_failure_and_retry_info(
    policy_harness: Harness,
) -> None:
    h = policy_harness
    call = rpc(h, Domain.RECEIPT)
    # CLOVA refuses the body (0011): nothing billed, so nothing counted.
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call(
            domain_request(Domain.RECEIPT),
            metadata=as_caller("alice", ("x-emulator-fault", "code=0011")),
        )
    assert details_of(caught.value)["info"].reason == "UPSTREAM_REJECTED_REQUEST"
    for _ in range(2):
        await call(domain_request(Domain.RECEIPT), metadata=as_caller("alice"))
    upstream_before = h.emulator.stats.total_calls
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call(domain_request(Domain.RECEIPT), metadata=as_caller("alice"))
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    found = details_of(caught.value)
    info = found["info"]
    assert info.reason == "CALLER_QUOTA_EXCEEDED"
    assert info.metadata["caller"] == "alice"
    assert info.metadata["quota_per"] == "day"
    window = info.metadata["window"]
    [violation] = found["quota"].violations
    assert violation.subject == f"caller:alice/receipt/day:{window}"
    assert "2 of 2 billable calls of receipt per day" in violation.description
    retry = found["retry"].retry_delay.seconds
    assert 0 < retry <= 86400
    assert h.emulator.stats.total_calls == upstream_before  # refused before the paid call
    # The quota is the caller's own: its other domain and other callers are unaffected.
    await rpc(h, Domain.CREDIT_CARD)(
        domain_request(Domain.CREDIT_CARD), metadata=as_caller("alice")
    )
    billed = "clova_ocr_caller_billable_calls_total"
    assert sample(h, billed, caller="alice", domain="receipt") == 2
    assert sample(h, billed, caller="alice", domain="credit-card") == 1
    rejections = "clova_ocr_caller_quota_rejections_total"
    assert sample(h, rejections, caller="alice", domain="receipt", per="day") == 1
    used = "clova_ocr_caller_quota_used"
    assert sample(h, used, caller="alice", domain="receipt", per="day") == 2
    assert (
        sample(h, "clova_ocr_caller_quota_limit", caller="alice", domain="receipt", per="day") == 2
    )


async def test_the_file_weights_feed_the_fair_queue(policy_harness: Harness) -> None:
    admission = policy_harness.gateway.admission
    assert admission is not None
    assert admission.weight("alice") == 3.0
    assert admission.weight("stranger") == 1.0


async def test_an_edited_file_takes_effect_without_restart(
    policy_harness: Harness, tmp_path: Path
) -> None:
    h = policy_harness
    await rpc(h, Domain.NAME_CARD)(domain_request(Domain.NAME_CARD), metadata=as_caller("x"))
    (tmp_path / "callers.yaml").write_text(POLICY.replace("domains: [name-card]", "domains: []"))
    for _ in range(200):  # about 10 s at most
        try:
            await rpc(h, Domain.NAME_CARD)(
                domain_request(Domain.NAME_CARD), metadata=as_caller("x")
            )
        except grpc.aio.AioRpcError as exc:
            assert exc.code() == grpc.StatusCode.PERMISSION_DENIED
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the edited policy never took effect")
    # A broken edit keeps the policy that was good last.
    (tmp_path / "callers.yaml").write_text("callers: {default: {domains: [nope]}}")
    for _ in range(200):
        if sample(h, "clova_ocr_callers_policy_reload_failures_total") >= 1:
            break
        await asyncio.sleep(0.05)
    assert sample(h, "clova_ocr_callers_policy_last_reload_success") == 0
    await rpc(h, Domain.RECEIPT)(domain_request(Domain.RECEIPT), metadata=as_caller("alice"))


async def test_without_a_callers_file_every_caller_may_call_every_domain(harness: Harness) -> None:
    for domain in (Domain.PASSPORT, Domain.RECEIPT):
        await rpc(harness, domain)(domain_request(domain), metadata=as_caller("anyone"))
    billed = "clova_ocr_caller_billable_calls_total"
    assert sample(harness, billed, caller="other", domain="passport") == 1


async def test_the_deprecated_weights_still_work_and_say_they_are_deprecated(
    harness_factory: Any,
) -> None:
    from observability.conftest import CapturedLog

    from clova_ocr_gateway.observability import logs

    captured = CapturedLog()
    logs.configure_logging("json", "INFO", stream=captured.stream)
    try:
        harness: Harness = await harness_factory(env={"OCR_CLIENT_WEIGHTS": "batch=3"})
    finally:
        logs.reset_logging()
    assert harness.gateway.admission is not None
    assert harness.gateway.admission.weight("batch") == 3.0
    [warning] = captured.events("deprecated_setting")
    assert warning["setting"] == "OCR_CLIENT_WEIGHTS" and warning["level"] == "warning"
