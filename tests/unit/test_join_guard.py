"""Properties of the NAT-safe join limits (reboot_http.join_guard)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reboot_http.join_guard import MAX_BACKOFF, DeviceBackoff, JoinGuard, JoinTokens


class Clock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@given(st.integers(1, 20), st.integers(0, 19))
def test_a_device_is_locked_only_at_its_limit(limit: int, extra: int) -> None:
    clock = Clock()
    devices = DeviceBackoff(limit, 60.0, clock=clock)
    failures = min(extra, limit - 1)
    for _ in range(failures):
        devices.failed("a")
    assert devices.retry_after("a") is None
    for _ in range(limit - failures):
        devices.failed("a")
    assert devices.retry_after("a") == 60
    assert devices.retry_after("b") is None  # the classmate is untouched


@given(st.integers(1, 12))
def test_each_lock_out_in_a_row_doubles_up_to_the_cap(strikes: int) -> None:
    clock = Clock()
    devices = DeviceBackoff(3, 60.0, clock=clock)
    waits = []
    for _ in range(strikes):
        for _ in range(3):
            devices.failed("a")
        wait = devices.retry_after("a")
        assert wait is not None
        waits.append(wait)
        clock.now += wait + 1
        assert devices.retry_after("a") is None
    assert waits == [min(MAX_BACKOFF, 60 * 2**n) for n in range(strikes)]


def test_a_quiet_window_forgives_earlier_lock_outs() -> None:
    clock = Clock()
    devices = DeviceBackoff(2, 60.0, clock=clock)
    for _ in range(2):
        devices.failed("a")
    clock.now += 60 + 61  # the lock-out, then a whole quiet window
    for _ in range(2):
        devices.failed("a")
    assert devices.retry_after("a") == 60


@given(st.integers(1, 30), st.integers(1, 30))
def test_the_address_ceiling_holds_whatever_device_ids_are_sent(limit: int, ceiling: int) -> None:
    guard = JoinGuard(limit, 60.0, ceiling, clock=Clock())
    for n in range(ceiling):
        guard.failed(f"device:fresh-{n}", "10.0.0.1")
    assert guard.retry_after("device:never-seen", "10.0.0.1") is not None
    assert guard.retry_after("device:never-seen", "10.0.0.2") is None


@given(st.text(max_size=80), st.text(min_size=1, max_size=20))
def test_device_keys_never_mix_with_addresses(raw: str, address: str) -> None:
    key = JoinGuard.device_key(raw, address)
    assert key.startswith(("device:", "address:"))
    if key.startswith("device:"):
        assert key == f"device:{raw}" and 8 <= len(raw) <= 64


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_join_tokens_are_bound_to_session_and_secret(session: str, other: str) -> None:
    tokens = JoinTokens("a-secret-of-enough-length-0123456789")
    token = tokens.token(session)
    assert len(token) == 22 and tokens.valid(session, token)
    assert tokens.valid(other, token) == (tokens.token(other) == token)
    assert not JoinTokens("another-secret-of-enough-length-xyz").valid(session, token)
