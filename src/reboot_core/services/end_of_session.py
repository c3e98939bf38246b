"""The end-of-session job: final transcript, material text, note draft, report, summaries.

``run`` is idempotent and resumable: it skips steps already done, so a restarted server (or a
re-run requested by the instructor) continues where the job stopped. Whoever calls ``run`` —
an in-process thread or a queue worker — must make sure one job runs in one place at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.end_job import EndJob, Step
from reboot_core.domain.grades import GradeKind, checkpoint_grades
from reboot_core.domain.quiz import QuizDraft
from reboot_core.domain.recording import RecordingMap
from reboot_core.domain.report import build_report
from reboot_core.domain.summary import build_summary
from reboot_core.domain.transcript import (
    ChunkSource,
    TranscriptChunk,
    joined_text,
    one_transcript,
)
from reboot_core.errors import Conflict, DomainError, NotFound, Unavailable
from reboot_core.ports.language import MaterialSection, NoteRequest
from reboot_core.services import _artifacts as artifacts
from reboot_core.services._context import Dependencies, load_session
from reboot_core.services._lecture_context import instructor_terms, merged
from reboot_core.services.notes import NoteService

log = logging.getLogger(__name__)

STEP_ATTEMPTS = 2
TOP_QUESTIONS = 5


def recording_ref(session_id: str) -> str:
    """Where the session's raw audio (16 kHz mono PCM) accumulates during the lecture."""
    return f"recording-{session_id}.pcm"


def recording_map_ref(session_id: str) -> str:
    """Beside the recording: where in the session each of its chunks was spoken
    (``reboot_core.domain.recording``)."""
    return f"recording-{session_id}.map"


def representatives(ranked_questions) -> list:
    """The most upvoted question of each group (paraphrases count once), best first."""
    seen: set[object] = set()
    chosen = []
    for question in ranked_questions:
        group = question.cluster_group if question.cluster_group is not None else question.id
        if group not in seen:
            seen.add(group)
            chosen.append(question)
    return chosen[:TOP_QUESTIONS]


def final_chunks(uow, session_id: str) -> list[TranscriptChunk]:
    """The session's one transcript: text chunks, and the batch pass's audio chunks (or the
    live ones when the batch pass heard nothing), merged by session time."""
    return one_transcript(
        uow.transcripts.all(session_id, ChunkSource.TEXT),
        uow.transcripts.all(session_id, ChunkSource.LIVE),
        uow.transcripts.all(session_id, ChunkSource.BATCH),
    )


def _failures(recording: RecordingMap) -> str:
    """How the job status tells that live recognition failed while the lecture ran."""
    failures = recording.failures
    if not failures:
        return ""
    last = failures[-1]
    return (
        f"; live recognition failed on {len(failures)} chunk(s), last at {last.offset:.1f} s: "
        f"{last.reason} (their audio is in the recording)"
    )


