"""`health` (the statuses a running gateway publishes) and `domains` (each domain, its CLOVA
path and whether that gateway has it configured), both read from the gateway's grpc.health.v1
service, never from this shell's environment."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, Final

from clova_ocr_gateway.domains import DOMAINS, Domain

from . import connection

HEALTH_TIMEOUT_SECONDS: Final = 10.0
# The names the gateway publishes (serving/server.py): overall, readiness, liveness, domains.
OVERALL: Final = ""
READINESS: Final = "readiness"
LIVENESS: Final = "liveness"


def domain_health_name(domain: Domain) -> str:
    """The health service name of one domain, e.g. "domain/credit-card"."""
    return f"domain/{domain.value}"


def add_parsers(commands: Any) -> None:
    """Add `health` and `domains` to the subcommands."""
    health = commands.add_parser(
        "health",
        help="print the health statuses of a running gateway",
        description='Ask a running gateway (grpc.health.v1 Check) for the status of "" '
        "(overall), readiness, liveness and every domain/<domain>. Exits 0 when the gateway "
        "is SERVING overall, 1 otherwise.",
    )
    connection.add_connection_arguments(health)
    health.set_defaults(handler=run_health, parser=health, timeout=HEALTH_TIMEOUT_SECONDS)

    domains = commands.add_parser(
        "domains",
        help="list the domains, their CLOVA paths and whether the gateway has them configured",
        description="List every domain with its CLOVA path and whether the running gateway "
        "has it configured (its health status domain/<domain> is SERVING: an invoke URL and a "
        "usable secret). Exits 0 when the gateway answered.",
    )
    connection.add_connection_arguments(domains)
    domains.set_defaults(handler=run_domains, parser=domains, timeout=HEALTH_TIMEOUT_SECONDS)


def _statuses(args: argparse.Namespace, names: Sequence[str]) -> dict[str, str] | None:
    """name -> SERVING / NOT_SERVING / UNKNOWN / NOT_FOUND; None (after saying why on stderr)
    when the gateway cannot be asked."""
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    connection.check_connection_arguments(args.parser, args)
    found: dict[str, str] = {}
    with connection.open_channel(args) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for name in names:
            try:
                answer = stub.Check(
                    health_pb2.HealthCheckRequest(service=name),
                    timeout=args.timeout,
                    metadata=connection.call_metadata(args),
                )
            except grpc.RpcError as exc:
                if exc.code() is grpc.StatusCode.NOT_FOUND:
                    found[name] = "NOT_FOUND"
                    continue
                unreachable = connection.unreachable_message(exc, args.target)
                detail = unreachable or (
                    f"health check of {name!r} failed: {exc.code().name}: {exc.details()}"
                )
                print(f"clova-ocr-gateway: {detail}", file=sys.stderr)
                return None
            found[name] = health_pb2.HealthCheckResponse.ServingStatus.Name(answer.status)
    return found


def run_health(args: argparse.Namespace) -> int:
    names = [OVERALL, READINESS, LIVENESS, *(domain_health_name(d) for d in Domain)]
    statuses = _statuses(args, names)
    if statuses is None:
        return 1
    width = max(len(name) for name in names) + 2
    print(f"{'SERVICE':<{width}} STATUS")
    for name in names:
        shown = '""' if name == OVERALL else name
        print(f"{shown:<{width}} {statuses[name]}")
    return 0 if statuses[OVERALL] == "SERVING" else 1


def run_domains(args: argparse.Namespace) -> int:
    statuses = _statuses(args, [domain_health_name(d) for d in Domain])
    if statuses is None:
        return 1
    answer = {"SERVING": "yes", "NOT_SERVING": "no"}
    rows = [
        (d.value, DOMAINS[d].path, answer.get(statuses[domain_health_name(d)], "unknown"))
        for d in Domain
    ]
    width = max(len(row[0]) for row in rows) + 2
    path_width = max(len(row[1]) for row in rows) + 2
    print(f"{'DOMAIN':<{width}} {'CLOVA PATH':<{path_width}} CONFIGURED")
    for value, path, configured in rows:
        print(f"{value:<{width}} {path:<{path_width}} {configured}")
    missing = [d for d, row in zip(Domain, rows, strict=True) if row[2] != "yes"]
    if missing:
        example = DOMAINS[missing[0]].env_prefix
        print(
            f"\nA domain is configured on the gateway by {example}_INVOKE_URL and "
            f"{example}_SECRET (or _SECRET_FILE), and so on for each; the gateway must be "
            "restarted to pick up new ones."
        )
    return 0
