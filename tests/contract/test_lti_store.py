"""The LTI store over memory, SQLite and PostgreSQL: one behaviour, including the replay
guards under concurrent use."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from reboot_adapters.lti import (
    LineItem,
    LoginState,
    LtiCourse,
    LtiPlatform,
    MemoryLtiStore,
    PlacedSession,
    new_key,
)
from reboot_adapters.lti._store import LtiStore
from reboot_adapters.sql._repositories.lti import SqlLtiStore
from tests.contract.conftest import BACKENDS, emptied

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest) -> LtiStore:
    if request.param == "memory":
        return MemoryLtiStore()
    storage = emptied(request.getfixturevalue(f"{request.param}_storage"))
    return SqlLtiStore(storage.engine)


def platform(issuer: str = "https://lms.example", client_id: str = "c1", **kw) -> LtiPlatform:
    values = {
        "auth_login_url": f"{issuer}/auth",
        "token_url": f"{issuer}/token",
        "jwks_url": f"{issuer}/jwks",
        "deployment_ids": ("d1", "d2"),
        **kw,
    }
    return LtiPlatform(issuer, client_id, **values)


def test_platforms_are_saved_found_and_replaced(store: LtiStore) -> None:
    store.save_platform(platform())
    assert store.platform("https://lms.example", "c1") == platform()
    assert store.platform("https://lms.example", None) == platform()  # its only client
    assert store.platform("https://lms.example", "c2") is None
    assert store.platform("https://other.example", None) is None
    store.save_platform(platform(deployment_ids=("d3",)))
    assert store.platform("https://lms.example", "c1").deployment_ids == ("d3",)
    store.save_platform(platform(client_id="c2"))
    # two clients of one issuer: a login without client_id cannot pick one
    assert store.platform("https://lms.example", None) is None
    assert [p.client_id for p in store.platforms()] == ["c1", "c2"]


def test_keys_come_newest_first(store: LtiStore) -> None:
    old, new = new_key(NOW), new_key(NOW + timedelta(days=30))
    store.add_key(new)
    store.add_key(old)
    assert [k.kid for k in store.signing_keys()] == [new.kid, old.kid]
    assert store.signing_keys()[0].private_pem == new.private_pem


def login(state: str = "s1", expires: datetime = NOW + timedelta(minutes=10)) -> LoginState:
    return LoginState(state, "n1", "https://lms.example", "c1", expires)


def test_a_state_is_taken_once_and_not_after_it_expires(store: LtiStore) -> None:
    store.put_state(login())
    assert store.take_state("s1", NOW) == login()
    assert store.take_state("s1", NOW) is None
    store.put_state(login("s2"))
    assert store.take_state("s2", NOW + timedelta(minutes=11)) is None
    assert store.take_state("unknown", NOW) is None


def test_prune_forgets_expired_states_and_nonces(store: LtiStore) -> None:
    store.put_state(login("old", NOW - timedelta(minutes=1)))
    store.put_state(login("fresh"))
    assert store.use_nonce("https://lms.example", "old-nonce", NOW - timedelta(minutes=1))
    store.prune(NOW)
    assert store.take_state("fresh", NOW) is not None
    assert store.take_state("old", NOW - timedelta(minutes=2)) is None
    # an expired nonce was forgotten; its token is refused for its expiry anyway
    assert store.use_nonce("https://lms.example", "old-nonce", NOW + timedelta(minutes=5))


def test_a_nonce_is_used_once_per_issuer(store: LtiStore) -> None:
    expires = NOW + timedelta(minutes=5)
    assert store.use_nonce("https://lms.example", "n", expires)
    assert not store.use_nonce("https://lms.example", "n", expires)
    assert store.use_nonce("https://other.example", "n", expires)


def test_concurrent_launches_take_a_state_and_a_nonce_once(store: LtiStore) -> None:
    store.put_state(login("race"))
    expires = NOW + timedelta(minutes=5)
    with ThreadPoolExecutor(4) as pool:
        states = list(pool.map(lambda _: store.take_state("race", NOW), range(8)))
        nonces = list(pool.map(lambda _: store.use_nonce("i", "race", expires), range(8)))
    assert sum(s is not None for s in states) == 1
    assert nonces.count(True) == 1


def test_a_resource_link_is_placed_once(store: LtiStore) -> None:
    first = PlacedSession("https://lms.example", "link-1", "session-1")
    assert store.placed("https://lms.example", "link-1") is None
    assert store.place(first) == first
    assert store.place(PlacedSession("https://lms.example", "link-1", "session-2")) == first
    assert store.placed("https://lms.example", "link-1") == first
    assert store.placed("https://other.example", "link-1") is None


def test_a_course_is_replaced_by_the_latest_launch(store: LtiStore) -> None:
    assert store.course("L1") is None
    store.save_course(LtiCourse("L1", "https://lms.example", "c1", None, None))
    newer = LtiCourse("L1", "https://lms.example", "c1", "https://lms/m", "https://lms/items")
    store.save_course(newer)
    assert store.course("L1") == newer


def test_the_first_line_item_of_a_session_and_kind_is_kept(store: LtiStore) -> None:
    first = LineItem("s1", "checkpoint", "https://lms/items/1")
    assert store.save_line_item(first) == first
    assert store.save_line_item(LineItem("s1", "checkpoint", "https://lms/items/2")) == first
    other = LineItem("s1", "self_test", "https://lms/items/3")
    assert store.save_line_item(other) == other
    assert store.line_item("s1", "checkpoint") == first
    assert store.line_item("s2", "checkpoint") is None
