"""Generic tools can use the gateway alone: reflection v1 and v1alpha describe the service and
every error detail type it sends, and health's List answers."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.json_format import MessageToDict
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2 as v1alpha
from grpc_status import rpc_status

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.serving.health import domain_health_name
from tests.imaging_samples import tiny_png

from .conftest import Harness

BUF = Path(__file__).resolve().parents[2] / "tools" / "node_modules" / ".bin" / "buf"
PROTOCOLS = ["grpc.reflection.v1", "grpc.reflection.v1alpha"]


async def reflect(
    harness: Harness, package: str, requests: list[v1alpha.ServerReflectionRequest]
) -> list[v1alpha.ServerReflectionResponse]:
    """One reflection stream. v1 and v1alpha messages have the same fields and numbers, so one
    set of message classes speaks both; only the method path differs."""
    call = harness.channel.stream_stream(
        f"/{package}.ServerReflection/ServerReflectionInfo",
        request_serializer=v1alpha.ServerReflectionRequest.SerializeToString,
        response_deserializer=v1alpha.ServerReflectionResponse.FromString,
    )
    return [answer async for answer in call(iter(requests), timeout=10)]


def client_pool(answers: list[v1alpha.ServerReflectionResponse]) -> descriptor_pool.DescriptorPool:
    """A fresh pool, as a tool builds one, from the files reflection sent (any order)."""
    files: dict[str, descriptor_pb2.FileDescriptorProto] = {}
    for answer in answers:
        assert answer.WhichOneof("message_response") == "file_descriptor_response", answer
        for raw in answer.file_descriptor_response.file_descriptor_proto:
            proto = descriptor_pb2.FileDescriptorProto.FromString(raw)
            files[proto.name] = proto
    pool = descriptor_pool.DescriptorPool()
    added: set[str] = set()
    while len(added) < len(files):
        ready = [f for n, f in files.items() if n not in added and set(f.dependency) <= added]
        assert ready, f"a dependency was not sent: {set(files) - added}"
        for proto in ready:
            pool.Add(proto)
            added.add(proto.name)
    return pool


async def failure_details(harness: Harness) -> list[Any]:
    """The details of real failed calls: rate limit, bad image and an unreadable document."""
    details = []
    for image, fault in (
        (tiny_png(), "code=0025"),
        (b"not an image", None),
        (tiny_png(), "infer=FAILURE"),
    ):
        request = service_pb2.RecognizeReceiptRequest(image=image_pb2.Image(content=image))
        metadata = (("x-emulator-fault", fault),) if fault else ()
        with pytest.raises(grpc.aio.AioRpcError) as failed:
            await harness.stub.RecognizeReceipt(request, metadata=metadata, timeout=10)
        status = rpc_status.from_call(failed.value)  # type: ignore[arg-type]
        assert status is not None
        details.extend(status.details)
    return details


@pytest.mark.parametrize("package", PROTOCOLS)
async def test_every_error_detail_the_gateway_sends_resolves_and_decodes_through_reflection(
    harness: Harness, package: str
) -> None:
    details = await failure_details(harness)
    names = {detail.type_url.rpartition("/")[2] for detail in details}
    assert names == {
        "google.rpc.ErrorInfo",
        "google.rpc.RetryInfo",
        "google.rpc.QuotaFailure",
        "google.rpc.BadRequest",
        "clova.ocr.document.v1.ClovaError",
        "clova.ocr.document.v1.ImageInfo",
    }
    answers = await reflect(
        harness,
        package,
        [v1alpha.ServerReflectionRequest(file_containing_symbol=name) for name in sorted(names)]
        + [v1alpha.ServerReflectionRequest(file_by_filename="google/rpc/error_details.proto")],
    )
    pool = client_pool(answers)
    decoded: dict[str, dict[str, Any]] = {}
    for detail in details:
        name = detail.type_url.rpartition("/")[2]
        message = message_factory.GetMessageClass(pool.FindMessageTypeByName(name))()
        message.ParseFromString(detail.value)
        decoded.setdefault(name, MessageToDict(message))
    assert decoded["google.rpc.ErrorInfo"]["reason"] == "UPSTREAM_RATE_LIMITED"
    assert decoded["google.rpc.RetryInfo"] == {"retryDelay": "1s"}
    assert decoded["clova.ocr.document.v1.ClovaError"]["code"] == "0025"
    assert decoded["google.rpc.BadRequest"]["fieldViolations"][0]["field"] == "image.content"
    assert decoded["clova.ocr.document.v1.ImageInfo"]["inferResult"] == "INFER_RESULT_FAILURE"


@pytest.mark.parametrize("package", PROTOCOLS)
async def test_reflection_lists_and_describes_both_reflection_versions(
    harness: Harness, package: str
) -> None:
    (listed, v1_file) = await reflect(
        harness,
        package,
        [
            v1alpha.ServerReflectionRequest(list_services=""),
            v1alpha.ServerReflectionRequest(
                file_containing_symbol="grpc.reflection.v1.ServerReflection"
            ),
        ],
    )
    services = {s.name for s in listed.list_services_response.service}
    assert services == {
        "clova.ocr.document.v1.DocumentOcrService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
    }
    pool = client_pool([v1_file])
    method = pool.FindServiceByName("grpc.reflection.v1.ServerReflection").methods[0]
    assert method.input_type.full_name == "grpc.reflection.v1.ServerReflectionRequest"


async def buf_curl(*args: str) -> str:
    """Run buf curl without blocking the event loop the in-process gateway serves on."""
    process = await asyncio.create_subprocess_exec(
        str(BUF),
        "curl",
        "--protocol",
        "grpc",
        "--http2-prior-knowledge",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, err.decode()
    return out.decode()


async def test_buf_curl_speaks_reflection_v1_to_the_gateway(harness: Harness) -> None:
    """An independent v1 client: buf curl finds the methods and encodes a request by reflection."""
    url = f"http://127.0.0.1:{harness.gateway.port}"
    listed = await buf_curl("--reflect-protocol", "grpc-v1", "--list-methods", url)
    assert "clova.ocr.document.v1.DocumentOcrService/RecognizeReceipt" in listed
    checked = await buf_curl(
        "--reflect-protocol",
        "grpc-v1",
        "-d",
        '{"service": "liveness"}',
        f"{url}/grpc.health.v1.Health/Check",
    )
    assert json.loads(checked) == {"status": "SERVING"}


async def test_health_list_answers_every_published_status(harness: Harness) -> None:
    stub = health_pb2_grpc.HealthStub(harness.channel)
    listed = await stub.List(health_pb2.HealthListRequest(), timeout=10)
    statuses = {
        name: health_pb2.HealthCheckResponse.ServingStatus.Name(answer.status)
        for name, answer in listed.statuses.items()
    }
    expected = {"", "clova.ocr.document.v1.DocumentOcrService", "readiness", "liveness"}
    expected |= {domain_health_name(d) for d in Domain}
    assert set(statuses) == expected
    assert set(statuses.values()) == {"SERVING"}
    # The same answers as Check, name by name.
    for name, status in statuses.items():
        checked = await stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=10)
        assert health_pb2.HealthCheckResponse.ServingStatus.Name(checked.status) == status
