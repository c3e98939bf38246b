"""Opening, running and joining live sessions."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.end_job import EndJob
from reboot_core.domain.participant import LiveParticipant, clean_display_name
from reboot_core.domain.session import LiveSession, SessionStatus, normalize_code
from reboot_core.errors import Conflict, Invalid, NotFound, Unavailable
from reboot_core.services._context import (
    Dependencies,
    claim_lecture,
    load_session,
    require_member,
    require_participant,
)

log = logging.getLogger(__name__)


@attrs.frozen
class SessionOverview:
    """What the status endpoint shows: no participant names, only counts."""

    id: str
    lecture_id: str
    title: str
    status: SessionStatus
    session_code: str
    participant_count: int
    active_count: int
    started_at: datetime | None
    ended_at: datetime | None


@attrs.frozen
class Joined:
    session: LiveSession
    participant: LiveParticipant
    is_new: bool


class SessionService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def create(self, actor: Actor, lecture_id: str, title: str = "") -> LiveSession:
        """Open a WAITING session with a fresh 6-digit code.

        Raises Forbidden for students or another instructor's lecture, Invalid for bad input,
        Unavailable when no free code was found within the policy's attempts.
        """
        actor.require_instructor()
        deps = self._deps
        if not isinstance(lecture_id, str) or not lecture_id.strip():
            raise Invalid("lecture id must not be empty")
        lecture_id = lecture_id.strip()
        for _ in range(deps.policy.code_attempts):
            code = deps.codes.candidate()
            with deps.uow() as uow:
                now = deps.clock.now()
                claim_lecture(uow, actor, lecture_id, now)
                if uow.sessions.code_in_use(code):
                    continue
                session = LiveSession.open(
                    id=deps.ids.new_id(),
                    lecture_id=lecture_id,
                    instructor_id=actor.user_id,
                    code=code,
                    title=title,
                    now=now,
                    max_title_chars=deps.policy.max_title_chars,
                )
                try:
                    uow.sessions.add(session)
                    uow.commit()
                except Conflict:
                    continue  # another process took the code between our check and insert
                return session
        raise Unavailable("no free session code could be found; end old sessions or try again")

    def get(self, actor: Actor, session_id: str) -> LiveSession:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            require_member(uow, session, actor)
            return session

    def list_mine(self, actor: Actor) -> Sequence[LiveSession]:
        actor.require_instructor()
        with self._deps.uow() as uow:
            return list(uow.sessions.list_for_instructor(actor.user_id))

    def start(self, actor: Actor, session_id: str) -> LiveSession:
        return self._transition(actor, session_id, LiveSession.start)

    def end(self, actor: Actor, session_id: str) -> LiveSession:
        """End the session and queue the end-of-session job; returns at once."""
        session = self._transition(actor, session_id, LiveSession.end, queue_job=True)
        try:
            self._deps.jobs.enqueue(session.id)
        except Exception:
            # the session has ended and its job is stored: a restart or a re-run picks it up
            log.exception("could not queue the end-of-session job of %s", session.id)
        return session

    def _transition(self, actor: Actor, session_id: str, move, queue_job=False) -> LiveSession:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            now = self._deps.clock.now()
            move(session, now)
            uow.sessions.update(session)
            if queue_job:
                # in the same transaction: an ended session always has its job
                uow.jobs.add(EndJob.queue(session.id, now))
            uow.commit()
            return session

    def find_by_code(self, code: str) -> LiveSession:
        """The open session with this code; tolerant of spaces and dashes."""
        normalized = normalize_code(code)
        with self._deps.uow() as uow:
            session = uow.sessions.get_open_by_code(normalized)
        if session is None:
            raise NotFound("no open session has this code")
        return session

    def find_for_join(self, code: str) -> LiveSession:
        """The session a join with this code enters: the open one, else the ENDED session that
        last had the code (joined for review)."""
        normalized = normalize_code(code)
        with self._deps.reader() as uow:
            session = uow.sessions.get_open_by_code(normalized)
            if session is None:
                session = uow.sessions.get_ended_by_code(normalized)
        if session is None:
            raise NotFound("no session has this code")
        return session

    def join(self, actor: Actor, code: str, display_name: str | None = None) -> Joined:
        """Join by code. Idempotent: joining again returns the same participant.

        The code of an ENDED session (the last one that had it) makes a review-only
        participant: an absent student who may read the note, take the self-test and see the
        gap map, but sends nothing live and is not counted as attendance.

        The host's learning-session hook is called outside any transaction (it may be slow),
        and only for a student who has not joined yet.
        """
        actor.require_student()
        name = clean_display_name(display_name)
        normalized = normalize_code(code)
        deps = self._deps
        for _ in range(2):  # the second round only runs when a concurrent join won the insert
            with deps.uow() as uow:
                session = uow.sessions.get_open_by_code(normalized)
                if session is None:
                    # ended sessions free their code: the last one that had it is reviewed
                    session = uow.sessions.get_ended_by_code(normalized)
                if session is None:
                    raise NotFound("no session has this code")
                existing = uow.participants.get(session.id, actor.user_id)
                if existing is not None:
                    now = deps.clock.now()
                    uow.participants.touch(session.id, actor.user_id, now)
                    uow.commit()
                    existing.seen(now)
                    return Joined(session, existing, is_new=False)
            learning_session_id = deps.learning.open_for(
                student_id=actor.user_id, lecture_id=session.lecture_id, live_session_id=session.id
            )
            with deps.uow() as uow:
                current = uow.sessions.get(session.id)
                if current is None:
                    raise NotFound("no session has this code")
                now = deps.clock.now()
                participant = LiveParticipant(
                    id=deps.ids.new_id(),
                    session_id=session.id,
                    student_id=actor.user_id,
                    display_name=name,
                    learning_session_id=learning_session_id,
                    joined_at=now,
                    last_seen=now,
                    # after the end (even a moment after our first read): review, not attendance
                    review_only=current.is_ended,
                )
                try:
                    uow.participants.add(participant)
                    uow.commit()
                except Conflict:
                    continue
                return Joined(current, participant, is_new=True)
        raise Conflict("joining raced with itself; try again")

    def heartbeat(self, actor: Actor, session_id: str) -> None:
        actor.require_student()
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            require_participant(uow, session, actor)
            uow.participants.touch(session.id, actor.user_id, self._deps.clock.now())
            uow.commit()

    def record_presence(self, seen: Mapping[str, Collection[str]], now: datetime) -> None:
        """Mark many students as seen at ``now`` in one transaction: ``{session_id:
        student_ids}``. Lets a server batch the presence its polls observe instead of
        writing once per poll; unknown sessions or students are ignored."""
        with self._deps.uow() as uow:
            for session_id, students in seen.items():
                uow.participants.touch_many(session_id, students, now)
            uow.commit()

    def overview(self, actor: Actor, session_id: str) -> SessionOverview:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            require_member(uow, session, actor)
            return self.overview_in(uow, session)

    def overview_in(self, uow, session: LiveSession) -> SessionOverview:
        since = self._deps.clock.now() - self._deps.policy.active_window
        return SessionOverview(
            id=session.id,
            lecture_id=session.lecture_id,
            title=session.title,
            status=session.status,
            session_code=session.session_code,
            participant_count=uow.participants.count(session.id),
            active_count=uow.participants.count_active(session.id, since),
            started_at=session.started_at,
            ended_at=session.ended_at,
        )
