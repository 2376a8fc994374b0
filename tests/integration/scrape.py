"""Scraping a running gateway's `/metrics` over HTTP and comparing two scrapes.

Tests compare a scrape before and after the calls they make (deltas), never absolute values,
so the order tests run in and what a gateway did at start-up do not matter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
from prometheus_client.parser import text_string_to_metric_families

from .conftest import Harness

Labels = frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Scrape:
    """One parsed `/metrics` answer: every sample by (sample name, labels), plus the raw text."""

    text: str
    samples: Mapping[tuple[str, Labels], float]
    types: Mapping[str, str]  # family name -> counter, gauge, histogram, ...

    @classmethod
    def parse(cls, text: str) -> Scrape:
        samples: dict[tuple[str, Labels], float] = {}
        types: dict[str, str] = {}
        for family in text_string_to_metric_families(text):
            types[family.name] = family.type
            for sample in family.samples:
                key = (sample.name, frozenset(sample.labels.items()))
                assert key not in samples, f"duplicate sample {key}"
                samples[key] = sample.value
        return cls(text, samples, types)

    @property
    def series_count(self) -> int:
        """Number of samples exported (buckets, _count and _sum included)."""
        return len(self.samples)

    def get(self, name: str, **labels: str) -> float | None:
        """The sample with exactly these labels, or None when it is not exported."""
        return self.samples.get((name, frozenset(labels.items())))

    def value(self, name: str, **labels: str) -> float:
        """The sample with exactly these labels; fails when it is not exported."""
        found = self.get(name, **labels)
        assert found is not None, f"{name}{labels} is not exported"
        return found

    def matching(self, name: str, **labels: str) -> dict[Labels, float]:
        """Every sample named `name` whose labels include `labels`."""
        wanted = set(labels.items())
        return {
            key_labels: value
            for (sample_name, key_labels), value in self.samples.items()
            if sample_name == name and wanted <= key_labels
        }


def delta(before: Scrape, after: Scrape, name: str, **labels: str) -> float:
    """How much one sample moved; a sample absent before counts as 0 (lazily created series)."""
    return after.value(name, **labels) - (before.get(name, **labels) or 0.0)


def moved(
    before: Scrape, after: Scrape, name: str, key: tuple[str, ...], **labels: str
) -> dict[tuple[str, ...], float]:
    """Every non-zero delta of the samples named `name` that carry `labels`, keyed by the
    values of the `key` labels: an exact picture of what changed, and of nothing else."""
    changes: dict[tuple[str, ...], float] = {}
    for key_labels, value in after.matching(name, **labels).items():
        change = value - (before.samples.get((name, key_labels)) or 0.0)
        if change:
            as_dict = dict(key_labels)
            changes[tuple(as_dict[k] for k in key)] = change
    vanished = set(before.matching(name, **labels)) - set(after.matching(name, **labels))
    assert not vanished, f"{name}: series disappeared: {vanished}"
    return changes


async def scrape(harness: Harness) -> Scrape:
    """GET http://127.0.0.1:<metrics port>/metrics and parse it."""
    port = harness.gateway.metrics_port
    assert port is not None, "start the harness with metrics_port=0"
    return await scrape_port(port)


async def scrape_port(port: int) -> Scrape:
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        response = await client.get(f"http://127.0.0.1:{port}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return Scrape.parse(response.text)


async def scrape_settled(
    port: int, before: Scrape, *, rpcs: int, attributed: int, attempts: int = 250
) -> Scrape:
    """Scrape once the server has finished `rpcs` calls since `before`, `attributed` of them
    with a domain (counted per caller); bounded: `attempts` tries 20 ms apart.

    A client can see an error before the server's interceptor has counted the call: `abort`
    sends the status first and raises afterwards, and a caller whose deadline passes stops
    waiting on its own. Waiting for the counters, never for time, keeps deltas exact.
    """

    def counted(current: Scrape) -> tuple[float, float]:
        handled = moved(
            before,
            current,
            "grpc_server_handled_total",
            ("grpc_service", "grpc_method", "grpc_code"),
        )
        by_client = moved(
            before, current, "clova_ocr_requests_by_client_total", ("domain", "client")
        )
        return sum(handled.values()), sum(by_client.values())

    current = await scrape_port(port)
    for _ in range(attempts):
        handled, by_client = counted(current)
        assert handled <= rpcs and by_client <= attributed, (
            f"more calls counted than made: {handled} handled (expected {rpcs}), "
            f"{by_client} per caller (expected {attributed})"
        )
        if (handled, by_client) == (rpcs, attributed):
            return current
        await asyncio.sleep(0.02)
        current = await scrape_port(port)
    raise AssertionError(
        f"the gateway counted {counted(current)} (handled, per caller) calls, "
        f"not ({rpcs}, {attributed})"
    )
