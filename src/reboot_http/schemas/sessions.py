"""Bodies of live-session routes: create, transitions, join, status."""

from __future__ import annotations

from datetime import datetime

import msgspec

from reboot_core import LiveSession
from reboot_core.services import Joined, SessionOverview


class SessionCreateIn(msgspec.Struct):
    lecture_id: str | int
    title: str = ""


class SessionOut(msgspec.Struct):
    id: str
    lecture_id: str
    session_code: str
    status: str
    title: str
    join_url: str
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    # the link to share with absent students once the session ended (code and join token)
    review_url: str = ""


class JoinIn(msgspec.Struct):
    session_code: str
    display_name: str | None = None
    # from the QR link: joins that carry it are not counted as code guesses
    join_token: str | None = msgspec.field(default=None)


class JoinOut(msgspec.Struct):
    participant_id: str
    live_session_id: str
    learning_session_id: str
    token: str
    user_id: str
    status: str
    title: str
    is_new: bool
    # joined after the end: may read the note, take the self-test and see the gap map only
    review_only: bool = False


class StatusOut(msgspec.Struct):
    id: str
    lecture_id: str
    title: str
    status: str
    session_code: str
    participant_count: int
    active_count: int
    started_at: datetime | None
    ended_at: datetime | None


def session_out(session: LiveSession, join_url: str, review_url: str = "") -> SessionOut:
    return SessionOut(
        id=session.id,
        lecture_id=session.lecture_id,
        session_code=session.session_code,
        status=session.status.value,
        title=session.title,
        join_url=join_url,
        created_at=session.created_at,
        started_at=session.started_at,
        ended_at=session.ended_at,
        review_url=review_url,
    )


def join_out(joined: Joined, token: str) -> JoinOut:
    return JoinOut(
        participant_id=joined.participant.id,
        live_session_id=joined.session.id,
        learning_session_id=joined.participant.learning_session_id,
        token=token,
        user_id=joined.participant.student_id,
        status=joined.session.status.value,
        title=joined.session.title,
        is_new=joined.is_new,
        review_only=joined.participant.review_only,
    )


def status_out(overview: SessionOverview) -> StatusOut:
    return StatusOut(
        id=overview.id,
        lecture_id=overview.lecture_id,
        title=overview.title,
        status=overview.status.value,
        session_code=overview.session_code,
        participant_count=overview.participant_count,
        active_count=overview.active_count,
        started_at=overview.started_at,  # type: ignore[arg-type]
        ended_at=overview.ended_at,  # type: ignore[arg-type]
    )


__all__ = [
    "JoinIn",
    "JoinOut",
    "SessionCreateIn",
    "SessionOut",
    "StatusOut",
    "join_out",
    "session_out",
    "status_out",
]
