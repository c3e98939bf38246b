"""The snapshot cache and the join limiter, with fake clocks."""

from __future__ import annotations

import asyncio

import pytest

from reboot_http.polling import PollCache, etag_matches, etag_of
from reboot_http.rate_limit import FailureLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class FakeRequest:
    def __init__(self, if_none_match: str | None = None) -> None:
        self.headers = {"if-none-match": if_none_match} if if_none_match else {}


def run(cache: PollCache, body: bytes, calls: list[int], etag: str | None = None):
    async def compute() -> bytes:
        calls.append(1)
        return body

    return asyncio.run(cache.answer(FakeRequest(etag), "k", "s1", compute))  # type: ignore[arg-type]


def test_snapshot_is_reused_until_a_write_or_max_age() -> None:
    clock, calls = FakeTime(), []
    cache = PollCache(1.0, clock=clock)
    first = run(cache, b'{"a":1}', calls)
    run(cache, b'{"a":1}', calls)
    assert len(calls) == 1 and first.headers["ETag"] == etag_of(b'{"a":1}')
    cache.changed("s1")
    run(cache, b'{"a":2}', calls)
    assert len(calls) == 2
    clock.now += 1.0  # too old: another process may have written
    run(cache, b'{"a":2}', calls)
    assert len(calls) == 3


def test_304_when_the_body_is_unchanged_even_after_recomputing() -> None:
    calls: list[int] = []
    cache = PollCache(0, clock=FakeTime())  # no reuse at all
    etag = run(cache, b"[]", calls).headers["ETag"]
    again = run(cache, b"[]", calls, etag)
    assert again.status_code == 304 and len(calls) == 2


def test_snapshots_are_bounded() -> None:
    cache = PollCache(10, max_entries=2, clock=FakeTime())

    async def fill() -> None:
        for key in "abc":

            async def compute() -> bytes:
                return b"x"

            await cache.answer(FakeRequest(), key, "s", compute)  # type: ignore[arg-type]

    asyncio.run(fill())
    assert len(cache._snapshots) == 2


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        ('"abc"', True),
        ('W/"abc"', True),
        ('"x", "abc"', True),
        ("*", True),
        ('"abd"', False),
        ("", False),
        (None, False),
    ],
)
def test_if_none_match(header: str | None, matches: bool) -> None:
    assert etag_matches(header, '"abc"') is matches


def test_failure_limiter_slides() -> None:
    clock = FakeTime()
    limiter = FailureLimiter(3, 60, clock=clock)
    for _ in range(3):
        assert limiter.retry_after("1.2.3.4") is None
        limiter.failed("1.2.3.4")
        clock.now += 10
    assert limiter.retry_after("1.2.3.4") == 30  # the first failure leaves the window then
    assert limiter.retry_after("5.6.7.8") is None
    clock.now += 30
    assert limiter.retry_after("1.2.3.4") is None


def test_failure_limiter_forgets_quiet_addresses() -> None:
    clock = FakeTime()
    limiter = FailureLimiter(1, 60, clock=clock, max_keys=10)
    for i in range(10):
        limiter.failed(f"10.0.0.{i}")
    clock.now += 61
    limiter.failed("10.0.1.1")
    assert len(limiter._failures) == 1
