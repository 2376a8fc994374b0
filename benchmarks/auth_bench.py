"""Authentication cost benchmark: the gateway's CPU per call with each credential kind next to
no authentication, in one run.

Gateways run as separate processes in front of a fixed-answer upstream (another process), one
per configuration: plaintext without auth, API key, service-account JWT (verified once, then
cached), JWT without the cache, TLS without auth, and mutual TLS naming the caller by its
certificate. Rounds alternate between configurations so machine noise hits all of them alike;
the table shows the median CPU milliseconds the gateway process spent per call and the extra
cost against the matching baseline (plaintext for key and token, TLS for mTLS). A second
table times `Authenticator.authenticate()` alone, in this process.

Usage: python benchmarks/auth_bench.py [--calls N] [--concurrency K] [--rounds R]

Measured on the shared 2-core development machine (busy: single rounds vary by about 10%),
`--calls 600 --rounds 5`, 20 kB receipt, 8 in flight:

configuration                 gateway CPU ms/call  vs baseline  authenticate() alone
plaintext, no auth            4.033                baseline     -
API key                       4.017                -0.4%        42.8 us (1.1% of a call)
JWT, cached                   4.100                +1.7%        34.4 us (0.9%)
JWT, no cache                 4.717                +16.9%       1423 us (35%)
TLS, no auth                  4.050                baseline     -
mTLS (certificate identity)   4.167                +2.9%        54.4 us (1.3%)

Every credential kind stays within the 5% goal: API key and cached JWT within noise of
plaintext, mTLS +2.9% over TLS alone; `authenticate()` itself is about 1% of a call's CPU. Without
the token cache every call verifies an RS256 signature with joserfc (+17%): the cache matters.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from callers.issuer import ISSUER, TokenIssuer  # noqa: E402
from callers.pki import Authority, Issued  # noqa: E402
from imaging_samples import padded_png  # noqa: E402
from serving_bench import FIXED_UPSTREAM, _drive, cpu_seconds, free_port, spawn  # noqa: E402

from clova.ocr.document.v1 import document_ocr_service_pb2 as service_pb2  # noqa: E402
from clova.ocr.document.v1 import document_ocr_service_pb2_grpc as service_grpc  # noqa: E402
from clova.ocr.document.v1 import image_pb2  # noqa: E402
from clova_ocr_gateway.callers.api_keys import key_digest  # noqa: E402
from clova_ocr_gateway.callers.setup import build_caller_authentication  # noqa: E402
from clova_ocr_gateway.config.settings import load_settings  # noqa: E402


@dataclass
class Config:
    name: str
    baseline: str  # the configuration its extra cost is measured against
    env: dict[str, str]
    metadata: list[tuple[str, str]]
    client: Issued | None = None
    tls: bool = False


def configs(folder: Path) -> tuple[list[Config], Authority]:
    authority = Authority.create("bench-ca")
    server = authority.server_certificate()
    (folder / "tls.crt").write_bytes(server.cert_pem)
    (folder / "tls.key").write_bytes(server.key_pem)
    (folder / "ca.crt").write_bytes(authority.pem)
    issuer = TokenIssuer()
    issuer.add_rsa("bench-rsa")
    (folder / "jwks.json").write_bytes(issuer.jwks())
    key = secrets.token_hex(32)
    (folder / "keys.yaml").write_text(f'bench-client: "{key_digest(key)}"\n')
    token = issuer.token("bench-rsa")
    tls = {
        "OCR_TLS_CERT_FILE": str(folder / "tls.crt"),
        "OCR_TLS_KEY_FILE": str(folder / "tls.key"),
    }
    jwt = {
        "OCR_AUTH_MODE": "required",
        "OCR_AUTH_JWKS_FILE": str(folder / "jwks.json"),
        "OCR_AUTH_JWT_ISSUER": ISSUER,
    }
    return [
        Config("plaintext, no auth", "plaintext, no auth", {}, []),
        Config(
            "API key",
            "plaintext, no auth",
            {"OCR_AUTH_MODE": "required", "OCR_AUTH_API_KEYS_FILE": str(folder / "keys.yaml")},
            [("x-api-key", key)],
        ),
        Config(
            "JWT, cached",
            "plaintext, no auth",
            jwt,
            [("authorization", f"Bearer {token}")],
        ),
        Config(
            "JWT, no cache",
            "plaintext, no auth",
            {**jwt, "OCR_AUTH_TOKEN_CACHE_SIZE": "0"},
            [("authorization", f"Bearer {token}")],
        ),
        Config("TLS, no auth", "TLS, no auth", tls, [], tls=True),
        Config(
            "mTLS (certificate identity)",
            "TLS, no auth",
            {
                **tls,
                "OCR_TLS_CLIENT_CA_FILE": str(folder / "ca.crt"),
                "OCR_AUTH_MODE": "required",
            },
            [],
            client=authority.issue("bench", uris=("spiffe://cluster.local/ns/b/sa/bench",)),
            tls=True,
        ),
    ], authority


def channel_for(config: Config, port: int, authority: Authority) -> grpc.aio.Channel:
    if not config.tls:
        return grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    credentials = grpc.ssl_channel_credentials(
        authority.pem,
        config.client.key_pem if config.client else None,
        config.client.cert_pem if config.client else None,
    )
    return grpc.aio.secure_channel(
        f"127.0.0.1:{port}", credentials, options=[("grpc.ssl_target_name_override", "localhost")]
    )


async def gateway_cpu(
    calls: int, concurrency: int, rounds: int, folder: Path
) -> dict[str, list[float]]:
    upstream_port = free_port()
    upstream = spawn([sys.executable, "-c", FIXED_UPSTREAM, str(upstream_port)])
    upstream_url = f"http://127.0.0.1:{upstream_port}/custom/v1/1/bench/document/receipt"
    all_configs, authority = configs(folder)
    processes = [upstream]
    results: dict[str, list[float]] = {c.name: [] for c in all_configs}
    request = service_pb2.RecognizeReceiptRequest(
        image=image_pb2.Image(content=padded_png(20_000), format=image_pb2.IMAGE_FORMAT_PNG)
    )
    try:
        running: list[tuple[Config, Any, grpc.aio.Channel]] = []
        for config in all_configs:
            port = free_port()
            process = spawn(
                [sys.executable, "-m", "clova_ocr_gateway.cli", "serve", "--port", str(port)],
                env={
                    "OCR_RECEIPT_INVOKE_URL": upstream_url,
                    "OCR_RECEIPT_SECRET": "bench-secret",
                    "OCR_METRICS_PORT": "off",
                    "OCR_LOG_FORMAT": "json",
                    "OCR_CONCURRENCY_LIMIT": str(concurrency * 2),
                    **config.env,
                },
            )
            processes.append(process)
            running.append((config, process, channel_for(config, port, authority)))
        for _ in range(rounds):
            for config, process, channel in running:
                stub = service_grpc.DocumentOcrServiceStub(channel)

                async def call(
                    stub: service_grpc.DocumentOcrServiceStub = stub, config: Config = config
                ) -> object:
                    return await stub.RecognizeReceipt(
                        request, metadata=config.metadata, timeout=30
                    )

                await _drive(call, concurrency * 4, concurrency)  # warm up
                before = cpu_seconds(process.pid)
                await _drive(call, calls, concurrency)
                results[config.name].append((cpu_seconds(process.pid) - before) / calls * 1000)
        for _, _, channel in running:
            await channel.close()
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    return results


def authenticate_micro(folder: Path, repeat: int) -> list[tuple[str, float]]:
    """Microseconds per `authenticate()` call, in this process (no network, no gRPC)."""
    all_configs, _ = configs(folder)
    rows = []
    for config in all_configs:
        if "OCR_AUTH_MODE" not in config.env:
            continue
        auth = build_caller_authentication(load_settings(config.env))
        assert auth.authenticator is not None
        context = {
            "transport_security_type": [b"ssl"],
            "peer_uri": [b"spiffe://cluster.local/ns/b/sa/bench"],
            "x509_common_name": [b"bench"],
        }
        authenticator, metadata = auth.authenticator, config.metadata

        def authenticate(
            authenticator: Any = authenticator, metadata: Any = metadata, context: Any = context
        ) -> object:
            return authenticator.authenticate(metadata, lambda: context)

        authenticate()
        started = time.perf_counter()
        for _ in range(repeat):
            authenticate()
        rows.append((config.name, (time.perf_counter() - started) / repeat * 1e6))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = asyncio.run(gateway_cpu(args.calls, args.concurrency, args.rounds, folder))
        micro = dict(authenticate_micro(folder, 2000))
    medians = {name: statistics.median(values) for name, values in results.items()}
    baselines = {
        "plaintext, no auth": medians["plaintext, no auth"],
        "TLS, no auth": medians["TLS, no auth"],
    }
    all_configs, _ = configs(Path(tempfile.mkdtemp()))
    print(
        f"gateway CPU per call, 20 kB receipt, {args.calls} calls x {args.rounds} rounds, "
        f"{args.concurrency} in flight (median of rounds)\n"
    )
    print(
        "| configuration | gateway CPU ms/call | rounds (ms) | vs baseline | "
        "authenticate() alone | alone / baseline CPU |"
    )
    print("|---|---|---|---|---|---|")
    for config in all_configs:
        cpu = medians[config.name]
        base = baselines[config.baseline]
        rounds = " ".join(f"{v:.3f}" for v in results[config.name])
        relative = "baseline" if config.name == config.baseline else f"{(cpu / base - 1):+.1%}"
        alone = micro.get(config.name)
        alone_text = f"{alone:.1f} µs" if alone is not None else "—"
        share = f"{alone / 1000 / base:.2%}" if alone is not None else "—"
        print(f"| {config.name} | {cpu:.3f} | {rounds} | {relative} | {alone_text} | {share} |")


if __name__ == "__main__":
    main()
