"""RedisPermitSource against a real redis-server: several instances stand for several replicas."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import redis.asyncio as aioredis
from conftest import SourceFactory
from redis_harness import RedisServer, free_port
from structlog.testing import capture_logs

from clova_ocr_gateway.admission.permits import Permit, PermitSource
from clova_ocr_gateway.admission.permits_redis import RedisPermitSource, safe_redis_url
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.observability.metrics import GatewayMetrics

D = Domain.RECEIPT
PERMITS_KEY = "{clova-ocr-gateway:receipt}:permits"
LIMIT_KEY = "{clova-ocr-gateway:receipt}:limit"
# Bounds for "eventually" loops: generous, and only ever a cap, never an assertion on time.
POLL_STEP = 0.05
MAX_POLLS = 400


@pytest.fixture
async def store(redis_server: RedisServer) -> AsyncIterator[aioredis.Redis]:
    client = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    yield client
    await client.aclose()


async def eventually(check: Callable[[], Awaitable[bool]], what: str) -> None:
    for _ in range(MAX_POLLS):
        if await check():
            return
        await asyncio.sleep(POLL_STEP)
    raise AssertionError(f"never happened: {what}")


async def acquire_within(source: RedisPermitSource, polls: int = MAX_POLLS) -> Permit:
    """Acquire as admission does: try, then wait for a release (bounded number of rounds)."""
    for _ in range(polls):
        permit = await source.try_acquire(D)
        if permit is not None:
            return permit
        await source.wait_for_release(D, 1.0)
    raise AssertionError("no permit became free")


def test_redis_permit_source_satisfies_the_permit_source_protocol() -> None:
    source: PermitSource = RedisPermitSource("redis://127.0.0.1:1/0", {D: 1})
    assert source.limit(D) == 1


async def test_replicas_acquiring_at_once_are_granted_exactly_the_limit(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    replicas = [make_source(limit=5) for _ in range(3)]
    for replica in replicas:
        await replica.start()

    attempts = [r.try_acquire(D) for r in replicas for _ in range(10)]
    granted = [p for p in await asyncio.gather(*attempts) if p is not None]

    assert len(granted) == 5
    assert len({p.token for p in granted}) == 5
    assert await store.zcard(PERMITS_KEY) == 5
    assert [await r.try_acquire(D) for r in replicas] == [None, None, None]


async def test_holders_on_three_replicas_never_exceed_the_limit_under_churn(
    make_source: SourceFactory,
) -> None:
    limit = 3
    replicas = [make_source(limit=limit) for _ in range(3)]
    for replica in replicas:
        await replica.start()
    active = 0
    peak = 0

    async def worker(source: RedisPermitSource) -> None:
        nonlocal active, peak
        for _ in range(5):
            permit = await acquire_within(source)
            active += 1
            peak = max(peak, active)
            await asyncio.sleep(0.01)
            active -= 1
            await source.release(permit)

    await asyncio.gather(*(worker(r) for r in replicas for _ in range(4)))

    assert peak <= limit
    assert peak > 1  # the permits were really shared out concurrently, not serialized


async def test_a_release_on_one_replica_wakes_a_waiter_on_another(
    make_source: SourceFactory,
) -> None:
    holder = make_source(limit=1)
    # The waiter's fallback poll is far beyond the test's patience: only pub/sub can wake it.
    waiter = make_source(limit=1, poll_seconds=60.0)
    await holder.start()
    await waiter.start()
    permit = await holder.try_acquire(D)
    assert permit is not None
    assert await waiter.try_acquire(D) is None
    await asyncio.sleep(0.2)  # let the waiter's pub/sub subscription settle

    waiting = asyncio.create_task(waiter.wait_for_release(D, 60.0))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    await holder.release(permit)

    await asyncio.wait_for(waiting, 30.0)
    assert await waiter.try_acquire(D) is not None


async def test_a_freed_permit_goes_to_the_replica_waiting_in_line_not_to_a_newcomer(
    make_source: SourceFactory,
) -> None:
    holder, waiting, newcomer = (make_source(limit=1) for _ in range(3))
    for source in (holder, waiting, newcomer):
        await source.start()
    permit = await holder.try_acquire(D)
    assert permit is not None
    assert await waiting.try_acquire(D) is None
    await waiting.wait_for_release(D, 0.01)  # its calls wait: it joins the line

    await holder.release(permit)

    assert await newcomer.try_acquire(D) is None  # the free permit is kept for the line
    assert await holder.try_acquire(D) is None  # releasing gives no head start either
    assert await waiting.try_acquire(D) is not None


async def test_replicas_with_waiting_calls_take_turns(make_source: SourceFactory) -> None:
    first, second = make_source(limit=1), make_source(limit=1)
    await first.start()
    await second.start()
    permit = await first.try_acquire(D)
    assert permit is not None
    holders = ["first"]
    # Both replicas always have more calls waiting; whoever just got the permit queues again
    # behind the other one, so the permit alternates.
    await second.wait_for_release(D, 0.01)
    await first.wait_for_release(D, 0.01)
    sources = {"first": first, "second": second}
    for _ in range(4):
        current = sources[holders[-1]]
        other_name = "second" if holders[-1] == "first" else "first"
        await current.release(permit)
        assert await current.try_acquire(D) is None
        permit = await sources[other_name].try_acquire(D)
        assert permit is not None
        holders.append(other_name)
        await sources[other_name].wait_for_release(D, 0.01)

    assert holders == ["first", "second", "first", "second", "first"]


async def test_a_replica_that_stopped_waiting_loses_its_place_in_line(
    make_source: SourceFactory,
) -> None:
    holder, gone, other = (make_source(limit=1) for _ in range(3))
    for source in (holder, gone, other):
        await source.start()
    permit = await holder.try_acquire(D)
    assert permit is not None
    await gone.wait_for_release(D, 0.01)  # joins the line, then never asks again
    await holder.release(permit)
    assert await other.try_acquire(D) is None

    granted = await acquire_within(other)  # once the place expires (a second or so)

    assert granted is not None


async def test_a_dead_replicas_permit_is_freed_when_its_lease_expires(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    # Never started: no renewal runs, exactly like a replica killed while holding the permit.
    dead = make_source(limit=1, lease_seconds=1.0)
    live = make_source(limit=1, lease_seconds=1.0)
    await live.start()
    orphan = await dead.try_acquire(D)
    assert orphan is not None
    assert await live.try_acquire(D) is None

    permit = await acquire_within(live)

    members = await store.zrange(PERMITS_KEY, 0, -1)
    assert members == [permit.token]
    assert orphan.token not in members


async def test_a_live_replica_keeps_its_permit_long_past_the_lease(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    holder = make_source(limit=1, lease_seconds=1.0)
    other = make_source(limit=1, lease_seconds=1.0)
    await holder.start()
    await other.start()
    permit = await holder.try_acquire(D)
    assert permit is not None

    for _ in range(6):  # three lease periods
        await asyncio.sleep(0.5)
        assert await other.try_acquire(D) is None

    assert await store.zrange(PERMITS_KEY, 0, -1) == [permit.token]
    await holder.release(permit)
    assert await other.try_acquire(D) is not None


async def test_set_limit_on_one_replica_changes_the_limit_every_replica_enforces(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    adapter = make_source(limit=5)
    other = make_source(limit=5)
    await adapter.start()
    await other.start()

    adapter.set_limit(D, 2)
    assert adapter.limit(D) == 2

    async def stored() -> bool:
        return await store.hget(LIMIT_KEY, "current") == "2"

    await eventually(stored, "the new limit reached Redis")
    granted = [await other.try_acquire(D) for _ in range(3)]
    assert [p is not None for p in granted] == [True, True, False]
    assert other.limit(D) == 2


async def test_a_restarted_replica_keeps_the_adapted_limit_unless_its_configured_one_changed(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    first = make_source(limit=5)
    await first.start()
    first.set_limit(D, 3)

    async def stored() -> bool:
        return await store.hget(LIMIT_KEY, "current") == "3"

    await eventually(stored, "the adapted limit reached Redis")

    same_config = make_source(limit=5)
    await same_config.start()
    assert same_config.limit(D) == 3

    new_config = make_source(limit=8)
    await new_config.start()
    assert new_config.limit(D) == 8
    assert await store.hget(LIMIT_KEY, "current") == "8"


async def test_redis_stopping_mid_run_switches_to_the_fallback_and_its_return_recovers(
    make_source: SourceFactory, redis_server: RedisServer, store: aioredis.Redis
) -> None:
    metrics = GatewayMetrics(process_metrics=False)
    source = make_source(limit=5, fallback_limit=2, metrics=metrics)
    await source.start()
    before = await source.try_acquire(D)
    assert before is not None

    with capture_logs() as logs:
        redis_server.stop()
        # The permit held from before the outage counts against the fallback of 2.
        during = await source.try_acquire(D)
        assert source.degraded
        assert during is not None
        assert await source.try_acquire(D) is None
        assert source.in_use(D) == 2
        assert source.effective_limit(D) == 2
        assert source.limit(D) == 5
        assert b"clova_ocr_admission_degraded 1.0" in metrics.render()
        await source.release(before)  # Redis is gone: remembered, removed once it is back
        third = await source.try_acquire(D)
        assert third is not None

        redis_server.start()  # same port, empty: as after a crash without persistence

        async def recovered() -> bool:
            return not source.degraded

        await eventually(recovered, "the source left degraded mode")

    events = [e["event"] for e in logs if e["log_level"] in ("warning", "info")]
    assert events.count("redis_unavailable") == 1
    assert events.count("redis_permits_recovered") == 1
    assert b"clova_ocr_admission_degraded 0.0" in metrics.render()
    # The calls started on the fallback are still running: Redis counts them now.
    assert sorted(await store.zrange(PERMITS_KEY, 0, -1)) == sorted([during.token, third.token])
    assert await store.hget(LIMIT_KEY, "current") == "5"
    await source.release(during)
    await source.release(third)
    assert await store.zcard(PERMITS_KEY) == 0
    assert source.in_use(D) == 0


async def test_release_wake_ups_across_replicas_resume_after_redis_returns(
    make_source: SourceFactory, redis_server: RedisServer
) -> None:
    holder = make_source(limit=1)
    waiter = make_source(limit=1, poll_seconds=60.0)  # only pub/sub can wake it in time
    await holder.start()
    await waiter.start()
    redis_server.stop()
    redis_server.start()

    async def both_healthy() -> bool:
        # Each notices the restart on its own (renewal every lease/3) and recovers.
        return not holder.degraded and not waiter.degraded and holder.in_use(D) == 0

    await asyncio.sleep(1.0)  # at least one renewal period, so both have seen the restart
    await eventually(both_healthy, "both replicas back on Redis")
    permit = await holder.try_acquire(D)
    assert permit is not None
    await asyncio.sleep(0.5)  # let the waiter's new subscription settle

    waiting = asyncio.create_task(waiter.wait_for_release(D, 60.0))
    await asyncio.sleep(0.05)
    await holder.release(permit)

    await asyncio.wait_for(waiting, 30.0)
    assert await waiter.try_acquire(D) is not None


async def test_a_replica_starting_while_redis_is_down_serves_on_the_fallback_then_recovers(
    make_source: SourceFactory, redis_server: RedisServer
) -> None:
    redis_server.stop()
    source = make_source(limit=5, fallback_limit=1)
    await source.start()
    assert source.degraded
    permit = await source.try_acquire(D)
    assert permit is not None
    assert await source.try_acquire(D) is None

    redis_server.start()

    async def recovered() -> bool:
        return not source.degraded

    await eventually(recovered, "the source left degraded mode")
    await source.release(permit)
    assert [await source.try_acquire(D) is not None for _ in range(6)] == [True] * 5 + [False]


async def test_a_zero_fallback_admits_nothing_while_redis_is_down(
    make_source: SourceFactory, redis_server: RedisServer
) -> None:
    source = make_source(limit=5, fallback_limit=0)
    await source.start()
    redis_server.stop()
    assert await source.try_acquire(D) is None
    assert source.degraded
    assert source.effective_limit(D) == 0


async def test_a_permit_whose_lease_vanished_from_the_store_is_put_back_while_held(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    source = make_source(limit=1, lease_seconds=1.0)
    await source.start()
    permit = await source.try_acquire(D)
    assert permit is not None
    await store.delete(PERMITS_KEY)  # as if the lease had expired during a long pause

    async def restored() -> bool:
        return await store.zrange(PERMITS_KEY, 0, -1) == [permit.token]

    await eventually(restored, "the renewal put the permit back")
    await source.release(permit)
    assert await store.zcard(PERMITS_KEY) == 0


async def test_a_cancelled_acquire_gives_its_permit_back(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    source = make_source(limit=1)
    await source.start()
    attempt = asyncio.create_task(source.try_acquire(D))
    await asyncio.sleep(0)
    attempt.cancel()
    with pytest.raises(asyncio.CancelledError):
        await attempt

    # A leaked permit would be renewed for ever (the source holds it), so this never succeeds
    # unless the permit granted to the cancelled call was given back.
    permits: list[Permit] = []

    async def acquired() -> bool:
        permit = await source.try_acquire(D)
        if permit is not None:
            permits.append(permit)
        return permit is not None

    await eventually(acquired, "the cancelled acquire's permit was released")
    assert await store.zrange(PERMITS_KEY, 0, -1) == [permits[0].token]


async def test_releasing_twice_is_harmless(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    first, second = make_source(limit=1), make_source(limit=1)
    await first.start()
    await second.start()
    permit = await first.try_acquire(D)
    assert permit is not None
    await first.release(permit)
    taken = await second.try_acquire(D)
    assert taken is not None

    await first.release(permit)

    assert await store.zrange(PERMITS_KEY, 0, -1) == [taken.token]


async def test_close_gives_back_every_permit_the_replica_holds(
    make_source: SourceFactory, store: aioredis.Redis
) -> None:
    leaving = make_source(limit=3)
    staying = make_source(limit=3)
    await leaving.start()
    await staying.start()
    held = [await leaving.try_acquire(D) for _ in range(3)]
    assert all(held)

    await leaving.close()

    assert await store.zcard(PERMITS_KEY) == 0
    assert await leaving.try_acquire(D) is None
    assert [await staying.try_acquire(D) is not None for _ in range(3)] == [True] * 3


async def test_the_redis_password_never_reaches_the_logs(make_source: SourceFactory) -> None:
    password = "hunter2-VERY-secret-pw"
    url = f"redis://user:{password}@127.0.0.1:{free_port()}/0"  # nothing listens there
    with capture_logs() as logs:
        source = make_source(url=url)
        await source.start()
        assert source.degraded
        await source.try_acquire(D)
        await source.close()

    assert logs, "the outage should have been logged"
    assert password not in repr(logs)
    assert any(e.get("redis") == f"redis://127.0.0.1:{url.rsplit(':', 1)[1]}" for e in logs)
    assert safe_redis_url(url) == f"redis://127.0.0.1:{url.rsplit(':', 1)[1]}"
    assert safe_redis_url("unix:///run/redis.sock?password=pw&db=1") == "unix:///run/redis.sock"
