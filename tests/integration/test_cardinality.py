"""A thousand calls with values no allow-list knows do not add a single series to `/metrics`."""

from __future__ import annotations

import asyncio
import random
import secrets
import string
import uuid
from typing import Any

import grpc
from imaging_samples import tiny_png

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig

from .conftest import Harness
from .scrape import moved, scrape, scrape_settled
from .test_serving import domain_request, rpc

CALLS = 1000
IN_FLIGHT = 20
KNOWN_CLIENT = "known-client"
# What each call does, in turn: two domains' successes, a caller error answered by CLOVA, an
# inferResult failure and an invalid image. Every outcome occurs during the warm-up too.
OUTCOMES: list[tuple[Domain, str, grpc.StatusCode]] = [
    (Domain.RECEIPT, "", grpc.StatusCode.OK),
    (Domain.NAME_CARD, "", grpc.StatusCode.OK),
    (Domain.RECEIPT, "code=0011", grpc.StatusCode.INVALID_ARGUMENT),
    (Domain.ID_CARD, "infer=FAILURE", grpc.StatusCode.INVALID_ARGUMENT),
    (Domain.RECEIPT, "invalid-image", grpc.StatusCode.INVALID_ARGUMENT),
]


def random_client(rng: random.Random) -> str:
    """A caller id nobody allow-listed: printable, up to 64 characters, never repeated."""
    alphabet = string.ascii_letters + string.digits + "-_.:/"
    return f"{uuid.uuid4().hex}-" + "".join(rng.choices(alphabet, k=rng.randint(1, 32)))


async def call(harness: Harness, n: int, client: str) -> grpc.StatusCode:
    domain, fault, expected = OUTCOMES[n % len(OUTCOMES)]
    request = domain_request(domain, b"GIF89a" if fault == "invalid-image" else tiny_png())
    request.request_id = f"{uuid.uuid4()}-{n}"  # unique, and sent to CLOVA as requestId
    metadata = [
        ("x-client-id", client),
        ("x-request-id", request.request_id),
        ("traceparent", f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"),
    ]
    if fault and fault != "invalid-image":
        metadata.append(("x-emulator-fault", fault))
    try:
        await rpc(harness, domain)(request, metadata=tuple(metadata), timeout=30)
    except grpc.aio.AioRpcError as exc:
        code = exc.code()
    else:
        code = grpc.StatusCode.OK
    assert code == expected, (n, code)
    return code


async def test_a_thousand_unique_request_ids_and_unknown_clients_add_no_series(
    harness_factory: Any,
) -> None:
    rng = random.Random(4242)
    harness: Harness = await harness_factory(
        metrics_port=0,
        client_id_allowlist=frozenset({KNOWN_CLIENT}),
        # No vendor limit: a 0025 now and then would add retry series nobody asked about.
        emulator=EmulatorConfig(port=0, concurrency_limit_per_domain=None),
    )
    # Warm-up: every outcome once, by an unknown caller and by the allow-listed one.
    for n in range(len(OUTCOMES)):
        await call(harness, n, random_client(rng))
        await call(harness, n, KNOWN_CLIENT)
    before = await scrape(harness)

    slots = asyncio.Semaphore(IN_FLIGHT)

    async def bounded(n: int, client: str) -> grpc.StatusCode:
        async with slots:
            return await call(harness, n, client)

    clients = [random_client(rng) for _ in range(CALLS)]
    assert len(set(clients)) == CALLS
    async with asyncio.timeout(90):  # bounded in time as well as in count
        codes = await asyncio.gather(*(bounded(n, c) for n, c in enumerate(clients)))
    assert harness.gateway.metrics_port is not None
    after = await scrape_settled(harness.gateway.metrics_port, before, rpcs=CALLS, attributed=CALLS)

    assert len(codes) == CALLS
    assert after.series_count == before.series_count, sorted(
        set(after.samples) ^ set(before.samples), key=str
    )[:20]
    # Only the labels the warm-up already created, with the same label sets.
    assert set(after.samples) == set(before.samples)
    # Every unknown caller is counted, under "other".
    callers = moved(before, after, "clova_ocr_requests_by_client_total", ("domain", "client"))
    assert {client for _, client in callers} == {"other"}
    assert sum(callers.values()) == CALLS
    started = moved(before, after, "grpc_server_started_total", ("grpc_method",))
    assert sum(started.values()) == CALLS
    # None of the thousand ids (request or caller) shows up in the exposition at all.
    for value in clients[:50]:
        assert value not in after.text
