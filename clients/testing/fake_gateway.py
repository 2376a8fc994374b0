"""A tiny fake of the clova-ocr-gateway gRPC server, for testing clients without the real gateway.

It implements clova.ocr.document.v1.DocumentOcrService with a generic handler (no servicer base
class needed) on grpc.aio and answers like the gateway in emulator mode would:

- a receipt (RecognizeReceipt, or Recognize with DOCUMENT_TYPE_RECEIPT): a canned result with the
  emulator's sample store "emart everyday" and total "1600";
- the other document types: the header and image envelope with an empty result;
- an empty image or bytes that are no JPEG/PNG/PDF/TIFF: INVALID_ARGUMENT with a rich status
  (google.rpc.ErrorInfo reason "INVALID_IMAGE" + google.rpc.BadRequest);
- Recognize without a document type: INVALID_ARGUMENT, reason "INVALID_DOCUMENT_TYPE";
- faults asked for with the `x-emulator-fault` metadata (or `emulator-fault=` in the image name),
  in the emulator's directive language plus two fake-only keys:
    code=NNNN        answer as if CLOVA had returned that error code (see _CLOVA_ERRORS below)
    latency_ms=N     sleep before answering (to test deadlines)
    fail_first=N     apply `code` to the first N calls of a request_id only (to test retries)

The gRPC codes and reasons for CLOVA errors are this fake's reading of the gateway's error table;
the real gateway is the authority.

Run it:   python clients/testing/fake_gateway.py --port 50051
          (prints "FAKE_GATEWAY_READY port=<port>" once it listens; --port 0 picks a free port)
Use it in tests:   async with FakeGateway() as gw: ... gw.target ... gw.calls

It imports the generated stubs from the importable `clova` package (the server's), else from the
Python client package clova_ocr_client, else from the repository's service/ folder.
Needs only grpcio, grpcio-status, protobuf and googleapis-common-protos.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import duration_pb2, json_format, message_factory
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

SERVICE = "clova.ocr.document.v1.DocumentOcrService"
DOMAIN = "clova-ocr-gateway"


def _load_stubs() -> tuple[Any, Any, Any]:
    """(document_ocr_service_pb2, image_pb2, clova_api_pb2) from wherever they can be found:
    the importable `clova` package (the gateway's), else the Python client's shipped copy,
    else the repository's service/ folder."""
    try:
        from clova.ocr.document.v1 import clova_api_pb2, document_ocr_service_pb2, image_pb2
    except ImportError:
        pass
    else:
        return document_ocr_service_pb2, image_pb2, clova_api_pb2
    try:
        from clova_ocr_client._gen.clova.ocr.document.v1 import (  # type: ignore[no-redef]
            clova_api_pb2,
            document_ocr_service_pb2,
            image_pb2,
        )
    except ImportError:
        pass
    else:
        return document_ocr_service_pb2, image_pb2, clova_api_pb2
    service_dir = Path(__file__).resolve().parents[2] / "service"
    sys.path.insert(0, str(service_dir))
    from clova.ocr.document.v1 import clova_api_pb2, document_ocr_service_pb2, image_pb2

    return document_ocr_service_pb2, image_pb2, clova_api_pb2


svc_pb2, image_pb2, clova_api_pb2 = _load_stubs()

# A trimmed copy of the emulator's receipt fixture, in the gateway's proto JSON form.
CANNED_RECEIPT: dict[str, Any] = {
    "meta": {"estimatedLanguage": "ko"},
    "result": {
        "storeInfo": {
            "name": {"text": "emart everyday", "formatted": {"value": "emart everyday"}},
            "subName": {"text": "분당정지2점", "formatted": {"value": "분당정지2점"}},
            "bizNum": {"text": "212-81-25544", "formatted": {"value": "212-81-25544"}},
            "addresses": [
                {
                    "text": "경기도 성남시 분당구 정자일로 1",
                    "formatted": {"value": "경기도 성남시 분당구 정자일로 1"},
                }
            ],
            "tel": [{"text": "031-712-1234", "formatted": {"value": "0317121234"}}],
        },
        "paymentInfo": {
            "date": {
                "text": "2021-02-20",
                "formatted": {"year": "2021", "month": "02", "day": "20"},
            },
            "time": {
                "text": "15:32:11",
                "formatted": {"hour": "15", "minute": "32", "second": "11"},
            },
            "cardInfo": {
                "company": {"text": "신한카드", "formatted": {"value": "신한카드"}},
                "number": {
                    "text": "4518-****-****-1234",
                    "formatted": {"value": "4518********1234"},
                },
            },
            "confirmNum": {"text": "30012345"},
        },
        "subResults": [
            {
                "items": [
                    {
                        "name": {"text": "바나나우유", "formatted": {"value": "바나나우유"}},
                        "count": {"text": "1", "formatted": {"value": "1"}},
                        "price": {"price": {"text": "1,600", "formatted": {"value": "1600"}}},
                    }
                ]
            }
        ],
        "totalPrice": {"price": {"text": "1,600", "formatted": {"value": "1600"}}},
    },
}

# CLOVA error code -> (gRPC code, reason, HTTP status, retry delay in s or None, quota failure?),
# after the gateway's error table (service/clova_ocr_gateway/errors.py, UPSTREAM_RULES).
_CLOVA_ERRORS: dict[str, tuple[grpc.StatusCode, str, int, float | None, bool]] = {
    "0001": (grpc.StatusCode.INTERNAL, "UPSTREAM_URL_INVALID", 404, None, False),
    "0002": (grpc.StatusCode.INTERNAL, "UPSTREAM_CREDENTIALS_REJECTED", 401, None, False),
    "0011": (grpc.StatusCode.INVALID_ARGUMENT, "UPSTREAM_REJECTED_REQUEST", 400, None, False),
    "0021": (grpc.StatusCode.INTERNAL, "UPSTREAM_PROTOCOL_UNSUPPORTED", 400, None, False),
    "0022": (grpc.StatusCode.INTERNAL, "UPSTREAM_DOMAIN_INVALID", 404, None, False),
    "0023": (grpc.StatusCode.RESOURCE_EXHAUSTED, "UPSTREAM_QUOTA_EXHAUSTED", 400, None, True),
    "0025": (grpc.StatusCode.RESOURCE_EXHAUSTED, "UPSTREAM_RATE_LIMITED", 400, 1.0, True),
    "0028": (grpc.StatusCode.FAILED_PRECONDITION, "UPSTREAM_FEATURE_DISABLED", 400, None, False),
    "0500": (grpc.StatusCode.UNAVAILABLE, "UPSTREAM_UNAVAILABLE", 500, 1.0, False),
    "0501": (grpc.StatusCode.UNAVAILABLE, "UPSTREAM_OCR_ERROR", 500, 1.0, False),
    "1021": (grpc.StatusCode.FAILED_PRECONDITION, "UPSTREAM_NOT_DEPLOYED", 400, None, False),
}
_UNKNOWN_ERROR = (grpc.StatusCode.INTERNAL, "UPSTREAM_UNKNOWN_ERROR", 400, None, False)
_CLOVA_MESSAGES = {
    "0001": "URL is invalid.",
    "0002": "Secret key validate failed.",
    "0011": "Request body invalid.",
    "0021": "Protocol version not support.",
    "0022": "Request domain invalid.",
    "0023": "API request count reach the upper limit.",
    "0025": "Calls to this api have exceeded the rate limit.",
    "0028": "Feature is disabled.",
    "0500": "Unknown service error.",
    "0501": "OCR Service error.",
    "1021": "Deploy info not found.",
}

_MAGICS = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)

