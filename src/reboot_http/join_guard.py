"""Who may try session codes, and how often: NAT-safe joins.

A lecture hall sits behind one NAT address, so wrong codes are counted per *device* (an id the
page keeps and sends as ``X-Reboot-Device``), and only the device that mistypes backs off:
each lock-out in a row doubles its wait. A generous per-address ceiling still stops a script
that invents a new device id for every guess. The QR link carries a join token (an HMAC of the
session id under the server's secret, 128 bits): a join that presents a valid one was never a
guess, so no limit applies to it. The arithmetic is in docs/api.md ("Joining and guessing").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import re
import time
from collections.abc import Callable

from reboot_http.rate_limit import FailureLimiter

DEVICE_HEADER = "x-reboot-device"
DEVICE_COOKIE = "reboot_device"
# ids the page makes (crypto.randomUUID) and anything of that shape; other values are ignored
_DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# the longest a mistyping device waits, however often it offends
MAX_BACKOFF = 15 * 60.0
TOKEN_BYTES = 16


class JoinTokens:
    """Join tokens for QR links: deterministic per session, so every QR image agrees."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"reboot-join-token:" + secret.encode()).digest()

    def token(self, session_id: str) -> str:
        digest = hmac.new(self._key, session_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).rstrip(b"=").decode()

    def valid(self, session_id: str, token: str) -> bool:
        return hmac.compare_digest(self.token(session_id), token)


class DeviceBackoff:
    """``limit`` failures within ``window`` seconds lock a device out; every lock-out that
    follows another before the device was quiet for a window doubles the wait."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self._limit = limit
        self._window = window
        self._clock = clock
        self._max_keys = max_keys
        self._recent = FailureLimiter(limit, window, clock=clock, max_keys=max_keys)
        # device -> (lock-outs in a row, locked until)
        self._locks: dict[str, tuple[int, float]] = {}

    def retry_after(self, key: str) -> int | None:
        lock = self._locks.get(key)
        if lock is None:
            return None
        wait = lock[1] - self._clock()
        return math.ceil(wait) if wait > 0 else None

    def failed(self, key: str) -> None:
        now = self._clock()
        self._recent.failed(key)
        if self._recent.retry_after(key) is None:
            return
        strikes, until = self._locks.get(key, (0, now))
        if now - until > self._window:
            strikes = 0  # quiet for a whole window since the last lock-out: forgiven
        strikes += 1
        wait = min(MAX_BACKOFF, self._window * 2 ** (strikes - 1))
        if len(self._locks) >= self._max_keys:
            self._forget(now)
        self._locks[key] = (strikes, now + wait)
        self._recent.forget(key)

    def _forget(self, now: float) -> None:
        for key, (_, until) in list(self._locks.items()):
            if now - until > self._window:
                del self._locks[key]
        if len(self._locks) >= self._max_keys:
            for key in list(self._locks)[: self._max_keys // 10]:
                del self._locks[key]


class JoinGuard:
    """The join route's limits: per device with back-off, and a ceiling per address."""

    def __init__(
        self,
        device_limit: int,
        window: float,
        address_ceiling: int,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.devices = DeviceBackoff(device_limit, window, clock=clock)
        self.addresses = FailureLimiter(address_ceiling, window, clock=clock)

    @staticmethod
    def device_key(device_id: str | None, address: str) -> str:
        """A well-formed device id, else the address itself (an old page, a script)."""
        if device_id and _DEVICE_ID.match(device_id):
            return f"device:{device_id}"
        return f"address:{address}"

    def retry_after(self, device: str, address: str) -> int | None:
        waits = (self.devices.retry_after(device), self.addresses.retry_after(address))
        found = [w for w in waits if w is not None]
        return max(found) if found else None

    def failed(self, device: str, address: str) -> None:
        self.devices.failed(device)
        self.addresses.failed(address)


__all__ = ["DEVICE_COOKIE", "DEVICE_HEADER", "DeviceBackoff", "JoinGuard", "JoinTokens"]
