"""Reading what the end-of-session job produced: the report and personal summaries."""

from __future__ import annotations

from reboot_core.domain.actor import Actor
from reboot_core.domain.report import InsightReport
from reboot_core.domain.summary import PersonalSummary, build_summary
from reboot_core.errors import NotFound
from reboot_core.services import _artifacts as artifacts
from reboot_core.services._context import Dependencies, load_session, require_participant


class InsightService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def report(self, actor: Actor, session_id: str) -> InsightReport:
        """The instructor's report (owner only); NotFound until the job has made it."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            payload = uow.artifacts.get(session_id, artifacts.REPORT)
        if payload is None:
            raise NotFound("the report is not ready yet")
        return artifacts.loads(payload, InsightReport)

    def summary(self, actor: Actor, session_id: str) -> PersonalSummary:
        """The calling participant's own summary; NotFound until the job has made it.

        A review-only participant (absent from the class) was not there when the job ran:
        theirs is made on request, with no taps or answers, so every concept of the
        session's quizzes is one to review."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            participant = require_participant(uow, session, actor)
            if participant.review_only:
                quizzes = [
                    q for q in uow.quizzes.list_for_session(session_id) if not q.is_withdrawn
                ]
                return build_summary(
                    session, actor.user_id, pulses=(), quizzes=quizzes, responses=()
                )
            payload = uow.artifacts.get(session_id, artifacts.summary_name(actor.user_id))
        if payload is None:
            raise NotFound("your summary is not ready yet")
        return artifacts.loads(payload, PersonalSummary)
