"""Configuration of the CLOVA emulator and the argparse flags that build it.

The flags live here, not in the CLI module, so every entry point spells them the same way.
"""

from __future__ import annotations

import argparse
import secrets as secrets_module
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from clova_ocr_gateway.domains import DOMAINS, Domain
from clova_ocr_gateway.emulator.faults import CODE_RE, FaultSyntaxError, parse_directives

DEFAULT_PORT: Final = 8089
DEFAULT_CONCURRENCY_LIMIT: Final = 5
# Generous enough for the gateway's 20 MiB image limit once base64 grows it by a third.
DEFAULT_MAX_BODY_BYTES: Final = 64 * 1024 * 1024


def parse_domain(text: str) -> Domain:
    """A domain from its value (credit-card), env name (CREDIT_CARD, credit_card) or path
    (/document/credit-card)."""
    key = text.strip().lower().replace("-", "_")
    key = key.removeprefix("/document/").removeprefix("document/")
    for domain in Domain:
        if key in (domain.value, DOMAINS[domain].env_name.lower()):
            return domain
    choices = ", ".join(d.value for d in Domain)
    raise ValueError(f"unknown domain {text!r} (expected one of {choices})")


@dataclass(frozen=True, slots=True)
class EmulatorConfig:
    """Everything the emulator needs; secrets missing for a domain are generated at random."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT  # 0 picks a free port; read RunningEmulator.base_url afterwards
    secrets: Mapping[Domain, str] = field(default_factory=dict)
    concurrency_limit_per_domain: int | None = DEFAULT_CONCURRENCY_LIMIT  # None: unlimited
    latency_ms: float = 0.0
    jitter_ms: float = 0.0  # each call adds uniform(0, jitter_ms) to latency_ms
    error_rates: Mapping[str, float] = field(default_factory=dict)  # {"0500": 0.05}
    seed: int | None = None
    quota: int | None = None  # total accepted calls before every call answers 0023
    faults: str = ""  # default fault directives applied to every call (docs/emulator.md)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # Keep the image bytes of the last N accepted calls in stats.images (tests check what the
    # gateway sent, e.g. each page of a split document); 0 keeps none.
    keep_images: int = 0
    generated_secrets: frozenset[Domain] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        given = dict(self.secrets)
        generated = frozenset(d for d in Domain if not given.get(d))
        for domain in generated:
            given[domain] = secrets_module.token_urlsafe(24)
        # frozen dataclass: the resolved values are set once, here, and never change after.
        object.__setattr__(self, "secrets", given)
        object.__setattr__(self, "generated_secrets", generated)
        object.__setattr__(self, "error_rates", dict(self.error_rates))
        self._validate()

    def _validate(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port {self.port} out of range")
        if self.concurrency_limit_per_domain is not None and self.concurrency_limit_per_domain < 1:
            raise ValueError("concurrency_limit_per_domain must be >= 1 (or None for unlimited)")
        if self.latency_ms < 0 or self.jitter_ms < 0:
            raise ValueError("latency_ms and jitter_ms must be >= 0")
        if self.quota is not None and self.quota < 0:
            raise ValueError("quota must be >= 0")
        if self.max_body_bytes < 1:
            raise ValueError("max_body_bytes must be >= 1")
        for code, rate in self.error_rates.items():
            if not CODE_RE.fullmatch(code):
                raise ValueError(f"error rate code {code!r}: expected four digits, e.g. 0500")
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"error rate for {code} must be within [0, 1], got {rate}")
        if sum(self.error_rates.values()) > 1.0 + 1e-9:
            raise ValueError("error rates add up to more than 1")
        try:
            parse_directives(self.faults)
        except FaultSyntaxError as exc:
            raise ValueError(f"faults: {exc}") from None


def _secret_arg(text: str) -> tuple[Domain, str]:
    name, sep, value = text.partition("=")
    if not sep or not value:
        raise argparse.ArgumentTypeError(f"{text!r}: expected DOMAIN=SECRET")
    try:
        return parse_domain(name), value
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _rate_arg(text: str) -> tuple[str, float]:
    code, sep, value = text.partition("=")
    if not sep or not CODE_RE.fullmatch(code.strip()):
        raise argparse.ArgumentTypeError(f"{text!r}: expected CODE=RATE, e.g. 0500=0.05")
    try:
        rate = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: rate is not a number") from None
    if not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError(f"{text!r}: rate must be within [0, 1]")
    return code.strip(), rate


def _faults_arg(text: str) -> str:
    try:
        parse_directives(text)
    except FaultSyntaxError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _non_negative_ms(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def add_emulator_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the emulator's flags; dests are prefixed `emulator_` so they never clash."""
    parser.add_argument(
        "--host",
        dest="emulator_host",
        metavar="HOST",
        default="127.0.0.1",
        help="address to listen on (default: %(default)s)",
    )
    parser.add_argument(
        "--port",
        dest="emulator_port",
        metavar="PORT",
        type=int,
        default=DEFAULT_PORT,
        help="port to listen on; 0 picks a free port (default: %(default)s)",
    )
    parser.add_argument(
        "--secret",
        dest="emulator_secrets",
        type=_secret_arg,
        action="append",
        default=[],
        metavar="DOMAIN=SECRET",
        help="X-OCR-SECRET for a domain (repeatable); missing ones are generated and printed",
    )
    parser.add_argument(
        "--concurrency-limit",
        dest="emulator_concurrency_limit",
        metavar="N",
        type=int,
        default=DEFAULT_CONCURRENCY_LIMIT,
        help="simultaneous calls per domain before answering 0025; 0 disables the limit "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--latency-ms",
        dest="emulator_latency_ms",
        metavar="MS",
        type=_non_negative_ms,
        default=0.0,
        help="milliseconds added to every accepted call (default: %(default)s)",
    )
    parser.add_argument(
        "--jitter-ms",
        dest="emulator_jitter_ms",
        metavar="MS",
        type=_non_negative_ms,
        default=0.0,
        help="extra uniform(0, N) ms added to each call's latency (default: %(default)s)",
    )
    parser.add_argument(
        "--error-rate",
        dest="emulator_error_rates",
        type=_rate_arg,
        action="append",
        default=[],
        metavar="CODE=RATE",
        help="answer this CLOVA error code on a fraction of calls (repeatable)",
    )
    parser.add_argument(
        "--seed",
        dest="emulator_seed",
        metavar="N",
        type=int,
        default=None,
        help="seed of the random jitter and error rates, so a run replays (default: random)",
    )
    parser.add_argument(
        "--quota",
        dest="emulator_quota",
        metavar="N",
        type=int,
        default=None,
        help="total calls accepted before every call answers 0023 (default: no quota)",
    )
    parser.add_argument(
        "--fault",
        dest="emulator_faults",
        type=_faults_arg,
        default="",
        metavar="DIRECTIVES",
        help="fault directives applied to every call, e.g. latency_ms=100,infer=FAILURE "
        "(docs/emulator.md)",
    )


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    """Build the config from flags added by `add_emulator_arguments`."""
    limit: int = args.emulator_concurrency_limit
    return EmulatorConfig(
        host=args.emulator_host,
        port=args.emulator_port,
        secrets=dict(args.emulator_secrets),
        concurrency_limit_per_domain=limit if limit > 0 else None,
        latency_ms=args.emulator_latency_ms,
        jitter_ms=args.emulator_jitter_ms,
        error_rates=dict(args.emulator_error_rates),
        seed=args.emulator_seed,
        quota=args.emulator_quota,
        faults=args.emulator_faults,
    )
