"""All or nothing: a use case that fails half-way leaves no trace in storage."""

from __future__ import annotations

import pytest

from reboot_core import Actor, QuizDraft, Unavailable
from reboot_core.memory import MemoryStore, MemoryUnitOfWork, SequentialIds
from tests.unit.core._world import (
    CODE,
    OTHER_TEACHER,
    TEACHER,
    RecordingFiles,
    RecordingHook,
    classroom,
    core,
)

KIM = Actor.student("stu_kim")


class BrokenMastery:
    """A mastery table whose writes fail (a lost connection, a full disk)."""

    def record(self, student_id: str, concept: str, correct: bool) -> None:
        raise Unavailable("mastery storage is down")

    def for_student(self, student_id: str):
        return []


class Switch:
    def __init__(self) -> None:
        self.broken = False


def switchable_uow(store: MemoryStore, switch: Switch):
    """Units of work over one store; while ``switch.broken`` their mastery writes fail."""

    def make() -> MemoryUnitOfWork:
        uow = MemoryUnitOfWork(store)
        if switch.broken:
            uow.mastery = BrokenMastery()
        return uow

    return make


class FailingIds(SequentialIds):
    """Ids run out after ``good`` of them (e.g. a sequence service that stops answering)."""

    def __init__(self, good: int) -> None:
        super().__init__()
        self.good = good

    def new_id(self) -> str:
        if self.good <= 0:
            raise Unavailable("no more ids")
        self.good -= 1
        return super().new_id()


def test_a_failing_hook_leaves_no_participant() -> None:
    hook = RecordingHook(fail_times=1)
    live = core(learning=hook)
    session = live.sessions.create(TEACHER, "lecture-1")
    with pytest.raises(Unavailable):
        live.sessions.join(KIM, CODE)
    with live.deps.uow() as uow:
        assert uow.participants.get(session.id, KIM.user_id) is None
        assert uow.participants.count(session.id) == 0
    joined = live.sessions.join(KIM, CODE)  # the host answers again
    assert joined.is_new
    assert joined.participant.learning_session_id == "learning-2"
    assert live.sessions.overview(TEACHER, session.id).participant_count == 1


def test_a_failure_after_the_answer_was_added_stores_no_answer() -> None:
    store, switch = MemoryStore(), Switch()
    room = classroom(1, uow=switchable_uow(store, switch))
    student = room.students[0]
    draft = QuizDraft.create("ORM?", ["O", "X"], "O", concept_tags=["orm"])
    quiz = room.quiz(draft)
    switch.broken = True
    with pytest.raises(Unavailable):  # response added, then the mastery write fails
        room.live.quizzes.answer(student, room.sid, quiz.id, "X")
    switch.broken = False
    assert room.live.quizzes.results(TEACHER, room.sid, quiz.id).response_count == 0
    assert [q.id for q in room.live.quizzes.pending(student, room.sid)] == [quiz.id]
    assert room.live.learning.gap_map(student).concepts == ()
    result = room.live.quizzes.answer(student, room.sid, quiz.id, "O")  # not a Conflict
    assert result.is_correct


def test_a_failure_while_opening_a_session_leaves_the_lecture_unclaimed() -> None:
    # claiming the lecture is written first; the session id is drawn afterwards and fails
    live = core(ids=FailingIds(good=0))
    with pytest.raises(Unavailable):
        live.sessions.create(TEACHER, "lecture-1")
    assert live.sessions.list_mine(TEACHER) == []
    live.deps.ids.good = 1
    session = live.sessions.create(OTHER_TEACHER, "lecture-1")  # still free to claim
    assert session.instructor_id == OTHER_TEACHER.user_id


def test_a_failure_while_recording_a_material_removes_its_file() -> None:
    files = RecordingFiles()
    live = core(files=files, ids=FailingIds(good=0))
    with pytest.raises(Unavailable):
        live.materials.upload(TEACHER, "lecture-1", "1주차", "# 장고".encode())
    assert len(files.saved) == 1  # it was written ...
    assert files.stored() == []  # ... and removed again
    assert live.materials.list(TEACHER, "lecture-1") == []


def test_an_exception_inside_a_unit_of_work_discards_its_writes() -> None:
    room = classroom(0)
    with pytest.raises(RuntimeError), room.live.deps.uow() as uow:
        session = uow.sessions.get(room.sid)
        session.title = "바뀐 제목"
        uow.sessions.update(session)
        raise RuntimeError("boom")
    assert room.refresh().title == "장고 ORM"


def test_leaving_without_commit_discards_its_writes() -> None:
    room = classroom(0)
    with room.live.deps.uow() as uow:
        session = uow.sessions.get(room.sid)
        session.title = "바뀐 제목"
        uow.sessions.update(session)
    assert room.refresh().title == "장고 ORM"
