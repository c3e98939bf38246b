"""What every use-case service is given, and the lookups they share."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.lecture import Lecture
from reboot_core.domain.participant import LiveParticipant
from reboot_core.domain.policy import LivePolicy
from reboot_core.domain.session import LiveSession
from reboot_core.domain.spotting import KeywordDetector
from reboot_core.domain.transcript import AsRecognised
from reboot_core.errors import Conflict, Forbidden, NotFound, Unavailable
from reboot_core.ports.documents import FileStorage, TextExtractor
from reboot_core.ports.gradebook import CourseRoster, GradeSink
from reboot_core.ports.language import LanguageModel
from reboot_core.ports.speech import CheckpointDetector, ReadableText, Transcriber
from reboot_core.ports.storage import UnitOfWork
from reboot_core.ports.system import (
    Clock,
    CodeGenerator,
    IdGenerator,
    JobQueue,
    LearningSessionHook,
    Roster,
)
from reboot_core.system import NoCourseRoster, NoGradebook


@attrs.frozen
class Dependencies:
    """Ports and policy, chosen once by the composition root.

    ``uow`` is a factory: every use case opens its own unit of work, so no transaction is
    ever shared between requests or threads. ``read_uow``, when given, makes units of work
    that are only read from: storage may then skip write locks (SQLite does); without it,
    reads use ``uow`` too.
    """

    uow: Callable[[], UnitOfWork]
    clock: Clock
    ids: IdGenerator
    codes: CodeGenerator
    files: FileStorage
    language: LanguageModel
    learning: LearningSessionHook
    roster: Roster
    extractor: TextExtractor
    jobs: JobQueue
    # None: no speech engine; the final transcript is the live chunks clients posted
    transcriber: Transcriber | None = None
    policy: LivePolicy = attrs.field(factory=LivePolicy)
    read_uow: Callable[[], UnitOfWork] | None = None
    # how heard speech is read: checkpoints in it, and its display text
    detector: CheckpointDetector = attrs.field(factory=KeywordDetector)
    readable: ReadableText = attrs.field(factory=AsRecognised)
    # a course roster and gradebook outside Re:Boot (an LMS over LTI); none by default
    enrolment: CourseRoster = attrs.field(factory=NoCourseRoster)
    grades: GradeSink = attrs.field(factory=NoGradebook)

    def reader(self) -> UnitOfWork:
        """A unit of work for a use case that only reads."""
        return self.read_uow() if self.read_uow is not None else self.uow()


def load_session(uow: UnitOfWork, session_id: str) -> LiveSession:
    session = uow.sessions.get(session_id)
    if session is None:
        raise NotFound("no such live session")
    return session


def require_participant(uow: UnitOfWork, session: LiveSession, actor: Actor) -> LiveParticipant:
    """The actor's participation, or Forbidden: students act only in sessions they joined."""
    actor.require_student()
    return joined(uow.participants.get(session.id, actor.user_id))


def joined(participant: LiveParticipant | None) -> LiveParticipant:
    """The participation found for a student, or Forbidden when they never joined."""
    if participant is None:
        raise Forbidden("join the session first")
    return participant


def require_live_participant(
    uow: UnitOfWork, session: LiveSession, actor: Actor, doing: str
) -> LiveParticipant:
    """The actor's participation for a live write (tap, question, answer): Forbidden for
    students who only joined to review the session after it ended."""
    participant = require_participant(uow, session, actor)
    participant.require_live(doing)
    return participant


def require_member(uow: UnitOfWork, session: LiveSession, actor: Actor) -> None:
    """The session's instructor or one of its participants may read it."""
    if session.owned_by(actor):
        return
    if actor.is_instructor or uow.participants.get(session.id, actor.user_id) is None:
        raise Forbidden("only this session's instructor and participants may see it")


def claim_lecture(uow: UnitOfWork, actor: Actor, lecture_id: str, now) -> Lecture:
    """The lecture record, registering the acting instructor as its owner on first use."""
    actor.require_instructor()
    lecture = uow.lectures.get(lecture_id)
    if lecture is None:
        # another request may have registered it a moment ago: its owner decides below
        with contextlib.suppress(Conflict):
            uow.lectures.add(Lecture(lecture_id, actor.user_id, now))
        lecture = uow.lectures.get(lecture_id)
        if lecture is None:
            raise Unavailable("the lecture could not be registered; try again")
    lecture.require_owner(actor)
    return lecture
