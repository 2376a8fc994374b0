"""Series per scrape: a gateway (with its built-in emulator) driven through every domain and
error class, then one scrape of its /metrics, counted by family type, with the `*_created`
samples shown apart. A count, not a timing: it changes only when the exposition changes.
Usage: python benchmarks/series_per_scrape.py
"""

from __future__ import annotations

import asyncio
import logging
import sys
import urllib.request
from collections import Counter
from pathlib import Path

import grpc
from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import contextlib

from imaging_samples import tiny_png

from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc
from clova.ocr.document.v1 import image_pb2
from clova_ocr_gateway.config.settings import load_settings
from clova_ocr_gateway.conversion.registry import REGISTRY
from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import EmulatorConfig
from clova_ocr_gateway.serving.server import start_gateway

# One call per fault per domain, plus an invalid image: every error class the gateway answers.
FAULTS = [
    "",
    "code=0011",
    "code=0002",
    "code=0023",
    "code=0025",
    "code=0500",
    "status=503",
    "reset",
    "malformed",
    "infer=FAILURE",
    "infer=ERROR",
    "http502html",
    "latency_ms=3000",
]


async def drive_and_scrape() -> str:
    settings = load_settings({}, host="127.0.0.1", port=0, metrics_port=0, retry_max_attempts=2)
    gateway = await start_gateway(settings, emulator=EmulatorConfig(port=0))
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}")
    stub = service_grpc.DocumentOcrServiceStub(channel)
    try:
        for domain in Domain:
            spec = REGISTRY[domain]
            for fault in FAULTS:
                metadata = (("x-emulator-fault", fault),) if fault else ()
                request = spec.request_type(image=image_pb2.Image(content=tiny_png()))
                timeout = 1.0 if fault.startswith("latency") else 10.0
                with contextlib.suppress(grpc.aio.AioRpcError):
                    await getattr(stub, spec.rpc_name)(request, metadata=metadata, timeout=timeout)
            invalid = spec.request_type(image=image_pb2.Image(content=b"GIF89a"))
            with contextlib.suppress(grpc.aio.AioRpcError):
                await getattr(stub, spec.rpc_name)(invalid, timeout=10)
        url = f"http://127.0.0.1:{gateway.metrics_port}/metrics"
        return await asyncio.to_thread(lambda: urllib.request.urlopen(url).read().decode())
    finally:
        await channel.close()
        await gateway.stop(grace=0.5)


def main() -> None:
    logging.disable(logging.CRITICAL)
    text = asyncio.run(drive_and_scrape())
    by_type: Counter[str] = Counter()
    created = 0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name.endswith("_created"):
                created += 1
            else:
                by_type[family.type] += 1
    print("| samples | count |")
    print("| --- | ---: |")
    for kind, count in sorted(by_type.items()):
        print(f"| {kind} | {count} |")
    print(f"| `*_created` | {created} |")
    print(f"| **total per scrape** | **{sum(by_type.values()) + created}** |")


if __name__ == "__main__":
    main()
