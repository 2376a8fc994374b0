"""Emulator configuration, CLI flags and the serve-forever entry point."""

from __future__ import annotations

import argparse
import asyncio
import io

import httpx
import pytest

from clova_ocr_gateway.domains import Domain
from clova_ocr_gateway.emulator import (
    EmulatorConfig,
    add_emulator_arguments,
    config_from_args,
    parse_domain,
    serve_emulator_forever,
)

from .helpers import json_body


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_emulator_arguments(parser)
    return parser.parse_args(list(argv))


def test_missing_secrets_are_generated_distinct_per_domain() -> None:
    config = EmulatorConfig(secrets={Domain.RECEIPT: "given"})

    assert config.secrets[Domain.RECEIPT] == "given"
    assert config.generated_secrets == frozenset(Domain) - {Domain.RECEIPT}
    generated = [config.secrets[d] for d in config.generated_secrets]
    assert len(set(generated)) == len(generated)
    assert all(len(s) >= 24 for s in generated)


def test_flag_defaults_match_the_documented_defaults() -> None:
    config = config_from_args(parse())

    assert (config.host, config.port) == ("127.0.0.1", 8089)
    assert config.concurrency_limit_per_domain == 5
    assert config.quota is None
    assert config.error_rates == {}


def test_flags_build_the_config() -> None:
    args = parse(
        "--host=0.0.0.0",
        "--port=0",
        "--secret",
        "receipt=r",
        "--secret",
        "CREDIT_CARD=c",
        "--secret",
        "name-card=n",
        "--concurrency-limit=0",
        "--latency-ms=20",
        "--jitter-ms=5",
        "--error-rate",
        "0500=0.05",
        "--error-rate",
        "0025=0.1",
        "--seed=3",
        "--quota=100",
        "--fault=infer=FAILURE",
    )
    config = config_from_args(args)

    assert config.secrets[Domain.RECEIPT] == "r"
    assert config.secrets[Domain.CREDIT_CARD] == "c"
    assert config.secrets[Domain.NAME_CARD] == "n"
    assert config.concurrency_limit_per_domain is None
    assert (config.latency_ms, config.jitter_ms) == (20.0, 5.0)
    assert config.error_rates == {"0500": 0.05, "0025": 0.1}
    assert (config.seed, config.quota, config.faults) == (3, 100, "infer=FAILURE")


@pytest.mark.parametrize(
    "argv",
    [
        ["--secret", "nodomain=x"],
        ["--secret", "receipt"],
        ["--error-rate", "500=0.1"],
        ["--error-rate", "0500=2"],
        ["--latency-ms=-1"],
        ["--fault=bogus"],
    ],
)
def test_invalid_flags_are_rejected_by_argparse(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse(*argv)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"error_rates": {"0500": 0.7, "0501": 0.7}},
        {"concurrency_limit_per_domain": 0},
        {"faults": "nope"},
        {"port": 70000},
    ],
)
def test_invalid_config_values_raise(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        EmulatorConfig(**kwargs)  # type: ignore[arg-type]


def test_domains_parse_from_value_env_name_or_path() -> None:
    assert parse_domain("medical_receipt") is Domain.MEDICAL_RECEIPT
    assert parse_domain("MEDICAL_RECEIPT") is Domain.MEDICAL_RECEIPT
    assert parse_domain("/document/medical-receipt") is Domain.MEDICAL_RECEIPT


async def test_serve_forever_prints_env_lines_that_work_until_stopped() -> None:
    out = io.StringIO()
    stop = asyncio.Event()
    server = asyncio.create_task(serve_emulator_forever(EmulatorConfig(port=0), stop=stop, out=out))
    for _ in range(100):  # banner appears once listening; at most ~2 s
        if "OCR_PASSPORT_SECRET=" in out.getvalue():
            break
        await asyncio.sleep(0.02)
    env = dict(
        line.split("=", 1) for line in out.getvalue().splitlines() if not line.startswith("#")
    )
    async with httpx.AsyncClient() as client:
        response = await client.post(
            env["OCR_PASSPORT_INVOKE_URL"],
            json=json_body(),
            headers={"X-OCR-SECRET": env["OCR_PASSPORT_SECRET"]},
        )
    stop.set()
    await asyncio.wait_for(server, timeout=5)

    assert response.status_code == 200
    assert len(env) == 14
