"""The storage ports' contract: one suite, run against the in-memory, SQLite and PostgreSQL
adapters (the ``uow_factory`` fixture), with the same expectations for all three."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from itertools import count

import attrs
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from reboot_adapters.sql import SqlStorage
from reboot_core.domain import (
    Actor,
    ChunkSource,
    ConceptMastery,
    FileType,
    IntegratedNote,
    Lecture,
    LectureMaterial,
    LiveParticipant,
    LiveQuestion,
    LiveQuiz,
    LiveSession,
    PulseCheck,
    PulseType,
    QuizDraft,
    QuizResponse,
    QuizSuggestion,
    SelfTestAttempt,
    SessionStatus,
    SuggestionStatus,
    TranscriptChunk,
)
from reboot_core.domain.end_job import EndJob, JobStatus, Step
from reboot_core.errors import Conflict, Unavailable
from reboot_core.memory import in_memory
from reboot_core.ports.storage import UnitOfWork
from reboot_core.system import UuidIds

UowFactory = Callable[[], UnitOfWork]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KST = timezone(timedelta(hours=9))


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def fields(obj: object) -> dict:
    """Every attribute: domain aggregates compare by id only, the contract is about all of them."""
    return attrs.asdict(obj, recurse=False)


def session(
    id: str = "s1", code: str = "123456", *, lecture: str = "lec", by: str = "prof", t: float = 0
) -> LiveSession:
    return LiveSession.open(
        id=id, lecture_id=lecture, instructor_id=by, code=code, title="자료구조 3주차", now=at(t)
    )


def participant(student: str, session_id: str = "s1", *, t: float = 0) -> LiveParticipant:
    return LiveParticipant(
        id=f"pa-{session_id}-{student}",
        session_id=session_id,
        student_id=student,
        display_name=f"학생 {student}",
        learning_session_id=f"ls-{student}",
        joined_at=at(t),
        last_seen=at(t),
    )


def pulse(id: str, student: str, kind: PulseType, t: float, session_id: str = "s1") -> PulseCheck:
    return PulseCheck(id, session_id, student, kind, at(t))


def quiz(id: str, t: float, session_id: str = "s1", tags: tuple[str, ...] = ()) -> LiveQuiz:
    draft = QuizDraft.create(
        "스택의 특징은?", ["후입선출", "선입선출", "무작위"], "후입선출", "LIFO", tags
    )
    return LiveQuiz.trigger(id=id, session_id=session_id, draft=draft, ai=True, now=at(t))


def response(quiz_id: str, student: str, answer: str = "후입선출", t: float = 1) -> QuizResponse:
    return QuizResponse(
        f"r-{quiz_id}-{student}", quiz_id, student, answer, answer == "후입선출", at(t)
    )


def question(id: str, asker: str, t: float, session_id: str = "s1") -> LiveQuestion:
    return LiveQuestion.ask(
        id=id, session_id=session_id, asker_id=asker, text=f"질문 {id}", now=at(t), max_chars=500
    )


def chunk(
    id: str, start: float, end: float, source: ChunkSource = ChunkSource.LIVE, sid: str = "s1"
) -> TranscriptChunk:
    return TranscriptChunk.record(
        id=id, session_id=sid, text=f"말 {id}", start=start, end=end, now=at(end), source=source
    )


def suggestion(id: str, offset: float, t: float) -> QuizSuggestion:
    return QuizSuggestion(id, "s1", "이해되셨나요", offset, "... 이해되셨나요", at(t))


def material(id: str, t: float, lecture: str = "lec") -> LectureMaterial:
    return LectureMaterial(id, lecture, f"{id}.pdf", FileType.PDF, "prof", at(t), f"ref-{id}", 10)


def committed(uow_factory: UowFactory, *objects_by_repo: tuple[str, object]) -> None:
    """Add each (repository, object) pair in one committed unit of work."""
    with uow_factory() as uow:
        for repo, obj in objects_by_repo:
            getattr(uow, repo).add(obj)
        uow.commit()


# --- units of work -------------------------------------------------------------------------


def test_nothing_is_kept_without_commit(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.lectures.add(Lecture("lec", "prof", T0))
        assert uow.lectures.get("lec") is not None  # visible inside its own transaction
    with uow_factory() as uow:
        assert uow.lectures.get("lec") is None


def test_an_exception_rolls_back(uow_factory: UowFactory) -> None:
    with pytest.raises(RuntimeError), uow_factory() as uow:
        uow.sessions.add(session())
        raise RuntimeError("boom")
    with uow_factory() as uow:
        assert uow.sessions.get("s1") is None
        assert not uow.sessions.code_in_use("123456")


def test_rollback_discards_only_what_was_not_committed(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.lectures.add(Lecture("kept", "prof", T0))
        uow.commit()
        uow.lectures.add(Lecture("dropped", "prof", T0))
        uow.rollback()
        uow.lectures.add(Lecture("kept-too", "prof", T0))
        uow.commit()
        uow.lectures.add(Lecture("never-committed", "prof", T0))
    with uow_factory() as uow:
        assert uow.lectures.get("kept") is not None
        assert uow.lectures.get("kept-too") is not None
        assert uow.lectures.get("dropped") is None
        assert uow.lectures.get("never-committed") is None


def test_a_conflict_leaves_the_unit_of_work_usable(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("sessions", session()), ("participants", participant("kim")))
    with uow_factory() as uow:
        with pytest.raises(Conflict):
            uow.participants.add(participant("kim"))
        uow.participants.add(participant("lee"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.participants.count("s1") == 2


def test_returned_objects_are_copies(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("sessions", session()))
    with uow_factory() as uow:
        loaded = uow.sessions.get("s1")
        loaded.start(at(5))
        assert uow.sessions.get("s1").status is SessionStatus.WAITING
        uow.commit()
    with uow_factory() as uow:
        assert uow.sessions.get("s1").status is SessionStatus.WAITING


# --- lectures ------------------------------------------------------------------------------


def test_lectures(uow_factory: UowFactory) -> None:
    lecture = Lecture("lec", "prof", T0)
    committed(uow_factory, ("lectures", lecture))
    with uow_factory() as uow:
        assert uow.lectures.get("lec") == lecture
        assert uow.lectures.get("other") is None
        with pytest.raises(Conflict, match="this lecture is already registered"):
            uow.lectures.add(Lecture("lec", "someone-else", T0))


# --- sessions ------------------------------------------------------------------------------


def test_session_round_trip_and_lookup_by_code(uow_factory: UowFactory) -> None:
    original = session()
    committed(uow_factory, ("sessions", original))
    with uow_factory() as uow:
        assert fields(uow.sessions.get("s1")) == fields(original)
        assert fields(uow.sessions.get_open_by_code("123456")) == fields(original)
        assert uow.sessions.code_in_use("123456")
        assert not uow.sessions.code_in_use("654321")
        assert uow.sessions.get("missing") is None
        assert uow.sessions.get_open_by_code("654321") is None


def test_session_duplicates_conflict(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("sessions", session()))
    with uow_factory() as uow:
        with pytest.raises(Conflict, match="a session with this id already exists"):
            uow.sessions.add(session(code="999999"))
        with pytest.raises(Conflict, match="this session code is in use"):
            uow.sessions.add(session(id="s2"))


def test_session_update_persists_status_and_timestamps(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("sessions", session()))
    with uow_factory() as uow:
        live = uow.sessions.get("s1")
        live.start(at(10))
        uow.sessions.update(live)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.sessions.get("s1")
        assert stored.status is SessionStatus.LIVE
        assert stored.started_at == at(10)
        assert stored.ended_at is None


def test_an_ended_session_frees_its_code(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("sessions", session()))
    with uow_factory() as uow:
        old = uow.sessions.get("s1")
        old.end(at(60))
        uow.sessions.update(old)
        uow.commit()
    with uow_factory() as uow:
        assert not uow.sessions.code_in_use("123456")
        assert uow.sessions.get_open_by_code("123456") is None
        uow.sessions.add(session(id="s2", t=100))
        uow.commit()
    with uow_factory() as uow:
        assert uow.sessions.get_open_by_code("123456").id == "s2"
        assert uow.sessions.get("s1").status is SessionStatus.ENDED
        assert uow.sessions.get("s1").ended_at == at(60)


def test_the_last_ended_session_is_found_by_its_code(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("sessions", session()))
    with uow_factory() as uow:
        assert uow.sessions.get_ended_by_code("123456") is None  # not ended yet
    for sid, t in (("s1", 0), ("s2", 100)):
        with uow_factory() as uow:
            if sid != "s1":
                uow.sessions.add(session(id=sid, t=t))
            current = uow.sessions.get(sid)
            current.end(at(t + 60))
            uow.sessions.update(current)
            uow.commit()
    with uow_factory() as uow:
        uow.sessions.add(session(id="s3", t=200))  # open, with the same code
        uow.commit()
    with uow_factory() as uow:
        assert uow.sessions.get_ended_by_code("123456").id == "s2"
        assert uow.sessions.get_ended_by_code("654321") is None


def test_review_only_participants_are_kept_but_not_counted(uow_factory: UowFactory) -> None:
    late = attrs.evolve(participant("late", t=5), review_only=True)
    committed(
        uow_factory,
        ("sessions", session()),
        ("participants", participant("kim", t=1)),
        ("participants", late),
    )
    with uow_factory() as uow:
        assert uow.participants.get("s1", "late").review_only
        assert not uow.participants.get("s1", "kim").review_only
        assert [p.student_id for p in uow.participants.list_for_session("s1")] == ["kim"]
        assert uow.participants.count("s1") == 1
        assert uow.participants.student_ids("s1") == {"kim"}
        assert uow.participants.count_active("s1", at(0)) == 1
        uow.participants.touch("s1", "late", at(30))
        uow.commit()
    with uow_factory() as uow:
        assert uow.participants.get("s1", "late").last_seen == at(30)
        assert uow.participants.count_active("s1", at(10)) == 0
        assert [p.student_id for p in uow.participants.list_review_only("s1")] == ["late"]
        assert fields(uow.participants.list_review_only("s1")[0]) == fields(
            attrs.evolve(late, last_seen=at(30))
        )
        assert uow.participants.list_review_only("other") == []


def attempt(id: str, student: str, score: int, t: float, session_id: str = "s1"):
    return SelfTestAttempt(id, session_id, student, score, 5, 4, at(t))


def test_self_test_attempts_are_kept_per_session_in_order(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("sessions", session()),
        ("sessions", session("s2", "654321")),
        # added out of order: the list is by time, then id
        ("self_tests", attempt("b", "kim", 3, 20)),
        ("self_tests", attempt("a", "lee", 1, 10)),
        ("self_tests", attempt("c", "kim", 4, 20)),
        ("self_tests", attempt("d", "kim", 2, 5, session_id="s2")),
    )
    with uow_factory() as uow:
        found = uow.self_tests.for_session("s1")
        assert [a.id for a in found] == ["a", "b", "c"]
        assert fields(found[1]) == fields(attempt("b", "kim", 3, 20))
        assert [a.id for a in uow.self_tests.for_session("s2")] == ["d"]
        assert uow.self_tests.for_session("none") == []
        with pytest.raises(Conflict):
            uow.self_tests.add(attempt("a", "lee", 2, 30))


def test_self_test_attempts_roll_back(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("sessions", session()))
    with uow_factory() as uow:
        uow.self_tests.add(attempt("a", "kim", 3, 1))
    with uow_factory() as uow:
        assert uow.self_tests.for_session("s1") == []


def test_session_lists(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("sessions", session("b", "000002", t=20)),
        ("sessions", session("a", "000001", t=10)),
        ("sessions", session("c", "000003", t=30, lecture="other")),
        ("sessions", session("d", "000004", t=40, by="another-prof")),
    )
    with uow_factory() as uow:
        assert [s.id for s in uow.sessions.list_for_instructor("prof")] == ["c", "b", "a"]
        assert [s.id for s in uow.sessions.list_for_lecture("lec")] == ["a", "b", "d"]
        assert uow.sessions.list_for_instructor("nobody") == []


def test_timestamps_keep_their_instant_whatever_the_offset(uow_factory: UowFactory) -> None:
    # a host may hand over times in KST: the stored instant must not shift by nine hours
    kst_session = attrs.evolve(session(), created_at=T0.astimezone(KST))
    committed(uow_factory, ("sessions", kst_session), ("participants", participant("kim")))
    with uow_factory() as uow:
        loaded = uow.sessions.get("s1")
        assert loaded.created_at == T0
        assert loaded.created_at.utcoffset() is not None
        uow.participants.touch("s1", "kim", at(30).astimezone(KST))
        assert uow.participants.count_active("s1", at(29)) == 1
        assert uow.participants.count_active("s1", at(31).astimezone(KST)) == 0


# --- participants --------------------------------------------------------------------------


def test_participants(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("sessions", session()),
        ("participants", participant("kim", t=1)),
        ("participants", participant("lee", t=2)),
        ("participants", participant("park", "s2", t=3)),
    )
    with uow_factory() as uow:
        assert fields(uow.participants.get("s1", "kim")) == fields(participant("kim", t=1))
        assert uow.participants.get("s1", "park") is None
        assert [p.student_id for p in uow.participants.list_for_session("s1")] == ["kim", "lee"]
        assert uow.participants.count("s1") == 2
        assert uow.participants.count("empty") == 0
        assert uow.participants.list_for_session("empty") == []
        with pytest.raises(Conflict, match="this student already joined the session"):
            uow.participants.add(attrs.evolve(participant("kim"), id="another-id"))


def test_touch_moves_last_seen_forward_only(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("participants", participant("kim", t=10)))
    with uow_factory() as uow:
        uow.participants.touch("s1", "kim", at(30))
        uow.participants.touch("s1", "kim", at(20))  # a slower clock elsewhere
        uow.participants.touch("s1", "ghost", at(40))  # unknown: nothing happens
        uow.commit()
    with uow_factory() as uow:
        assert uow.participants.get("s1", "kim").last_seen == at(30)
        assert uow.participants.get("s1", "ghost") is None


def test_touch_many_batches_presence(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("participants", participant("kim", t=10)),
        ("participants", participant("lee", t=50)),
        ("participants", participant("park", t=0)),
    )
    with uow_factory() as uow:
        uow.participants.touch_many("s1", ["kim", "lee", "ghost", "kim"], at(30))
        uow.participants.touch_many("s1", [], at(99))
        uow.commit()
    with uow_factory() as uow:
        seen = {p.student_id: p.last_seen for p in uow.participants.list_for_session("s1")}
    # lee was seen later already; park was not in the batch; ghost never joined
    assert seen == {"kim": at(30), "lee": at(50), "park": at(0)}


def test_active_students_are_those_seen_since(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("participants", participant("kim", t=0)),
        ("participants", participant("lee", t=10)),
        ("participants", participant("park", t=20)),
    )
    with uow_factory() as uow:
        assert uow.participants.count_active("s1", at(10)) == 2  # lee and park
        assert uow.participants.count_active("s1", at(20)) == 1  # the bound is inclusive
        assert uow.participants.count_active("s1", at(21)) == 0
        assert uow.participants.count_active("other", at(0)) == 0
        assert uow.participants.student_ids("s1") == {"kim", "lee", "park"}


# --- pulses --------------------------------------------------------------------------------


def test_pulses(uow_factory: UowFactory) -> None:
    U, C = PulseType.UNDERSTAND, PulseType.CONFUSED
    pulses = [
        pulse("p3", "kim", U, 30),
        pulse("p1", "kim", C, 10),
        pulse("p2", "lee", C, 20),
        pulse("p4", "park", U, 5),
        pulse("p9", "kim", C, 30, session_id="s2"),
    ]
    committed(uow_factory, *(("pulses", p) for p in pulses))
    with uow_factory() as uow:
        assert fields(uow.pulses.latest_for_student("s1", "kim")) == fields(pulses[0])
        assert uow.pulses.latest_for_student("s1", "nobody") is None
        assert [p.id for p in uow.pulses.history("s1")] == ["p4", "p1", "p2", "p3"]
        # each student's latest tap: kim's p3 (not the older p1), lee's p2, park's p4
        assert uow.pulses.current_types("s1") == {"kim": U, "lee": C, "park": U}
        assert uow.pulses.current_types("empty") == {}
        assert uow.pulses.history("empty") == []


def test_latest_pulse_ties_are_broken_by_id(uow_factory: UowFactory) -> None:
    same_moment = [
        pulse("a", "kim", PulseType.CONFUSED, 5),
        pulse("b", "kim", PulseType.UNDERSTAND, 5),
    ]
    committed(uow_factory, *(("pulses", p) for p in reversed(same_moment)))
    with uow_factory() as uow:
        assert uow.pulses.latest_for_student("s1", "kim").id == "b"
        assert uow.pulses.current_types("s1") == {"kim": PulseType.UNDERSTAND}  # b's type
        assert [p.id for p in uow.pulses.history("s1")] == ["a", "b"]


# --- quizzes -------------------------------------------------------------------------------


def test_quiz_round_trip_and_update(uow_factory: UowFactory) -> None:
    original = quiz("q1", 10, tags=("스택", "LIFO"))
    committed(uow_factory, ("quizzes", original))
    with uow_factory() as uow:
        assert fields(uow.quizzes.get("q1")) == fields(original)
        assert uow.quizzes.get("missing") is None
        loaded = uow.quizzes.get("q1")
        loaded.close(at(40))
        uow.quizzes.update(loaded)
        uow.commit()
    with uow_factory() as uow:
        assert uow.quizzes.get("q1").closed_at == at(40)
        assert uow.quizzes.get("q1").options == ("후입선출", "선입선출", "무작위")


def test_quiz_lists_and_pending(uow_factory: UowFactory) -> None:
    closed = quiz("q2", 20)
    closed.close(at(25))
    committed(
        uow_factory,
        ("quizzes", quiz("q3", 30)),
        ("quizzes", quiz("q1", 10)),
        ("quizzes", closed),
        ("quizzes", quiz("q4", 40)),
        ("quizzes", quiz("x1", 5, session_id="s2")),
    )
    with uow_factory() as uow:
        uow.quizzes.add_response(response("q3", "kim"))
        uow.commit()
    with uow_factory() as uow:
        assert [q.id for q in uow.quizzes.list_for_session("s1")] == ["q1", "q2", "q3", "q4"]
        assert [q.id for q in uow.quizzes.pending_for_student("s1", "kim")] == ["q1", "q4"]
        assert [q.id for q in uow.quizzes.pending_for_student("s1", "lee")] == ["q1", "q3", "q4"]
        assert uow.quizzes.list_for_session("empty") == []


def test_quiz_control_fields_persist_and_withdrawn_quizzes_are_not_pending(
    uow_factory: UowFactory,
) -> None:
    draft = QuizDraft.create("스택의 특징은?", ["후입선출", "선입선출"], "후입선출")
    timed = LiveQuiz.trigger(
        id="q1", session_id="s1", draft=draft, ai=False, now=at(10),
        time_limit_seconds=45, hide_results=True,
    )  # fmt: skip
    withdrawn = quiz("q2", 20)
    committed(uow_factory, ("quizzes", timed), ("quizzes", withdrawn))
    with uow_factory() as uow:
        uow.quizzes.add_response(response("q2", "lee"))
        loaded = uow.quizzes.get("q2")
        loaded.withdraw(at(30))
        uow.quizzes.update(loaded)
        uow.commit()
    with uow_factory() as uow:
        assert fields(uow.quizzes.get("q1")) == fields(timed)
        assert uow.quizzes.get("q1").deadline == at(55)
        assert uow.quizzes.get("q2").withdrawn_at == at(30)
        assert [q.id for q in uow.quizzes.list_for_session("s1")] == ["q1", "q2"]
        assert [q.id for q in uow.quizzes.pending_for_student("s1", "kim")] == ["q1"]
        assert "q2" not in uow.quizzes.open_responders("s1")


def test_quiz_responses(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("quizzes", quiz("q1", 10)),
        ("quizzes", quiz("q2", 20)),
        ("quizzes", quiz("x1", 5, session_id="s2")),
    )
    first = response("q1", "kim", t=11)
    with uow_factory() as uow:
        uow.quizzes.add_response(first)
        uow.quizzes.add_response(response("q1", "lee", "선입선출", t=12))
        uow.quizzes.add_response(response("q2", "kim", t=21))
        uow.quizzes.add_response(response("x1", "kim", t=6))
        uow.commit()
    with uow_factory() as uow:
        assert fields(uow.quizzes.responses_of_student("s1", "kim")[0]) == fields(first)
        assert uow.quizzes.responses_of_student("s1", "park") == []
        assert [(r.student_id, r.is_correct) for r in uow.quizzes.responses("q1")] == [
            ("kim", True),
            ("lee", False),
        ]
        mine = uow.quizzes.responses_of_student("s1", "kim")
        assert [r.quiz_id for r in mine] == ["q1", "q2"]
        assert uow.quizzes.responses("q3") == []
        with pytest.raises(Conflict, match="you have already answered this quiz"):
            uow.quizzes.add_response(attrs.evolve(first, id="second-try", answer="무작위"))


# --- questions -----------------------------------------------------------------------------


def test_question_round_trip_and_upvotes(uow_factory: UowFactory) -> None:
    original = question("q1", "kim", 10)
    committed(uow_factory, ("questions", original))
    with uow_factory() as uow:
        assert fields(uow.questions.get("q1")) == fields(original)
        assert uow.questions.get("missing") is None
        uow.questions.add_upvote("q1", "lee")
        uow.questions.add_upvote("q1", "park")
        uow.questions.add_upvote("missing", "lee")  # unknown question: nothing happens
        uow.commit()
    with uow_factory() as uow:
        assert uow.questions.get("q1").upvoters == frozenset({"lee", "park"})
        assert uow.questions.get("missing") is None
        with pytest.raises(Conflict, match="you have already upvoted this question"):
            uow.questions.add_upvote("q1", "lee")


def test_question_update_keeps_upvotes(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("questions", question("q1", "kim", 10)))
    with uow_factory() as uow:
        stale = uow.questions.get("q1")
        uow.questions.add_upvote("q1", "lee")
        stale.mark_answered()
        stale.cluster_group = 3
        uow.questions.update(stale)  # loaded before the upvote: must not erase it
        uow.commit()
    with uow_factory() as uow:
        stored = uow.questions.get("q1")
        assert (stored.is_answered, stored.cluster_group) == (True, 3)
        assert stored.upvoters == frozenset({"lee"})


def test_questions_rank_by_upvotes_then_age(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("questions", question("old", "a", 10)),
        ("questions", question("new", "b", 30)),
        ("questions", question("top", "c", 20)),
        ("questions", question("tie-b", "d", 40)),
        ("questions", question("tie-a", "e", 40)),
        ("questions", question("elsewhere", "f", 1, session_id="s2")),
    )
    with uow_factory() as uow:
        for student in ("x", "y"):
            uow.questions.add_upvote("top", student)
        uow.questions.add_upvote("new", "x")
        uow.questions.add_upvote("elsewhere", "x")
        uow.commit()
    with uow_factory() as uow:
        ranked = uow.questions.list_for_session("s1")
        assert [q.id for q in ranked] == ["top", "new", "old", "tie-a", "tie-b"]
        assert [q.upvote_count for q in ranked] == [2, 1, 0, 0, 0]
        assert ranked[0].upvoters == frozenset({"x", "y"})
        assert uow.questions.list_for_session("empty") == []


# --- transcripts ---------------------------------------------------------------------------


def test_transcripts(uow_factory: UowFactory) -> None:
    chunks = [chunk("c2", 5, 10), chunk("c1", 0, 5), chunk("c3", 10, 15), chunk("c4", 15, 20)]
    other = [chunk("b1", 0, 20, ChunkSource.BATCH), chunk("o1", 0, 5, sid="s2")]
    committed(uow_factory, *(("transcripts", c) for c in chunks + other))
    with uow_factory() as uow:
        assert [c.id for c in uow.transcripts.recent("s1", 2)] == ["c3", "c4"]
        assert [c.id for c in uow.transcripts.recent("s1", 10)] == ["c1", "c2", "c3", "c4"]
        assert uow.transcripts.recent("s1", 0) == []
        assert [c.id for c in uow.transcripts.since("s1", 10)] == ["c2", "c3", "c4"]
        assert [c.id for c in uow.transcripts.all("s1", ChunkSource.LIVE)] == [
            "c1",
            "c2",
            "c3",
            "c4",
        ]
        assert [c.id for c in uow.transcripts.all("s1", ChunkSource.BATCH)] == ["b1"]
        assert fields(uow.transcripts.all("s1", ChunkSource.LIVE)[0]) == fields(chunks[1])


def test_replace_batch_is_idempotent(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("transcripts", chunk("live", 0, 5)))
    rerun = [chunk("b2", 5, 9, ChunkSource.BATCH), chunk("b1", 0, 5, ChunkSource.BATCH)]
    for _ in range(2):
        with uow_factory() as uow:
            uow.transcripts.replace_batch("s1", rerun)
            uow.commit()
    with uow_factory() as uow:
        assert [c.id for c in uow.transcripts.all("s1", ChunkSource.BATCH)] == ["b1", "b2"]
        assert [c.id for c in uow.transcripts.all("s1", ChunkSource.LIVE)] == ["live"]
        uow.transcripts.replace_batch("s1", [])
        uow.commit()
    with uow_factory() as uow:
        assert uow.transcripts.all("s1", ChunkSource.BATCH) == []


def test_replace_batch_touches_only_the_sessions_batch_transcript(uow_factory: UowFactory) -> None:
    typed = chunk("typed", 0, 5, ChunkSource.TEXT)
    heard = chunk("heard", 5, 9)
    committed(
        uow_factory,
        ("transcripts", typed),
        ("transcripts", heard),
        ("transcripts", chunk("old", 0, 9, ChunkSource.BATCH)),
        ("transcripts", chunk("elsewhere", 0, 9, ChunkSource.BATCH, sid="s2")),
    )
    # chunks labelled as live, typed or of another session are still filed as s1's batch pass
    rerun = [chunk("b1", 0, 5), chunk("b2", 5, 9, ChunkSource.TEXT, sid="s2")]
    with uow_factory() as uow:
        uow.transcripts.replace_batch("s1", rerun)
        uow.commit()
    with uow_factory() as uow:
        batch = uow.transcripts.all("s1", ChunkSource.BATCH)
        assert [(c.id, c.session_id, c.source) for c in batch] == [
            ("b1", "s1", ChunkSource.BATCH),
            ("b2", "s1", ChunkSource.BATCH),
        ]
        assert [c.text for c in batch] == [c.text for c in rerun]
        assert fields(uow.transcripts.all("s1", ChunkSource.TEXT)[0]) == fields(typed)
        assert fields(uow.transcripts.all("s1", ChunkSource.LIVE)[0]) == fields(heard)
        assert [c.id for c in uow.transcripts.since("s1", 0)] == ["typed", "heard"]
        assert [c.id for c in uow.transcripts.all("s2", ChunkSource.BATCH)] == ["elsewhere"]
        assert uow.transcripts.all("s2", ChunkSource.TEXT) == []


# --- suggestions ---------------------------------------------------------------------------


def test_suggestions(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("suggestions", suggestion("g1", 60, 1)),
        ("suggestions", suggestion("g3", 200, 3)),
        ("suggestions", suggestion("g2", 120, 2)),
    )
    with uow_factory() as uow:
        assert fields(uow.suggestions.get("g1")) == fields(suggestion("g1", 60, 1))
        assert uow.suggestions.get("missing") is None
        assert uow.suggestions.latest("s1").id == "g3"
        assert uow.suggestions.latest("empty") is None
        dismissed = uow.suggestions.get("g3")
        dismissed.dismiss()
        uow.suggestions.update(dismissed)
        uow.commit()
    with uow_factory() as uow:
        assert [s.id for s in uow.suggestions.pending("s1")] == ["g1", "g2"]
        assert uow.suggestions.latest("s1").status is SuggestionStatus.DISMISSED


# --- materials, notes, mastery -------------------------------------------------------------


def test_materials(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("materials", material("m2", 20)),
        ("materials", material("m1", 10)),
        ("materials", material("x", 5, lecture="other")),
    )
    with uow_factory() as uow:
        assert fields(uow.materials.get("m1")) == fields(material("m1", 10))
        assert uow.materials.get("missing") is None
        assert [m.id for m in uow.materials.list_for_lecture("lec")] == ["m1", "m2"]


def test_notes(uow_factory: UowFactory) -> None:
    draft = IntegratedNote.draft(id="n1", session_id="s1", content="# 정리\n스택", now=at(0))
    committed(uow_factory, ("notes", draft))
    with uow_factory() as uow:
        assert fields(uow.notes.get_for_session("s1")) == fields(draft)
        assert uow.notes.get_for_session("s2") is None
        with pytest.raises(Conflict, match="this session already has a note"):
            uow.notes.add(IntegratedNote.draft(id="n2", session_id="s1", content="x", now=at(1)))
        note = uow.notes.get_for_session("s1")
        note.edit("# 정리\n큐", at(5))
        note.approve("prof", at(6))
        uow.notes.update(note)
        uow.commit()
    with uow_factory() as uow:
        assert fields(uow.notes.get_for_session("s1")) == fields(note)


def test_note_revisions_are_kept_in_number_order_once_each(uow_factory: UowFactory) -> None:
    note = IntegratedNote.draft(id="n1", session_id="s1", content="# 정리\n스택", now=at(0))
    first = note.revision_record(None)
    note.edit("# 정리\n큐", at(5))
    note.approve("prof", at(6))
    approved = note.revision_record("prof")
    with uow_factory() as uow:
        uow.notes.add(note)
        uow.notes.add_revision(approved)  # kept out of order: read back by number
        uow.notes.add_revision(first)
        uow.commit()
    with uow_factory() as uow:
        assert uow.notes.revisions("s1") == [first, approved]
        assert uow.notes.revisions("s2") == []
        assert approved.approved and approved.saved_at == at(6) and first.saved_by is None
        with pytest.raises(Conflict, match="this note revision is already kept"):
            uow.notes.add_revision(attrs.evolve(first, content="다른 저장"))
    with uow_factory() as uow:
        assert [r.content for r in uow.notes.revisions("s1")] == ["# 정리\n스택", "# 정리\n큐"]


def test_mastery_counts_answers(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        uow.mastery.record("kim", "스택", True)
        uow.mastery.record("kim", "스택", False)
        uow.mastery.record("kim", "큐", True)
        uow.mastery.record("lee", "스택", True)
        uow.commit()
    with uow_factory() as uow:
        rows = sorted(uow.mastery.for_student("kim"), key=lambda row: row.concept)
        assert rows == [ConceptMastery("kim", "스택", 2, 1), ConceptMastery("kim", "큐", 1, 1)]
        assert uow.mastery.for_student("nobody") == []


# --- end-of-session jobs and artifacts ------------------------------------------------------


def test_end_jobs(uow_factory: UowFactory) -> None:
    queued = EndJob.queue("s1", at(0))
    committed(
        uow_factory,
        ("jobs", queued),
        ("jobs", EndJob.queue("s2", at(5))),
        ("jobs", EndJob.queue("s0", at(5))),
    )
    with uow_factory() as uow:
        assert fields(uow.jobs.get("s1")) == fields(queued)
        assert uow.jobs.get("missing") is None
        with pytest.raises(Conflict, match="this session already has an end-of-session job"):
            uow.jobs.add(EndJob.queue("s1", at(9)))
        running = uow.jobs.get("s1")
        running.begin(at(1))
        running.step_started(Step.TRANSCRIPT, at(1))
        running.step_done(Step.TRANSCRIPT, at(2), "live chunks: no recording")
        uow.jobs.update(running)
        failed = uow.jobs.get("s2")
        failed.begin(at(6))
        failed.step_started(Step.TRANSCRIPT, at(6))
        failed.step_failed(Step.TRANSCRIPT, "음성 인식 실패", at(7))
        uow.jobs.update(failed)
        uow.commit()
    with uow_factory() as uow:
        assert fields(uow.jobs.get("s1")) == fields(running)
        assert uow.jobs.get("s1").state_of(Step.TRANSCRIPT).finished_at == at(2)
        assert uow.jobs.get("s2").status is JobStatus.FAILED
        assert [job.session_id for job in uow.jobs.unfinished()] == ["s1", "s0"]


def test_artifacts(uow_factory: UowFactory) -> None:
    big = '{"sections": "' + "가" * 300_000 + '"}'
    with uow_factory() as uow:
        uow.artifacts.put("s1", "report", '{"v": 1}')
        uow.artifacts.put("s1", "materials", big)
        uow.commit()
    with uow_factory() as uow:
        assert uow.artifacts.get("s1", "report") == '{"v": 1}'
        assert uow.artifacts.get("s1", "materials") == big
        assert uow.artifacts.get("s1", "missing") is None
        assert uow.artifacts.get("s2", "report") is None
        uow.artifacts.put("s1", "report", '{"v": 2}')  # create or replace
        uow.commit()
    with uow_factory() as uow:
        assert uow.artifacts.get("s1", "report") == '{"v": 2}'


# --- concurrency ---------------------------------------------------------------------------


def race(n: int, attempt: Callable[[int], object]) -> list[object]:
    """Run ``attempt(i)`` in ``n`` threads released together; results or raised domain errors."""
    start = threading.Barrier(n)

    def run(i: int) -> object:
        start.wait()
        try:
            return attempt(i)
        except Conflict as error:
            return error

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def test_one_answer_per_student_under_a_race(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("quizzes", quiz("q1", 0, tags=("스택",))))

    def answer(i: int) -> str:
        with uow_factory() as uow:
            uow.quizzes.add_response(attrs.evolve(response("q1", "kim"), id=f"r{i}"))
            uow.mastery.record("kim", "스택", True)
            uow.commit()
        return f"r{i}"

    outcomes = race(20, answer)
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(conflicts) == 19
    assert {c.detail for c in conflicts} == {"you have already answered this quiz"}
    with uow_factory() as uow:
        stored = uow.quizzes.responses("q1")
        assert [r.id for r in stored] == [o for o in outcomes if isinstance(o, str)]
        assert uow.mastery.for_student("kim") == [ConceptMastery("kim", "스택", 1, 1)]


def test_one_upvote_per_student_under_a_race(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("questions", question("q1", "kim", 0)))

    def upvote(_: int) -> None:
        with uow_factory() as uow:
            uow.questions.add_upvote("q1", "lee")
            uow.commit()

    outcomes = race(10, upvote)
    assert sum(isinstance(o, Conflict) for o in outcomes) == 9
    with uow_factory() as uow:
        assert uow.questions.get("q1").upvoters == frozenset({"lee"})


def test_concurrent_mastery_records_lose_no_count(uow_factory: UowFactory) -> None:
    def record(i: int) -> None:
        with uow_factory() as uow:
            uow.mastery.record("kim", "스택", i % 2 == 0)
            uow.commit()

    race(20, record)
    with uow_factory() as uow:
        assert uow.mastery.for_student("kim") == [ConceptMastery("kim", "스택", 20, 10)]


class CollidingCodes:
    """Hands every code out twice in a row, so concurrent creators keep colliding."""

    def __init__(self) -> None:
        self._next = count()
        self._lock = threading.Lock()

    def candidate(self) -> str:
        with self._lock:
            return f"{100000 + next(self._next) // 2:06d}"


def test_concurrent_session_creation_gives_distinct_codes(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("lectures", Lecture("lec", "prof", T0)))
    core = in_memory(uow=uow_factory, codes=CollidingCodes(), ids=UuidIds())
    prof = Actor.instructor("prof")

    created = race(50, lambda _: core.sessions.create(prof, "lec", "동시 개설"))
    assert all(isinstance(s, LiveSession) for s in created)
    assert len({s.session_code for s in created}) == 50
    with uow_factory() as uow:
        stored = uow.sessions.list_for_instructor("prof")
        assert len({s.session_code for s in stored}) == len(stored) == 50


def test_concurrent_joins_make_one_participant(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("sessions", session()))
    core = in_memory(uow=uow_factory, ids=UuidIds())
    kim = Actor.student("kim")

    joined = race(10, lambda _: core.sessions.join(kim, "123 456", "김"))
    participant_ids = {j.participant.id for j in joined}
    assert len(participant_ids) == 1
    assert sum(j.is_new for j in joined) == 1
    with uow_factory() as uow:
        assert uow.participants.count("s1") == 1


# --- SQL adapter only: failures surface as domain errors ------------------------------------


def test_an_unreachable_database_is_unavailable() -> None:
    storage = SqlStorage.connect("postgresql+psycopg://postgres@127.0.0.1:1/nothing")
    with pytest.raises(Unavailable, match="storage is unavailable"), storage.unit_of_work():
        pass
    with pytest.raises(Unavailable, match="storage is unavailable"):
        storage.migrate()
    storage.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_database_without_schema_is_unavailable(
    backend: str, fresh_sql_url: Callable[[str], str]
) -> None:
    storage = SqlStorage.connect(fresh_sql_url(backend))
    with pytest.raises(Unavailable, match="schema is missing"), storage.unit_of_work() as uow:
        uow.sessions.get("s1")
    storage.dispose()


def test_dropped_postgres_connections_are_replaced(fresh_sql_url: Callable[[str], str]) -> None:
    # what a database restart does to the pool: every idle connection is dead
    url = fresh_sql_url("postgres")
    storage = SqlStorage.connect(url)
    storage.migrate()
    with storage.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    killer = create_engine(url, poolclass=NullPool)
    with killer.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()
    with storage.unit_of_work() as uow:
        uow.lectures.add(Lecture("lec", "prof", T0))
        uow.commit()
    with storage.unit_of_work() as uow:
        assert uow.lectures.get("lec") is not None
    storage.dispose()


def test_in_memory_sqlite_is_refused() -> None:
    with pytest.raises(ValueError, match="in-memory SQLite"):
        SqlStorage.connect("sqlite://")


def test_the_url_never_shows_a_password() -> None:
    storage = SqlStorage.connect("postgresql+psycopg://reboot:s3cret@db.example/reboot")
    assert "s3cret" not in storage.url
    assert storage.url.startswith("postgresql+psycopg://reboot:")


def test_a_bare_postgresql_url_uses_psycopg() -> None:
    storage = SqlStorage.connect("postgres://reboot@db.example/reboot")
    assert storage.url == "postgresql+psycopg://reboot@db.example/reboot"
