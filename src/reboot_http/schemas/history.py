"""Bodies of the instructor's history lists: my lectures, a lecture's sessions."""

from __future__ import annotations

from datetime import datetime

import msgspec

from reboot_core.services import LectureSummary, SessionSummary


class LectureListItem(msgspec.Struct):
    lecture_id: str
    created_at: datetime
    session_count: int
    last_session_at: datetime | None


class SessionListItem(msgspec.Struct):
    id: str
    lecture_id: str
    title: str
    status: str
    session_code: str
    join_url: str
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    participant_count: int
    answer_count: int


def lecture_item(summary: LectureSummary) -> LectureListItem:
    return LectureListItem(
        lecture_id=summary.lecture.id,
        created_at=summary.lecture.created_at,
        session_count=summary.session_count,
        last_session_at=summary.last_session_at,
    )


def session_item(summary: SessionSummary, join_url: str) -> SessionListItem:
    session = summary.session
    return SessionListItem(
        id=session.id,
        lecture_id=session.lecture_id,
        title=session.title,
        status=session.status.value,
        session_code=session.session_code,
        join_url=join_url,
        created_at=session.created_at,
        started_at=session.started_at,
        ended_at=session.ended_at,
        participant_count=summary.participant_count,
        answer_count=summary.answer_count,
    )


__all__ = ["LectureListItem", "SessionListItem", "lecture_item", "session_item"]
