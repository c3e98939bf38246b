"""The finders a session board reads for a whole class at once, on every backend:
``participants.student_ids``, ``pulses.current_types`` (kept by the SQL adapter in its own
``pulse_state`` table, filled by migration 0002) and ``quizzes.open_responders``; the counts
the instructor's feed reads (``answer_counts``, ``current_counts``, ``count_active``); and the
SQL adapter's read-only units of work, which on SQLite take no write lock."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from datetime import UTC, timedelta

import pytest
from alembic.script import ScriptDirectory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, inspect, text

from reboot_adapters.sql import SqlStorage
from reboot_adapters.sql._migrate import MIGRATIONS, VERSION_TABLE, upgrade
from reboot_adapters.sql._tables import METADATA
from reboot_core.domain import Lecture, PulseCheck, PulseType, QuizResults
from reboot_core.domain.pulse import current_states
from tests.contract.conftest import SQL_BACKENDS, emptied
from tests.contract.test_storage import (
    KST,
    T0,
    UowFactory,
    at,
    committed,
    participant,
    pulse,
    quiz,
    response,
    session,
)
from tests.strategies import pulse_types, student_ids

U, C = PulseType.UNDERSTAND, PulseType.CONFUSED


def types_of(pulses: list[PulseCheck], session_id: str) -> dict[str, PulseType]:
    """What ``current_types`` must say: the core's own rule over the whole log."""
    latest = current_states(p for p in pulses if p.session_id == session_id)
    return {student: p.pulse_type for student, p in latest.items()}


