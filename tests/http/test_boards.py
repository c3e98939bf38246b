"""Student polls answered from the session board: same bytes, one read per class, and every
student sees their own writes at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import attrs
import msgspec
from hypothesis import given
from hypothesis import strategies as st

from reboot_core.services import SessionBoard, StudentFeed
from reboot_http.boards import RenderedBoard, StudentBoards
from reboot_http.polling import PollCache
from reboot_http.schemas.feed import StudentFeedOut, student_feed_out
from tests.http.conftest import LIVE, Api, build_api
from tests.strategies import distinct_students, lectures
from tests.unit.core._world import OUTSIDER, classroom, played


@given(group=distinct_students(1, 5), lecture=lectures, ended=st.booleans())
def test_a_rendered_body_is_the_exact_feed_byte_for_byte(group, lecture, ended) -> None:
    room = played(group, lecture, ended=ended)
    board = room.live.feeds.board(room.sid)
    rendered = RenderedBoard(board, made_at=0.0, version=0)
    for student in group:
        exact = room.live.feeds.feed(student, room.sid, record_presence=False)
        answer = rendered.encode(board.feed_for(student))
        assert answer.body == msgspec.json.encode(student_feed_out(exact))


def test_the_wire_type_carries_every_field_of_the_feed() -> None:
    # a field added to the core's feed without the wire type (or the other way) fails here
    wire = list(StudentFeedOut.__struct_fields__)
    assert wire == [field.name for field in attrs.fields(StudentFeed)]


def _feed(api: Api, session: dict, student: dict, etag: str | None = None):
    headers = {**student["headers"], **({"If-None-Match": etag} if etag else {})}
    return api.get(f"{LIVE}/{session['id']}/feed/", as_=headers)


def test_one_board_read_answers_a_whole_class(slow_api: Api) -> None:
    session = slow_api.open_session()
    students = [slow_api.join(session["session_code"]) for _ in range(20)]
    boards = slow_api.app.state.boards
    bodies = [_feed(slow_api, session, s) for s in students]
    assert all(b.status_code == 200 and b.json()["role"] == "student" for b in bodies)
    assert boards.reads == 1
    again = _feed(slow_api, session, students[0], bodies[0].headers["etag"])
    assert again.status_code == 304 and boards.reads == 1


def test_a_student_sees_their_own_writes_at_once(slow_api: Api) -> None:
    session = slow_api.open_session()
    me, other = (slow_api.join(session["session_code"]) for _ in range(2))
    quiz = slow_api.quiz(session["id"])
    assert [q["id"] for q in _feed(slow_api, session, me).json()["pending_quizzes"]] == [quiz["id"]]
    etag_of_other = _feed(slow_api, session, other).headers["etag"]
    url = f"{LIVE}/{session['id']}"
    slow_api.post(f"{url}/pulse/", as_=me["headers"], json={"pulse_type": "CONFUSED"})
    answer = {"answer": "Object Relational Mapping"}
    assert slow_api.post(f"{url}/quiz/{quiz['id']}/answer/", as_=me["headers"], json=answer)
    slow_api.post(
        f"{url}/questions/", as_=me["headers"], json={"question_text": "N+1 문제가 뭔가요?"}
    )

    mine = _feed(slow_api, session, me).json()
    assert mine["my_pulse"] == "CONFUSED" and mine["pending_quizzes"] == []
    assert [(q["question_text"], q["is_mine"]) for q in mine["questions"]] == [
        ("N+1 문제가 뭔가요?", True)
    ]
    # the other student's view waits for the next board (at most REBOOT_FEED_MAX_AGE)
    assert _feed(slow_api, session, other, etag_of_other).status_code == 304


def test_writes_that_concern_everyone_are_shown_to_everyone_at_once(slow_api: Api) -> None:
    session = slow_api.open_session()
    student = slow_api.join(session["session_code"])
    etag = _feed(slow_api, session, student).headers["etag"]
    quiz = slow_api.quiz(session["id"])
    changed = _feed(slow_api, session, student, etag)
    assert changed.status_code == 200
    assert [q["id"] for q in changed.json()["pending_quizzes"]] == [quiz["id"]]
    ended = slow_api.post(f"{LIVE}/{session['id']}/end/", as_=slow_api.auth("t1"))
    assert ended.status_code == 200, ended.text
    assert _feed(slow_api, session, student).json()["status"] == "ENDED"


def test_a_board_older_than_the_max_age_is_read_again(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    boards = api.app.state.boards
    polls: PollCache = api.app.state.polls
    _feed(api, live, student)
    reads = boards.reads
    # relative to the clock in use: a monotonic clock may already read more than any constant
    later = polls.now() + 10.0  # far past the 1 s default
    polls._clock = lambda: later
    _feed(api, live, student)
    assert boards.reads == reads + 1


def test_students_the_board_does_not_know_are_asked_of_the_core(slow_api: Api) -> None:
    session = slow_api.open_session()
    first = slow_api.join(session["session_code"])
    _feed(slow_api, session, first)
    late = slow_api.join(session["session_code"])  # joined after the board was read
    assert _feed(slow_api, session, late).status_code == 200
    outsider = {"headers": slow_api.auth(OUTSIDER.user_id, "student")}
    assert _feed(slow_api, session, outsider).status_code == 403
    assert slow_api.get(f"{LIVE}/nope/feed/", as_=first["headers"]).status_code == 404


def test_boards_are_off_with_a_zero_max_age(tmp_path: Path) -> None:
    for api in build_api(tmp_path, feed_max_age="0"):
        session = api.open_session()
        student = api.join(session["session_code"])
        assert _feed(api, session, student).status_code == 200
        assert api.app.state.boards.reads == 0


def test_polls_arriving_together_share_one_read() -> None:
    room = classroom(3)
    calls: list[str] = []

    def read(session_id: str) -> SessionBoard:
        calls.append(session_id)
        return room.live.feeds.board(session_id)

    async def poll_together() -> list[object]:
        boards = StudentBoards(PollCache(60), read)
        return await asyncio.gather(*(boards.fresh_for(room.sid, s.user_id) for s in room.students))

    answers = asyncio.run(poll_together())
    assert calls == [room.sid]
    assert all(answer is not None for answer in answers)


def test_a_failed_read_reaches_every_waiting_poll_and_is_retried() -> None:
    failures = [RuntimeError("storage down")]
    room = classroom(1)

    def read(session_id: str) -> SessionBoard:
        if failures:
            raise failures.pop()
        return room.live.feeds.board(session_id)

    async def poll_twice() -> tuple[list[object], object]:
        boards = StudentBoards(PollCache(60), read)
        student = room.students[0].user_id
        together = await asyncio.gather(
            boards.fresh_for(room.sid, student),
            boards.fresh_for(room.sid, student),
            return_exceptions=True,
        )
        return together, await boards.fresh_for(room.sid, student)

    together, later = asyncio.run(poll_twice())
    assert [type(outcome) for outcome in together] == [RuntimeError, RuntimeError]
    assert later is not None


def test_past_half_its_age_a_board_is_served_while_the_next_is_read() -> None:
    room = classroom(1)
    now = [0.0]
    reads: list[float] = []

    def read(session_id: str) -> SessionBoard:
        reads.append(now[0])
        return room.live.feeds.board(session_id)

    async def polls_over_time() -> list[float]:
        boards = StudentBoards(PollCache(1.0, clock=lambda: now[0]), read, inline=True)
        served = [(await boards.current(room.sid)).made_at]
        now[0] = 0.6  # past half of the 1 s max age: still served, the next one is read
        served.append((await boards.current(room.sid)).made_at)
        await asyncio.sleep(0)  # the background read runs
        now[0] = 0.7
        served.append((await boards.current(room.sid)).made_at)
        now[0] = 2.0  # past the max age: this poll waits for a new board
        served.append((await boards.current(room.sid)).made_at)
        return served

    assert asyncio.run(polls_over_time()) == [0.0, 0.0, 0.6, 2.0]
    assert reads == [0.0, 0.6, 2.0]
