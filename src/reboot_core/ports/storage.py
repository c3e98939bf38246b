"""Storage ports: one repository per aggregate, grouped by a unit of work.

Every write that can race across server processes names the domain error it raises when it
loses, so adapters backed by database constraints and the in-memory adapter behave alike.
Getters return ``None`` for a missing row; services turn that into NotFound. Objects returned
are copies: changing one does nothing until it is passed to ``update``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from reboot_core.domain.checkpoints import LecturePhrases
from reboot_core.domain.end_job import EndJob
from reboot_core.domain.glossary import LectureGlossary
from reboot_core.domain.lecture import Lecture
from reboot_core.domain.mastery import ConceptMastery
from reboot_core.domain.material import LectureMaterial
from reboot_core.domain.note import IntegratedNote, NoteRevision
from reboot_core.domain.participant import LiveParticipant
from reboot_core.domain.pulse import PulseCheck, PulseType
from reboot_core.domain.question import LiveQuestion
from reboot_core.domain.quiz import LiveQuiz, QuizResponse
from reboot_core.domain.self_test import SelfTestAttempt
from reboot_core.domain.session import LiveSession
from reboot_core.domain.transcript import ChunkSource, QuizSuggestion, TranscriptChunk


class LectureRepository(Protocol):
    def add(self, lecture: Lecture) -> None:
        """Raises Conflict when the lecture id is already registered."""

    def get(self, lecture_id: str) -> Lecture | None: ...

    def list_for_owner(self, owner_id: str) -> Sequence[Lecture]:
        """The instructor's lectures, oldest first (the dashboard's history)."""


class SessionRepository(Protocol):
    def add(self, session: LiveSession) -> None:
        """Raises Conflict when the id exists or the code is used by a session not ENDED."""

    def get(self, session_id: str) -> LiveSession | None: ...

    def get_open_by_code(self, code: str) -> LiveSession | None:
        """The session that is not ENDED and has this (normalised) code."""

    def code_in_use(self, code: str) -> bool: ...

    def get_ended_by_code(self, code: str) -> LiveSession | None:
        """The ENDED session that last had this (normalised) code, for absent students who
        review it; ended sessions free their code, so several may share it."""

    def update(self, session: LiveSession) -> None:
        """Persist status and timestamps."""

    def list_for_instructor(self, instructor_id: str) -> Sequence[LiveSession]:
        """Newest first."""

    def list_for_lecture(self, lecture_id: str) -> Sequence[LiveSession]:
        """Oldest first."""


class ParticipantRepository(Protocol):
    def add(self, participant: LiveParticipant) -> None:
        """Raises Conflict when the student already joined this session."""

    def get(self, session_id: str, student_id: str) -> LiveParticipant | None: ...

    def get_many(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, LiveParticipant]:
        """``get`` for many students at once (a batch of answers): student id -> participant,
        students who never joined absent."""

    def touch(self, session_id: str, student_id: str, now: datetime) -> None:
        """Move last_seen forward to ``now`` (never backwards); no-op for unknown students."""

    def touch_many(self, session_id: str, student_ids: Collection[str], now: datetime) -> None:
        """``touch`` for many students at once (batched presence from polls)."""

    # The lists and counts below are of attendance: review-only participants (who joined
    # after the end) are left out of them; ``get`` finds them.
    def list_for_session(self, session_id: str) -> Sequence[LiveParticipant]:
        """In joining order."""

    def count(self, session_id: str) -> int: ...

    def student_ids(self, session_id: str, since: datetime | None = None) -> set[str]:
        """Every student who joined the session (ids only: read for whole classes at once);
        with ``since``, only those who joined at or after it."""

    def count_active(self, session_id: str, since: datetime) -> int:
        """How many students were last seen at or after ``since``."""

    def list_review_only(self, session_id: str) -> Sequence[LiveParticipant]:
        """The students who joined after the end to review (absent from the class), in
        joining order."""


class PulseRepository(Protocol):
    def add(self, pulse: PulseCheck) -> None: ...

    def add_many(self, pulses: Sequence[PulseCheck]) -> None:
        """``add`` for each, in one go (a batch of taps); a student may appear twice."""

    def latest_for_student(self, session_id: str, student_id: str) -> PulseCheck | None: ...

    def latest_for_students(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, PulseCheck]:
        """``latest_for_student`` for many students; those who never tapped absent."""

    def history(self, session_id: str) -> Sequence[PulseCheck]:
        """Every pulse of the session, oldest first."""

    def current_types(self, session_id: str) -> Mapping[str, PulseType]:
        """Each student's latest tap (student id -> type), students who never tapped absent.

        Read for a whole class every second or so: adapters keep it cheap however many pulses
        the session has (the SQL adapter keeps one row per student beside the pulse log).
        """

    def current_taps(
        self, session_id: str, since: datetime | None = None
    ) -> Mapping[str, tuple[PulseType, datetime]]:
        """Each student's latest tap with when it was made (student id -> (type, time)),
        students who never tapped absent; as cheap as ``current_types``. With ``since``, only
        students whose latest tap was made at or after it."""

    def current_counts(
        self, session_id: str, since: datetime, seen_since: datetime
    ) -> Mapping[PulseType, int]:
        """Students last seen at or after ``seen_since`` whose latest tap is at or after
        ``since``, counted by that tap's type (types nobody holds may be absent)."""


