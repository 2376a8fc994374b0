"""`health` and `domains` read a running gateway's health service, never this shell's env."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests_support import ServerProcess, start_gateway_process

from clova_ocr_gateway.domains import DOMAINS, Domain

from .conftest import cli_env, run_cli, target, text


@pytest.fixture(scope="module")
def receipt_only_gateway() -> Iterator[ServerProcess]:
    """A gateway with only the receipt domain configured (its URL is never called here)."""
    env = {
        "OCR_RECEIPT_INVOKE_URL": "http://127.0.0.1:9/custom/document/receipt",
        "OCR_RECEIPT_SECRET": "receipt-only-secret",
    }
    with start_gateway_process("--metrics-port", "0", env=env) as server:
        yield server


def test_health_prints_overall_readiness_liveness_and_every_domain(
    receipt_only_gateway: ServerProcess,
) -> None:
    completed = run_cli("health", "--target", target(receipt_only_gateway))
    out, err = text(completed)
    assert completed.returncode == 0, err
    statuses = dict(line.split() for line in out.splitlines()[1:])
    expected = {'""': "SERVING", "readiness": "SERVING", "liveness": "SERVING"}
    for domain in Domain:
        expected[f"domain/{domain.value}"] = (
            "SERVING" if domain is Domain.RECEIPT else "NOT_SERVING"
        )
    assert statuses == expected


def test_domains_says_what_the_gateway_has_configured_not_the_local_environment(
    receipt_only_gateway: ServerProcess,
) -> None:
    # This shell claims passport is configured; the gateway knows better.
    env = cli_env(OCR_PASSPORT_INVOKE_URL="http://127.0.0.1:9", OCR_PASSPORT_SECRET="x")
    completed = run_cli("domains", "--target", target(receipt_only_gateway), env=env)
    out, err = text(completed)
    assert completed.returncode == 0, err
    rows = [line.split() for line in out.splitlines()[1 : 1 + len(Domain)]]
    assert rows == [
        [d.value, DOMAINS[d].path, "yes" if d is Domain.RECEIPT else "no"] for d in Domain
    ]
    assert "OCR_CREDIT_CARD_INVOKE_URL" in out  # says what to set for the missing ones


def test_health_and_domains_without_a_gateway_say_how_to_start_one() -> None:
    for command in ("health", "domains"):
        completed = run_cli(command, "--target", "127.0.0.1:1", "--timeout", "5")
        _, err = text(completed)
        assert completed.returncode == 1
        assert "no gateway reachable at --target 127.0.0.1:1" in err
        assert "clova-ocr-gateway serve --emulator" in err