def answered(responders: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """``open_responders`` without the quizzes nobody answered (the port lets those be absent)."""
    return {quiz_id: set(students) for quiz_id, students in responders.items() if students}


# --- participants ------------------------------------------------------------------------------


def test_student_ids_are_the_students_who_joined_the_session(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("sessions", session()),
        ("sessions", session("s2", "654321")),
        ("participants", participant("kim", t=1)),
        ("participants", participant("lee", t=2)),
        ("participants", participant("park", "s2", t=3)),
        ("participants", participant("kim", "s2", t=4)),
    )
    with uow_factory() as uow:
        assert uow.participants.student_ids("s1") == {"kim", "lee"}
        assert uow.participants.student_ids("s2") == {"park", "kim"}
        assert uow.participants.student_ids("empty") == set()
        assert isinstance(uow.participants.student_ids("s1"), set)


def test_student_ids_see_only_committed_joins(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("participants", participant("kim")))
    with uow_factory() as uow:
        uow.participants.add(participant("lee"))
        assert uow.participants.student_ids("s1") == {"kim", "lee"}  # its own write
    with uow_factory() as uow:
        assert uow.participants.student_ids("s1") == {"kim"}


# --- pulses: current types ---------------------------------------------------------------------


def test_current_types_are_each_students_latest_tap(uow_factory: UowFactory) -> None:
    pulses = [
        pulse("p1", "kim", C, 10),
        pulse("p2", "kim", U, 30),
        pulse("p3", "lee", C, 20),
        pulse("p4", "lee", U, 5),
        pulse("p5", "park", U, 7),
        pulse("x1", "kim", C, 40, session_id="s2"),  # later, but in another session
        pulse("x2", "lee", U, 1, session_id="s2"),
    ]
    committed(
        uow_factory,
        ("participants", participant("choi")),  # joined, never tapped
        *(("pulses", p) for p in pulses),
    )
    with uow_factory() as uow:
        assert uow.pulses.current_types("s1") == {"kim": U, "lee": C, "park": U}
        assert uow.pulses.current_types("s2") == {"kim": C, "lee": U}
        assert uow.pulses.current_types("empty") == {}
        assert "choi" not in uow.pulses.current_types("s1")
        assert all(type(kind) is PulseType for kind in uow.pulses.current_types("s1").values())
        # the same taps with their times: the phone shows a tap expired when the gauge stops
        assert uow.pulses.current_taps("s1") == {
            "kim": (U, at(30)),
            "lee": (C, at(20)),
            "park": (U, at(7)),
        }
        assert uow.pulses.current_taps("empty") == {}


def test_an_older_tap_stored_later_does_not_replace_the_newest(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("pulses", pulse("p1", "kim", U, 30)))
    # a slow request: its tap is older than the one already stored
    committed(uow_factory, ("pulses", pulse("p2", "kim", C, 10)))
    with uow_factory() as uow:
        # and out of order inside one transaction too
        uow.pulses.add(pulse("p3", "lee", C, 50))
        uow.pulses.add(pulse("p4", "lee", U, 40))
        uow.commit()
    with uow_factory() as uow:
        assert uow.pulses.current_types("s1") == {"kim": U, "lee": C}
    committed(uow_factory, ("pulses", pulse("p5", "kim", C, 31)))  # a newer tap still wins
    with uow_factory() as uow:
        assert uow.pulses.current_types("s1") == {"kim": C, "lee": C}


def test_current_types_ties_on_time_go_to_the_larger_id(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("pulses", pulse("b", "kim", U, 5)))
    committed(uow_factory, ("pulses", pulse("a", "kim", C, 5)))  # same instant, smaller id
    with uow_factory() as uow:
        uow.pulses.add(pulse("d", "lee", C, 5))
        uow.pulses.add(pulse("c", "lee", U, 5))
        uow.commit()
    with uow_factory() as uow:
        assert uow.pulses.current_types("s1") == {"kim": U, "lee": C}

    # the same instant written with another offset is still a tie
    kst = PulseCheck("e", "s1", "kim", C, at(5).astimezone(KST))
    committed(uow_factory, ("pulses", kst))
    with uow_factory() as uow:
        assert uow.pulses.current_types("s1") == {"kim": C, "lee": C}

    # one microsecond later wins whatever its id
    later = PulseCheck("0", "s1", "kim", U, at(5) + timedelta(microseconds=1))
    committed(uow_factory, ("pulses", later))
    with uow_factory() as uow:
        assert uow.pulses.current_types("s1") == {"kim": U, "lee": C}


def test_current_types_see_only_committed_taps(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("pulses", pulse("p1", "kim", U, 10)))
    with uow_factory() as uow:
        uow.pulses.add(pulse("p2", "kim", C, 20))
        uow.pulses.add(pulse("p3", "lee", C, 20))
        assert uow.pulses.current_types("s1") == {"kim": C, "lee": C}
    with uow_factory() as uow:
        assert uow.pulses.current_types("s1") == {"kim": U}


@st.composite
def pulse_logs(draw: st.DrawFn, sessions: tuple[str, str]) -> tuple[list[PulseCheck], list[int]]:
    """(pulses in the order they are stored, sizes of the transactions storing them).

    Few students, whole seconds and a microsecond of jitter give many ties on time; offsets
    other than UTC name the same instants differently; ids share a prefix per session, so the
    tie-break compares the drawn suffixes."""
    students = draw(st.lists(student_ids, min_size=1, max_size=4, unique=True))
    events = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sessions),
                st.sampled_from(students),
                pulse_types,
                st.integers(0, 4),  # seconds
                st.integers(0, 1),  # microseconds
                st.sampled_from([UTC, KST]),
            ),
            max_size=14,
        )
    )
    suffixes = draw(
        st.lists(
            st.text("abz09", min_size=1, max_size=3),
            min_size=len(events),
            max_size=len(events),
            unique=True,
        )
    )
    pulses = [
        PulseCheck(
            f"{session_id}-{suffix}",
            session_id,
            student,
            kind,
            (at(seconds) + timedelta(microseconds=micro)).astimezone(zone),
        )
        for (session_id, student, kind, seconds, micro, zone), suffix in zip(
            events, suffixes, strict=True
        )
    ]
    stored = draw(st.permutations(pulses))
    batches = draw(st.lists(st.integers(1, 5), min_size=len(stored), max_size=len(stored)))
    return stored, batches


