"""LiveSession: 6-digit codes unique among open sessions, forward-only status, ended = closed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import (
    Actor,
    Conflict,
    Invalid,
    LivePolicy,
    LiveSession,
    NotFound,
    SessionStatus,
    Unavailable,
    normalize_code,
)
from tests.strategies import malformed_codes, session_codes, typed_codes
from tests.unit.core._world import CODE, TEACHER, classroom, core

# --- the code -------------------------------------------------------------------------------------


@given(code=session_codes)
def test_a_session_gets_the_generated_six_digit_code_as_a_string(code: str) -> None:
    live = core(codes=[code])
    session = live.sessions.create(TEACHER, "lecture-1")
    assert session.session_code == code
    assert isinstance(session.session_code, str) and len(session.session_code) == 6
    assert live.sessions.find_by_code(code).id == session.id


def test_leading_zeros_are_kept() -> None:
    live = core(codes=["000007"])
    session = live.sessions.create(TEACHER, "lecture-1")
    assert session.session_code == "000007"
    assert live.sessions.find_by_code(" 000 007").id == session.id
    with pytest.raises(Invalid):
        live.sessions.find_by_code("7")  # leading zeros are part of the code, not padding


@given(
    pool=st.lists(session_codes, min_size=1, max_size=5, unique=True),
    creations=st.integers(1, 8),
)
def test_codes_are_unique_among_open_sessions_and_exhaustion_is_unavailable(
    pool: list[str], creations: int
) -> None:
    # with as many attempts as codes, every creation sees the whole (cycling) pool once
    live = core(codes=pool, policy=LivePolicy(code_attempts=len(pool)))
    created, refused = [], 0
    for _ in range(creations):
        try:
            created.append(live.sessions.create(TEACHER, "lecture-1"))
        except Unavailable:
            refused += 1
    assert len(created) == min(creations, len(pool))
    assert refused == creations - len(created)
    assert len({s.session_code for s in created}) == len(created)
    assert len(live.sessions.list_mine(TEACHER)) == len(created)  # refusals store nothing


def test_generation_retries_when_the_candidate_is_taken() -> None:
    live = core(codes=["111111", "111111", "222222"], policy=LivePolicy(code_attempts=2))
    first = live.sessions.create(TEACHER, "lecture-1")
    second = live.sessions.create(TEACHER, "lecture-1")  # tries 111111 (taken), then 222222
    assert (first.session_code, second.session_code) == ("111111", "222222")


def test_exhausted_code_space_fails_clearly_with_unavailable() -> None:
    live = core(codes=["111111"], policy=LivePolicy(code_attempts=3))
    live.sessions.create(TEACHER, "lecture-1")
    with pytest.raises(Unavailable) as excinfo:
        live.sessions.create(TEACHER, "lecture-1")
    assert "code" in excinfo.value.detail
    assert len(live.sessions.list_mine(TEACHER)) == 1


def test_an_ended_session_frees_its_code() -> None:
    live = core(codes=["111111"], policy=LivePolicy(code_attempts=2))
    first = live.sessions.create(TEACHER, "lecture-1")
    live.sessions.end(TEACHER, first.id)
    second = live.sessions.create(TEACHER, "lecture-1")
    assert second.session_code == first.session_code
    assert live.sessions.find_by_code("111111").id == second.id
    # the ended one keeps its code as history, but is no longer reachable by it
    assert live.sessions.get(TEACHER, first.id).session_code == "111111"


def test_an_ended_session_is_not_found_by_its_code() -> None:
    live = core()
    session = live.sessions.create(TEACHER, "lecture-1")
    live.sessions.end(TEACHER, session.id)
    with pytest.raises(NotFound):
        live.sessions.find_by_code(CODE)


# --- typing the code ------------------------------------------------------------------------------


def test_a_code_typed_with_spaces_is_found() -> None:
    live = core()
    session = live.sessions.create(TEACHER, "lecture-1")
    assert live.sessions.find_by_code(" 012 345 ").id == session.id
    assert live.sessions.find_by_code("012-345").id == session.id


@given(typed=typed_codes())
def test_any_spacing_or_dashes_around_digits_normalizes_to_the_code(
    typed: tuple[str, str],
) -> None:
    canonical, raw = typed
    assert normalize_code(raw) == canonical


@given(typed=typed_codes(code=CODE))
def test_joining_with_a_typed_code_joins_the_session(typed: tuple[str, str]) -> None:
    room = classroom(0)
    _, raw = typed
    joined = room.live.sessions.join(Actor.student("stu_typist"), raw)
    assert joined.session.id == room.sid


@given(raw=malformed_codes())
def test_anything_not_six_digits_is_invalid(raw: str) -> None:
    with pytest.raises(Invalid):
        normalize_code(raw)


@given(raw=malformed_codes())
def test_lookups_and_joins_refuse_malformed_codes_as_invalid(raw: str) -> None:
    room = classroom(0)
    with pytest.raises(Invalid):
        room.live.sessions.find_by_code(raw)
    with pytest.raises(Invalid):
        room.live.sessions.join(Actor.student("stu_typist"), raw)
    assert room.participants() == []


@pytest.mark.parametrize("raw", [None, 12345, b"012345"])
def test_a_code_must_be_a_string(raw: object) -> None:
    with pytest.raises(Invalid):
        normalize_code(raw)  # type: ignore[arg-type]


@given(raw=malformed_codes())
def test_a_session_cannot_be_opened_with_a_malformed_code(raw: str) -> None:
    with pytest.raises(Invalid):
        LiveSession.open(
            id="s", lecture_id="L", instructor_id="t", code=raw, title="", now=datetime.now(UTC)
        )


# --- status ---------------------------------------------------------------------------------------

_RANK = {SessionStatus.WAITING: 0, SessionStatus.LIVE: 1, SessionStatus.ENDED: 2}


@given(moves=st.lists(st.sampled_from(["start", "end"]), max_size=6))
def test_status_only_moves_forward(moves: list[str]) -> None:
    live = core()
    session = live.sessions.create(TEACHER, "lecture-1")
    expected = SessionStatus.WAITING
    for move in moves:
        target = SessionStatus.LIVE if move == "start" else SessionStatus.ENDED
        if _RANK[target] > _RANK[expected]:  # every forward move, WAITING -> ENDED included
            session = getattr(live.sessions, move)(TEACHER, session.id)
            expected = target
        else:
            with pytest.raises(Conflict):
                getattr(live.sessions, move)(TEACHER, session.id)
        assert live.sessions.get(TEACHER, session.id).status is expected


def test_waiting_may_end_without_starting() -> None:
    live = core()
    session = live.sessions.create(TEACHER, "lecture-1")
    ended = live.sessions.end(TEACHER, session.id)
    assert ended.status is SessionStatus.ENDED
    assert ended.ended_at is not None


def test_start_and_end_record_their_times() -> None:
    room = classroom(0, start=False)
    room.clock.advance(60)
    started = room.live.sessions.start(TEACHER, room.sid)
    assert started.started_at == room.clock.now()
    room.clock.advance(3600)
    ended = room.live.sessions.end(TEACHER, room.sid)
    assert ended.ended_at == room.clock.now()
    assert ended.started_at == started.started_at


@pytest.mark.parametrize(
    ("before", "move"),
    [("LIVE", "start"), ("ENDED", "start"), ("ENDED", "end")],
)
def test_backward_or_repeated_transitions_are_conflicts(before: str, move: str) -> None:
    room = classroom(0)
    if before == "ENDED":
        room.live.sessions.end(TEACHER, room.sid)
    with pytest.raises(Conflict):
        getattr(room.live.sessions, move)(TEACHER, room.sid)
    assert room.refresh().status is SessionStatus(before)


# --- an ended session refuses student activity ----------------------------------------------------


def _ended_room():
    room = classroom(2)
    quiz = room.quiz()
    question = room.live.questions.ask(room.students[0], room.sid, "ORM이 뭔가요?")
    room.live.sessions.end(TEACHER, room.sid)
    return room, quiz, question


def test_an_ended_session_refuses_pulses() -> None:
    room, _, _ = _ended_room()
    with pytest.raises(Conflict):
        room.live.pulses.send(room.students[0], room.sid, "CONFUSED")


def test_an_ended_session_refuses_new_quizzes() -> None:
    room, _, _ = _ended_room()
    with pytest.raises(Conflict):
        room.quiz()


def test_an_ended_session_refuses_questions() -> None:
    room, _, _ = _ended_room()
    with pytest.raises(Conflict):
        room.live.questions.ask(room.students[1], room.sid, "마이그레이션은요?")


def test_an_ended_session_refuses_upvotes() -> None:
    room, _, question = _ended_room()
    with pytest.raises(Conflict):
        room.live.questions.upvote(room.students[1], room.sid, question.id)


def test_an_ended_session_refuses_answers() -> None:
    room, quiz, _ = _ended_room()
    with pytest.raises(Conflict):
        room.live.quizzes.answer(room.students[0], room.sid, quiz.id, "B")
    assert room.live.quizzes.results(TEACHER, room.sid, quiz.id).response_count == 0


def test_an_ended_session_admits_late_joins_only_for_review() -> None:
    # the ended session released its code, yet the code still leads to it (the last session
    # that had it) for absent students: as review-only participants, not as attendance
    room, _, _ = _ended_room()
    late = room.live.sessions.join(Actor.student("stu_late"), room.session.session_code)
    assert late.session.id == room.sid and late.participant.review_only
    assert len(room.participants()) == 2


def test_an_ended_session_refuses_transcript_text() -> None:
    room, _, _ = _ended_room()
    with pytest.raises(Conflict):
        room.live.transcripts.add_text(TEACHER, room.sid, "이해되셨나요", 0, 1)
