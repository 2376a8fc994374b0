"""Fixtures for the shared-admission tests: a real redis-server per test and permit sources
pointing at it, closed at teardown."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from redis_harness import REDIS_SERVER, RedisServer

from clova_ocr_gateway.admission.permits_redis import RedisPermitSource
from clova_ocr_gateway.domains import Domain


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    if REDIS_SERVER is None:
        message = "redis-server is not installed (scripts/bootstrap --dev installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


SourceFactory = Callable[..., RedisPermitSource]


@pytest.fixture
async def make_source(redis_server: RedisServer) -> AsyncIterator[SourceFactory]:
    """Build (not start) permit sources on `redis_server`: one per simulated replica."""
    made: list[RedisPermitSource] = []

    def factory(limit: int = 5, **kwargs: Any) -> RedisPermitSource:
        kwargs.setdefault("lease_seconds", 1.0)
        kwargs.setdefault("poll_seconds", 0.1)
        kwargs.setdefault("probe_seconds", 0.1)
        source = RedisPermitSource(
            kwargs.pop("url", redis_server.url), {d: limit for d in Domain}, **kwargs
        )
        made.append(source)
        return source

    yield factory
    for source in made:
        await source.close()
