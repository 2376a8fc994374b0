"""Shared fixture: a started emulator on a free loopback port and an httpx client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from clova_ocr_gateway.emulator import EmulatorConfig

from .helpers import Caller, started


@pytest.fixture
async def caller() -> AsyncIterator[Caller]:
    async with started(EmulatorConfig(port=0)) as value:
        yield value
