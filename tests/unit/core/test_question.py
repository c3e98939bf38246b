"""LiveQuestion: anonymous by construction, one upvote per student, answered by the instructor."""

from __future__ import annotations

import contextlib

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor, Conflict, Forbidden, Invalid, QuestionView, Unavailable
from tests.strategies import distinct_students, korean_text
from tests.unit.core._world import OTHER_TEACHER, TEACHER, classroom


def _everything_shown(room, viewer: Actor) -> list[object]:
    return [
        room.live.questions.list(viewer, room.sid),
        room.live.feeds.feed(viewer, room.sid),
    ]


@given(
    group=distinct_students(2, 5),
    asked=st.lists(st.tuples(st.integers(0, 4), korean_text), min_size=1, max_size=6),
    upvotes=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 5)), max_size=10),
)
def test_the_asker_id_never_appears_in_any_view(
    group: list[Actor],
    asked: list[tuple[int, str]],
    upvotes: list[tuple[int, int]],
) -> None:
    room = classroom(students=group)
    asker_of: dict[str, str] = {}
    returned: list[QuestionView] = []
    for who, text in asked:
        asker = group[who % len(group)]
        view = room.live.questions.ask(asker, room.sid, text)
        assert view.is_mine
        asker_of[view.id] = asker.user_id
        returned.append(view)
    ids = list(asker_of)
    for who, which in upvotes:
        voter, qid = group[who % len(group)], ids[which % len(ids)]
        with contextlib.suppress(Conflict, Forbidden):  # own question or a repeat
            returned.append(room.live.questions.upvote(voter, room.sid, qid))
    secrets = {s.user_id for s in group}
    viewers = [TEACHER, *group]
    for viewer in viewers:
        views = room.live.questions.list(viewer, room.sid)
        returned.extend(views)
        for shown in _everything_shown(room, viewer):
            for secret in secrets:
                assert secret not in repr(shown)
        for view in views:
            assert view.is_mine == (viewer.user_id == asker_of[view.id])
    for view in returned:
        for field in attrs.fields(QuestionView):
            value = getattr(view, field.name)
            assert all(secret not in str(value) for secret in secrets)
        assert all(secret not in repr(view) for secret in secrets)
    with room.live.deps.uow() as uow:  # even the aggregate's repr hides the asker and voters
        for question in uow.questions.list_for_session(room.sid):
            assert all(secret not in repr(question) for secret in secrets)


def test_question_views_have_no_field_that_could_carry_an_identity() -> None:
    names = {f.name for f in attrs.fields(QuestionView)}
    assert names == {
        "id",
        "question_text",
        "upvote_count",
        "is_answered",
        "cluster_group",
        "created_at",
        "is_mine",
        "upvoted_by_me",
    }


def test_an_upvote_counts_once_per_student() -> None:
    room = classroom(3)
    asker, fan, _ = room.students
    question = room.live.questions.ask(asker, room.sid, "마이그레이션 파일도 커밋하나요?")
    view = room.live.questions.upvote(fan, room.sid, question.id)
    assert (view.upvote_count, view.upvoted_by_me) == (1, True)
    with pytest.raises(Conflict):
        room.live.questions.upvote(fan, room.sid, question.id)
    assert room.live.questions.list(TEACHER, room.sid)[0].upvote_count == 1


def test_upvoting_ones_own_question_is_forbidden() -> None:
    room = classroom(1)
    asker = room.students[0]
    question = room.live.questions.ask(asker, room.sid, "트랜잭션은 언제?")
    with pytest.raises(Forbidden):
        room.live.questions.upvote(asker, room.sid, question.id)
    assert room.live.questions.list(TEACHER, room.sid)[0].upvote_count == 0


@given(n=st.integers(2, 7), repeats=st.lists(st.integers(0, 6), max_size=20))
def test_upvotes_equal_the_distinct_other_students(n: int, repeats: list[int]) -> None:
    room = classroom(n)
    question = room.live.questions.ask(room.students[0], room.sid, "질문")
    voters = set()
    for index in repeats:
        voter = room.students[index % n]
        if index % n == 0:
            with pytest.raises(Forbidden):
                room.live.questions.upvote(voter, room.sid, question.id)
        elif voter.user_id in voters:
            with pytest.raises(Conflict):
                room.live.questions.upvote(voter, room.sid, question.id)
        else:
            room.live.questions.upvote(voter, room.sid, question.id)
            voters.add(voter.user_id)
    assert room.live.questions.list(TEACHER, room.sid)[0].upvote_count == len(voters)


