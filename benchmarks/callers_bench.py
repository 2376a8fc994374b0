"""What the callers policy costs per call, side by side in one run:

1. PII: converting each canary answer (baseline), then masking it for a `masked` caller (typed
   result and raw answer), or finding its identifiers for a `raw` caller's audit line.
2. Quotas: one call's reserve + confirm with no quota (the common case), counted in this process,
   and counted in a real redis-server on loopback (one Lua script each way).

Run: .venv/bin/python benchmarks/callers_bench.py [--rounds N] [--calls N]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "redis"))

from pii_canaries import answers  # noqa: E402
from redis_harness import REDIS_SERVER, RedisServer  # noqa: E402

from clova_ocr_gateway.callers.pii import find_identifiers, mask_answer  # noqa: E402
from clova_ocr_gateway.callers.policy import Quota, Window  # noqa: E402
from clova_ocr_gateway.callers.quotas import QuotaTracker, Reservation  # noqa: E402
from clova_ocr_gateway.conversion.answer import convert_answer  # noqa: E402
from clova_ocr_gateway.domains import Domain  # noqa: E402


def best_microseconds(calls: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best per-call CPU time of each callable (process time: other processes on a shared
    machine do not count), rounds interleaved so load spikes hit all alike."""
    timers = {name: timeit.Timer(call, timer=time.process_time) for name, call in calls.items()}
    numbers = {name: max(1, timer.autorange()[0] // 4) for name, timer in timers.items()}
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(rounds):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name] * 1e6)
    return best


def convert_and_mask(domain: Domain, body: bytes) -> object:
    answer = convert_answer(domain, body)
    masking = mask_answer(domain, answer.result, answer.raw)
    # What the gateway adds for raw_response_json when something was masked.
    return orjson.dumps(answer.raw) if masking.replacements else answer.body


def convert_and_find(domain: Domain, body: bytes) -> object:
    answer = convert_answer(domain, body)
    return find_identifiers(domain, answer.result, answer.raw)


def pii_table(rounds: int) -> None:
    header = (
        f"{'answer':<12} {'bytes':>6} {'convert us':>11} {'+mask us':>9} {'ratio':>6}"
        f" {'+find us':>9} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for case, domain, answer in answers():
        body = orjson.dumps(answer)
        best = best_microseconds(
            {
                "convert": functools.partial(convert_answer, domain, body),
                "mask": functools.partial(convert_and_mask, domain, body),
                "find": functools.partial(convert_and_find, domain, body),
            },
            rounds,
        )
        convert, mask, find = best["convert"], best["mask"], best["find"]
        print(
            f"{case:<12} {len(body):>6} {convert:>11.1f} {mask:>9.1f} {mask / convert:>6.2f}"
            f" {find:>9.1f} {find / convert:>6.2f}"
        )


async def per_call(tracker: QuotaTracker | None, calls: int) -> tuple[float, float]:
    """(median, p99) microseconds of one reserve + confirm."""
    quota = [Quota(None, Window.MONTH, 10**9)]
    samples = []
    for i in range(calls):
        started = time.perf_counter()
        if tracker is None:
            reservation = Reservation.empty()
        else:
            reservation = await tracker.reserve(f"caller-{i % 10}", "other", quota, 60)
        await reservation.confirm()
        samples.append((time.perf_counter() - started) * 1e6)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


async def quota_table(calls: int) -> None:
    rows: list[tuple[str, float, float]] = []
    rows.append(("no quota", *await per_call(None, calls)))
    local = QuotaTracker()
    rows.append(("in process", *await per_call(local, calls)))
    if REDIS_SERVER is None:
        print("(redis-server not installed: the Redis row is left out)")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            server = RedisServer(Path(tmp))
            server.start()
            try:
                shared = QuotaTracker(redis_url=server.url)
                await shared.start()
                try:
                    await per_call(shared, 50)  # warm: connection, script load
                    rows.append(("redis", *await per_call(shared, calls)))
                finally:
                    await shared.close()
            finally:
                server.stop()
    header = f"{'quota counting':<14} {'p50 us':>8} {'p99 us':>8} {'x no quota':>11}"
    print(header)
    print("-" * len(header))
    base = rows[0][1]
    for name, p50, p99 in rows:
        print(f"{name:<14} {p50:>8.1f} {p99:>8.1f} {p50 / base:>11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds; best counts")
    parser.add_argument("--calls", type=int, default=2000, help="calls per quota row")
    args = parser.parse_args()
    pii_table(args.rounds)
    print()
    asyncio.run(quota_table(args.calls))


if __name__ == "__main__":
    main()
