"""Who may do what: the session's instructor, its participants, and nobody else.

Every use case is listed once with the actor it belongs to; each test then checks the rightful
actor succeeds (so a refusal is not a blanket failure), every intruder gets Forbidden, and unknown
ids get NotFound.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pytest

from reboot_core import Actor, Forbidden, NotFound, QuizDraft, SessionStatus
from tests.unit.core._world import CODE, OTHER_TEACHER, OUTSIDER, TEACHER, Classroom, classroom

MEMBER = Actor.student("stu_0")
FELLOW = Actor.student("stu_1")
DRAFT = QuizDraft.create("migrate는 무엇을 하나요?", ["스키마 적용", "파일 생성"], "스키마 적용")
UNKNOWN = "no-such-id"
SECOND_CODE = "654321"


@attrs.define
class World:
    room: Classroom
    quiz_id: str
    question_id: str
    suggestion_id: str

    @property
    def live(self):
        return self.room.live


def world() -> World:
    room = classroom(students=[MEMBER, FELLOW], codes=[CODE, SECOND_CODE])
    quiz = room.live.quizzes.trigger(TEACHER, room.sid, DRAFT)
    question = room.live.questions.ask(FELLOW, room.sid, "select_related는 언제 쓰나요?")
    say = room.live.transcripts.add_text(TEACHER, room.sid, "여기까지 이해되셨나요?", 0, 3)
    room.live.notes.put_draft(room.sid, "# 정리\n초안")
    room.language.quizzes.extend([DRAFT, DRAFT])
    room.language.clusters.append([0])
    return World(room, quiz.id, question.id, say.suggestion.id)


Op = Callable[[World, Actor, str], Any]

OWNER_ONLY: dict[str, Op] = {
    "end session": lambda w, a, s: w.live.sessions.end(a, s),
    "trigger quiz": lambda w, a, s: w.live.quizzes.trigger(a, s, DRAFT),
    "generate quiz": lambda w, a, s: w.live.quizzes.generate(a, s),
    "quiz results": lambda w, a, s: w.live.quizzes.results(a, s, w.quiz_id),
    "close quiz": lambda w, a, s: w.live.quizzes.close(a, s, w.quiz_id),
    "list quizzes": lambda w, a, s: w.live.quizzes.list(a, s),
    "mark answered": lambda w, a, s: w.live.questions.mark_answered(a, s, w.question_id),
    "cluster questions": lambda w, a, s: w.live.questions.cluster(a, s),
    "pulse stats": lambda w, a, s: w.live.pulses.stats(a, s),
    "add transcript": lambda w, a, s: w.live.transcripts.add_text(a, s, "네 그럼", 5, 8),
    "read transcript": lambda w, a, s: w.live.transcripts.transcript(a, s),
    "list suggestions": lambda w, a, s: w.live.transcripts.suggestions(a, s),
    "dismiss suggestion": lambda w, a, s: w.live.transcripts.dismiss(a, s, w.suggestion_id),
    "accept suggestion": lambda w, a, s: w.live.transcripts.accept(a, s, w.suggestion_id),
    "edit note": lambda w, a, s: w.live.notes.edit(a, s, "# 수정"),
    "approve note": lambda w, a, s: w.live.notes.approve(a, s),
}

PARTICIPANT_ONLY: dict[str, Op] = {
    "send pulse": lambda w, a, s: w.live.pulses.send(a, s, "CONFUSED"),
    "my pulse": lambda w, a, s: w.live.pulses.my_state(a, s),
    "ask": lambda w, a, s: w.live.questions.ask(a, s, "질문이요"),
    "upvote": lambda w, a, s: w.live.questions.upvote(a, s, w.question_id),
    "answer quiz": lambda w, a, s: w.live.quizzes.answer(a, s, w.quiz_id, "스키마 적용"),
    "pending quizzes": lambda w, a, s: w.live.quizzes.pending(a, s),
    "heartbeat": lambda w, a, s: w.live.sessions.heartbeat(a, s),
}

MEMBERS_READ: dict[str, Op] = {
    "get session": lambda w, a, s: w.live.sessions.get(a, s),
    "overview": lambda w, a, s: w.live.sessions.overview(a, s),
    "list questions": lambda w, a, s: w.live.questions.list(a, s),
    "feed": lambda w, a, s: w.live.feeds.feed(a, s),
}


@pytest.mark.parametrize("name", sorted(OWNER_ONLY))
def test_the_sessions_instructor_may(name: str) -> None:
    w = world()
    OWNER_ONLY[name](w, TEACHER, w.room.sid)


@pytest.mark.parametrize("intruder", [MEMBER, OUTSIDER, OTHER_TEACHER], ids=lambda a: a.user_id)
@pytest.mark.parametrize("name", sorted(OWNER_ONLY))
def test_only_the_sessions_instructor_may(name: str, intruder: Actor) -> None:
    w = world()
    with pytest.raises(Forbidden):
        OWNER_ONLY[name](w, intruder, w.room.sid)
    assert w.room.refresh().status is SessionStatus.LIVE
    assert len(w.live.quizzes.list(TEACHER, w.room.sid)) == 1


@pytest.mark.parametrize("name", sorted(PARTICIPANT_ONLY))
def test_a_participant_may(name: str) -> None:
    w = world()
    PARTICIPANT_ONLY[name](w, MEMBER, w.room.sid)


@pytest.mark.parametrize("intruder", [TEACHER, OUTSIDER, OTHER_TEACHER], ids=lambda a: a.user_id)
@pytest.mark.parametrize("name", sorted(PARTICIPANT_ONLY))
def test_only_participants_may(name: str, intruder: Actor) -> None:
    w = world()
    with pytest.raises(Forbidden):
        PARTICIPANT_ONLY[name](w, intruder, w.room.sid)
    assert w.live.quizzes.results(TEACHER, w.room.sid, w.quiz_id).response_count == 0
    assert [v.upvote_count for v in w.live.questions.list(TEACHER, w.room.sid)] == [0]
    assert w.live.pulses.stats(TEACHER, w.room.sid).total == 0


@pytest.mark.parametrize("reader", [TEACHER, MEMBER], ids=lambda a: a.user_id)
@pytest.mark.parametrize("name", sorted(MEMBERS_READ))
def test_the_instructor_and_participants_may_read(name: str, reader: Actor) -> None:
    w = world()
    MEMBERS_READ[name](w, reader, w.room.sid)


@pytest.mark.parametrize("intruder", [OUTSIDER, OTHER_TEACHER], ids=lambda a: a.user_id)
@pytest.mark.parametrize("name", sorted(MEMBERS_READ))
def test_outsiders_may_not_read_a_session(name: str, intruder: Actor) -> None:
    w = world()
    with pytest.raises(Forbidden):
        MEMBERS_READ[name](w, intruder, w.room.sid)


# --- unknown ids ----------------------------------------------------------------------------------


def _rightful(name: str) -> Actor:
    return TEACHER if name in OWNER_ONLY else MEMBER


ALL_OPS = {**OWNER_ONLY, **PARTICIPANT_ONLY, **MEMBERS_READ}


@pytest.mark.parametrize("name", sorted(ALL_OPS))
def test_an_unknown_session_is_not_found(name: str) -> None:
    w = world()
    with pytest.raises(NotFound):
        ALL_OPS[name](w, _rightful(name), UNKNOWN)


BY_CHILD_ID: dict[str, Callable[[World, str], Any]] = {
    "quiz results": lambda w, i: w.live.quizzes.results(TEACHER, w.room.sid, i),
    "close quiz": lambda w, i: w.live.quizzes.close(TEACHER, w.room.sid, i),
    "answer quiz": lambda w, i: w.live.quizzes.answer(MEMBER, w.room.sid, i, "스키마 적용"),
    "upvote": lambda w, i: w.live.questions.upvote(MEMBER, w.room.sid, i),
    "mark answered": lambda w, i: w.live.questions.mark_answered(TEACHER, w.room.sid, i),
    "dismiss suggestion": lambda w, i: w.live.transcripts.dismiss(TEACHER, w.room.sid, i),
    "accept suggestion": lambda w, i: w.live.transcripts.accept(TEACHER, w.room.sid, i),
}


@pytest.mark.parametrize("name", sorted(BY_CHILD_ID))
def test_an_unknown_quiz_question_or_suggestion_is_not_found(name: str) -> None:
    w = world()
    with pytest.raises(NotFound):
        BY_CHILD_ID[name](w, UNKNOWN)


@pytest.mark.parametrize("name", sorted(BY_CHILD_ID))
def test_ids_from_another_session_are_not_found(name: str) -> None:
    w = world()
    # a second session of the same instructor, with its own quiz, question and suggestion
    live = w.live
    other = live.sessions.create(TEACHER, "lecture-1")
    assert other.session_code == SECOND_CODE
    live.sessions.join(FELLOW, SECOND_CODE)
    if "quiz" in name:
        child = live.quizzes.trigger(TEACHER, other.id, DRAFT).id
    elif "suggestion" in name:
        child = live.transcripts.add_text(TEACHER, other.id, "질문 있나요", 0, 3).suggestion.id
    else:
        child = live.questions.ask(FELLOW, other.id, "다른 방 질문").id
    with pytest.raises(NotFound):
        BY_CHILD_ID[name](w, child)


def test_other_not_found_cases() -> None:
    w = world()
    with pytest.raises(NotFound):
        w.live.sessions.join(MEMBER, "999999")
    with pytest.raises(NotFound):
        w.live.sessions.find_by_code("999999")
    with pytest.raises(NotFound):
        w.live.notes.read(TEACHER, UNKNOWN)
    with pytest.raises(NotFound):
        w.live.learning.self_test(MEMBER, UNKNOWN)
    with pytest.raises(NotFound):
        w.live.learning.submit_self_test(MEMBER, w.room.sid, {UNKNOWN: "스키마 적용"})


def test_students_cannot_open_sessions_and_instructors_cannot_take_others_lectures() -> None:
    w = world()
    with pytest.raises(Forbidden):
        w.live.sessions.create(MEMBER, "lecture-1")
    with pytest.raises(Forbidden):
        w.live.sessions.create(OTHER_TEACHER, "lecture-1")
    with pytest.raises(Forbidden):
        w.live.sessions.list_mine(MEMBER)
    assert [s.id for s in w.live.sessions.list_mine(OTHER_TEACHER)] == []
