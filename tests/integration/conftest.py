"""A real gateway (grpc.aio on 127.0.0.1:0) in front of a real emulator on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest

from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.emulator import EmulatorConfig
from clova_ocr_gateway.serving.server import Gateway, start_gateway


@dataclass
class Harness:
    gateway: Gateway
    channel: grpc.aio.Channel
    stub: service_grpc.DocumentOcrServiceStub

    @property
    def emulator(self) -> Any:
        assert self.gateway.emulator is not None
        return self.gateway.emulator


_BUILT_IN: Any = object()  # default: the built-in emulator; None: only what `env` configures


async def start_harness(
    *,
    emulator: EmulatorConfig | None = _BUILT_IN,
    env: dict[str, str] | None = None,
    **overrides: Any,
) -> Harness:
    settings = load_settings(
        env or {},
        host="127.0.0.1",
        port=0,
        metrics_port=overrides.pop("metrics_port", None),
        **overrides,
    )
    gateway = await start_gateway(
        settings, emulator=EmulatorConfig(port=0) if emulator is _BUILT_IN else emulator
    )
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}")
    return Harness(gateway, channel, service_grpc.DocumentOcrServiceStub(channel))


@pytest.fixture
async def harness_factory() -> AsyncIterator[Callable[..., Any]]:
    started: list[Harness] = []

    async def factory(**kwargs: Any) -> Harness:
        harness = await start_harness(**kwargs)
        started.append(harness)
        return harness

    yield factory
    for harness in started:
        await harness.channel.close()
        await harness.gateway.stop(grace=0.5)


@pytest.fixture
async def harness(harness_factory: Callable[..., Any]) -> Harness:
    result: Harness = await harness_factory()
    return result
