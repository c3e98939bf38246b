"""SessionBoard: one read for a whole class answers each student exactly as their own feed."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor, NotFound, Reboot, SessionStatus
from reboot_core.services import SessionBoard
from tests.strategies import distinct_students, lectures
from tests.unit.core._world import OUTSIDER, TEACHER, classroom, played


@given(group=distinct_students(1, 5), lecture=lectures, ended=st.booleans())
def test_the_board_answers_every_student_as_their_own_feed(
    group: list[Actor], lecture: list[tuple], ended: bool
) -> None:
    room = played(group, lecture, ended=ended)
    board = room.live.feeds.board(room.sid)
    for student in group:
        exact = room.live.feeds.feed(student, room.sid, record_presence=False)
        assert board.feed_for(student) == exact
    assert board.feed_for(OUTSIDER) is None
    assert board.feed_for(TEACHER) is None


def test_a_student_who_joins_after_the_board_was_read_is_not_on_it() -> None:
    room = classroom(1)
    board = room.live.feeds.board(room.sid)
    late = Actor.student("stu_late")
    room.live.sessions.join(late, room.session.session_code)
    assert board.feed_for(late) is None
    assert room.live.feeds.board(room.sid).feed_for(late) is not None


def test_marks_show_each_student_only_their_own_questions_and_upvotes() -> None:
    room = classroom(3)
    asker, voter, other = room.students
    mine = room.live.questions.ask(asker, room.sid, "비동기 뷰는 언제 쓰나요?")
    room.live.questions.upvote(voter, room.sid, mine.id)
    board = room.live.feeds.board(room.sid)
    assert board.marks_for(asker.user_id).mine == {mine.id}
    assert board.marks_for(voter.user_id).upvoted == {mine.id}
    assert board.marks_for(other.user_id).mine == frozenset()
    assert board.questions[0].is_mine is False and board.questions[0].upvoted_by_me is False
    assert board.questions[0].upvote_count == 1


def test_the_board_holds_no_student_id_in_its_repr() -> None:
    room = classroom(2)
    room.live.questions.ask(room.students[0], room.sid, "질문 있어요")
    room.live.pulses.send(room.students[1], room.sid, "CONFUSED")
    shown = repr(room.live.feeds.board(room.sid))
    assert all(student.user_id not in shown for student in room.students)


def test_an_ended_session_has_no_pending_quizzes_on_its_board() -> None:
    room = classroom(1)
    room.quiz()
    room.live.sessions.end(TEACHER, room.sid)
    board = room.live.feeds.board(room.sid)
    assert board.status is SessionStatus.ENDED
    assert board.feed_for(room.students[0]).pending_quizzes == ()


def test_an_unknown_session_has_no_board() -> None:
    room = classroom(1)
    with pytest.raises(NotFound):
        room.live.feeds.board("no-such-session")


def test_the_board_reads_through_the_read_only_factory() -> None:
    opened: list[str] = []
    room = classroom(1)
    uow = room.live.deps.uow

    def reader():
        opened.append("read")
        return uow()

    live = Reboot(attrs.evolve(room.live.deps, read_uow=reader))
    assert isinstance(live.feeds.board(room.sid), SessionBoard)
    assert opened == ["read"]
