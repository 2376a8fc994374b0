"""API keys for callers outside the cluster.

`OCR_AUTH_API_KEYS_FILE` is YAML mapping each caller id to the hex SHA-256 of its key (or a
list of them, so a key can be rotated with an overlap); the gateway never sees a key at rest.
A presented key is hashed and compared with every digest in constant time, with no early exit,
so neither the answer nor its timing tells which callers or keys exist.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

import yaml

from clova_ocr_gateway.callers.failures import CredentialError, CredentialKind, Failure
from clova_ocr_gateway.callers.identity import ANONYMOUS, Caller, Credential
from clova_ocr_gateway.callers.watched import WatchedFileError, WatchedFiles

__all__ = [
    "MAX_KEY_LENGTH",
    "MIN_KEY_LENGTH",
    "ApiKeyVerifier",
    "ApiKeys",
    "key_digest",
    "parse_api_keys",
    "watch_api_keys",
]

# Keys are random strings (e.g. `openssl rand -hex 32`); a short one is guessable.
MIN_KEY_LENGTH = 16
MAX_KEY_LENGTH = 512
_MAX_CALLER_ID = 256
_HEX = frozenset("0123456789abcdef")
_KIND = CredentialKind.API_KEY


def key_digest(key: str) -> str:
    """The hex SHA-256 of an API key: what the keys file holds for it."""
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ApiKeys:
    """Every (caller id, SHA-256 digest) pair of the keys file."""

    entries: tuple[tuple[str, bytes], ...]

    @property
    def callers(self) -> frozenset[str]:
        return frozenset(caller for caller, _ in self.entries)


def parse_api_keys(data: bytes, source: str = "API keys file") -> ApiKeys:
    """Parse the keys file; errors name the entry, never a digest."""
    try:
        document = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise WatchedFileError(f"{source}: not valid YAML ({type(exc).__name__})") from None
    if document is None:
        return ApiKeys(())  # an empty file: no key is valid (all revoked)
    if not isinstance(document, dict):
        raise WatchedFileError(
            f"{source}: expected a mapping of caller id to the hex SHA-256 of its key"
        )
    entries: list[tuple[str, bytes]] = []
    seen: set[bytes] = set()
    for caller, value in document.items():
        if not isinstance(caller, str) or not _printable_id(caller):
            raise WatchedFileError(
                f"{source}: caller id {str(caller)[:64]!r} must be 1-{_MAX_CALLER_ID} printable "
                "ASCII characters without spaces"
            )
        if caller == ANONYMOUS:
            raise WatchedFileError(f"{source}: {ANONYMOUS!r} is reserved for callers without one")
        digests = value if isinstance(value, list) else [value]
        if not digests:
            raise WatchedFileError(f"{source}: caller {caller!r} has no key digest")
        for digest in digests:
            if isinstance(digest, int | float):
                # YAML reads an all-digit digest as a number (and drops its leading zeros).
                raise WatchedFileError(
                    f'{source}: caller {caller!r}: quote the digest ("...") so YAML keeps it text'
                )
            if not isinstance(digest, str) or len(digest) != 64 or set(digest.lower()) - _HEX:
                raise WatchedFileError(
                    f"{source}: caller {caller!r}: expected the hex SHA-256 of the key "
                    "(64 hex digits), never the key itself"
                )
            raw = bytes.fromhex(digest)
            if raw in seen:
                raise WatchedFileError(f"{source}: caller {caller!r}: a digest is listed twice")
            seen.add(raw)
            entries.append((caller, raw))
    return ApiKeys(tuple(entries))


def watch_api_keys(path: str | Path) -> WatchedFiles[ApiKeys]:
    """The keys file, re-read when it changes; raises WatchedFileError if unusable now."""
    path = Path(path)
    return WatchedFiles(
        "api_keys", [path], lambda contents: parse_api_keys(contents[path], str(path))
    )


def _printable_id(value: str) -> bool:
    return 0 < len(value) <= _MAX_CALLER_ID and all(" " < ch <= "~" for ch in value)


class ApiKeyVerifier:
    """Finds the caller of a presented key among the (re-read) keys file's digests."""

    def __init__(self, keys: WatchedFiles[ApiKeys]) -> None:
        self._keys = keys

    def verify(self, key: str) -> Caller:
        """The key's caller, or CredentialError(INVALID) without saying more."""
        if not MIN_KEY_LENGTH <= len(key) <= MAX_KEY_LENGTH or not key.isascii():
            raise CredentialError(
                Failure.INVALID,
                _KIND,
                f"the API key is not valid (keys are {MIN_KEY_LENGTH}-{MAX_KEY_LENGTH} "
                "ASCII characters)",
                "format",
            )
        presented = hashlib.sha256(key.encode()).digest()
        found: str | None = None
        for caller, digest in self._keys.value.entries:
            # No break: the time taken does not depend on where (or whether) the key matched.
            if hmac.compare_digest(presented, digest):
                found = caller
        if found is None:
            raise CredentialError(Failure.INVALID, _KIND, "the API key is not valid", "key")
        return Caller(found, Credential.API_KEY)
