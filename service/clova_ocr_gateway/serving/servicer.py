"""The DocumentOcrService implementation: thin, it picks the domain, runs the recognizer and
turns a GatewayError into a rich gRPC status."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from typing import NoReturn, TypeVar

import grpc
from google.protobuf.message import Message
from grpc_status import rpc_status

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova_ocr_gateway import errors
from clova_ocr_gateway.conversion.answer import build_domain_response, build_generic_response
from clova_ocr_gateway.conversion.registry import BY_DOCUMENT_TYPE, REGISTRY, DomainSpec
from clova_ocr_gateway.documents.batch import BatchRunner, ItemSource
from clova_ocr_gateway.documents.reading import DocumentReader, DocumentRequest
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.errors import FieldViolation
from clova_ocr_gateway.observability.callcontext import current_call
from clova_ocr_gateway.observability.interceptors import metadata_value
from clova_ocr_gateway.serving.payload import Received
from clova_ocr_gateway.serving.recognition import Recognition, Recognizer

EMULATOR_FAULT_METADATA = "x-emulator-fault"
R = TypeVar("R", bound=Message)


async def abort_with(context: grpc.aio.ServicerContext, error: errors.GatewayError) -> NoReturn:
    """End the call with the error's google.rpc.Status (details in grpc-status-details-bin)."""
    status = rpc_status.to_status(error.to_status())
    await context.abort(status.code, status.details, status.trailing_metadata)
    raise AssertionError("context.abort returned")  # pragma: no cover - abort always raises


