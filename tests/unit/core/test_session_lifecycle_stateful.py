"""The session lifecycle as a state machine: random interleavings of instructors and students.

A tiny pool of codes makes code exhaustion and reuse after ENDED happen often.
"""

from __future__ import annotations

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

from reboot_core import (
    Actor,
    Conflict,
    Forbidden,
    LivePolicy,
    NotFound,
    QuizDraft,
    SessionStatus,
    Unavailable,
)
from tests.strategies import CODE_SEPARATORS, pulse_types
from tests.unit.core._world import TEACHER, core

POOL = ["000001", "000002", "000003"]
STUDENTS = [Actor.student(f"stu_{name}") for name in ("kim", "lee", "park", "choi")]
_RANK = {SessionStatus.WAITING: 0, SessionStatus.LIVE: 1, SessionStatus.ENDED: 2}
DRAFT = QuizDraft.create("N+1 문제를 줄이는 방법은?", ["select_related", "all", "raw"], "all")


class SessionLifecycle(RuleBasedStateMachine):
    sessions = Bundle("sessions")
    quizzes = Bundle("quizzes")

    def __init__(self) -> None:
        super().__init__()
        self.live = core(codes=POOL, policy=LivePolicy(code_attempts=len(POOL)))
        self.status: dict[str, SessionStatus] = {}
        self.code: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        # absent students who joined an ended session to review it (not attendance)
        self.reviewers: dict[str, set[str]] = {}
        self.ended_at: dict[str, object] = {}
        self.answered: set[tuple[str, str]] = set()
        self.seen_rank: dict[str, int] = {}

    # helpers ---------------------------------------------------------------------------------
    def _open_with(self, code: str) -> str | None:
        found = [s for s, c in self.code.items() if c == code and not self._ended(s)]
        assert len(found) <= 1
        return found[0] if found else None

    def _last_ended_with(self, code: str) -> str | None:
        ended = [s for s, c in self.code.items() if c == code and self._ended(s)]
        return max(ended, key=lambda s: (self.ended_at[s], s), default=None)

    def _ended(self, sid: str) -> bool:
        return self.status[sid] is SessionStatus.ENDED

    def _expect_student_action(self, sid: str, student: Actor, action) -> bool:
        """Run a participant-only action; True when the model says it must succeed."""
        if student.user_id not in self.members[sid]:
            with pytest.raises(Forbidden):
                action()
            return False
        if self._ended(sid):
            event("student action in an ended session")
            with pytest.raises(Conflict):
                action()
            return False
        action()
        return True

    # instructor --------------------------------------------------------------------------------
    @initialize(target=sessions, members=st.sets(st.sampled_from(STUDENTS), max_size=3))
    def a_class_already_running(self, members: set[Actor]):
        """Start from one LIVE session with students, so ended sessions with members are common."""
        sid = self.create()
        self.start(sid)
        for student in members:
            self.join(self.code[sid], student, " ")
        return sid

    @rule(target=sessions)
    def create(self):
        open_count = sum(not self._ended(s) for s in self.status)
        if open_count >= len(POOL):
            event("code space exhausted")
            with pytest.raises(Unavailable):
                self.live.sessions.create(TEACHER, "lecture-1", "세션")
            return multiple()
        session = self.live.sessions.create(TEACHER, "lecture-1", "세션")
        assert session.status is SessionStatus.WAITING
        assert self._open_with(session.session_code) is None, "code of an open session reused"
        self.status[session.id] = SessionStatus.WAITING
        self.code[session.id] = session.session_code
        self.members[session.id] = set()
        self.reviewers[session.id] = set()
        return session.id

    @rule(sid=sessions)
    def start(self, sid: str) -> None:
        if self.status[sid] is SessionStatus.WAITING:
            assert self.live.sessions.start(TEACHER, sid).status is SessionStatus.LIVE
            self.status[sid] = SessionStatus.LIVE
        else:
            with pytest.raises(Conflict):
                self.live.sessions.start(TEACHER, sid)

    @rule(sid=sessions)
    def end(self, sid: str) -> None:
        if self._ended(sid):
            with pytest.raises(Conflict):
                self.live.sessions.end(TEACHER, sid)
        else:
            ended = self.live.sessions.end(TEACHER, sid)
            assert ended.status is SessionStatus.ENDED
            self.status[sid] = SessionStatus.ENDED
            self.ended_at[sid] = ended.ended_at

    @rule(target=quizzes, sid=sessions)
    def trigger_quiz(self, sid: str):
        if self._ended(sid):
            with pytest.raises(Conflict):
                self.live.quizzes.trigger(TEACHER, sid, DRAFT)
            return multiple()
        return (sid, self.live.quizzes.trigger(TEACHER, sid, DRAFT).id)

    @rule(sid=sessions)
    def a_student_cannot_start_or_end(self, sid: str) -> None:
        with pytest.raises(Forbidden):
            self.live.sessions.end(STUDENTS[0], sid)

    # students ----------------------------------------------------------------------------------
    @rule(
        code=st.sampled_from(POOL),
        student=st.sampled_from(STUDENTS),
        separator=st.sampled_from(CODE_SEPARATORS),
    )
    def join(self, code: str, student: Actor, separator: str) -> None:
        typed = code[:3] + separator + code[3:]
        target = self._open_with(code)
        if target is None:
            reviewed = self._last_ended_with(code)
            if reviewed is None:
                event("join with a code no session has")
                with pytest.raises(NotFound):
                    self.live.sessions.join(student, typed)
                return
            event("join of an ended session, for review")
            joined = self.live.sessions.join(student, typed)
            attended = student.user_id in self.members[reviewed]
            assert joined.session.id == reviewed
            assert joined.participant.review_only == (not attended)
            assert joined.is_new == (
                not attended and student.user_id not in self.reviewers[reviewed]
            )
            if not attended:
                self.reviewers[reviewed].add(student.user_id)
            return
        joined = self.live.sessions.join(student, typed)
        assert joined.session.id == target
        assert joined.is_new == (student.user_id not in self.members[target])
        self.members[target].add(student.user_id)

    @rule(sid=sessions, student=st.sampled_from(STUDENTS), kind=pulse_types)
    def pulse(self, sid: str, student: Actor, kind) -> None:
        self.live.deps.clock.advance(3)  # beyond the debounce: every tap is a new pulse

        def send():
            assert self.live.pulses.send(student, sid, kind).pulse_type is kind

        self._expect_student_action(sid, student, send)

    @rule(sid=sessions, student=st.sampled_from(STUDENTS))
    def ask(self, sid: str, student: Actor) -> None:
        self._expect_student_action(
            sid, student, lambda: self.live.questions.ask(student, sid, "트랜잭션은 언제 쓰나요?")
        )

    @rule(quiz=quizzes, student=st.sampled_from(STUDENTS), answer=st.sampled_from(DRAFT.options))
    def answer(self, quiz: tuple[str, str], student: Actor, answer: str) -> None:
        sid, quiz_id = quiz
        if (
            student.user_id in self.members[sid]
            and not self._ended(sid)
            and (quiz_id, student.user_id) in self.answered
        ):
            with pytest.raises(Conflict):
                self.live.quizzes.answer(student, sid, quiz_id, answer)
            return

        def send():
            result = self.live.quizzes.answer(student, sid, quiz_id, answer)
            assert result.is_correct == (answer == DRAFT.correct_answer)

        if self._expect_student_action(sid, student, send):
            self.answered.add((quiz_id, student.user_id))

    @precondition(lambda self: bool(self.status))
    @rule(seconds=st.floats(0, 30))
    def wait(self, seconds: float) -> None:
        self.live.deps.clock.advance(seconds)

    # invariants --------------------------------------------------------------------------------
    @invariant()
    def status_matches_the_model_and_never_moves_back(self) -> None:
        with self.live.deps.uow() as uow:
            for sid, expected in self.status.items():
                actual = uow.sessions.get(sid).status
                assert actual is expected
                assert _RANK[actual] >= self.seen_rank.get(sid, 0)
                self.seen_rank[sid] = _RANK[actual]

    @invariant()
    def participants_are_unique_per_student(self) -> None:
        with self.live.deps.uow() as uow:
            for sid, members in self.members.items():
                students = [p.student_id for p in uow.participants.list_for_session(sid)]
                assert len(students) == len(set(students))
                assert set(students) == members
                assert uow.participants.count(sid) == len(members)

    @invariant()
    def open_codes_are_unique_and_lead_to_their_session(self) -> None:
        open_sessions = [sid for sid in self.status if not self._ended(sid)]
        codes = [self.code[sid] for sid in open_sessions]
        assert len(codes) == len(set(codes))
        for sid in open_sessions:
            assert self.live.sessions.find_by_code(self.code[sid]).id == sid
        for code in set(POOL) - set(codes):
            with pytest.raises(NotFound):
                self.live.sessions.find_by_code(code)


TestSessionLifecycle = SessionLifecycle.TestCase
# examples come from the loaded profile (dev / ci); each example is a run of up to 40 steps
TestSessionLifecycle.settings = settings(stateful_step_count=40)