_RESULT_FIELDS = {
    "RecognizeReceipt": "receipt",
    "RecognizeCreditCard": "credit_card",
    "RecognizeNameCard": "name_card",
    "RecognizeBusinessLicense": "biz_license",
    "RecognizeIdCard": "id_card",
    "RecognizeMedicalReceipt": "medical_receipt",
    "RecognizePassport": "passport",
}
_DOCUMENT_TYPE_FIELDS = {
    svc_pb2.DOCUMENT_TYPE_RECEIPT: "receipt",
    svc_pb2.DOCUMENT_TYPE_CREDIT_CARD: "credit_card",
    svc_pb2.DOCUMENT_TYPE_NAME_CARD: "name_card",
    svc_pb2.DOCUMENT_TYPE_BIZ_LICENSE: "biz_license",
    svc_pb2.DOCUMENT_TYPE_ID_CARD: "id_card",
    svc_pb2.DOCUMENT_TYPE_MEDICAL_RECEIPT: "medical_receipt",
    svc_pb2.DOCUMENT_TYPE_PASSPORT: "passport",
}


@dataclass
class Call:
    """One call the fake received."""

    method: str
    request: Any
    metadata: dict[str, str]


@dataclass
class _Fault:
    code: str | None = None
    latency_ms: float = 0.0
    fail_first: int | None = None