@settings(
    max_examples=30,  # a few inserts per example on each backend: keep the whole run ~a second
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_current_types_agree_with_the_core_rule(
    uow_factory: UowFactory, data: st.DataObject
) -> None:
    # a fresh pair of sessions per example: the storage is shared by all examples of a backend
    example = uuid.uuid4().hex[:12]
    sessions = (f"{example}a", f"{example}b")
    stored, batches = data.draw(pulse_logs(sessions))

    remaining = list(stored)
    for size in batches:
        if not remaining:
            break
        batch, remaining = remaining[:size], remaining[size:]
        committed(uow_factory, *(("pulses", p) for p in batch))

    with uow_factory() as uow:
        for session_id in sessions:
            expected = types_of(stored, session_id)
            assert uow.pulses.current_types(session_id) == expected
            for student, kind in expected.items():  # the log's own latest agrees
                assert uow.pulses.latest_for_student(session_id, student).pulse_type is kind


# --- quizzes: open responders ------------------------------------------------------------------


def test_open_responders_are_per_open_quiz_and_per_session(uow_factory: UowFactory) -> None:
    closed = quiz("q2", 20)
    closed.close(at(25))
    committed(
        uow_factory,
        ("quizzes", quiz("q1", 10)),
        ("quizzes", closed),
        ("quizzes", quiz("q3", 30)),  # open, nobody answered yet
        ("quizzes", quiz("q4", 40)),
        ("quizzes", quiz("x1", 5, session_id="s2")),
    )
    with uow_factory() as uow:
        for quiz_id, student in [
            ("q1", "kim"),
            ("q1", "lee"),
            ("q2", "kim"),
            ("q2", "park"),
            ("q4", "park"),
            ("x1", "kim"),
            ("x1", "choi"),
        ]:
            uow.quizzes.add_response(response(quiz_id, student))
        uow.commit()
    with uow_factory() as uow:
        s1 = uow.quizzes.open_responders("s1")
        assert answered(s1) == {"q1": {"kim", "lee"}, "q4": {"park"}}
        assert "q2" not in s1  # closed: absent, though it was answered
        assert s1.get("q3", set()) == set()
        assert all(isinstance(students, set) for students in s1.values())
        assert answered(uow.quizzes.open_responders("s2")) == {"x1": {"kim", "choi"}}
        assert answered(uow.quizzes.open_responders("empty")) == {}


def test_a_quiz_closed_later_leaves_the_open_responders(uow_factory: UowFactory) -> None:
    committed(uow_factory, ("quizzes", quiz("q1", 10)), ("quizzes", quiz("q2", 20)))
    with uow_factory() as uow:
        uow.quizzes.add_response(response("q1", "kim"))
        uow.quizzes.add_response(response("q2", "lee"))
        uow.commit()
    with uow_factory() as uow:
        first = uow.quizzes.get("q1")
        first.close(at(30))
        uow.quizzes.update(first)
        uow.commit()
    with uow_factory() as uow:
        responders = uow.quizzes.open_responders("s1")
        assert answered(responders) == {"q2": {"lee"}}
        assert "q1" not in responders


# --- what changed since: the board's class-sized parts kept up to date --------------------------


def test_reads_since_a_moment_give_only_what_was_made_at_or_after_it(
    uow_factory: UowFactory,
) -> None:
    committed(
        uow_factory,
        ("participants", participant("kim", t=1)),
        ("participants", participant("lee", t=5)),
        ("participants", participant("park", "s2", t=9)),
        ("pulses", pulse("p1", "kim", C, 2)),
        ("pulses", pulse("p2", "lee", U, 5)),
        ("pulses", pulse("p3", "kim", U, 8)),  # kim's latest tap is now a later one
        ("pulses", pulse("p4", "park", C, 9, session_id="s2")),
        ("quizzes", quiz("q1", 0)),
        ("quizzes", quiz("x1", 0, session_id="s2")),
    )
    with uow_factory() as uow:
        uow.quizzes.add_response(response("q1", "kim", t=3))
        uow.quizzes.add_response(response("q1", "lee", t=6))
        uow.quizzes.add_response(response("x1", "park", t=9))
        uow.commit()
    with uow_factory() as uow:
        assert uow.participants.student_ids("s1", since=at(5)) == {"lee"}  # at 5 is included
        assert uow.participants.student_ids("s1", since=at(0)) == {"kim", "lee"}
        assert uow.participants.student_ids("s1", since=at(6)) == set()
        assert uow.pulses.current_taps("s1", since=at(5)) == {"lee": (U, at(5)), "kim": (U, at(8))}
        assert uow.pulses.current_taps("s1", since=at(8.5)) == {}
        assert answered(uow.quizzes.open_responders("s1", since=at(4))) == {"q1": {"lee"}}
        assert answered(uow.quizzes.open_responders("s1", since=at(7))) == {}
        # the same instant named in another offset bounds the same rows
        assert uow.participants.student_ids("s1", since=at(5).astimezone(KST)) == {"lee"}
        assert set(uow.pulses.current_taps("s1", since=at(5).astimezone(KST))) == {"lee", "kim"}


@settings(
    max_examples=20,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    joins=st.lists(st.integers(0, 20), min_size=1, max_size=6),
    taps=st.lists(st.tuples(st.integers(0, 5), pulse_types, st.integers(0, 20)), max_size=10),
    answers=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 20)), max_size=6),
    since=st.integers(0, 21),
)
def test_a_read_since_is_the_full_read_filtered_by_time(
    uow_factory: UowFactory, joins: list[int], taps: list, answers: list, since: int
) -> None:
    sid = f"s-{uuid.uuid4().hex[:12]}"
    students = [f"stu{i}" for i in range(len(joins))]
    committed(
        uow_factory,
        *(("participants", participant(s, sid, t=t)) for s, t in zip(students, joins, strict=True)),
        *(
            ("pulses", pulse(f"{sid}-p{i}", students[who % len(students)], kind, t, sid))
            for i, (who, kind, t) in enumerate(taps)
        ),
        ("quizzes", quiz(f"{sid}-q", 0, session_id=sid)),
    )
    given_answers = {students[who % len(students)]: t for who, t in answers}
    with uow_factory() as uow:
        for student, t in given_answers.items():
            uow.quizzes.add_response(response(f"{sid}-q", student, t=t))
        uow.commit()
    bound = at(since)
    with uow_factory() as uow:
        joined = {s for s, t in zip(students, joins, strict=True) if at(t) >= bound}
        assert uow.participants.student_ids(sid, since=bound) == joined
        full = uow.pulses.current_taps(sid)
        recent = {s: tap for s, tap in full.items() if tap[1] >= bound}
        assert uow.pulses.current_taps(sid, since=bound) == recent
        late = {s for s, t in given_answers.items() if at(t) >= bound}
        assert answered(uow.quizzes.open_responders(sid, since=bound)) == (
            {f"{sid}-q": late} if late else {}
        )


