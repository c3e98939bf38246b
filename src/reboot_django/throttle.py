"""Wrong join codes per client address, counted in Django's cache.

Only failures count (a whole class joining from one NAT address must not be locked out, while
guessing 6-digit codes is nothing but failures). With a shared cache (Redis, Memcached) the
limit holds across every Django process; with the default local-memory cache, per process.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache

_PREFIX = "reboot_live:join-failures:"


class JoinFailures:
    """At most ``limit`` failed joins per address within a fixed window of ``window`` s."""

    def __init__(self, limit: int, window: int) -> None:
        self._limit = limit
        self._window = window

    def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may try again, or None when it may try now."""
        count, until = cache.get(_PREFIX + address, (0, 0.0))
        if count < self._limit:
            return None
        wait = math.ceil(until - time.time())
        return wait if wait > 0 else None

    def failed(self, address: str) -> None:
        key = _PREFIX + address
        now = time.time()
        count, until = cache.get(key, (0, 0.0))
        if until <= now:
            count, until = 0, now + self._window
        cache.set(key, (count + 1, until), timeout=math.ceil(until - now))


__all__ = ["JoinFailures"]
