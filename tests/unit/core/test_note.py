"""IntegratedNote: DRAFT -> APPROVED, edited only as a draft, read by students once approved."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import (
    Actor,
    Conflict,
    Forbidden,
    IntegratedNote,
    Invalid,
    NoteStatus,
    NotFound,
)
from tests.strategies import korean_text
from tests.unit.core._world import OTHER_TEACHER, OUTSIDER, TEACHER, classroom

DRAFT = "# 장고 ORM\n\n- 모델은 테이블, 필드는 컬럼\n"


def drafted(**kwargs):
    room = classroom(1, **kwargs)
    room.live.sessions.end(TEACHER, room.sid)
    room.live.notes.put_draft(room.sid, DRAFT)
    return room


def test_a_draft_is_seen_by_its_instructor_only() -> None:
    room = drafted()
    note = room.live.notes.read(TEACHER, room.sid)
    assert (note.status, note.content, note.approved_at) == (NoteStatus.DRAFT, DRAFT, None)
    for student in (room.students[0], OUTSIDER):
        with pytest.raises(NotFound):
            room.live.notes.read(student, room.sid)
    with pytest.raises(Forbidden):
        room.live.notes.read(OTHER_TEACHER, room.sid)
    assert room.live.feeds.feed(room.students[0], room.sid).note_available is False


def test_no_note_yet_is_not_found_for_everyone() -> None:
    room = classroom(1)
    for actor in (TEACHER, room.students[0]):
        with pytest.raises(NotFound):
            room.live.notes.read(actor, room.sid)
    with pytest.raises(NotFound):
        room.live.notes.approve(TEACHER, room.sid)


@given(edits=st.lists(korean_text, min_size=1, max_size=5))
def test_the_instructor_edits_the_draft_then_students_read_the_approved_text(
    edits: list[str],
) -> None:
    room = drafted()
    for revision, content in enumerate(edits, start=2):
        room.clock.advance(60)
        note = room.live.notes.edit(TEACHER, room.sid, content)
        assert (note.content, note.revision, note.status) == (content, revision, NoteStatus.DRAFT)
        assert note.updated_at == room.clock.now()
    room.clock.advance(60)
    approved = room.live.notes.approve(TEACHER, room.sid)
    assert approved.status is NoteStatus.APPROVED
    assert approved.approved_at == room.clock.now()
    assert approved.approved_by == TEACHER.user_id
    for reader in (room.students[0], OUTSIDER):  # students of the lecture, joined or not
        seen = room.live.notes.read(reader, room.sid)
        assert (seen.content, seen.status) == (edits[-1], NoteStatus.APPROVED)
    assert room.live.feeds.feed(room.students[0], room.sid).note_available is True


def test_an_approved_note_cannot_be_edited_approved_or_redrafted() -> None:
    room = drafted()
    room.live.notes.approve(TEACHER, room.sid)
    with pytest.raises(Conflict):
        room.live.notes.edit(TEACHER, room.sid, "몰래 고치기")
    with pytest.raises(Conflict):
        room.live.notes.approve(TEACHER, room.sid)
    with pytest.raises(Conflict):
        room.live.notes.put_draft(room.sid, "다시 생성된 초안")
    assert room.live.notes.read(room.students[0], room.sid).content == DRAFT


@pytest.mark.parametrize("intruder", [OTHER_TEACHER, Actor.student("stu_0"), OUTSIDER])
def test_only_the_sessions_instructor_edits_or_approves(intruder: Actor) -> None:
    room = drafted()
    with pytest.raises(Forbidden):
        room.live.notes.edit(intruder, room.sid, "내 마음대로")
    with pytest.raises(Forbidden):
        room.live.notes.approve(intruder, room.sid)
    note = room.live.notes.read(TEACHER, room.sid)
    assert (note.content, note.status) == (DRAFT, NoteStatus.DRAFT)


@pytest.mark.parametrize("content", ["", "  \n ", "가" * 200_001])
def test_empty_or_huge_content_is_invalid(content: str) -> None:
    room = drafted()
    with pytest.raises(Invalid):
        room.live.notes.edit(TEACHER, room.sid, content)
    assert room.live.notes.read(TEACHER, room.sid).content == DRAFT


def test_a_new_draft_replaces_the_old_one_until_approval() -> None:
    room = drafted()
    first = room.live.notes.read(TEACHER, room.sid)
    room.live.notes.put_draft(room.sid, "# 두 번째 초안")
    second = room.live.notes.read(TEACHER, room.sid)
    assert second.id == first.id
    assert (second.content, second.revision) == ("# 두 번째 초안", 2)


def test_the_domain_state_machine() -> None:
    now = classroom(0).clock.now()
    note = IntegratedNote.draft(id="n", session_id="s", content="초안", now=now)
    assert not note.is_approved
    note.approve("ins_teacher", now)
    assert note.is_approved and note.approved_at == now
    with pytest.raises(Conflict):
        note.approve("ins_teacher", now)
    with pytest.raises(Conflict):
        note.edit("바꾸기", now)
    with pytest.raises(Invalid):
        IntegratedNote.draft(id="n", session_id="s", content=" ", now=now)


def test_self_test_questions_come_from_content_sections_as_plain_text() -> None:
    from reboot_core.services.notes import note_sections

    body = "QuerySet은 **지연 평가**되어 실제로 값을 쓸 때 데이터베이스에 쿼리를 보냅니다. " * 2
    markdown = (
        "# 강의 노트\n\n## QuerySet\n\n- "
        + body
        + "\n\n## 수업 중 퀴즈\n\n1. "
        + body * 3
        + "\n\n## 자주 나온 질문\n\n- "
        + body * 3
        + "\n\n## 짧은 절\n\n짧다.\n"
    )
    sections = note_sections(markdown)
    assert len(sections) == 1
    assert sections[0].startswith("QuerySet은 지연 평가되어") and "**" not in sections[0]


def test_the_note_draft_gets_one_question_per_group_most_upvoted_first() -> None:
    from datetime import UTC, datetime

    from reboot_core.domain.question import LiveQuestion, ranked
    from reboot_core.services.end_of_session import representatives

    def q(id: str, group: int | None, votes: int) -> LiveQuestion:
        question = LiveQuestion.ask(
            id=id,
            session_id="s",
            asker_id="x",
            text=id,
            now=datetime(2026, 1, 1, tzinfo=UTC),
            max_chars=50,
        )
        question.cluster_group, question.upvoters = group, frozenset(map(str, range(votes)))
        return question

    chosen = representatives(ranked([q("a", 1, 1), q("b", 1, 4), q("c", None, 2), q("d", 2, 0)]))
    assert [c.id for c in chosen] == ["b", "c", "d"]
