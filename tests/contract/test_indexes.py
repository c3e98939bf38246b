"""Every polling read runs on an index: EXPLAIN the adapter's own statements.

The statements are captured while the repositories run, then explained with the same
parameters on a database filled like a busy deployment (many sessions, so one session's rows are
a small slice and PostgreSQL's planner chooses by cost as it would in production). A plan fails
when it reads a whole polled table: SQLite's ``SCAN <table>``, or on PostgreSQL a sequential scan
or an index scan with no index condition.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, text

from reboot_adapters.sql import SqlStorage
from reboot_adapters.sql._tables import (
    ParticipantRow,
    PulseRow,
    QuestionRow,
    QuizResponseRow,
    QuizRow,
    SessionRow,
    UpvoteRow,
)
from reboot_core.ports.storage import UnitOfWork

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SESSIONS, STUDENTS, QUIZZES = 400, 10, 5
POLLED_TABLES = {
    "pulse_check",
    "live_participant",
    "live_quiz",
    "live_quiz_response",
    "live_question",
    "live_question_upvote",
    "live_session",
}


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def storage(request: pytest.FixtureRequest, fresh_sql_url: Callable[[str], str]) -> Iterator:
    storage = SqlStorage.connect(fresh_sql_url(request.param))
    storage.migrate()
    _fill(storage)
    yield storage
    storage.dispose()


def _fill(storage: SqlStorage) -> None:
    rows: dict[Any, list[dict]] = {table: [] for table in (SessionRow, ParticipantRow, PulseRow)}
    rows |= {table: [] for table in (QuestionRow, UpvoteRow, QuizRow, QuizResponseRow)}
    for s in range(SESSIONS):
        sid, code = f"s{s}", f"{100000 + s}"
        status = "LIVE" if s % 2 else "ENDED"
        rows[SessionRow].append(
            dict(id=sid, lecture_id="lec", instructor_id="prof", session_code=code, title="",
                 status=status, created_at=T0, started_at=None, ended_at=None)
        )  # fmt: skip
        for n in range(STUDENTS):
            student, t = f"st{n}", T0 + timedelta(seconds=n)
            rows[ParticipantRow].append(
                dict(id=f"{sid}-{n}", session_id=sid, student_id=student, display_name="",
                     learning_session_id="", joined_at=t, last_seen=t)
            )  # fmt: skip
            for k in range(2):
                rows[PulseRow].append(
                    dict(id=f"{sid}-{n}-{k}", session_id=sid, student_id=student,
                         pulse_type="CONFUSED", created_at=t + timedelta(seconds=k))
                )  # fmt: skip
            rows[QuestionRow].append(
                dict(id=f"{sid}-q{n}", session_id=sid, asker_id=student, text="질문",
                     created_at=t, is_answered=False, cluster_group=None)
            )  # fmt: skip
            rows[UpvoteRow].append(
                dict(question_id=f"{sid}-q{n}", student_id="st0", session_id=sid)
            )
        for z in range(QUIZZES):
            quiz_id = f"{sid}-z{z}"
            rows[QuizRow].append(
                dict(id=quiz_id, session_id=sid, question_text="Q?", options=["A", "B"],
                     correct_answer="A", explanation="", is_ai_generated=False, triggered_at=T0,
                     concept_tags=[], closed_at=None)
            )  # fmt: skip
            for n in range(0, STUDENTS, 2):
                rows[QuizResponseRow].append(
                    dict(id=f"{quiz_id}-{n}", quiz_id=quiz_id, student_id=f"st{n}", answer="A",
                         is_correct=True, responded_at=T0)
                )  # fmt: skip
    with storage.engine.begin() as connection:
        for table, values in rows.items():
            connection.execute(table.__table__.insert(), values)
    with storage.engine.begin() as connection:
        connection.execute(text("ANALYZE"))


@contextmanager
def captured(storage: SqlStorage) -> Iterator[list[tuple[str, object]]]:
    statements: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(storage.engine, "before_cursor_execute", remember)
    try:
        yield statements
    finally:
        event.remove(storage.engine, "before_cursor_execute", remember)


def full_scans(storage: SqlStorage, statement: str, parameters: object) -> list[str]:
    """The plan's reads of a whole polled table (empty when every read is an index lookup)."""
    with storage.engine.connect() as connection:
        if storage.engine.dialect.name == "sqlite":
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            steps = [row[-1] for row in plan]
            # "SCAN t" reads all of t, with or without "USING INDEX"; "SEARCH t" is a lookup
            return [s for s in steps if s.split()[:1] == ["SCAN"] and s.split()[1] in POLLED_TABLES]
        plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
        return [_describe(node) for node in _nodes(_json_plan(plan.scalar_one())) if _full(node)]


def _json_plan(value: Any) -> dict:
    return (json.loads(value) if isinstance(value, str) else value)[0]["Plan"]


def _nodes(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _full(node: dict) -> bool:
    if node.get("Relation Name") not in POLLED_TABLES:
        return False
    # an index scan without a condition walks the whole index: as bad as reading the table
    return node["Node Type"] == "Seq Scan" or (
        "Index" in node["Node Type"] and "Index Cond" not in node
    )


def _describe(node: dict) -> str:
    return f"{node['Node Type']} on {node['Relation Name']} {node.get('Index Name', '')}".strip()


POLLING_READS: dict[str, Callable[[UnitOfWork], object]] = {
    "pulse stats window": lambda uow: uow.pulses.current_counts(
        "s1", T0 + timedelta(seconds=30), T0
    ),
    "active students": lambda uow: uow.participants.count_active("s1", T0),
    "my latest pulse": lambda uow: uow.pulses.latest_for_student("s1", "st3"),
    "pending quizzes": lambda uow: uow.quizzes.pending_for_student("s1", "st1"),
    # read on every answer, for the answer-once rule: hot during a quiz wave
    "my answers": lambda uow: uow.quizzes.responses_of_student("s1", "st2"),
    "questions of a session": lambda uow: uow.questions.list_for_session("s1"),
    "participant": lambda uow: uow.participants.get("s1", "st3"),
    "participant count": lambda uow: uow.participants.count("s1"),
    "session by code": lambda uow: uow.sessions.get_open_by_code("100001"),
}


@pytest.mark.parametrize("read", POLLING_READS, ids=list(POLLING_READS))
def test_polling_reads_use_an_index(storage: SqlStorage, read: str) -> None:
    with captured(storage) as statements, storage.unit_of_work() as uow:
        POLLING_READS[read](uow)
    assert statements, "the read ran no SELECT"
    for statement, parameters in statements:
        assert full_scans(storage, statement, parameters) == [], statement
