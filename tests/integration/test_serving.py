"""The serving path end to end: a real grpc.aio gateway in front of the real emulator."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_status import rpc_status
from imaging_samples import padded_png, tiny_jpeg, tiny_pdf, tiny_png, tiny_tiff

from clova.ocr.document.v1 import clova_api_pb2, image_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig

from .conftest import Harness

PNG = tiny_png()


def details_of(exc: grpc.aio.AioRpcError) -> dict[str, Any]:
    """ErrorInfo, RetryInfo, QuotaFailure, BadRequest, ClovaError and ImageInfo of an error."""
    status = rpc_status.from_call(exc)  # type: ignore[arg-type]
    assert status is not None, "error carries no google.rpc.Status"
    found: dict[str, Any] = {"error_infos": []}
    kinds = {
        "retry": error_details_pb2.RetryInfo,
        "quota": error_details_pb2.QuotaFailure,
        "bad_request": error_details_pb2.BadRequest,
        "clova": clova_api_pb2.ClovaError,
        "image": image_pb2.ImageInfo,
    }
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            found["error_infos"].append(info)
            continue
        for name, kind in kinds.items():
            message = kind()
            if detail.Unpack(message):
                found[name] = message
    assert len(found["error_infos"]) == 1, "exactly one ErrorInfo"
    found["info"] = found["error_infos"][0]
    return found


def domain_request(domain: Domain, content: bytes = PNG, **image: Any) -> Any:
    spec = REGISTRY[domain]
    return spec.request_type(
        image=image_pb2.Image(content=content, **image), request_id=f"it-{domain.value}"
    )


def rpc(harness: Harness, domain: Domain) -> Any:
    return getattr(harness.stub, REGISTRY[domain].rpc_name)


@pytest.mark.parametrize("mode", ["multipart", "json"])
async def test_every_domain_rpc_answers_typed_result_in_both_upload_modes(
    harness_factory: Any, mode: str
) -> None:
    harness: Harness = await harness_factory(upload_mode=mode)
    for domain in Domain:
        spec = REGISTRY[domain]
        response = await rpc(harness, domain)(domain_request(domain, name="doc-1"), timeout=10)
        assert response.header.request_id == f"it-{domain.value}"
        assert response.header.version == "V2"
        assert response.image.infer_result == image_pb2.INFER_RESULT_SUCCESS
        assert response.image.name == "doc-1"
        assert response.HasField(spec.result_field)
        seen = harness.emulator.stats.last_request[domain]
        assert seen.content_type == mode
        assert seen.request_id == f"it-{domain.value}"
        assert seen.image_format == "png"  # filled in from the magic bytes

        generic = await harness.stub.Recognize(
            service_pb2.RecognizeRequest(
                document_type=spec.document_type,
                image=image_pb2.Image(content=PNG),
                include_raw_response=True,
            ),
            timeout=10,
        )
        assert generic.WhichOneof("result") == spec.result_field
        assert generic.document_type == spec.document_type
        assert len(generic.header.request_id) == 36  # generated UUID
        assert generic.raw_response.fields["images"].list_value.values[0].struct_value


async def test_each_image_format_is_sent_with_its_detected_format(harness: Harness) -> None:
    for content, expected in [
        (tiny_jpeg(), "jpg"),
        (tiny_pdf(), "pdf"),
        (tiny_tiff(), "tiff"),
        (padded_png(20_000), "png"),
    ]:
        await harness.stub.RecognizeReceipt(domain_request(Domain.RECEIPT, content), timeout=10)
        assert harness.emulator.stats.last_request[Domain.RECEIPT].image_format == expected


@pytest.mark.parametrize("mode", ["multipart", "json"])
async def test_a_large_image_arrives_whole_with_its_length_announced(
    harness_factory: Any, mode: str
) -> None:
    # Above 256 KiB the multipart body is sent part by part (upstream/client.py).
    harness: Harness = await harness_factory(upload_mode=mode)
    content = padded_png(1 << 20)
    await harness.stub.RecognizeReceipt(domain_request(Domain.RECEIPT, content), timeout=20)
    seen = harness.emulator.stats.last_request[Domain.RECEIPT]
    assert seen.image_bytes == len(content)
    assert seen.content_type == mode
    assert "transfer-encoding" not in seen.headers
    assert int(seen.headers["content-length"]) > len(content)
    assert seen.headers["accept-encoding"] == "identity"


# (fault directive, gRPC code, ErrorInfo reason, CLOVA code in metadata or None)
ERROR_TABLE = [
    ("code=0001", grpc.StatusCode.INTERNAL, "UPSTREAM_URL_INVALID", "0001"),
    ("code=0002", grpc.StatusCode.INTERNAL, "UPSTREAM_CREDENTIALS_REJECTED", "0002"),
    ("code=0011", grpc.StatusCode.INVALID_ARGUMENT, "UPSTREAM_REJECTED_REQUEST", "0011"),
    ("code=0021", grpc.StatusCode.INTERNAL, "UPSTREAM_PROTOCOL_UNSUPPORTED", "0021"),
    ("code=0022", grpc.StatusCode.INTERNAL, "UPSTREAM_DOMAIN_INVALID", "0022"),
    ("code=0023", grpc.StatusCode.RESOURCE_EXHAUSTED, "UPSTREAM_QUOTA_EXHAUSTED", "0023"),
    ("code=0025", grpc.StatusCode.RESOURCE_EXHAUSTED, "UPSTREAM_RATE_LIMITED", "0025"),
    (
        "code=0028,status=400",
        grpc.StatusCode.FAILED_PRECONDITION,
        "UPSTREAM_FEATURE_DISABLED",
        "0028",
    ),
    ("code=0500", grpc.StatusCode.UNAVAILABLE, "UPSTREAM_UNAVAILABLE", "0500"),
    ("code=0501", grpc.StatusCode.UNAVAILABLE, "UPSTREAM_OCR_ERROR", "0501"),
    ("code=1021,status=500", grpc.StatusCode.FAILED_PRECONDITION, "UPSTREAM_NOT_DEPLOYED", "1021"),
    ("code=7777,status=400", grpc.StatusCode.INTERNAL, "UPSTREAM_UNKNOWN_ERROR", "7777"),
    ("code=7777,status=503", grpc.StatusCode.UNAVAILABLE, "UPSTREAM_UNAVAILABLE", "7777"),
    ("http502html", grpc.StatusCode.UNAVAILABLE, "UPSTREAM_UNAVAILABLE", None),
    ("empty", grpc.StatusCode.INTERNAL, "UPSTREAM_MALFORMED_RESPONSE", None),
    ("malformed", grpc.StatusCode.INTERNAL, "UPSTREAM_MALFORMED_RESPONSE", None),
    ("reset", grpc.StatusCode.UNAVAILABLE, "UPSTREAM_CONNECTION_LOST", None),
    ("infer=FAILURE", grpc.StatusCode.INVALID_ARGUMENT, "DOCUMENT_NOT_RECOGNIZED", None),
    ("infer=ERROR", grpc.StatusCode.UNAVAILABLE, "UPSTREAM_INFERENCE_ERROR", None),
]


@pytest.mark.parametrize(("fault", "code", "reason", "clova_code"), ERROR_TABLE)
async def test_error_table_row_maps_to_status_reason_and_clova_code(
    harness: Harness, fault: str, code: grpc.StatusCode, reason: str, clova_code: str | None
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(
            domain_request(Domain.RECEIPT),
            metadata=(("x-emulator-fault", fault),),
            timeout=10,
        )
    assert caught.value.code() == code
    found = details_of(caught.value)
    info = found["info"]
    assert info.reason == reason
    assert info.domain == "clova-ocr-gateway"
    assert info.metadata["domain"] == "receipt"
    if clova_code is None:
        assert "clova_code" not in info.metadata
    else:
        assert info.metadata["clova_code"] == clova_code
        assert found["clova"].code == clova_code  # the vendor's own body travels along
    assert ("retry" in found) == (
        code in (grpc.StatusCode.UNAVAILABLE,) or reason == "UPSTREAM_RATE_LIMITED"
    )
    if reason in ("UPSTREAM_QUOTA_EXHAUSTED", "UPSTREAM_RATE_LIMITED"):
        assert found["quota"].violations
    if reason in ("DOCUMENT_NOT_RECOGNIZED", "UPSTREAM_INFERENCE_ERROR"):
        assert found["image"].infer_result in (
            image_pb2.INFER_RESULT_FAILURE,
            image_pb2.INFER_RESULT_ERROR,
        )


async def test_connection_refused_maps_to_unavailable_with_retry_info() -> None:
    from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
    from clova_ocr_gateway.config.settings import load_settings
    from clova_ocr_gateway.serving.server import start_gateway

    # Reserve a loopback port and close it so nothing listens there.
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()
    settings = load_settings(
        {
            "OCR_RECEIPT_INVOKE_URL": f"http://127.0.0.1:{port}/document/receipt",
            "OCR_RECEIPT_SECRET": "s3cret-value",
        },
        host="127.0.0.1",
        port=0,
        metrics_port=None,
    )
    gateway = await start_gateway(settings)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
            stub = service_grpc.DocumentOcrServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await stub.RecognizeReceipt(domain_request(Domain.RECEIPT), timeout=10)
            assert caught.value.code() == grpc.StatusCode.UNAVAILABLE
            found = details_of(caught.value)
            assert found["info"].reason == "UPSTREAM_CONNECT_FAILED"
            assert "retry" in found
            # An unconfigured domain answers FAILED_PRECONDITION and names the settings.
            with pytest.raises(grpc.aio.AioRpcError) as caught:
                await stub.RecognizePassport(domain_request(Domain.PASSPORT), timeout=10)
            assert caught.value.code() == grpc.StatusCode.FAILED_PRECONDITION
            assert details_of(caught.value)["info"].reason == "DOMAIN_NOT_CONFIGURED"
            assert "OCR_PASSPORT_INVOKE_URL" in (caught.value.details() or "")
    finally:
        await gateway.stop(grace=0.5)


@pytest.mark.parametrize(
    ("image", "field"),
    [
        (image_pb2.Image(content=b""), "image.content"),
        (image_pb2.Image(content=b"GIF89a...."), "image.content"),
        (image_pb2.Image(content=PNG, format=image_pb2.IMAGE_FORMAT_PDF), "image.format"),
        (image_pb2.Image(content=PNG, format=99), "image.format"),  # type: ignore[arg-type]
        (image_pb2.Image(content=tiny_pdf(pages=2)), "image.content"),
        (image_pb2.Image(content=tiny_tiff(pages=3)), "image.content"),
        (image_pb2.Image(content=PNG, name="../etc/passwd"), "image.name"),
        (image_pb2.Image(content=PNG, name="x" * 129), "image.name"),
        (image_pb2.Image(), "image.content"),
    ],
)
async def test_bad_image_is_rejected_before_any_paid_call(
    harness: Harness, image: image_pb2.Image, field: str
) -> None:
    before = harness.emulator.stats.requests[Domain.RECEIPT]
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(
            service_pb2.RecognizeReceiptRequest(image=image), timeout=10
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    found = details_of(caught.value)
    assert found["info"].reason == "INVALID_IMAGE"
    assert field in [v.field for v in found["bad_request"].field_violations]
    assert harness.emulator.stats.requests[Domain.RECEIPT] == before


async def test_oversize_image_is_rejected_with_resource_exhausted_or_invalid_argument(
    harness_factory: Any,
) -> None:
    harness: Harness = await harness_factory(
        max_image_bytes=100_000, max_receive_message_bytes=300_000, max_document_bytes=200_000
    )
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(
            domain_request(Domain.RECEIPT, padded_png(200_000)), timeout=10
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "image.content" in caught.value.details()
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(
            domain_request(Domain.RECEIPT, padded_png(400_000)), timeout=10
        )
    assert caught.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


async def test_generic_recognize_without_document_type_is_invalid_argument(
    harness: Harness,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.Recognize(
            service_pb2.RecognizeRequest(image=image_pb2.Image(content=PNG)), timeout=10
        )
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert details_of(caught.value)["info"].reason == "INVALID_DOCUMENT_TYPE"


async def test_bad_request_id_is_invalid_argument(harness: Harness) -> None:
    request = domain_request(Domain.RECEIPT)
    request.request_id = "has spaces and \n newline"
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(request, timeout=10)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_deadline_shorter_than_upstream_gives_deadline_exceeded_and_cancels_upstream(
    harness: Harness,
) -> None:
    started = time.monotonic()
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await harness.stub.RecognizeReceipt(
            domain_request(Domain.RECEIPT),
            metadata=(("x-emulator-fault", "latency_ms=3000"),),
            timeout=0.5,
        )
    elapsed = time.monotonic() - started
    assert caught.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert elapsed < 2.0  # about the deadline, far from the upstream's 3 s
    for _ in range(100):  # bounded wait for the emulator to notice the disconnect
        if harness.emulator.stats.cancelled[Domain.RECEIPT] >= 1:
            break
        await asyncio.sleep(0.02)
    assert harness.emulator.stats.cancelled[Domain.RECEIPT] == 1


async def test_caller_cancel_reaches_the_upstream(harness: Harness) -> None:
    call = harness.stub.RecognizeReceipt(
        domain_request(Domain.RECEIPT),
        metadata=(("x-emulator-fault", "latency_ms=5000"),),
        timeout=30,
    )
    for _ in range(100):
        if harness.emulator.stats.in_flight[Domain.RECEIPT] == 1:
            break
        await asyncio.sleep(0.02)
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    for _ in range(150):
        if harness.emulator.stats.cancelled[Domain.RECEIPT] >= 1:
            break
        await asyncio.sleep(0.02)
    assert harness.emulator.stats.cancelled[Domain.RECEIPT] == 1
    assert harness.emulator.stats.in_flight[Domain.RECEIPT] == 0


async def test_health_reports_overall_readiness_liveness_and_domains(harness: Harness) -> None:
    health = health_pb2_grpc.HealthStub(harness.channel)
    serving = health_pb2.HealthCheckResponse.SERVING
    for name in ["", "clova.ocr.document.v1.DocumentOcrService", "readiness", "liveness"]:
        reply = await health.Check(health_pb2.HealthCheckRequest(service=name), timeout=5)
        assert reply.status == serving, name
    for domain in Domain:
        reply = await health.Check(
            health_pb2.HealthCheckRequest(service=f"domain/{domain.value}"), timeout=5
        )
        assert reply.status == serving


async def test_reflection_lists_the_service_and_can_be_turned_off(harness_factory: Any) -> None:
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    async def services(h: Harness) -> list[str]:
        stub = reflection_pb2_grpc.ServerReflectionStub(h.channel)
        request = reflection_pb2.ServerReflectionRequest(list_services="")
        names: list[str] = []
        async for reply in stub.ServerReflectionInfo(iter([request]), timeout=5):
            names = [s.name for s in reply.list_services_response.service]
        return names

    on: Harness = await harness_factory()
    assert "clova.ocr.document.v1.DocumentOcrService" in await services(on)
    off: Harness = await harness_factory(reflection=False)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await services(off)
    assert caught.value.code() == grpc.StatusCode.UNIMPLEMENTED


async def test_secret_rotation_during_a_stream_of_calls_loses_no_call(
    harness_factory: Any, tmp_path: Any
) -> None:
    from clova_ocr_gateway.emulator import start_emulator

    emulator = await start_emulator(EmulatorConfig(port=0, secrets={Domain.RECEIPT: "old-secret"}))
    try:
        # Kubernetes layout: key -> ..data/key, ..data -> timestamped dir, swapped atomically.
        mount = tmp_path / "mount"
        (mount / "v1").mkdir(parents=True)
        (mount / "v1" / "receipt").write_text("old-secret\n")
        (mount / "..data").symlink_to("v1")
        (mount / "receipt").symlink_to("..data/receipt")
        harness: Harness = await harness_factory(
            env={
                "OCR_RECEIPT_INVOKE_URL": emulator.url_for(Domain.RECEIPT),
                "OCR_RECEIPT_SECRET_FILE": str(mount / "receipt"),
                "OCR_SECRET_POLL_SECONDS": "0.05",
            },
            emulator=None,
        )
        failures: list[grpc.StatusCode] = []
        done = 0

        async def caller() -> None:
            nonlocal done
            for _ in range(30):
                try:
                    await harness.stub.RecognizeReceipt(domain_request(Domain.RECEIPT), timeout=10)
                    done += 1
                except grpc.aio.AioRpcError as exc:
                    failures.append(exc.code())
                await asyncio.sleep(0.01)

        callers = [asyncio.create_task(caller()) for _ in range(3)]
        await asyncio.sleep(0.2)
        # Rotation window: the vendor accepts both while the mount is swapped, then only new.
        emulator.accept_secrets(Domain.RECEIPT, "old-secret", "new-secret")
        (mount / "v2").mkdir()
        (mount / "v2" / "receipt").write_text("new-secret\n")
        (mount / "..data_tmp").symlink_to("v2")
        (mount / "..data_tmp").rename(mount / "..data")
        for _ in range(100):
            if harness.gateway.secrets.secret_for(Domain.RECEIPT).reveal() == "new-secret":  # type: ignore[union-attr]
                break
            await asyncio.sleep(0.02)
        # A call that read the old secret just before the swap may still be on the wire; the
        # vendor's window stays open until it has landed, as a real rotation's overlap does.
        await asyncio.sleep(0.3)
        emulator.accept_secrets(Domain.RECEIPT, "new-secret")
        await asyncio.gather(*callers)
        assert failures == []
        assert done == 90
        # After the window only the new secret is valid, and calls still succeed.
        await harness.stub.RecognizeReceipt(domain_request(Domain.RECEIPT), timeout=10)
    finally:
        await emulator.close()


async def test_declared_tif_is_sent_as_the_documented_tiff_spelling(harness: Harness) -> None:
    request = domain_request(Domain.RECEIPT, tiny_tiff(), format=image_pb2.IMAGE_FORMAT_TIF)
    response = await harness.stub.RecognizeReceipt(request, timeout=10)
    assert response.image.infer_result == image_pb2.INFER_RESULT_SUCCESS
    assert harness.emulator.stats.last_request[Domain.RECEIPT].image_format == "tiff"


async def test_connections_older_than_the_max_age_are_replaced_without_failing_calls(
    harness_factory: Any,
) -> None:
    from clova_ocr_gateway.serving.server import server_options

    harness: Harness = await harness_factory(max_connection_age_seconds=0.3)
    assert ("grpc.max_connection_age_ms", 300) in server_options(harness.gateway.settings)
    # Calls keep going across several connection ages (GOAWAY, reconnect); none may fail.
    for _ in range(30):
        await harness.stub.RecognizeReceipt(domain_request(Domain.RECEIPT), timeout=10)
        await asyncio.sleep(0.05)
    assert harness.emulator.stats.calls[Domain.RECEIPT] == 30
