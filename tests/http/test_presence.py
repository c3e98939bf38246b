"""Presence from feed polls: noted in memory, written in batches, stamped on the core's clock."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta

import pytest

from reboot_core import Actor, in_memory
from reboot_core.memory import ManualClock
from reboot_http.presence import PresenceBuffer
from tests.http.conftest import LIVE, Api

Written = list[tuple[dict[str, set[str]], datetime]]


def recorder(written: Written):
    def record(seen: Mapping[str, Collection[str]], now: datetime) -> None:
        written.append(({k: set(v) for k, v in seen.items()}, now))

    return record


def test_sightings_are_written_in_one_batch_stamped_with_the_latest() -> None:
    clock, written = ManualClock(), []
    buffer = PresenceBuffer(recorder(written), clock.now)
    buffer.seen("s1", "a")
    clock.advance(seconds=0.4)
    buffer.seen("s1", "b")
    buffer.seen("s2", "a")
    buffer.seen("s1", "a")
    assert written == [] and buffer.pending("s1") and not buffer.pending("s3")
    asyncio.run(buffer.flush())
    assert written == [({"s1": {"a", "b"}, "s2": {"a"}}, clock.now())]
    assert not buffer.pending("s1")
    asyncio.run(buffer.flush())
    assert len(written) == 1  # nothing new, nothing written


def test_sightings_far_apart_in_clock_time_keep_their_own_stamps() -> None:
    clock, written = ManualClock(), []
    buffer = PresenceBuffer(recorder(written), clock.now, resolution=1.0)
    start = clock.now()
    buffer.seen("s1", "a")
    clock.advance(seconds=20)
    buffer.seen("s1", "b")
    asyncio.run(buffer.flush())
    # "a" must not look 20 s younger than it is: it would stay active past its window
    assert written == [({"s1": {"a"}}, start), ({"s1": {"b"}}, start + timedelta(seconds=20))]


def test_ended_sessions_are_not_touched() -> None:
    clock, written = ManualClock(), []
    buffer = PresenceBuffer(recorder(written), clock.now)
    buffer.seen("s1", "a")
    buffer.seen("s2", "a")
    buffer.ended("s1")
    buffer.seen("s1", "b")
    asyncio.run(buffer.flush())
    assert written == [({"s2": {"a"}}, clock.now())]


def test_a_failed_write_is_logged_and_dropped(caplog: pytest.LogCaptureFixture) -> None:
    calls = []

    def broken(seen: Mapping[str, Collection[str]], now: datetime) -> None:
        calls.append(seen)
        raise RuntimeError("database down")

    buffer = PresenceBuffer(broken, ManualClock().now)
    buffer.seen("s1", "a")
    with caplog.at_level(logging.WARNING, logger="reboot_http.presence"):
        asyncio.run(buffer.flush())
    assert "could not record the presence of 1 students" in caplog.text
    asyncio.run(buffer.flush())
    assert len(calls) == 1  # soft state: the next polls note the students again


def test_the_background_task_writes_about_every_interval_and_on_stop() -> None:
    written: Written = []

    async def scenario() -> None:
        buffer = PresenceBuffer(
            recorder(written), lambda: datetime.now(UTC), interval=0.05, offload=True
        )
        await buffer.start()
        buffer.seen("s1", "a")
        await asyncio.sleep(0.2)
        assert [seen for seen, _ in written] == [{"s1": {"a"}}]
        buffer.seen("s1", "b")
        await buffer.stop()

    asyncio.run(scenario())
    assert [seen for seen, _ in written] == [{"s1": {"a"}}, {"s1": {"b"}}]


def test_the_core_feed_can_skip_its_own_touch() -> None:
    clock = ManualClock()
    live = in_memory(clock=clock)
    teacher, student = Actor.instructor("t1"), Actor.student("s1")
    session = live.sessions.create(teacher, "L1")
    live.sessions.start(teacher, session.id)
    live.sessions.join(student, session.session_code)
    clock.advance(seconds=30)
    live.feeds.feed(student, session.id, record_presence=False)
    assert live.sessions.overview(teacher, session.id).active_count == 0
    live.feeds.feed(student, session.id)
    assert live.sessions.overview(teacher, session.id).active_count == 1


def _last_seen(api: Api, session_id: str, student_id: str) -> datetime:
    with api.container.reboot.deps.uow() as uow:
        participant = uow.participants.get(session_id, student_id)
        assert participant is not None
        return participant.last_seen


def test_a_feed_poll_is_noted_not_written_until_the_flush(api: Api, live: dict) -> None:
    presence = api.app.state.presence
    api.client.blocking_portal.call(presence.stop)  # no background write during the checks
    student = api.join(live["session_code"], student="s1")
    joined = _last_seen(api, live["id"], "s1")
    api.clock.advance(seconds=20)
    url = f"{LIVE}/{live['id']}/feed/"
    first = api.get(url, as_=student["headers"])
    # a poll answered from the snapshot (304) counts as present too
    again = api.get(url, as_={**student["headers"], "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert presence.pending(live["id"]) and _last_seen(api, live["id"], "s1") == joined
    api.client.blocking_portal.call(presence.flush)
    assert _last_seen(api, live["id"], "s1") == api.clock.now()


def test_refused_polls_note_nobody(api: Api, live: dict) -> None:
    assert api.get(f"{LIVE}/{live['id']}/feed/", as_=api.auth("s9", "student")).status_code == 403
    assert not api.app.state.presence.pending(live["id"])


def test_after_the_end_polls_are_not_presence(api: Api, live: dict) -> None:
    student = api.join(live["session_code"], student="s1")
    api.post(f"{LIVE}/{live['id']}/end/", as_=api.auth("t1"))
    api.clock.advance(seconds=20)
    body = api.get(f"{LIVE}/{live['id']}/feed/", as_=student["headers"]).json()
    assert body["status"] == "ENDED"
    assert not api.app.state.presence.pending(live["id"])


def test_a_student_written_lately_is_not_noted_again_until_refresh_has_passed() -> None:
    clock, written = ManualClock(), []
    buffer = PresenceBuffer(recorder(written), clock.now, refresh=5.0)
    buffer.seen("s1", "a")
    asyncio.run(buffer.flush())
    first = clock.now()
    clock.advance(seconds=4)
    buffer.seen("s1", "a")  # written 4 s ago: still fresh
    buffer.seen("s1", "b")
    asyncio.run(buffer.flush())
    clock.advance(seconds=1.5)
    buffer.seen("s1", "a")  # 5.5 s: written again
    asyncio.run(buffer.flush())
    assert written == [
        ({"s1": {"a"}}, first),
        ({"s1": {"b"}}, first + timedelta(seconds=4)),
        ({"s1": {"a"}}, first + timedelta(seconds=5.5)),
    ]


def test_a_failed_write_is_not_taken_as_written() -> None:
    clock, written = ManualClock(), []
    failing = [True]

    def record(seen: Mapping[str, Collection[str]], now: datetime) -> None:
        if failing.pop() if failing else False:
            raise RuntimeError("storage down")
        written.append(({k: set(v) for k, v in seen.items()}, now))

    buffer = PresenceBuffer(record, clock.now, refresh=5.0)
    buffer.seen("s1", "a")
    asyncio.run(buffer.flush())  # failed
    clock.advance(seconds=1)
    buffer.seen("s1", "a")
    asyncio.run(buffer.flush())
    assert written == [({"s1": {"a"}}, clock.now())]


def test_inline_sightings_wait_for_another_workers_write_gate(tmp_path) -> None:
    import fcntl
    import os
    import threading

    from reboot_http.write_gate import WriteGate

    clock, written = ManualClock(), []
    gate = WriteGate(tmp_path / "db.write-gate")
    buffer = PresenceBuffer(recorder(written), clock.now, gate=gate)
    buffer.seen("s1", "a")
    other = os.open(tmp_path / "db.write-gate", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    rescue = threading.Timer(20, lambda: fcntl.flock(other, fcntl.LOCK_UN))
    rescue.start()
    held: list[Written] = []

    async def main() -> None:
        flushing = asyncio.create_task(buffer.flush())
        for _ in range(20):
            await asyncio.sleep(0.01)
        held.append(list(written))  # the loop runs on while the write waits
        fcntl.flock(other, fcntl.LOCK_UN)
        await flushing

    try:
        asyncio.run(main())
    finally:
        rescue.cancel()
        os.close(other)
        gate.close()
    assert held == [[]]
    assert written == [({"s1": {"a"}}, clock.now())]
