"""API keys: the right key names its caller (either header), a wrong one is refused without
saying more, and a rotated keys file is picked up without restart."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import grpc
import pytest

from clova_ocr_gateway.callers.api_keys import ApiKeys, key_digest, parse_api_keys
from clova_ocr_gateway.callers.watched import WatchedFileError

from .conftest import CapturedLog, StartGateway, receipt_request, refusal, stub
from .pki import SecretMount


def _keys_file(entries: dict[str, str | list[str]]) -> bytes:
    lines = []
    for caller, digests in entries.items():
        if isinstance(digests, list):
            lines.append(f'"{caller}": [{", ".join(repr(d) for d in digests)}]')
        else:
            lines.append(f'"{caller}": "{digests}"')
    return ("\n".join(lines) + "\n").encode()


async def _outcome(channel: grpc.aio.Channel, metadata: list[tuple[str, str]]) -> str:
    try:
        await stub(channel).RecognizeReceipt(receipt_request(), metadata=metadata, timeout=10)
    except grpc.aio.AioRpcError as exc:
        code, reason, _ = refusal(exc)
        assert code == grpc.StatusCode.UNAUTHENTICATED
        assert "partner-acme" not in (exc.details() or "")
        return reason
    return "OK"


async def test_right_key_names_its_caller_and_a_wrong_key_is_refused(
    start_auth_gateway: StartGateway, tmp_path: Path, json_log: CapturedLog
) -> None:
    key = secrets.token_hex(32)
    keys = tmp_path / "api-keys.yaml"
    keys.write_bytes(_keys_file({"partner-acme": key_digest(key)}))
    gateway = await start_auth_gateway(
        {"OCR_AUTH_MODE": "required", "OCR_AUTH_API_KEYS_FILE": str(keys)}
    )
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        assert await _outcome(channel, [("x-api-key", key)]) == "OK"
        assert await _outcome(channel, [("authorization", f"Bearer {key}")]) == "OK"
        assert await _outcome(channel, [("x-api-key", secrets.token_hex(32))]) == (
            "CREDENTIALS_INVALID"
        )
        # The digest itself is not a key: the file can leak without leaking access.
        assert await _outcome(channel, [("x-api-key", key_digest(key))]) == "CREDENTIALS_INVALID"
        assert await _outcome(channel, [("x-api-key", "short")]) == "CREDENTIALS_INVALID"
    assert json_log.callers() == ["partner-acme", "partner-acme"]
    assert key not in json_log.stream.getvalue()


async def test_a_rotated_keys_file_is_picked_up_without_restart(
    start_auth_gateway: StartGateway, tmp_path: Path
) -> None:
    old_key, new_key = secrets.token_hex(32), secrets.token_hex(32)
    mount = SecretMount(tmp_path / "keys")
    mount.publish({"keys.yaml": _keys_file({"partner-acme": key_digest(old_key)})})
    gateway = await start_auth_gateway(
        {"OCR_AUTH_MODE": "required", "OCR_AUTH_API_KEYS_FILE": str(mount.path("keys.yaml"))}
    )
    async with grpc.aio.insecure_channel(f"127.0.0.1:{gateway.port}") as channel:
        old, new = [("x-api-key", old_key)], [("x-api-key", new_key)]
        assert [await _outcome(channel, old), await _outcome(channel, new)] == [
            "OK",
            "CREDENTIALS_INVALID",
        ]
        # Step 1 of a rotation: both keys valid while the caller switches.
        mount.publish(
            {"keys.yaml": _keys_file({"partner-acme": [key_digest(old_key), key_digest(new_key)]})}
        )
        for _ in range(100):
            if await _outcome(channel, new) == "OK":
                break
            await asyncio.sleep(0.05)
        assert [await _outcome(channel, old), await _outcome(channel, new)] == ["OK", "OK"]
        # Step 2: the old key is revoked.
        mount.publish({"keys.yaml": _keys_file({"partner-acme": key_digest(new_key)})})
        for _ in range(100):
            if await _outcome(channel, old) != "OK":
                break
            await asyncio.sleep(0.05)
        assert [await _outcome(channel, old), await _outcome(channel, new)] == [
            "CREDENTIALS_INVALID",
            "OK",
        ]
        # A broken file is refused and the last good keys stay in use.
        mount.publish({"keys.yaml": b"partner-acme: not-a-digest\n"})
        for _ in range(100):
            if "api_keys" in _failed_reloads(gateway.metrics.render().decode()):
                break
            await asyncio.sleep(0.05)
        assert await _outcome(channel, new) == "OK"


def _failed_reloads(rendered: str) -> str:
    return "\n".join(
        line
        for line in rendered.splitlines()
        if line.startswith("clova_ocr_auth_file_reloads_total")
        and 'result="error"' in line
        and not line.endswith(" 0.0")
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (b"- a\n- b\n", "expected a mapping"),
        (b"partner: abc\n", "caller 'partner': expected the hex SHA-256"),
        (b"partner: " + b"a" * 64 + b"\nother: " + b"A" * 64 + b"\n", "listed twice"),
        (b"anonymous: " + b"b" * 64 + b"\n", "reserved"),
        (b'"bad id": ' + b"c" * 64 + b"\n", "printable ASCII"),
        (b"partner: " + b"1" * 64 + b"\n", "quote"),
        (b"partner: []\n", "no key digest"),
        (b"a: [\n", "not valid YAML"),
    ],
)
def test_a_bad_keys_file_is_refused_naming_the_entry(text: bytes, problem: str) -> None:
    with pytest.raises(WatchedFileError, match=problem.replace("(", r"\(")):
        parse_api_keys(text)


def test_an_empty_keys_file_means_no_valid_key() -> None:
    assert parse_api_keys(b"") == ApiKeys(())


def test_digests_are_accepted_in_either_case() -> None:
    digest = key_digest("k" * 32)
    parsed = parse_api_keys(f"partner: {digest.upper()}\n".encode())
    assert parsed.entries == (("partner", bytes.fromhex(digest)),)
