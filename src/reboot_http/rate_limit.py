"""An in-process sliding-window limit on failed join attempts per client address.

Only failures count: a whole class joining from one NAT address must not be locked out, while
guessing 6-digit codes is nothing but failures. Each server process keeps its own window, so
N workers allow N times the limit; the setting is documented that way.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class FailureLimiter:
    """Refuses a key once it has ``limit`` failures within the last ``window`` seconds.

    Used only from the event loop thread, so no lock is needed.
    """

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
        self._failures: dict[str, deque[float]] = {}

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try again, or None when it may try now."""
        failures = self._recent(key)
        if failures is None or len(failures) < self._limit:
            return None
        oldest_that_counts = failures[len(failures) - self._limit]
        return max(1, math.ceil(oldest_that_counts + self._window - self._clock()))

    def failed(self, key: str) -> None:
        failures = self._recent(key)
        if failures is None:
            if len(self._failures) >= self._max_keys:
                self._forget_quiet_keys()
            failures = self._failures[key] = deque()
        failures.append(self._clock())
        while len(failures) > self._limit:
            failures.popleft()  # older failures can no longer decide a refusal

    def forget(self, key: str) -> None:
        self._failures.pop(key, None)

    def _recent(self, key: str) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        horizon = self._clock() - self._window
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return None
        return failures

    def _forget_quiet_keys(self) -> None:
        for key in list(self._failures):
            self._recent(key)
        if len(self._failures) >= self._max_keys:
            # still full: an address flood; drop the oldest entries rather than grow forever
            for key in list(self._failures)[: self._max_keys // 10]:
                del self._failures[key]


__all__ = ["FailureLimiter"]
