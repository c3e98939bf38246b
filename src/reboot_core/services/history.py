"""The instructor's history, kept on the server: their lectures and each lecture's sessions
with the figures a list shows, so every browser of theirs sees the same past."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.lecture import Lecture
from reboot_core.domain.session import LiveSession
from reboot_core.errors import NotFound
from reboot_core.services._context import Dependencies


@attrs.frozen
class LectureSummary:
    lecture: Lecture
    session_count: int
    last_session_at: datetime | None


@attrs.frozen
class SessionSummary:
    session: LiveSession
    participant_count: int
    answer_count: int


class HistoryService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def my_lectures(self, actor: Actor) -> Sequence[LectureSummary]:
        """The acting instructor's lectures, oldest first, with how many sessions each had."""
        actor.require_instructor()
        with self._deps.uow() as uow:
            lectures = list(uow.lectures.list_for_owner(actor.user_id))
            sessions = uow.sessions.list_for_instructor(actor.user_id)
        by_lecture: dict[str, list[LiveSession]] = {}
        for session in sessions:
            by_lecture.setdefault(session.lecture_id, []).append(session)
        return [
            LectureSummary(
                lecture,
                len(by_lecture.get(lecture.id, [])),
                max((s.created_at for s in by_lecture.get(lecture.id, [])), default=None),
            )
            for lecture in lectures
        ]

    def lecture_sessions(self, actor: Actor, lecture_id: str) -> Sequence[SessionSummary]:
        """A lecture's sessions, newest first, with participant and answer counts (its
        instructor only)."""
        actor.require_instructor()
        with self._deps.uow() as uow:
            lecture = uow.lectures.get(lecture_id)
            if lecture is None:
                raise NotFound("no such lecture")
            lecture.require_owner(actor)
            sessions = list(uow.sessions.list_for_lecture(lecture_id))
            summaries = [
                SessionSummary(
                    session,
                    uow.participants.count(session.id),
                    uow.quizzes.response_count(session.id),
                )
                for session in sessions
            ]
        return summaries[::-1]


__all__ = ["HistoryService", "LectureSummary", "SessionSummary"]