class QuizRepository(Protocol):
    def add(self, quiz: LiveQuiz) -> None: ...

    def get(self, quiz_id: str) -> LiveQuiz | None: ...

    def update(self, quiz: LiveQuiz) -> None: ...

    def list_for_session(self, session_id: str) -> Sequence[LiveQuiz]:
        """Oldest first."""

    def add_response(self, response: QuizResponse) -> None:
        """Raises Conflict when the student already answered this quiz: the guard for two
        answers racing past ``LiveQuiz.respond``'s check."""

    def add_responses(self, responses: Sequence[QuizResponse]) -> None:
        """``add_response`` for a batch; Conflict when any of them is a second answer, and
        then the unit of work must be rolled back (none of the batch is to be kept)."""

    def responses(self, quiz_id: str) -> Sequence[QuizResponse]: ...

    def responses_of_student(self, session_id: str, student_id: str) -> Sequence[QuizResponse]:
        """Every answer the student gave to quizzes of this session."""

    def responses_of_students(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, Sequence[QuizResponse]]:
        """``responses_of_student`` for many students: student id -> answers, students who
        answered nothing absent."""

    def pending_for_student(self, session_id: str, student_id: str) -> Sequence[LiveQuiz]:
        """Quizzes not closed and not answered by the student, oldest first."""

    def answer_counts(self, quiz_id: str) -> Mapping[str, tuple[int, int]]:
        """For each answer given to the quiz: (how many gave it, how many of those were
        right)."""

    def response_count(self, session_id: str) -> int:
        """How many answers were given to all quizzes of the session together."""

    def open_responders(
        self, session_id: str, since: datetime | None = None
    ) -> Mapping[str, set[str]]:
        """For each quiz of the session that is not closed, the students who answered it
        (quizzes nobody answered may be absent); with ``since``, only answers given at or
        after it."""


class QuestionRepository(Protocol):
    def add(self, question: LiveQuestion) -> None: ...

    def get(self, question_id: str) -> LiveQuestion | None: ...

    def add_upvote(self, question_id: str, student_id: str) -> None:
        """Raises Conflict when the student already upvoted this question."""

    def update(self, question: LiveQuestion) -> None:
        """Persist is_answered and cluster_group (upvotes go through add_upvote)."""

    def list_for_session(self, session_id: str) -> Sequence[LiveQuestion]:
        """Ordered by upvotes (most first), then age (oldest first)."""


class TranscriptRepository(Protocol):
    """Chunks of every source; "live" below means the live transcript, text and live audio
    chunks together (``LIVE_SOURCES``), the batch pass's chunks never among them."""

    def add(self, chunk: TranscriptChunk) -> None: ...

    def recent(self, session_id: str, limit: int) -> Sequence[TranscriptChunk]:
        """The last ``limit`` chunks of the live transcript, in speaking order."""

    def since(self, session_id: str, offset: float) -> Sequence[TranscriptChunk]:
        """Chunks of the live transcript that end at or after ``offset`` seconds, in
        speaking order."""

    def all(self, session_id: str, source: ChunkSource) -> Sequence[TranscriptChunk]: ...

    def replace_batch(self, session_id: str, chunks: Sequence[TranscriptChunk]) -> None:
        """Replace the session's batch transcript with ``chunks`` (re-runs are idempotent)."""


