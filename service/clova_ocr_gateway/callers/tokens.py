"""Kubernetes projected service-account tokens (audience-bound JWTs), verified offline.

Keys come from a JWKS file (`OCR_AUTH_JWKS_FILE`, e.g. the cluster's
`/openid/v1/jwks` in a ConfigMap), re-read when it changes. A token passes when its signature
is RS256 or ES256 by a key of that set, `iss` is `OCR_AUTH_JWT_ISSUER`, `aud` contains
`OCR_AUTH_JWT_AUDIENCE`, `exp` has not passed and `nbf` has (both within the clock skew), and
`sub` is a printable identity. Verified tokens are cached until they expire, in a bounded cache
that a JWKS change empties (a key removed from the set stops its tokens at once).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
    UnsupportedAlgorithmError,
)
from joserfc.jwk import ECKey, GuestProtocol, Key, KeySet, RSAKey

from clova_ocr_gateway.callers.failures import CredentialError, CredentialKind, Failure
from clova_ocr_gateway.callers.identity import Caller, Credential
from clova_ocr_gateway.callers.watched import WatchedFileError, WatchedFiles

__all__ = [
    "ALGORITHMS",
    "MAX_IDENTITY_LENGTH",
    "MAX_TOKEN_LENGTH",
    "Jwks",
    "ServiceAccountTokenVerifier",
    "looks_like_jwt",
    "parse_jwks",
    "watch_jwks",
]

# The only algorithms accepted: asymmetric, as Kubernetes signs (RS256 by default, ES256 with
# an EC key). Never HS* (a public key used as an HMAC secret) and never "none".
ALGORITHMS: tuple[str, ...] = ("RS256", "ES256")
_KEY_TYPE = {"RS256": RSAKey, "ES256": ECKey}
# A projected token is about 1 KiB; anything far bigger is not one.
MAX_TOKEN_LENGTH = 16 * 1024
# system:serviceaccount:<namespace, 63>:<name, 253> fits with room to spare.
MAX_IDENTITY_LENGTH = 512
_KIND = CredentialKind.SERVICE_ACCOUNT_TOKEN


def looks_like_jwt(value: str) -> bool:
    """True for a JWS compact serialization (three dot-separated parts); API keys have none."""
    return value.count(".") == 2


@dataclass(frozen=True, slots=True)
class Jwks:
    """A parsed key set; a new object per re-read, so cache entries can tell which set
    verified them."""

    keys: KeySet
    size: int


def parse_jwks(data: bytes, source: str = "JWKS") -> Jwks:
    """Parse a JWKS document; keep RSA and EC P-256 signing keys, ignore other kinds."""
    try:
        document = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise WatchedFileError(f"{source}: not JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise WatchedFileError(f'{source}: expected a JSON object with a "keys" list')
    usable: list[dict[str, object]] = []
    for entry in document["keys"]:
        if not isinstance(entry, dict):
            raise WatchedFileError(f"{source}: every key must be a JSON object")
        if entry.get("use", "sig") != "sig":
            continue  # an encryption key never verifies a token
        if entry.get("kty") == "RSA" or (entry.get("kty") == "EC" and entry.get("crv") == "P-256"):
            usable.append(entry)
    if not usable:
        raise WatchedFileError(f"{source}: no RSA or EC P-256 signing key")
    try:
        keys = KeySet.import_key_set({"keys": usable})  # type: ignore[typeddict-item]
    except (JoseError, ValueError, TypeError) as exc:
        raise WatchedFileError(
            f"{source}: a key cannot be imported ({type(exc).__name__})"
        ) from None
    for key in keys:
        if isinstance(key, RSAKey) and key.raw_value.key_size < 2048:
            raise WatchedFileError(f"{source}: RSA keys must have at least 2048 bits")
    return Jwks(keys, len(usable))


def watch_jwks(path: str | Path) -> WatchedFiles[Jwks]:
    """The JWKS file, re-read when it changes; raises WatchedFileError if unusable now."""
    path = Path(path)
    return WatchedFiles("jwks", [path], lambda contents: parse_jwks(contents[path], str(path)))


@dataclass(frozen=True, slots=True)
class _Verified:
    caller: Caller
    valid_until: float  # exp + clock skew
    jwks: Jwks  # the key set that verified it: a re-read key set invalidates the entry


def _invalid(message: str, check: str) -> CredentialError:
    return CredentialError(Failure.INVALID, _KIND, message, check)


class ServiceAccountTokenVerifier:
    """Verifies bearer JWTs against a (re-read) JWKS and caches the verified ones."""

    def __init__(
        self,
        jwks: Callable[[], Jwks],
        *,
        issuer: str,
        audience: str,
        clock_skew_seconds: float = 30.0,
        cache_size: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._jwks = jwks
        self._issuer = issuer
        self._audience = audience
        self._skew = clock_skew_seconds
        self._cache_size = cache_size
        self._clock = clock
        # sha256(token) -> verified entry; least recently used first.
        self._cache: OrderedDict[bytes, _Verified] = OrderedDict()

    @property
    def cached(self) -> int:
        return len(self._cache)

    def verify(self, token: str) -> Caller:
        """The token's caller, or CredentialError (INVALID or EXPIRED)."""
        if len(token) > MAX_TOKEN_LENGTH:
            raise _invalid("the bearer token is too long to be a service-account token", "format")
        now = self._clock()
        jwks = self._jwks()
        digest = hashlib.sha256(token.encode("utf-8", "surrogateescape")).digest()
        hit = self._cache.get(digest)
        if hit is not None:
            if hit.jwks is jwks and now < hit.valid_until:
                self._cache.move_to_end(digest)
                return hit.caller
            del self._cache[digest]
        subject, expiry = self._verified_claims(token, jwks, now)
        caller = Caller(subject, Credential.SERVICE_ACCOUNT_TOKEN)
        if self._cache_size > 0:
            self._cache[digest] = _Verified(caller, expiry + self._skew, jwks)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return caller

    def _verified_claims(self, token: str, jwks: Jwks, now: float) -> tuple[str, float]:
        """The token's subject and expiry once every check passed."""
        try:
            decoded = jwt.decode(token, lambda obj: _signing_key(jwks, obj), algorithms=ALGORITHMS)
        except UnsupportedAlgorithmError:
            raise _invalid(
                f"the token's algorithm is not accepted; tokens must be signed with "
                f"{' or '.join(ALGORITHMS)}",
                "algorithm",
            ) from None
        except InvalidKeyIdError:
            raise _invalid(
                "the token is not signed by a key of the configured issuer", "key"
            ) from None
        except BadSignatureError:
            raise _invalid("the token's signature does not verify", "signature") from None
        except (JoseError, ValueError, TypeError, KeyError):
            raise _invalid("the bearer token is not a well-formed JWT", "format") from None
        claims = decoded.claims
        registry = jwt.JWTClaimsRegistry(
            now=int(now),
            leeway=int(self._skew),
            iss={"essential": True, "value": self._issuer},
            aud={"essential": True, "value": self._audience},
            sub={"essential": True},
            exp={"essential": True},
        )
        try:
            registry.validate(claims)
        except ExpiredTokenError:
            raise CredentialError(
                Failure.EXPIRED,
                _KIND,
                "the service-account token has expired; read the projected token file again "
                "(the kubelet refreshes it)",
                "expiry",
            ) from None
        except MissingClaimError as exc:
            raise _invalid(f"the token lacks required claims ({exc.claim})", "claims") from None
        except ClaimError as exc:
            raise self._claim_error(exc.claim) from None
        subject = claims["sub"]
        if not isinstance(subject, str) or not _printable(subject):
            raise _invalid("the token's subject is not a printable identity", "subject")
        return subject, float(claims["exp"])

    def _claim_error(self, claim: str) -> CredentialError:
        if claim == "nbf":
            return _invalid("the token is not valid yet (nbf is in the future)", "not_before")
        if claim == "iat":
            return _invalid("the token was issued in the future", "issued_at")
        if claim == "aud":
            return _invalid(
                f"the token's audience does not include {self._audience!r}; request a "
                f"projected token with audience {self._audience!r}",
                "audience",
            )
        if claim == "iss":
            return _invalid("the token was issued by another issuer", "issuer")
        return _invalid(f"the token's {claim!r} claim is invalid", "claims")


def _signing_key(jwks: Jwks, token: GuestProtocol) -> Key:
    """The key the token names by kid, if its type fits the token's algorithm: an RSA key
    never checks an ES256 signature, whatever the key set's `alg` fields say."""
    header = token.headers()
    alg = header.get("alg")
    kid = header.get("kid")
    expected = _KEY_TYPE.get(alg) if isinstance(alg, str) else None
    if expected is None:
        raise UnsupportedAlgorithmError(f"algorithm {alg!r} is not allowed")
    try:
        key = jwks.keys.get_by_kid(kid if isinstance(kid, str) else None)
    except (InvalidKeyIdError, ValueError):
        raise _invalid("the token is not signed by a key of the configured issuer", "key") from None
    if not isinstance(key, expected) or (isinstance(key, ECKey) and key.curve_name != "P-256"):
        raise _invalid("the token is not signed by a key of the configured issuer", "key")
    return key


def _printable(value: str) -> bool:
    return 0 < len(value) <= MAX_IDENTITY_LENGTH and all(" " < ch <= "~" for ch in value)
