"""The gateway's grpc.health.v1 service: the names it publishes (overall, readiness, liveness,
one per domain) and a servicer that also answers `List`, which grpcio-health-checking's aio
servicer leaves UNIMPLEMENTED although reflection advertises it."""

from __future__ import annotations

from typing import Final

import grpc
from grpc_health.v1 import health, health_pb2

from clova_ocr_gateway.domains import Domain

OVERALL: Final = ""
READINESS: Final = "readiness"
LIVENESS: Final = "liveness"
# grpc.health.v1 asks a server to refuse List beyond a limit of its choosing; the gateway
# publishes a fixed dozen names, so this only guards against a future bug.
MAX_LISTED_SERVICES: Final = 100


def domain_health_name(domain: Domain) -> str:
    """The health service name of one domain, e.g. "domain/credit-card"."""
    return f"domain/{domain.value}"


class HealthServicer(health.aio.HealthServicer):  # type: ignore[misc]
    """grpcio-health-checking's aio servicer plus `List`: every registered name and its status."""

    async def List(
        self, request: health_pb2.HealthListRequest, context: grpc.aio.ServicerContext
    ) -> health_pb2.HealthListResponse:
        # A snapshot: the base class keeps statuses in this dict and changes them only on the
        # event loop, so nothing changes while it is copied.
        statuses = dict(self._server_status)
        if len(statuses) > MAX_LISTED_SERVICES:
            await context.abort(
                grpc.StatusCode.RESOURCE_EXHAUSTED,
                f"{len(statuses)} health services, more than {MAX_LISTED_SERVICES}; use Check",
            )
        return health_pb2.HealthListResponse(
            statuses={
                name: health_pb2.HealthCheckResponse(status=status)
                for name, status in statuses.items()
            }
        )