class LecturePhraseRepository(Protocol):
    """Each lecture's own checkpoint phrase list (a lecture without one uses the default)."""

    def get(self, lecture_id: str) -> LecturePhrases | None: ...

    def put(self, phrases: LecturePhrases) -> None:
        """Create or replace the lecture's list."""


class GlossaryRepository(Protocol):
    """Each lecture's instructor glossary (a lecture without one has only its materials')."""

    def get(self, lecture_id: str) -> LectureGlossary | None: ...

    def put(self, glossary: LectureGlossary) -> None:
        """Create or replace the lecture's glossary."""


class SuggestionRepository(Protocol):
    def add(self, suggestion: QuizSuggestion) -> None: ...

    def get(self, suggestion_id: str) -> QuizSuggestion | None: ...

    def update(self, suggestion: QuizSuggestion) -> None: ...

    def latest(self, session_id: str) -> QuizSuggestion | None:
        """The most recent suggestion (any status), for the cooldown."""

    def pending(self, session_id: str) -> Sequence[QuizSuggestion]:
        """Oldest first."""


class MaterialRepository(Protocol):
    def add(self, material: LectureMaterial) -> None: ...

    def get(self, material_id: str) -> LectureMaterial | None: ...

    def list_for_lecture(self, lecture_id: str) -> Sequence[LectureMaterial]:
        """Oldest first."""

    def update(self, material: LectureMaterial) -> None:
        """Persist a replaced file (title, type, file_ref, size, uploaded_at); no-op when
        the material is gone."""

    def remove(self, material_id: str) -> None:
        """Forget the material; no-op for an unknown id."""


class NoteRepository(Protocol):
    def add(self, note: IntegratedNote) -> None:
        """Raises Conflict when the session already has a note."""

    def get_for_session(self, session_id: str) -> IntegratedNote | None: ...

    def update(self, note: IntegratedNote) -> None: ...

    def add_revision(self, revision: NoteRevision) -> None:
        """Keep one saved or approved state; Conflict when the session's note already has a
        revision with that number (two saves raced)."""

    def revisions(self, session_id: str) -> Sequence[NoteRevision]:
        """The note's kept revisions, lowest number first (empty without a note)."""


class MasteryRepository(Protocol):
    def record(self, student_id: str, concept: str, correct: bool) -> None:
        """Add one graded answer to the student's concept row (created when missing)."""

    def record_many(self, outcomes: Sequence[tuple[str, str, bool]]) -> None:
        """``record`` for each (student id, concept, correct); a pair may repeat."""

    def for_student(self, student_id: str) -> Sequence[ConceptMastery]: ...


class EndJobRepository(Protocol):
    def add(self, job: EndJob) -> None:
        """Raises Conflict when the session already has a job."""

    def get(self, session_id: str) -> EndJob | None: ...

    def update(self, job: EndJob) -> None: ...

    def unfinished(self) -> Sequence[EndJob]:
        """Jobs QUEUED or RUNNING (to resume after a restart), oldest first."""


class ArtifactRepository(Protocol):
    """Derived documents of a session (material text, report, summaries) as JSON text."""

    def put(self, session_id: str, name: str, payload: str) -> None:
        """Create or replace."""

    def get(self, session_id: str, name: str) -> str | None: ...


class SelfTestAttemptRepository(Protocol):
    """Graded self-test submissions, kept per session (retakes are new attempts)."""

    def add(self, attempt: SelfTestAttempt) -> None:
        """Raises Conflict when the attempt id exists."""

    def for_session(self, session_id: str) -> Sequence[SelfTestAttempt]:
        """Every attempt at the session's self-test, oldest first (ties by id)."""


class UnitOfWork(Protocol):
    """One transaction. Use as a context manager; nothing is kept unless ``commit`` is called.

    Leaving the block without commit (or with an exception) rolls back.
    """

    lectures: LectureRepository
    sessions: SessionRepository
    participants: ParticipantRepository
    pulses: PulseRepository
    quizzes: QuizRepository
    questions: QuestionRepository
    transcripts: TranscriptRepository
    suggestions: SuggestionRepository
    phrases: LecturePhraseRepository
    glossary: GlossaryRepository
    materials: MaterialRepository
    notes: NoteRepository
    mastery: MasteryRepository
    jobs: EndJobRepository
    artifacts: ArtifactRepository
    self_tests: SelfTestAttemptRepository

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None:
        """Raises Conflict when a uniqueness rule lost a race, Unavailable when storage is down."""

    def rollback(self) -> None: ...
