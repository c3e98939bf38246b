"""The tool's RSA key pairs: the newest signs, the JWKS serves it and the one before it."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from reboot_adapters.lti._records import ToolKey
from reboot_adapters.lti._store import LtiStore

# platforms may have cached the previous key's JWKS: keep it published through one rotation
PUBLISHED_KEYS = 2
KEY_BITS = 2048


def new_key(now: datetime) -> ToolKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    return ToolKey(kid=secrets.token_urlsafe(12), private_pem=pem, created_at=now)


class ToolKeys:
    """Signing key and public JWKS of the tool, from the store (a first key made on demand)."""

    def __init__(self, store: LtiStore, now: Callable[[], datetime]) -> None:
        self._store = store
        self._now = now

    def current(self) -> ToolKey:
        keys = self._store.signing_keys()
        if keys:
            return keys[0]
        return self.rotate()

    def rotate(self) -> ToolKey:
        """Make a new signing key; the previous one stays published for verifiers."""
        key = new_key(self._now())
        self._store.add_key(key)
        return key

    def jwks(self) -> dict[str, Any]:
        if not self._store.signing_keys():
            self.rotate()
        published = []
        for key in self._store.signing_keys()[:PUBLISHED_KEYS]:
            private = serialization.load_pem_private_key(key.private_pem.encode(), None)
            jwk = RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)  # type: ignore[arg-type]
            published.append({**jwk, "kid": key.kid, "alg": "RS256", "use": "sig"})
        return {"keys": published}


__all__ = ["PUBLISHED_KEYS", "ToolKeys", "new_key"]