# --- migration 0002: pulse_state filled from the log --------------------------------------------


@pytest.mark.parametrize("backend", SQL_BACKENDS)
def test_migration_0002_fills_pulse_state_from_the_log(
    backend: str, fresh_sql_url: Callable[[str], str]
) -> None:
    storage = SqlStorage.connect(fresh_sql_url(backend))
    try:
        upgrade(storage.engine, "0001")
        assert "pulse_state" not in inspect(storage.engine).get_table_names()
        log = [
            pulse("k1", "kim", C, 10),
            pulse("k3", "kim", U, 30),
            pulse("k2", "kim", C, 20),
            pulse("l2", "lee", U, 5),  # lee's two latest share an instant: l2 > l1
            pulse("l1", "lee", C, 5),
            pulse("l0", "lee", C, 1),
            pulse("p1", "park", C, 7),
            pulse("x1", "kim", C, 99, session_id="s2"),
            pulse("x2", "kim", U, 50, session_id="s2"),
        ]
        with storage.engine.begin() as connection:  # as the app at revision 0001 wrote them
            connection.execute(
                METADATA.tables["pulse_check"].insert(),
                [
                    {
                        "id": p.id,
                        "session_id": p.session_id,
                        "student_id": p.student_id,
                        "pulse_type": p.pulse_type.value,
                        "created_at": p.created_at,
                    }
                    for p in log
                ],
            )

        upgrade(storage.engine)  # to head
        with storage.engine.connect() as connection:
            version = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
            assert version.scalar_one() == ScriptDirectory(str(MIGRATIONS)).get_current_head()
        with storage.read_unit_of_work() as uow:
            assert uow.pulses.current_types("s1") == {"kim": U, "lee": U, "park": C}
            assert uow.pulses.current_types("s1") == types_of(log, "s1")
            assert uow.pulses.current_types("s2") == types_of(log, "s2") == {"kim": C}

        # the backfilled rows take part in later upserts like any other
        later = [
            pulse("k0", "kim", C, 29),  # older than k3: ignored
            pulse("l3", "lee", C, 5),  # ties l2 and has the larger id: wins
            pulse("p2", "park", U, 8),  # newer: wins
        ]
        committed(storage.unit_of_work, *(("pulses", p) for p in later))
        with storage.unit_of_work() as uow:
            assert uow.pulses.current_types("s1") == {"kim": U, "lee": C, "park": U}
            assert uow.pulses.current_types("s1") == types_of(log + later, "s1")
    finally:
        storage.dispose()