def test_only_the_instructor_marks_a_question_answered() -> None:
    room = classroom(2)
    question = room.live.questions.ask(room.students[0], room.sid, "ORM 쓰는 이유?")
    for intruder in (*room.students, OTHER_TEACHER):
        with pytest.raises(Forbidden):
            room.live.questions.mark_answered(intruder, room.sid, question.id)
    assert not room.live.questions.list(TEACHER, room.sid)[0].is_answered
    view = room.live.questions.mark_answered(TEACHER, room.sid, question.id)
    assert view.is_answered
    assert room.live.questions.list(room.students[1], room.sid)[0].is_answered


def test_marking_answered_keeps_upvotes() -> None:
    room = classroom(2)
    question = room.live.questions.ask(room.students[0], room.sid, "질문")
    room.live.questions.upvote(room.students[1], room.sid, question.id)
    room.live.questions.mark_answered(TEACHER, room.sid, question.id)
    assert room.live.questions.list(TEACHER, room.sid)[0].upvote_count == 1


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "가" * 501])
def test_empty_or_overlong_questions_are_invalid(text: str) -> None:
    room = classroom(1)
    with pytest.raises(Invalid):
        room.live.questions.ask(room.students[0], room.sid, text)
    assert room.live.questions.list(TEACHER, room.sid) == []


def test_clusters_come_from_the_language_model() -> None:
    room = classroom(1)
    texts = ["makemigrations랑 migrate 차이?", "N+1이 뭔가요?", "migrate는 언제 실행해요?"]
    asked = []
    for text in texts:
        room.clock.advance(1)
        asked.append(room.live.questions.ask(room.students[0], room.sid, text))
    room.language.clusters.append([0, 1, 0])
    views = room.live.questions.cluster(TEACHER, room.sid)
    assert room.language.calls[-1] == ("cluster_questions", tuple(texts))
    assert {v.id: v.cluster_group for v in views} == {
        asked[0].id: 0,
        asked[1].id: 1,
        asked[2].id: 0,
    }
    seen_by_student = room.live.questions.list(room.students[0], room.sid)
    assert {v.id: v.cluster_group for v in seen_by_student} == {
        v.id: v.cluster_group for v in views
    }


def test_a_grouping_of_the_wrong_size_is_unavailable_and_changes_nothing() -> None:
    room = classroom(1)
    room.live.questions.ask(room.students[0], room.sid, "하나")
    room.live.questions.ask(room.students[0], room.sid, "둘")
    room.language.clusters.append([0])
    with pytest.raises(Unavailable):
        room.live.questions.cluster(TEACHER, room.sid)
    assert [v.cluster_group for v in room.live.questions.list(TEACHER, room.sid)] == [None, None]


def test_only_the_instructor_clusters() -> None:
    room = classroom(1)
    room.live.questions.ask(room.students[0], room.sid, "하나")
    room.language.clusters.append([0])
    with pytest.raises(Forbidden):
        room.live.questions.cluster(room.students[0], room.sid)
    assert room.language.calls == []


@given(votes=st.lists(st.integers(0, 4), min_size=1, max_size=6))
def test_ordering_is_by_upvotes_then_age(votes: list[int]) -> None:
    room = classroom(5)
    asker, *voters = room.students
    asked = []
    for count in votes:
        room.clock.advance(1)
        question = room.live.questions.ask(asker, room.sid, f"질문 {len(asked)}")
        for voter in voters[:count]:
            room.live.questions.upvote(voter, room.sid, question.id)
        asked.append((question.id, count))
    expected = [qid for qid, _ in sorted(asked, key=lambda item: -item[1])]  # stable: age
    listed = room.live.questions.list(TEACHER, room.sid)
    assert [v.id for v in listed] == expected
    assert [v.upvote_count for v in listed] == sorted(votes, reverse=True)


def test_the_grouping_is_told_what_the_lecture_said() -> None:
    room = classroom(1)
    room.live.transcripts.add_text(TEACHER, room.sid, "흐름 제어는 수신 측을 보호합니다.", 0, 3)
    room.live.transcripts.add_text(TEACHER, room.sid, "혼잡 제어는 네트워크를 보호합니다.", 3, 6)
    room.live.questions.ask(room.students[0], room.sid, "흐름 제어가 뭔가요?")
    room.language.clusters.append([0])
    room.live.questions.cluster(TEACHER, room.sid)
    told = room.language.lectures[-1]
    assert told is not None
    assert "흐름 제어는 수신 측을 보호합니다." in told.transcript
    assert told.transcript.index("흐름") < told.transcript.index("혼잡")  # speaking order
