"""A small classroom built on the in-memory core, and the fakes several test modules share."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any

import attrs

from reboot_core import (
    Actor,
    Conflict,
    Forbidden,
    LivePolicy,
    LiveSession,
    QuizDraft,
    Reboot,
    Unavailable,
    in_memory,
)
from reboot_core.memory import (
    ManualClock,
    MemoryFileStorage,
    ScriptedCodes,
    ScriptedLanguageModel,
    SequentialIds,
)

CODE = "012345"
TEACHER = Actor.instructor("ins_teacher")
OTHER_TEACHER = Actor.instructor("ins_other")
OUTSIDER = Actor.student("stu_outsider")


def core(
    *,
    codes: Sequence[str] = (CODE,),
    policy: LivePolicy | None = None,
    clock: ManualClock | None = None,
    **overrides: Any,
) -> Reboot:
    """A whole core on fakes; ``live.deps.clock`` is a ManualClock, ids are ``id-N``."""
    return in_memory(
        clock=clock or ManualClock(),
        ids=overrides.pop("ids", SequentialIds()),
        codes=ScriptedCodes(codes),
        language=overrides.pop("language", ScriptedLanguageModel()),
        policy=policy or LivePolicy(),
        **overrides,
    )


@attrs.define
class Classroom:
    live: Reboot
    session: LiveSession
    students: list[Actor]
    teacher: Actor = TEACHER

    @property
    def clock(self) -> ManualClock:
        return self.live.deps.clock

    @property
    def language(self) -> ScriptedLanguageModel:
        return self.live.deps.language

    @property
    def sid(self) -> str:
        return self.session.id

    def refresh(self) -> LiveSession:
        self.session = self.live.sessions.get(self.teacher, self.sid)
        return self.session

    def quiz(self, draft: QuizDraft | None = None, **kwargs: Any):
        draft = draft or QuizDraft.create("ORM은 무엇의 줄임말인가요?", ["A", "B", "C"], "B")
        return self.live.quizzes.trigger(self.teacher, self.sid, draft, **kwargs)

    def participant(self, student: Actor):
        with self.live.deps.uow() as uow:
            return uow.participants.get(self.sid, student.user_id)

    def participants(self):
        with self.live.deps.uow() as uow:
            return list(uow.participants.list_for_session(self.sid))


def classroom(
    n_students: int = 2,
    *,
    start: bool = True,
    students: Sequence[Actor] | None = None,
    **core_kwargs: Any,
) -> Classroom:
    """A session of TEACHER (LIVE unless ``start=False``) joined by the given students."""
    live = core(**core_kwargs)
    session = live.sessions.create(TEACHER, "lecture-1", "장고 ORM")
    if start:
        session = live.sessions.start(TEACHER, session.id)
    joined = (
        list(students)
        if students is not None
        else [Actor.student(f"stu_{i}") for i in range(n_students)]
    )
    for student in joined:
        live.sessions.join(student, session.session_code)
    return Classroom(live, session, joined)


def apply_step(room: Classroom, step: tuple) -> None:
    """One step of ``tests.strategies.lectures``; refused steps (own question, repeats, a
    closed quiz) are part of the story too."""
    live, sid, students = room.live, room.sid, room.students
    kind = step[0]
    questions = live.questions.list(TEACHER, sid)
    quizzes = live.quizzes.list(TEACHER, sid)
    with contextlib.suppress(Conflict, Forbidden):
        if kind == "tap":
            live.pulses.send(students[step[1] % len(students)], sid, step[2])
        elif kind == "ask":
            live.questions.ask(students[step[1] % len(students)], sid, step[2])
        elif kind == "upvote" and questions:
            question = questions[step[2] % len(questions)]
            live.questions.upvote(students[step[1] % len(students)], sid, question.id)
        elif kind == "quiz":
            room.quiz(step[1])
        elif kind == "answer" and quizzes:
            quiz = quizzes[step[2] % len(quizzes)]
            option = quiz.options[step[3] % len(quiz.options)]
            live.quizzes.answer(students[step[1] % len(students)], sid, quiz.id, option)
        elif kind == "close" and quizzes:
            live.quizzes.close(TEACHER, sid, quizzes[step[1] % len(quizzes)].id)
        elif kind == "mark" and questions:
            live.questions.mark_answered(TEACHER, sid, questions[step[1] % len(questions)].id)
        elif kind == "wait":
            room.clock.advance(seconds=step[1])


def played(students: Sequence[Actor], lecture: Sequence[tuple], *, ended: bool) -> Classroom:
    """A classroom of ``students`` after every step of ``lecture``, ended if asked."""
    room = classroom(students=students)
    for step in lecture:
        apply_step(room, step)
    if ended:
        room.live.sessions.end(TEACHER, room.sid)
    return room


class RecordingFiles(MemoryFileStorage):
    """File storage that remembers every reference it ever handed out."""

    def __init__(self) -> None:
        super().__init__()
        self.saved: list[str] = []

    def save(self, data: bytes, *, suffix: str = "") -> str:
        ref = super().save(data, suffix=suffix)
        self.saved.append(ref)
        return ref

    def stored(self) -> list[str]:
        return [ref for ref in self.saved if self.exists(ref)]


class RecordingHook:
    """Learning-session hook of a host platform: records calls, returns readable ids."""

    def __init__(self, fail_times: int = 0) -> None:
        self.calls: list[dict[str, str]] = []
        self.fail_times = fail_times

    def open_for(self, *, student_id: str, lecture_id: str, live_session_id: str) -> str:
        self.calls.append(
            {"student_id": student_id, "lecture_id": lecture_id, "live_session_id": live_session_id}
        )
        if self.fail_times > 0:
            self.fail_times -= 1
            raise Unavailable("the host platform did not answer")
        return f"learning-{len(self.calls)}"