# --- SQL adapter: read-only units of work --------------------------------------------------------


@pytest.mark.parametrize("sql_storage", SQL_BACKENDS, indirect=True)
def test_a_read_unit_of_work_reads_the_board(sql_storage: SqlStorage) -> None:
    committed(
        sql_storage.unit_of_work,
        ("participants", participant("kim")),
        ("pulses", pulse("p1", "kim", C, 10)),
        ("quizzes", quiz("q1", 10)),
    )
    with sql_storage.unit_of_work() as uow:
        uow.quizzes.add_response(response("q1", "kim"))
        uow.commit()
    with sql_storage.read_unit_of_work() as uow:
        assert uow.participants.student_ids("s1") == {"kim"}
        assert uow.pulses.current_types("s1") == {"kim": C}
        assert answered(uow.quizzes.open_responders("s1")) == {"q1": {"kim"}}


@contextmanager
def begins(storage: SqlStorage) -> Iterator[list[str]]:
    """The BEGIN statements the engine sends while the block runs."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.upper().startswith("BEGIN"):
            statements.append(statement.upper())

    event.listen(storage.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(storage.engine, "before_cursor_execute", record)


@pytest.fixture
def sqlite_file(sqlite_storage: SqlStorage) -> SqlStorage:
    return emptied(sqlite_storage)


@contextmanager
def write_lock_held(storage: SqlStorage) -> Iterator[sqlite3.Connection]:
    """Another connection (another process, say) in a write transaction with an uncommitted
    lecture "pending"; rolled back on exit unless committed in the block."""
    raw = sqlite3.connect(
        storage.engine.url.database, isolation_level=None, timeout=0, check_same_thread=False
    )
    with closing(raw):
        raw.execute("BEGIN IMMEDIATE")
        raw.execute(
            "INSERT INTO lecture (id, owner_id, created_at) "
            "VALUES ('pending', 'prof', '2026-03-02 09:00:00.000000')"
        )
        try:
            yield raw
        finally:
            if raw.in_transaction:
                raw.rollback()


def test_sqlite_reads_begin_deferred_and_writes_immediate(sqlite_file: SqlStorage) -> None:
    with begins(sqlite_file) as statements:
        with sqlite_file.read_unit_of_work() as uow:
            uow.lectures.get("lec")
        with sqlite_file.unit_of_work() as uow:
            uow.lectures.get("lec")
        # the pooled connection the reader used does not keep its option
        with sqlite_file.unit_of_work() as uow:
            uow.lectures.get("lec")
    assert statements == ["BEGIN", "BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]


@pytest.mark.parametrize("pooled", [True, False], ids=["pooled", "new-connection"])
def test_sqlite_reads_do_not_wait_for_a_writer(sqlite_file: SqlStorage, pooled: bool) -> None:
    committed(
        sqlite_file.unit_of_work,
        ("lectures", Lecture("kept", "prof", T0)),
        ("participants", participant("kim")),
        ("pulses", pulse("p1", "kim", U, 10)),
    )
    if not pooled:
        sqlite_file.dispose()  # the reader opens (and configures) a connection under the lock
    with write_lock_held(sqlite_file):
        started = time.monotonic()
        with sqlite_file.read_unit_of_work() as uow:
            assert uow.lectures.get("kept") is not None
            assert uow.lectures.get("pending") is None  # not committed
            assert uow.participants.student_ids("s1") == {"kim"}
            assert uow.pulses.current_types("s1") == {"kim": U}
        elapsed = time.monotonic() - started
    assert elapsed < 1.0  # the busy timeout is 5 s: it did not queue on the lock


def test_an_open_sqlite_read_does_not_hold_the_write_lock(sqlite_file: SqlStorage) -> None:
    path = sqlite_file.engine.url.database
    with sqlite_file.read_unit_of_work() as uow:
        uow.lectures.get("lec")  # the transaction has begun
        with closing(sqlite3.connect(path, isolation_level=None, timeout=0)) as other:
            other.execute("BEGIN IMMEDIATE")  # would raise "database is locked" at once
            other.rollback()
    with sqlite_file.unit_of_work() as uow:
        uow.lectures.get("lec")
        other = sqlite3.connect(path, isolation_level=None, timeout=0)
        with closing(other), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")


def test_a_sqlite_write_queues_for_the_lock(sqlite_file: SqlStorage) -> None:
    hold = 0.3
    with write_lock_held(sqlite_file) as raw:
        release = threading.Timer(hold, raw.commit)
        release.start()
        try:
            started = time.monotonic()
            committed(sqlite_file.unit_of_work, ("lectures", Lecture("later", "prof", T0)))
            waited = time.monotonic() - started
        finally:
            release.join()
    assert hold * 0.8 <= waited < 2.0  # queued until the other writer committed, no error
    with sqlite_file.read_unit_of_work() as uow:
        assert uow.lectures.get("pending") is not None
        assert uow.lectures.get("later") is not None


# --- counts for the instructor's feed ------------------------------------------------------------


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.data(),
    answers=st.lists(
        st.sampled_from(["후입선출", "선입선출", "무작위", "보기에 없는 답"]), max_size=8
    ),
)
def test_answer_counts_add_up_to_the_answers_given(
    uow_factory: UowFactory, data: st.DataObject, answers: list[str]
) -> None:
    quiz_id = f"q-{uuid.uuid4().hex[:12]}"
    asked = quiz(quiz_id, 0, session_id=f"s-{quiz_id}")
    committed(uow_factory, ("quizzes", asked))
    given_answers = [response(quiz_id, f"stu{i}", answer) for i, answer in enumerate(answers)]
    with uow_factory() as uow:
        for answer in given_answers:
            uow.quizzes.add_response(answer)
        uow.commit()
    with uow_factory() as uow:
        counts = uow.quizzes.answer_counts(quiz_id)
    # answers outside the options (stored before a quiz was edited, say) count in the totals only
    expected = QuizResults(
        {option: answers.count(option) for option in asked.options},
        correct_count=sum(r.is_correct for r in given_answers),
        response_count=len(given_answers),
        participant_count=10,
    )
    assert QuizResults.of_counts(asked, counts, 10) == expected
    assert sum(given for given, _ in counts.values()) == len(answers)


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seen=st.lists(st.integers(0, 60), min_size=1, max_size=6),
    taps=st.lists(st.tuples(st.integers(0, 5), pulse_types, st.integers(0, 60)), max_size=12),
    now=st.integers(30, 90),
)
def test_current_counts_are_the_active_students_recent_latest_taps(
    uow_factory: UowFactory, seen: list[int], taps: list, now: int
) -> None:
    session_id = f"s-{uuid.uuid4().hex[:12]}"
    students = [f"stu{i}" for i in range(len(seen))]
    with uow_factory() as uow:
        for student, last in zip(students, seen, strict=True):
            joined = participant(student, session_id)
            joined.last_seen = at(last)
            uow.participants.add(joined)
        uow.commit()
    stored = [
        pulse(f"{session_id}-{i}", students[who % len(students)], kind, t, session_id)
        for i, (who, kind, t) in enumerate(taps)
    ]
    committed(uow_factory, *(("pulses", p) for p in stored))
    since, seen_since = at(now - 60), at(now - 15)
    active = {s for s, last in zip(students, seen, strict=True) if at(last) >= seen_since}
    counted = [
        p.pulse_type
        for student, p in current_states(stored).items()
        if student in active and p.created_at >= since
    ]
    expected = {kind: counted.count(kind) for kind in set(counted)}
    with uow_factory() as uow:
        counts = uow.pulses.current_counts(session_id, since, seen_since)
        assert {kind: n for kind, n in counts.items() if n} == expected
        assert uow.participants.count_active(session_id, seen_since) == len(active)
