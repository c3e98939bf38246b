"""Withdrawing a published note, correcting it and approving it again; every save and
approval is kept as a numbered revision."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_core import Actor, Conflict, Forbidden, NoteStatus, NotFound
from tests.strategies import korean_text
from tests.unit.core._world import OTHER_TEACHER, OUTSIDER, TEACHER, classroom

DRAFT = "# 장고 ORM\n\n- 모델은 테이블, 필드는 컬럼\n"

_steps = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), korean_text),
        st.tuples(st.just("approve")),
        st.tuples(st.just("withdraw")),
    ),
    max_size=8,
)


def drafted():
    room = classroom(1)
    room.live.sessions.end(TEACHER, room.sid)
    room.live.notes.put_draft(room.sid, DRAFT)
    return room


@settings(max_examples=40, deadline=None)
@given(steps=_steps)
def test_any_sequence_keeps_the_state_machine_and_a_revision_per_save_and_approval(
    steps: list[tuple],
) -> None:
    room = drafted()
    notes = room.live.notes
    status, content = NoteStatus.DRAFT, DRAFT
    expected = [(DRAFT, False, None)]  # the generated draft, saved by the system
    for step in steps:
        room.clock.advance(30)
        allowed = {
            "edit": status is NoteStatus.DRAFT,
            "approve": status is NoteStatus.DRAFT,
            "withdraw": status is NoteStatus.APPROVED,
        }[step[0]]
        if not allowed:
            with pytest.raises(Conflict):
                getattr(notes, step[0])(TEACHER, room.sid, *step[1:])
            continue
        getattr(notes, step[0])(TEACHER, room.sid, *step[1:])
        if step[0] == "edit":
            content = step[1]
            expected.append((content, False, TEACHER.user_id))
        elif step[0] == "approve":
            status = NoteStatus.APPROVED
            expected.append((content, True, TEACHER.user_id))
        else:
            status = NoteStatus.DRAFT
    note = notes.read(TEACHER, room.sid)
    assert (note.status, note.content) == (status, content)
    kept = notes.revisions(TEACHER, room.sid)
    assert [(r.content, r.approved, r.saved_by) for r in kept] == expected
    assert [r.number for r in kept] == list(range(1, len(kept) + 1))
    assert kept[-1].number == note.revision
    assert all(a.saved_at <= b.saved_at for a, b in pairwise(kept))
    student = room.students[0]
    if status is NoteStatus.APPROVED:
        assert notes.read(student, room.sid).content == content
    else:  # never approved, or withdrawn: the same answer as before approval
        with pytest.raises(NotFound):
            notes.read(student, room.sid)
    assert room.live.feeds.feed(student, room.sid).note_available is (status is NoteStatus.APPROVED)


def test_a_withdrawn_note_is_corrected_and_published_again() -> None:
    room = drafted()
    notes = room.live.notes
    notes.approve(TEACHER, room.sid)
    withdrawn = notes.withdraw(TEACHER, room.sid)
    assert (withdrawn.status, withdrawn.approved_at, withdrawn.approved_by) == (
        NoteStatus.DRAFT,
        None,
        None,
    )
    for reader in (room.students[0], OUTSIDER):
        with pytest.raises(NotFound):
            notes.read(reader, room.sid)
    notes.edit(TEACHER, room.sid, "# 고친 노트")
    notes.approve(TEACHER, room.sid)
    assert notes.read(room.students[0], room.sid).content == "# 고친 노트"
    kept = notes.revisions(TEACHER, room.sid)
    assert [(r.number, r.content, r.approved) for r in kept] == [
        (1, DRAFT, False),
        (2, DRAFT, True),
        (3, "# 고친 노트", False),
        (4, "# 고친 노트", True),
    ]


def test_a_draft_cannot_be_withdrawn_and_no_note_has_no_revisions() -> None:
    room = drafted()
    with pytest.raises(Conflict):
        room.live.notes.withdraw(TEACHER, room.sid)
    empty = classroom(1)
    with pytest.raises(NotFound):
        empty.live.notes.revisions(TEACHER, empty.sid)
    with pytest.raises(NotFound):
        empty.live.notes.withdraw(TEACHER, empty.sid)


@pytest.mark.parametrize("intruder", [OTHER_TEACHER, Actor.student("stu_0"), OUTSIDER])
def test_only_the_sessions_instructor_withdraws_or_lists_revisions(intruder: Actor) -> None:
    room = drafted()
    room.live.notes.approve(TEACHER, room.sid)
    with pytest.raises(Forbidden):
        room.live.notes.withdraw(intruder, room.sid)
    with pytest.raises(Forbidden):
        room.live.notes.revisions(intruder, room.sid)
    assert room.live.notes.read(TEACHER, room.sid).status is NoteStatus.APPROVED
