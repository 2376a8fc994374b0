"""A stand-in for the Kubernetes token issuer: signing keys published as a JWKS, and
service-account tokens (good ones, and the forgeries the verifier must refuse)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from joserfc import jwt
from joserfc.jwk import ECKey, RSAKey

ISSUER = "https://kubernetes.default.svc.cluster.local"
AUDIENCE = "clova-ocr-gateway"
SUBJECT = "system:serviceaccount:billing:receipt-worker"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class TokenIssuer:
    """Signing keys by kid; `jwks()` is what `kubectl get --raw /openid/v1/jwks` returns."""

    keys: dict[str, RSAKey | ECKey] = field(default_factory=dict)

    def add_rsa(self, kid: str) -> RSAKey:
        key = RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})
        self.keys[kid] = key
        return key

    def add_ec(self, kid: str) -> ECKey:
        key = ECKey.generate_key("P-256", parameters={"kid": kid, "use": "sig", "alg": "ES256"})
        self.keys[kid] = key
        return key

    def jwks(self) -> bytes:
        return json.dumps({"keys": [k.as_dict(private=False) for k in self.keys.values()]}).encode()

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "aud": [AUDIENCE],
            "exp": now + 3600,
            "iat": now,
            "nbf": now,
            "iss": ISSUER,
            "sub": SUBJECT,
            "kubernetes.io": {"namespace": "billing", "serviceaccount": {"name": "receipt-worker"}},
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, kid: str, **claims: Any) -> str:
        key = self.keys[kid]
        alg = "RS256" if isinstance(key, RSAKey) else "ES256"
        return jwt.encode({"alg": alg, "kid": kid}, self.claims(**claims), key, algorithms=[alg])


def unsigned_token(kid: str, **claims: Any) -> str:
    """`alg: none`: no signature at all."""
    header = _b64(json.dumps({"alg": "none", "kid": kid, "typ": "JWT"}).encode())
    payload = _b64(json.dumps(TokenIssuer().claims(**claims)).encode())
    return f"{header}.{payload}."


def hs256_with_public_key(key: RSAKey, kid: str, **claims: Any) -> str:
    """The algorithm-confusion forgery: HS256 with the issuer's PUBLIC key (PEM, as a verifier
    that trusts the header's alg would load it) as the HMAC secret."""
    header = _b64(json.dumps({"alg": "HS256", "kid": kid, "typ": "JWT"}).encode())
    payload = _b64(json.dumps(TokenIssuer().claims(**claims)).encode())
    secret = key.as_pem(private=False)
    signature = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"