def _parse_fault(text: str) -> _Fault:
    fault = _Fault()
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, _, value = item.partition("=")
        key = key.strip().lower().replace("-", "_")
        if key == "code":
            fault.code = value.strip()
        elif key == "latency_ms":
            fault.latency_ms = float(value)
        elif key == "fail_first":
            fault.fail_first = int(value)
        # Other emulator directives are accepted and ignored by the fake.
    return fault


def rich_status(
    code: grpc.StatusCode,
    message: str,
    reason: str,
    *,
    metadata: dict[str, str] | None = None,
    retry_delay: float | None = None,
    quota_failure: str | None = None,
    field_violations: list[tuple[str, str]] | None = None,
    clova_error: Any | None = None,
) -> grpc.Status:
    """A grpc.Status carrying google.rpc.Status with the gateway's details, via grpc_status."""
    status = status_pb2.Status(code=getattr(code_pb2, code.name), message=message)
    info = error_details_pb2.ErrorInfo(
        reason=reason,
        domain=DOMAIN,
        metadata={k: v for k, v in (metadata or {}).items() if v},
    )
    status.details.add().Pack(info)
    if retry_delay is not None:
        delay = duration_pb2.Duration()
        delay.FromNanoseconds(int(retry_delay * 1e9))
        status.details.add().Pack(error_details_pb2.RetryInfo(retry_delay=delay))
    if quota_failure is not None:
        violation = error_details_pb2.QuotaFailure.Violation(
            subject=(metadata or {}).get("domain", ""), description=quota_failure
        )
        status.details.add().Pack(error_details_pb2.QuotaFailure(violations=[violation]))
    if field_violations:
        bad = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=f, description=d)
                for f, d in field_violations
            ]
        )
        status.details.add().Pack(bad)
    if clova_error is not None:
        status.details.add().Pack(clova_error)
    return rpc_status.to_status(status)


