"""Server reflection for generic tools (grpcurl, buf curl, Postman): `grpc.reflection.v1` and
`grpc.reflection.v1alpha`, over a descriptor pool that also holds every error detail type the
gateway sends, so such tools print a failed call's details as JSON instead of base64.

grpcio-reflection only ships v1alpha (grpc/grpc#38576). v1 is the same protocol under another
package: every message has the same fields and numbers, so v1 is served by the same servicer
with the v1alpha messages on the wire, and its descriptor (derived from v1alpha's by renaming
the package) is added to the pool so reflection can describe itself under both names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.message import Message
from google.rpc import error_details_pb2
from grpc_reflection.v1alpha import reflection as reflection_v1alpha
from grpc_reflection.v1alpha import reflection_pb2 as v1alpha_pb2
from grpc_reflection.v1alpha import reflection_pb2_grpc as v1alpha_grpc

from clova.ocr.document.v1 import clova_api_pb2, image_pb2

V1ALPHA_SERVICE_NAME: Final = reflection_v1alpha.SERVICE_NAME
V1_PACKAGE: Final = "grpc.reflection.v1"
V1_FILE: Final = "grpc/reflection/v1/reflection.proto"
V1_SERVICE_NAME: Final = f"{V1_PACKAGE}.ServerReflection"

# Every type the gateway packs into google.rpc.Status.details (errors.py). Importing them here
# puts their files into the default pool that reflection answers from.
ERROR_DETAIL_TYPES: Final[tuple[type[Message], ...]] = (
    error_details_pb2.ErrorInfo,
    error_details_pb2.RetryInfo,
    error_details_pb2.QuotaFailure,
    error_details_pb2.BadRequest,
    clova_api_pb2.ClovaError,
    image_pb2.ImageInfo,
)


def _v1_file() -> descriptor_pb2.FileDescriptorProto:
    """grpc/reflection/v1/reflection.proto, made from the v1alpha file grpcio-reflection ships."""
    old, new = f".{v1alpha_pb2.DESCRIPTOR.package}.", f".{V1_PACKAGE}."
    proto = descriptor_pb2.FileDescriptorProto()
    v1alpha_pb2.DESCRIPTOR.CopyToProto(proto)
    proto.name, proto.package = V1_FILE, V1_PACKAGE
    proto.ClearField("options")  # language options of v1alpha (java_package, ...) do not apply

    def rename(messages: Iterable[descriptor_pb2.DescriptorProto]) -> None:
        for message in messages:
            for field in message.field:
                if field.type_name.startswith(old):
                    field.type_name = new + field.type_name[len(old) :]
            rename(message.nested_type)

    rename(proto.message_type)
    for service in proto.service:
        for method in service.method:
            method.input_type = new + method.input_type[len(old) :]
            method.output_type = new + method.output_type[len(old) :]
    return proto


def _ensure_in_pool(pool: descriptor_pool.DescriptorPool) -> None:
    try:
        pool.FindFileByName(V1_FILE)
    except KeyError:
        pool.AddSerializedFile(_v1_file().SerializeToString())
    for detail_type in ERROR_DETAIL_TYPES:
        # Fails at start, not when a tool asks, should an import above ever stop loading one.
        pool.FindFileContainingSymbol(detail_type.DESCRIPTOR.full_name)


def enable_reflection(server: grpc.aio.Server, service_names: Iterable[str]) -> None:
    """Serve reflection v1 and v1alpha for `service_names` (plus both reflection services)."""
    pool = descriptor_pool.Default()
    _ensure_in_pool(pool)
    names = (*service_names, V1_SERVICE_NAME, V1ALPHA_SERVICE_NAME)
    servicer = reflection_v1alpha.aio.ReflectionServicer(names, pool=pool)
    v1alpha_grpc.add_ServerReflectionServicer_to_server(servicer, server)
    v1 = grpc.method_handlers_generic_handler(
        V1_SERVICE_NAME,
        {
            "ServerReflectionInfo": grpc.stream_stream_rpc_method_handler(
                servicer.ServerReflectionInfo,
                # Same fields and numbers as v1's messages (see the module docstring).
                request_deserializer=v1alpha_pb2.ServerReflectionRequest.FromString,
                response_serializer=v1alpha_pb2.ServerReflectionResponse.SerializeToString,
            )
        },
    )
    server.add_generic_rpc_handlers((v1,))
