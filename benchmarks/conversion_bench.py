"""Times CLOVA answer conversion against orjson.loads of the same bytes, per reference example,
and what include_raw_response adds: the exact bytes (raw_response_json) and the Struct.

Run: .venv/bin/python benchmarks/conversion_bench.py [--rounds N]; goal: a ratio of 10 or less.
"""

from __future__ import annotations

import argparse
import functools
import timeit
from collections.abc import Callable
from pathlib import Path

import orjson

from clova_ocr_gateway.conversion import REGISTRY, DomainSpec, build_domain_response, convert_answer
from clova_ocr_gateway.domains import Domain

EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "clova"


def convert_with_raw(spec: DomainSpec, body: bytes) -> object:
    """What include_raw_response costs: raw_response_json and the Struct raw_response."""
    return build_domain_response(spec, convert_answer(spec.domain, body), include_raw=True)


def convert_with_json_only(spec: DomainSpec, body: bytes) -> object:
    """The response with only the exact bytes, as if the Struct were no longer built."""
    response = build_domain_response(spec, convert_answer(spec.domain, body), include_raw=False)
    response.raw_response_json = body  # type: ignore[attr-defined]
    return response


def best_microseconds(calls: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Best per-call time of each callable; rounds interleave them so load spikes on a shared
    machine hit all of them alike instead of skewing one ratio."""
    timers = {name: timeit.Timer(call) for name, call in calls.items()}
    numbers = {name: max(1, timer.autorange()[0] // 4) for name, timer in timers.items()}
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(rounds):
        for name, timer in timers.items():
            elapsed = timer.timeit(numbers[name]) / numbers[name]
            best[name] = min(best[name], elapsed * 1e6)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="interleaved rounds; best counts")
    rounds = parser.parse_args().rounds
    header = (
        f"{'example':<16} {'bytes':>6} {'loads us':>9} {'convert us':>11} {'ratio':>6}"
        f" {'+json us':>9} {'ratio':>6} {'+raw us':>9} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    for domain in Domain:
        spec = REGISTRY[domain]
        body = (EXAMPLES / f"{domain.name.lower()}.json").read_bytes()
        best = best_microseconds(
            {
                "loads": functools.partial(orjson.loads, body),
                "convert": functools.partial(convert_answer, domain, body),
                "json": functools.partial(convert_with_json_only, spec, body),
                "raw": functools.partial(convert_with_raw, spec, body),
            },
            rounds,
        )
        loads, convert, json, raw = best["loads"], best["convert"], best["json"], best["raw"]
        print(
            f"{domain.value:<16} {len(body):>6} {loads:>9.1f} {convert:>11.1f}"
            f" {convert / loads:>6.1f} {json:>9.1f} {json / loads:>6.1f}"
            f" {raw:>9.1f} {raw / loads:>6.1f}"
        )


if __name__ == "__main__":
    main()