class DocumentOcrServicer(service_grpc.DocumentOcrServiceServicer):
    """Serves every RPC of DocumentOcrService through one Recognizer."""

    def __init__(
        self,
        recognizer: Recognizer,
        documents: DocumentReader,
        batches: BatchRunner,
    ) -> None:
        self._recognizer = recognizer
        self._documents = documents
        self._batches = batches

    async def _run(
        self, spec: DomainSpec, request: Message, context: grpc.aio.ServicerContext
    ) -> Recognition:
        fault = metadata_value(context.invocation_metadata(), EMULATOR_FAULT_METADATA)
        try:
            return await self._recognizer.recognize(
                spec,
                request.image,  # type: ignore[attr-defined]
                request.request_id,  # type: ignore[attr-defined]
                record=current_call(),
                time_remaining=context.time_remaining(),
                emulator_fault=fault,
            )
        except errors.GatewayError as exc:
            await abort_with(context, exc)

    async def _domain_call(
        self,
        domain: Domain,
        request: Message,
        context: grpc.aio.ServicerContext,
        response_type: type[R],
    ) -> R:
        spec = REGISTRY[domain]
        done = await self._run(spec, request, context)
        response = build_domain_response(
            spec,
            done.answer,
            include_raw=request.include_raw_response,  # type: ignore[attr-defined]
        )
        assert isinstance(response, response_type)  # the registry pairs them
        return response

    async def RecognizeReceipt(
        self, request: service_pb2.RecognizeReceiptRequest, context: grpc.aio.ServicerContext
    ) -> service_pb2.RecognizeReceiptResponse:
        return await self._domain_call(
            Domain.RECEIPT, request, context, service_pb2.RecognizeReceiptResponse
        )

    async def RecognizeCreditCard(
        self, request: service_pb2.RecognizeCreditCardRequest, context: grpc.aio.ServicerContext
    ) -> service_pb2.RecognizeCreditCardResponse:
        return await self._domain_call(
            Domain.CREDIT_CARD, request, context, service_pb2.RecognizeCreditCardResponse
        )

    async def RecognizeNameCard(
        self, request: service_pb2.RecognizeNameCardRequest, context: grpc.aio.ServicerContext
    ) -> service_pb2.RecognizeNameCardResponse:
        return await self._domain_call(
            Domain.NAME_CARD, request, context, service_pb2.RecognizeNameCardResponse
        )

    async def RecognizeBusinessLicense(
        self,
        request: service_pb2.RecognizeBusinessLicenseRequest,
        context: grpc.aio.ServicerContext,
    ) -> service_pb2.RecognizeBusinessLicenseResponse:
        return await self._domain_call(
            Domain.BIZ_LICENSE, request, context, service_pb2.RecognizeBusinessLicenseResponse
        )

    async def RecognizeIdCard(
        self, request: service_pb2.RecognizeIdCardRequest, context: grpc.aio.ServicerContext
    ) -> service_pb2.RecognizeIdCardResponse:
        return await self._domain_call(
            Domain.ID_CARD, request, context, service_pb2.RecognizeIdCardResponse
        )

    async def RecognizeMedicalReceipt(
        self,
        request: service_pb2.RecognizeMedicalReceiptRequest,
        context: grpc.aio.ServicerContext,
    ) -> service_pb2.RecognizeMedicalReceiptResponse:
        return await self._domain_call(
            Domain.MEDICAL_RECEIPT, request, context, service_pb2.RecognizeMedicalReceiptResponse
        )

    async def RecognizePassport(
        self, request: service_pb2.RecognizePassportRequest, context: grpc.aio.ServicerContext
    ) -> service_pb2.RecognizePassportResponse:
        return await self._domain_call(
            Domain.PASSPORT, request, context, service_pb2.RecognizePassportResponse
        )

    async def Recognize(
        self, request: service_pb2.RecognizeRequest, context: grpc.aio.ServicerContext
    ) -> service_pb2.RecognizeResponse:
        spec = BY_DOCUMENT_TYPE.get(request.document_type)
        if spec is None:
            await abort_with(
                context,
                errors.InvalidRequestError(
                    f"document_type {request.document_type} is not a document type; choose one "
                    "of DOCUMENT_TYPE_RECEIPT ... DOCUMENT_TYPE_PASSPORT",
                    [FieldViolation("document_type", "required: name the document type to read")],
                    reason="INVALID_DOCUMENT_TYPE",
                ),
            )
        done = await self._run(spec, request, context)
        return build_generic_response(spec, done.answer, include_raw=request.include_raw_response)

    # The streaming RPCs are served through the intake (serving/intake.py), which admits and
    # reads their request messages itself: RecognizeDocument gets its one message as a
    # `Received` (content apart, bytes reserved until the call ends), BatchRecognize a stream
    # of them. Hence the signatures that differ from the generated base class.

    async def RecognizeDocument(  # type: ignore[override]
        self,
        received: Received[service_pb2.RecognizeDocumentRequest],
        context: grpc.aio.ServicerContext,
    ) -> AsyncIterator[service_pb2.RecognizeDocumentResponse]:
        request = received.message
        document = DocumentRequest(
            document_type=request.document_type,
            content=received.content or b"",
            image=request.image,
            request_id=request.request_id,
            include_raw_response=request.include_raw_response,
            pages=request.pages,
        )
        pages = self._documents.read(
            document,
            record=current_call(),
            deadline=_deadline(context),
            emulator_fault=metadata_value(context.invocation_metadata(), EMULATOR_FAULT_METADATA),
        )
        # aclosing: a cancelled call closes the reader at once, which cancels its pages.
        async with contextlib.aclosing(pages):
            try:
                async for page in pages:
                    yield service_pb2.RecognizeDocumentResponse(
                        page_number=page.page_number,
                        page_count=page.page_count,
                        status=page.status,
                        result=page.result,  # None: the field stays unset
                    )
            except errors.GatewayError as exc:
                await abort_with(context, exc)

    async def BatchRecognize(  # type: ignore[override]
        self, items: ItemSource, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[service_pb2.BatchRecognizeResponse]:
        responses = self._batches.run(
            items,
            record=current_call(),
            deadline=_deadline(context),
            emulator_fault=metadata_value(context.invocation_metadata(), EMULATOR_FAULT_METADATA),
        )
        async with contextlib.aclosing(responses):
            try:
                async for response in responses:
                    yield response
            except errors.GatewayError as exc:
                await abort_with(context, exc)


def _deadline(context: grpc.aio.ServicerContext) -> float | None:
    """The call's deadline in time.monotonic() terms (None: the caller set none)."""
    remaining = context.time_remaining()
    return None if remaining is None else time.monotonic() + remaining
