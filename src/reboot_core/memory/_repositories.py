"""In-memory repositories: the reference behaviour the SQL adapter is checked against."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

import attrs

from reboot_core.domain.end_job import EndJob, JobStatus
from reboot_core.domain.lecture import Lecture
from reboot_core.domain.mastery import ConceptMastery
from reboot_core.domain.material import LectureMaterial
from reboot_core.domain.note import IntegratedNote, NoteRevision
from reboot_core.domain.participant import LiveParticipant
from reboot_core.domain.pulse import PulseCheck, PulseType, current_states
from reboot_core.domain.question import LiveQuestion, ranked
from reboot_core.domain.quiz import LiveQuiz, QuizResponse
from reboot_core.domain.session import LiveSession, SessionStatus
from reboot_core.domain.transcript import (
    LIVE_SOURCES,
    ChunkSource,
    QuizSuggestion,
    TranscriptChunk,
    speaking_order,
)
from reboot_core.errors import Conflict
from reboot_core.memory._store import MemoryStore


class _Repository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store


class MemoryLectureRepository(_Repository):
    def add(self, lecture: Lecture) -> None:
        if self._store.read("lectures", lecture.id) is not None:
            raise Conflict("this lecture is already registered")
        self._store.put("lectures", lecture.id, lecture)

    def get(self, lecture_id: str) -> Lecture | None:
        return self._store.read("lectures", lecture_id)

    def list_for_owner(self, owner_id: str) -> Sequence[Lecture]:
        rows = [
            lecture for lecture in self._store.values("lectures") if lecture.owner_id == owner_id
        ]
        return sorted(rows, key=lambda lecture: (lecture.created_at, lecture.id))


class MemorySessionRepository(_Repository):
    def add(self, session: LiveSession) -> None:
        if self._store.read("sessions", session.id) is not None:
            raise Conflict("a session with this id already exists")
        if self.code_in_use(session.session_code):
            raise Conflict("this session code is in use")
        self._store.put("sessions", session.id, session)
        self._store.put("open_codes", session.session_code, session.id)

    def get(self, session_id: str) -> LiveSession | None:
        return self._store.read("sessions", session_id)

    def get_open_by_code(self, code: str) -> LiveSession | None:
        session_id = self._store.read("open_codes", code)
        return self.get(session_id) if session_id is not None else None

    def code_in_use(self, code: str) -> bool:
        return self._store.read("open_codes", code) is not None

    def get_ended_by_code(self, code: str) -> LiveSession | None:
        ended = [
            s
            for s in self._store.values("sessions")
            if s.session_code == code and s.status is SessionStatus.ENDED
        ]
        return max(ended, key=lambda s: (s.ended_at, s.id), default=None)

    def update(self, session: LiveSession) -> None:
        self._store.put("sessions", session.id, session)
        # an ended session frees its code for reuse
        ended = session.status is SessionStatus.ENDED
        if ended and self._store.read("open_codes", session.session_code) == session.id:
            self._store.put("open_codes", session.session_code, None)

    def list_for_instructor(self, instructor_id: str) -> Sequence[LiveSession]:
        rows = [s for s in self._store.values("sessions") if s.instructor_id == instructor_id]
        return sorted(rows, key=lambda s: (s.created_at, s.id), reverse=True)

    def list_for_lecture(self, lecture_id: str) -> Sequence[LiveSession]:
        rows = [s for s in self._store.values("sessions") if s.lecture_id == lecture_id]
        return sorted(rows, key=lambda s: (s.created_at, s.id))


class MemoryParticipantRepository(_Repository):
    def add(self, participant: LiveParticipant) -> None:
        key = (participant.session_id, participant.student_id)
        if self._store.read("participants", key) is not None:
            raise Conflict("this student already joined the session")
        self._store.put("participants", key, participant)
        self._store.append("participants_of", participant.session_id, participant.student_id)

    def get(self, session_id: str, student_id: str) -> LiveParticipant | None:
        return self._store.read("participants", (session_id, student_id))

    def get_many(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, LiveParticipant]:
        found = {s: self.get(session_id, s) for s in student_ids}
        return {s: p for s, p in found.items() if p is not None}

    def touch(self, session_id: str, student_id: str, now: datetime) -> None:
        participant = self.get(session_id, student_id)
        if participant is not None and now > participant.last_seen:
            participant.seen(now)
            self._store.put("participants", (session_id, student_id), participant)

    def touch_many(self, session_id: str, student_ids: Collection[str], now: datetime) -> None:
        for student_id in student_ids:
            self.touch(session_id, student_id, now)

    def list_for_session(self, session_id: str) -> Sequence[LiveParticipant]:
        students = self._store.items("participants_of", session_id)
        everyone = [self._store.read("participants", (session_id, s)) for s in students]
        return [p for p in everyone if p.attended]

    def count(self, session_id: str) -> int:
        return len(self.list_for_session(session_id))

    def student_ids(self, session_id: str, since: datetime | None = None) -> set[str]:
        return {
            p.student_id
            for p in self.list_for_session(session_id)
            if since is None or p.joined_at >= since
        }

    def count_active(self, session_id: str, since: datetime) -> int:
        return len(_seen_since(self._store, session_id, since))

    def list_review_only(self, session_id: str) -> Sequence[LiveParticipant]:
        students = self._store.items("participants_of", session_id)
        everyone = [self._store.read("participants", (session_id, s)) for s in students]
        return [p for p in everyone if p.review_only]


def _seen_since(store: MemoryStore, session_id: str, since: datetime) -> set[str]:
    """Students of the session last seen at or after ``since``."""
    participants = MemoryParticipantRepository(store).list_for_session(session_id)
    return {p.student_id for p in participants if p.last_seen >= since}


class MemoryPulseRepository(_Repository):
    def add(self, pulse: PulseCheck) -> None:
        self._store.append("pulses_of", pulse.session_id, pulse)
        latest = self._store.read("latest_pulse", (pulse.session_id, pulse.student_id))
        if latest is None or (pulse.created_at, pulse.id) > (latest.created_at, latest.id):
            self._store.put("latest_pulse", (pulse.session_id, pulse.student_id), pulse)

    def add_many(self, pulses: Sequence[PulseCheck]) -> None:
        for pulse in pulses:
            self.add(pulse)

    def latest_for_student(self, session_id: str, student_id: str) -> PulseCheck | None:
        return self._store.read("latest_pulse", (session_id, student_id))

    def latest_for_students(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, PulseCheck]:
        found = {s: self.latest_for_student(session_id, s) for s in student_ids}
        return {s: p for s, p in found.items() if p is not None}

    def history(self, session_id: str) -> Sequence[PulseCheck]:
        return sorted(
            self._store.items("pulses_of", session_id), key=lambda p: (p.created_at, p.id)
        )

    def current_types(self, session_id: str) -> Mapping[str, PulseType]:
        latest = current_states(self._store.items("pulses_of", session_id))
        return {student: pulse.pulse_type for student, pulse in latest.items()}

    def current_taps(
        self, session_id: str, since: datetime | None = None
    ) -> Mapping[str, tuple[PulseType, datetime]]:
        latest = current_states(self._store.items("pulses_of", session_id))
        return {
            student: (pulse.pulse_type, pulse.created_at)
            for student, pulse in latest.items()
            if since is None or pulse.created_at >= since
        }

    def current_counts(
        self, session_id: str, since: datetime, seen_since: datetime
    ) -> Mapping[PulseType, int]:
        seen = _seen_since(self._store, session_id, seen_since)
        latest = current_states(self._store.items("pulses_of", session_id))
        return Counter(
            pulse.pulse_type
            for student, pulse in latest.items()
            if student in seen and pulse.created_at >= since
        )


class MemoryQuizRepository(_Repository):
    def add(self, quiz: LiveQuiz) -> None:
        self._store.put("quizzes", quiz.id, quiz)
        self._store.append("quizzes_of", quiz.session_id, quiz.id)

    def get(self, quiz_id: str) -> LiveQuiz | None:
        return self._store.read("quizzes", quiz_id)

    def update(self, quiz: LiveQuiz) -> None:
        self._store.put("quizzes", quiz.id, quiz)

    def list_for_session(self, session_id: str) -> Sequence[LiveQuiz]:
        quizzes = [self.get(q) for q in self._store.items("quizzes_of", session_id)]
        return sorted(quizzes, key=lambda q: (q.triggered_at, q.id))

    def add_response(self, response: QuizResponse) -> None:
        key = (response.quiz_id, response.student_id)
        if self._store.read("responses", key) is not None:
            raise Conflict("you have already answered this quiz")
        self._store.put("responses", key, response)
        self._store.append("responses_of", response.quiz_id, response)

    def add_responses(self, responses: Sequence[QuizResponse]) -> None:
        # all or nothing, as a refused INSERT of a batch is on SQL
        keys = [(r.quiz_id, r.student_id) for r in responses]
        if len(set(keys)) < len(keys) or any(self._store.read("responses", k) for k in keys):
            raise Conflict("you have already answered this quiz")
        for response in responses:
            self.add_response(response)

    def responses_of_students(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, Sequence[QuizResponse]]:
        found = {s: self.responses_of_student(session_id, s) for s in student_ids}
        return {s: list(r) for s, r in found.items() if r}

    def _response(self, quiz_id: str, student_id: str) -> QuizResponse | None:
        return self._store.read("responses", (quiz_id, student_id))

    def responses(self, quiz_id: str) -> Sequence[QuizResponse]:
        return self._store.items("responses_of", quiz_id)

    def responses_of_student(self, session_id: str, student_id: str) -> Sequence[QuizResponse]:
        found = []
        for quiz_id in self._store.items("quizzes_of", session_id):
            response = self._response(quiz_id, student_id)
            if response is not None:
                found.append(response)
        return found

    def pending_for_student(self, session_id: str, student_id: str) -> Sequence[LiveQuiz]:
        return [
            quiz
            for quiz in self.list_for_session(session_id)
            if not quiz.is_closed and self._response(quiz.id, student_id) is None
        ]

    def answer_counts(self, quiz_id: str) -> Mapping[str, tuple[int, int]]:
        counts: dict[str, tuple[int, int]] = {}
        for response in self.responses(quiz_id):
            given, right = counts.get(response.answer, (0, 0))
            counts[response.answer] = (given + 1, right + response.is_correct)
        return counts

    def response_count(self, session_id: str) -> int:
        return sum(
            len(self._store.items("responses_of", quiz_id))
            for quiz_id in self._store.items("quizzes_of", session_id)
        )

    def open_responders(
        self, session_id: str, since: datetime | None = None
    ) -> Mapping[str, set[str]]:
        return {
            quiz.id: {
                response.student_id
                for response in self.responses(quiz.id)
                if since is None or response.responded_at >= since
            }
            for quiz in self.list_for_session(session_id)
            if not quiz.is_closed
        }


class MemoryQuestionRepository(_Repository):
    def add(self, question: LiveQuestion) -> None:
        self._store.put("questions", question.id, question)
        self._store.append("questions_of", question.session_id, question.id)

    def get(self, question_id: str) -> LiveQuestion | None:
        return self._store.read("questions", question_id)

    def add_upvote(self, question_id: str, student_id: str) -> None:
        question = self.get(question_id)
        if question is None:
            return
        if student_id in question.upvoters:
            raise Conflict("you have already upvoted this question")
        question.upvoters = question.upvoters | {student_id}
        self._store.put("questions", question_id, question)

    def update(self, question: LiveQuestion) -> None:
        stored = self.get(question.id)
        # upvotes only change through add_upvote, as in the SQL adapter
        if stored is not None:
            question.upvoters = stored.upvoters
        self._store.put("questions", question.id, question)

    def list_for_session(self, session_id: str) -> Sequence[LiveQuestion]:
        return ranked(self.get(q) for q in self._store.items("questions_of", session_id))


class MemoryTranscriptRepository(_Repository):
    def add(self, chunk: TranscriptChunk) -> None:
        self._store.append(f"chunks_{chunk.source.value}", chunk.session_id, chunk)

    def _ordered(self, session_id: str, *sources: ChunkSource) -> list[TranscriptChunk]:
        chunks = [c for s in sources for c in self._store.items(f"chunks_{s.value}", session_id)]
        return sorted(chunks, key=speaking_order)

    def recent(self, session_id: str, limit: int) -> Sequence[TranscriptChunk]:
        return self._ordered(session_id, *LIVE_SOURCES)[-limit:] if limit > 0 else []

    def since(self, session_id: str, offset: float) -> Sequence[TranscriptChunk]:
        return [c for c in self._ordered(session_id, *LIVE_SOURCES) if c.end >= offset]

    def all(self, session_id: str, source: ChunkSource) -> Sequence[TranscriptChunk]:
        return self._ordered(session_id, ChunkSource(source))

    def replace_batch(self, session_id: str, chunks: Sequence[TranscriptChunk]) -> None:
        # filed under this session's batch transcript whatever the chunks say, as in SQL: a
        # chunk labelled LIVE or TEXT must not come back from all(BATCH) as if it were live
        filed = [attrs.evolve(c, session_id=session_id, source=ChunkSource.BATCH) for c in chunks]
        self._store.replace_list(f"chunks_{ChunkSource.BATCH.value}", session_id, filed)


class MemorySuggestionRepository(_Repository):
    def add(self, suggestion: QuizSuggestion) -> None:
        self._store.put("suggestions", suggestion.id, suggestion)
        self._store.append("suggestions_of", suggestion.session_id, suggestion.id)

    def get(self, suggestion_id: str) -> QuizSuggestion | None:
        return self._store.read("suggestions", suggestion_id)

    def update(self, suggestion: QuizSuggestion) -> None:
        self._store.put("suggestions", suggestion.id, suggestion)

    def _all(self, session_id: str) -> list[QuizSuggestion]:
        rows = [self.get(s) for s in self._store.items("suggestions_of", session_id)]
        return sorted(rows, key=lambda s: (s.created_at, s.at_offset, s.id))

    def latest(self, session_id: str) -> QuizSuggestion | None:
        rows = self._all(session_id)
        return max(rows, key=lambda s: (s.at_offset, s.created_at, s.id)) if rows else None

    def pending(self, session_id: str) -> Sequence[QuizSuggestion]:
        return [s for s in self._all(session_id) if s.status.value == "PENDING"]


class MemoryMaterialRepository(_Repository):
    def add(self, material: LectureMaterial) -> None:
        self._store.put("materials", material.id, material)
        self._store.append("materials_of", material.lecture_id, material.id)

    def get(self, material_id: str) -> LectureMaterial | None:
        return self._store.read("materials", material_id)

    def list_for_lecture(self, lecture_id: str) -> Sequence[LectureMaterial]:
        rows = [self.get(m) for m in self._store.items("materials_of", lecture_id)]
        return sorted(rows, key=lambda m: (m.uploaded_at, m.id))

    def update(self, material: LectureMaterial) -> None:
        if self._store.read("materials", material.id) is not None:
            self._store.put("materials", material.id, material)

    def remove(self, material_id: str) -> None:
        material = self._store.read("materials", material_id)
        if material is None:
            return
        kept = [
            m for m in self._store.items("materials_of", material.lecture_id) if m != material_id
        ]
        self._store.replace_list("materials_of", material.lecture_id, kept)
        self._store.remove("materials", material_id)


class MemoryNoteRepository(_Repository):
    def add(self, note: IntegratedNote) -> None:
        if self._store.read("note_of", note.session_id) is not None:
            raise Conflict("this session already has a note")
        self._store.put("notes", note.id, note)
        self._store.put("note_of", note.session_id, note.id)

    def get_for_session(self, session_id: str) -> IntegratedNote | None:
        note_id = self._store.read("note_of", session_id)
        return self._store.read("notes", note_id) if note_id is not None else None

    def update(self, note: IntegratedNote) -> None:
        self._store.put("notes", note.id, note)

    def add_revision(self, revision: NoteRevision) -> None:
        key = (revision.session_id, revision.number)
        if self._store.read("note_revisions", key) is not None:
            raise Conflict("this note revision is already kept")
        self._store.put("note_revisions", key, revision)
        self._store.append("note_revisions_of", revision.session_id, revision.number)

    def revisions(self, session_id: str) -> Sequence[NoteRevision]:
        numbers = sorted(self._store.items("note_revisions_of", session_id))
        return [self._store.read("note_revisions", (session_id, n)) for n in numbers]


class MemoryMasteryRepository(_Repository):
    def record(self, student_id: str, concept: str, correct: bool) -> None:
        key = (student_id, concept)
        row = self._store.read("mastery", key) or ConceptMastery(student_id, concept)
        if self._store.read("mastery", key) is None:
            self._store.append("mastery_of", student_id, concept)
        self._store.put("mastery", key, row.record(correct))

    def record_many(self, outcomes: Sequence[tuple[str, str, bool]]) -> None:
        for student_id, concept, correct in outcomes:
            self.record(student_id, concept, correct)

    def for_student(self, student_id: str) -> Sequence[ConceptMastery]:
        return [
            self._store.read("mastery", (student_id, concept))
            for concept in self._store.items("mastery_of", student_id)
        ]


class MemoryEndJobRepository(_Repository):
    def add(self, job: EndJob) -> None:
        if self._store.read("jobs", job.session_id) is not None:
            raise Conflict("this session already has an end-of-session job")
        self._store.put("jobs", job.session_id, job)

    def get(self, session_id: str) -> EndJob | None:
        return self._store.read("jobs", session_id)

    def update(self, job: EndJob) -> None:
        self._store.put("jobs", job.session_id, job)

    def unfinished(self) -> Sequence[EndJob]:
        rows = [
            j
            for j in self._store.values("jobs")
            if j.status in (JobStatus.QUEUED, JobStatus.RUNNING)
        ]
        return sorted(rows, key=lambda j: (j.created_at, j.session_id))


class MemoryArtifactRepository(_Repository):
    def put(self, session_id: str, name: str, payload: str) -> None:
        self._store.put("artifacts", (session_id, name), payload)

    def get(self, session_id: str, name: str) -> str | None:
        return self._store.read("artifacts", (session_id, name))