class EndOfSessionService:
    def __init__(self, deps: Dependencies, notes: NoteService) -> None:
        self._deps = deps
        self._notes = notes
        self._steps: dict[Step, Callable[[str], str]] = {
            Step.TRANSCRIPT: self._transcript,
            Step.MATERIALS: self._materials,
            Step.NOTE: self._note,
            Step.REPORT: self._report,
            Step.SUMMARIES: self._summaries,
            Step.GRADES: self._grades,
        }

    def status(self, actor: Actor, session_id: str) -> EndJob:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            job = uow.jobs.get(session_id)
        if job is None:
            raise NotFound("the session has not ended yet: there is no job")
        return job

    def rerun(self, actor: Actor, session_id: str) -> EndJob:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            job = uow.jobs.get(session_id)
            if job is None:
                raise NotFound("the session has not ended yet: there is no job")
            job.rerun(self._deps.clock.now())
            uow.jobs.update(job)
            uow.commit()
        self._deps.jobs.enqueue(session_id)
        return job

    def resume_unfinished(self) -> list[str]:
        """Queue again every job a stopped server left QUEUED or RUNNING."""
        with self._deps.uow() as uow:
            ids = [job.session_id for job in uow.jobs.unfinished()]
        for session_id in ids:
            self._deps.jobs.enqueue(session_id)
        return ids

    def run(self, session_id: str) -> EndJob:
        """Run the remaining steps of the session's job, in order, each retried once."""
        job = self._update(session_id, lambda job, now: job.begin(now))
        while (step := job.next_step) is not None:
            job = self._update(session_id, lambda job, now, s=step: job.step_started(s, now))
            try:
                detail = self._attempt(step, session_id)
            except Exception as exc:  # a job boundary: record any failure, never crash the runner
                reason = str(getattr(exc, "detail", "") or exc) or type(exc).__name__
                log.warning("end-of-session step %s failed for %s: %s", step, session_id, reason)
                return self._update(
                    session_id, lambda j, now, s=step, r=reason: j.step_failed(s, r, now)
                )
            job = self._update(session_id, lambda j, now, s=step, d=detail: j.step_done(s, now, d))
        return job

    def _attempt(self, step: Step, session_id: str) -> str:
        for attempt in range(1, STEP_ATTEMPTS + 1):
            try:
                return self._steps[step](session_id)
            except Exception:
                if attempt == STEP_ATTEMPTS:
                    raise
                log.info("retrying end-of-session step %s for %s", step, session_id)
        raise AssertionError("unreachable")

    def _update(self, session_id: str, change) -> EndJob:
        with self._deps.uow() as uow:
            job = uow.jobs.get(session_id)
            if job is None:
                raise NotFound("no end-of-session job for this session")
            change(job, self._deps.clock.now())
            uow.jobs.update(job)
            uow.commit()
            return job

    # The steps. Each returns a short detail for the job status.

    def _transcript(self, session_id: str) -> str:
        """Re-recognise the recording, span by span, each at the session time it was spoken;
        the live audio chunks give way to these, text chunks stay."""
        deps = self._deps
        ref = recording_ref(session_id)
        if deps.transcriber is None or not deps.files.exists(ref):
            return "live transcript used (no recording or no speech engine)"
        pcm = deps.files.read(ref)
        map_ref = recording_map_ref(session_id)
        recording = RecordingMap.read(
            deps.files.read(map_ref) if deps.files.exists(map_ref) else None, len(pcm)
        )
        live_failures = _failures(recording)
        try:
            segments = [
                (span.offset + s.start, span.offset + s.end, s.text)
                for span in recording.spans
                for s in deps.transcriber.transcribe(
                    pcm[span.byte_start : span.byte_start + span.length]
                )
            ]
        except Unavailable as exc:
            # the live transcript stays; the job says why, and a re-run tries again
            return f"batch pass failed, live transcript used: {exc.detail}{live_failures}"
        now = deps.clock.now()
        chunks = []
        for start, end, raw in segments:
            text = deps.readable.readable(raw)
            if not text.strip():
                continue
            chunks.append(
                TranscriptChunk.record(
                    id=deps.ids.new_id(),
                    session_id=session_id,
                    text=text,
                    start=start,
                    end=end,
                    now=now,
                    source=ChunkSource.BATCH,
                    raw_text=raw,
                )
            )
        with deps.uow() as uow:
            uow.transcripts.replace_batch(session_id, chunks)
            uow.commit()
        spans = len(recording.spans)
        return f"batch transcript: {len(chunks)} segments from {spans} audio spans{live_failures}"

    def _materials(self, session_id: str) -> str:
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            materials = list(uow.materials.list_for_lecture(session.lecture_id))
        sections: list[MaterialSection] = []
        skipped: list[str] = []
        for material in materials:
            try:
                data = deps.files.read(material.file_ref)
                sections.extend(
                    deps.extractor.sections(data, material.file_type, source=material.title)
                )
            except DomainError as exc:
                skipped.append(f"{material.title}: {getattr(exc, 'detail', exc)}")
        with deps.uow() as uow:
            uow.artifacts.put(session_id, artifacts.MATERIALS, artifacts.dumps(sections))
            uow.commit()
        detail = f"{len(materials) - len(skipped)} materials, {len(sections)} sections"
        return detail + (f"; skipped {'; '.join(skipped)}" if skipped else "")

    def _note(self, session_id: str) -> str:
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            note = uow.notes.get_for_session(session_id)
            if note is not None and note.is_approved:
                return "approved note kept"
            payload = uow.artifacts.get(session_id, artifacts.MATERIALS)
            sections = artifacts.loads(payload, list[MaterialSection]) if payload else []
            # a withdrawn quiz was mis-sent: it stays out of the note
            quizzes = [q for q in uow.quizzes.list_for_session(session_id) if not q.is_withdrawn]
            questions = representatives(uow.questions.list_for_session(session_id))
            own_terms = instructor_terms(uow.glossary.get(session.lecture_id))
            request = NoteRequest(
                title=session.title,
                transcript=joined_text(final_chunks(uow, session_id)),
                sections=tuple(sections),
                quizzes=tuple(
                    QuizDraft(
                        q.question_text, q.options, q.correct_answer, q.explanation, q.concept_tags
                    )
                    for q in quizzes
                ),
                top_questions=tuple(q.text for q in questions),
            )
        try:
            found = tuple(deps.language.lecture_terms(request.sections))
        except DomainError:
            found = ()  # the note is still drafted, from the text and the instructor's terms
        glossary = merged(own_terms, found)
        content = deps.language.draft_note(attrs.evolve(request, glossary=glossary))
        try:
            self._notes.put_draft(session_id, content)
        except Conflict:
            return "approved note kept"  # approved while the draft was being written
        return f"draft of {len(content)} characters"

    def _report(self, session_id: str) -> str:
        deps = self._deps
        with deps.uow() as uow:
            lecture_id = load_session(uow, session_id).lecture_id
        # the roster may be a remote call: never inside a transaction
        enrolled = deps.enrolment.students_of(lecture_id)
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            quizzes = [q for q in uow.quizzes.list_for_session(session_id) if not q.is_withdrawn]
            report = build_report(
                session,
                participants=uow.participants.list_for_session(session_id),
                pulses=uow.pulses.history(session_id),
                quizzes=quizzes,
                responses={q.id: uow.quizzes.responses(q.id) for q in quizzes},
                questions=uow.questions.list_for_session(session_id),
                chunks=final_chunks(uow, session_id),
                pulse_window=deps.policy.pulse_window,
                enrolled=enrolled,
            )
            uow.artifacts.put(session_id, artifacts.REPORT, artifacts.dumps(report))
            uow.commit()
        return f"{len(report.timeline)} minutes, {len(report.confusion_peaks)} confusion peaks"

    def _grades(self, session_id: str) -> str:
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            quizzes = list(uow.quizzes.list_for_session(session_id))
            students = [p.student_id for p in uow.participants.list_for_session(session_id)]
            responses = [r for q in quizzes for r in uow.quizzes.responses(q.id)]
        grades = checkpoint_grades(students, len(quizzes), responses)
        if not grades:
            return "no checkpoint quizzes to grade"
        # outside the transaction: the gradebook is a remote service; a failure fails the
        # step, which is retried and shown in the job's status
        return deps.grades.post(session, GradeKind.CHECKPOINT, grades)

    def _summaries(self, session_id: str) -> str:
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            quizzes = [q for q in uow.quizzes.list_for_session(session_id) if not q.is_withdrawn]
            pulses = uow.pulses.history(session_id)
            participants = uow.participants.list_for_session(session_id)
            for participant in participants:
                student = participant.student_id
                summary = build_summary(
                    session,
                    student,
                    pulses=pulses,
                    quizzes=quizzes,
                    responses=uow.quizzes.responses_of_student(session_id, student),
                )
                uow.artifacts.put(
                    session_id, artifacts.summary_name(student), artifacts.dumps(summary)
                )
            uow.commit()
        return f"{len(participants)} personal summaries"