@dataclass
class FakeGateway:
    """The fake server; `async with FakeGateway() as gw:` starts it on 127.0.0.1:<free port>."""

    host: str = "127.0.0.1"
    port: int = 0
    calls: list[Call] = field(default_factory=list)
    _attempts: Counter[str] = field(default_factory=Counter)
    _server: grpc.aio.Server | None = None

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"

    def attempts(self, request_id: str) -> int:
        """How many calls carried this request_id."""
        return self._attempts[request_id]

    async def start(self) -> FakeGateway:
        self._server = grpc.aio.server()
        self._server.add_generic_rpc_handlers((self._handler(),))
        self.port = self._server.add_insecure_port(f"{self.host}:{self.port}")
        await self._server.start()
        return self

    async def stop(self, grace: float | None = None) -> None:
        if self._server is not None:
            await self._server.stop(grace)
            self._server = None

    async def wait(self) -> None:
        assert self._server is not None
        await self._server.wait_for_termination()

    async def __aenter__(self) -> FakeGateway:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _handler(self) -> grpc.GenericRpcHandler:
        service = svc_pb2.DESCRIPTOR.services_by_name["DocumentOcrService"]
        handlers = {}
        for method in service.methods:
            request_cls = message_factory.GetMessageClass(method.input_type)
            response_cls = message_factory.GetMessageClass(method.output_type)

            async def handle(
                request: Any,
                context: Any,
                _name: str = method.name,
                _response_cls: Any = response_cls,
            ) -> Any:
                return await self._recognize(_name, request, context, _response_cls)

            handlers[method.name] = grpc.unary_unary_rpc_method_handler(
                handle,
                request_deserializer=request_cls.FromString,
                response_serializer=response_cls.SerializeToString,
            )
        return grpc.method_handlers_generic_handler(SERVICE, handlers)

    @staticmethod
    async def _invalid(context: Any, field_path: str, description: str, reason: str) -> None:
        """Abort like the gateway's InvalidRequestError (nothing sent to CLOVA)."""
        await context.abort_with_status(
            rich_status(
                grpc.StatusCode.INVALID_ARGUMENT,
                f"invalid request: {field_path}: {description}",
                reason,
                metadata={"fields": field_path},
                field_violations=[(field_path, description)],
            )
        )

    @staticmethod
    async def _upstream_error(context: Any, domain: str, clova_code: str) -> None:
        """Abort like the gateway does when CLOVA answered an error with `clova_code`."""
        grpc_code, reason, http, delay, quota = _CLOVA_ERRORS.get(clova_code, _UNKNOWN_ERROR)
        clova_message = _CLOVA_MESSAGES.get(clova_code, "Unknown error.")
        meaning = f"CLOVA error {clova_code}"
        error = clova_api_pb2.ClovaError(
            code=clova_code,
            message=clova_message,
            path="/document/" + domain.replace("_", "-"),
            timestamp=int(time.time() * 1000),
            http_status=http,
        )
        await context.abort_with_status(
            rich_status(
                grpc_code,
                f"{domain}: {meaning} (CLOVA {clova_code}: {clova_message})",
                reason,
                metadata={"domain": domain, "clova_code": clova_code, "http_status": str(http)},
                retry_delay=delay,
                quota_failure=meaning if quota else None,
                clova_error=error,
            )
        )

    async def _recognize(self, method: str, request: Any, context: Any, response_cls: Any) -> Any:
        metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
        self.calls.append(Call(method, request, metadata))
        request_id = request.request_id or str(uuid.uuid4())
        self._attempts[request_id] += 1

        content = request.image.content
        if not content:
            await self._invalid(
                context,
                "image.content",
                "image content is empty; send the bytes of one JPEG, PNG, PDF or TIFF image",
                "INVALID_IMAGE",
            )
        if not any(content.startswith(magic) for magic, _ in _MAGICS):
            await self._invalid(
                context,
                "image.content",
                "not a JPEG, PNG, PDF or TIFF image (magic bytes)",
                "INVALID_IMAGE",
            )
        if method == "Recognize":
            result_field = _DOCUMENT_TYPE_FIELDS.get(request.document_type)
            if result_field is None:
                await self._invalid(
                    context, "document_type", "must be given", "INVALID_DOCUMENT_TYPE"
                )
        else:
            result_field = _RESULT_FIELDS[method]

        fault_text = metadata.get("x-emulator-fault", "")
        if "emulator-fault=" in request.image.name:
            fault_text = request.image.name.split("emulator-fault=", 1)[1].split()[0]
        fault = _parse_fault(fault_text)
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        if fault.code and (
            fault.fail_first is None or self._attempts[request_id] <= fault.fail_first
        ):
            await self._upstream_error(context, result_field, fault.code)

        response = response_cls()
        response.header.version = "V2"
        response.header.request_id = request_id
        response.header.timestamp_millis = int(time.time() * 1000)
        response.image.uid = uuid.uuid4().hex
        response.image.name = request.image.name or "image"
        response.image.infer_result = image_pb2.INFER_RESULT_SUCCESS
        response.image.message = "SUCCESS"
        response.image.validation_result.result = image_pb2.VALIDATION_RESULT_CODE_NO_REQUESTED
        if method == "Recognize":
            response.document_type = request.document_type
        if result_field == "receipt":
            json_format.ParseDict(CANNED_RECEIPT, response.receipt)
        else:
            getattr(response, result_field).SetInParent()
        return response


async def _serve(host: str, port: int) -> None:
    gateway = await FakeGateway(host=host, port=port).start()
    print(f"FAKE_GATEWAY_READY port={gateway.port}", flush=True)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await gateway.stop(grace=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=50051, help="0 picks a free port")
    args = parser.parse_args()
    asyncio.run(_serve(args.host, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
