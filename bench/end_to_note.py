"""Time from ``end/`` to a note draft ready for approval, for a 90-minute Korean lecture.

Run: .venv/bin/python bench/end_to_note.py [--minutes 90] [--students 30] [--runs 3] [--pace 7]

Everything on the offline defaults: SQLite storage (SqlStorage, a file in a temporary
directory), local file storage, the built-in language model, real PDF/PPTX/Markdown text
extraction and the in-process job queue. Each run records a whole lecture first (untimed):
the generated transcript (``tests/fixtures/korean_lecture.py``; at 7 characters a second,
about 39,000 characters in 570 chunks for 90 minutes), the slides (PDF, PPTX) and a Markdown
handout, students joining, pulses every minute or so, a quiz per topic answered by everyone,
and questions. There is no audio recording, so the transcript step uses the live chunks (a
batch pass over 90 minutes of audio is a separate cost: about 0.5 x the audio's duration with
Vosk on this CPU, see FIELD-NOTES).

Then the clock starts: ``sessions.end()``, and the job status is polled the way
``GET .../end/status/`` reads it. Printed: how long ``end()`` took to return, when the note
step was done (the draft can be approved), when the whole job was done, and each step's
detail. Goal: note ready in under 30 s. It asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the lecture generator lives with the tests

from tests.fixtures import korean_lecture as lecture  # noqa: E402

from reboot_adapters.jobs import ThreadJobQueue  # noqa: E402
from reboot_adapters.local_files import LocalFileStorage  # noqa: E402
from reboot_adapters.material_text import MaterialTextExtractor  # noqa: E402
from reboot_adapters.offline_language import OfflineLanguageModel  # noqa: E402
from reboot_adapters.sql import SqlStorage  # noqa: E402
from reboot_core import Actor, Dependencies, Reboot  # noqa: E402
from reboot_core.domain.end_job import JobStatus, Step, StepStatus  # noqa: E402
from reboot_core.domain.quiz import QuizDraft  # noqa: E402
from reboot_core.memory import ManualClock  # noqa: E402
from reboot_core.system import (  # noqa: E402
    GeneratedLearningSessions,
    OpenRoster,
    RandomCodes,
    UuidIds,
)

POLL_S = 0.02
GOAL_S = 30.0


def build(directory: Path) -> tuple[Reboot, ManualClock, ThreadJobQueue, SqlStorage]:
    storage = SqlStorage.connect(f"sqlite:///{directory / 'reboot.db'}")
    storage.migrate()
    clock = ManualClock()
    jobs = ThreadJobQueue()
    reboot = Reboot(
        Dependencies(
            uow=storage.unit_of_work,
            clock=clock,
            ids=UuidIds(),
            codes=RandomCodes(),
            files=LocalFileStorage(directory / "files"),
            language=OfflineLanguageModel(),
            learning=GeneratedLearningSessions(),
            roster=OpenRoster(),
            extractor=MaterialTextExtractor(),
            jobs=jobs,
        )
    )
    jobs.bind(reboot.end_of_session.run)
    return reboot, clock, jobs, storage


def record_lecture(
    reboot: Reboot, clock: ManualClock, chunks: list[lecture.Chunk], students: int
) -> str:
    """A whole lecture, as the live routes would have stored it; returns the session id."""
    teacher = Actor.instructor("t1")
    lecture_id = f"orm-{time.perf_counter_ns()}"
    for title, data in (
        ("slides-1", lecture.slides_pdf()),
        ("slides-2", lecture.slides_pptx()),
        ("handout", lecture.handout_md()),
    ):
        clock.advance(1)
        reboot.materials.upload(teacher, lecture_id, title, data)
    session = reboot.sessions.create(teacher, lecture_id, lecture.TITLE)
    reboot.sessions.start(teacher, session.id)
    started = clock.now()
    learners = [Actor.student(f"s{n}") for n in range(students)]
    for learner in learners:
        reboot.sessions.join(learner, session.session_code)
    quizzes = {spec.after_topic: spec for spec in lecture.QUIZZES}
    for index, chunk in enumerate(chunks):
        clock.advance((started + timedelta(seconds=chunk.end) - clock.now()).total_seconds())
        reboot.transcripts.add_text(teacher, session.id, chunk.text, chunk.start, chunk.end)
        if index % 4 == 0:  # a third of the class answers the pulse every minute or so
            for n, learner in enumerate(learners[index % 3 :: 3]):
                kind = "CONFUSED" if chunk.topic == 4 and n % 2 else "UNDERSTAND"
                reboot.pulses.send(learner, session.id, kind)
        if index % 15 == 7:
            text = lecture.QUESTIONS[index % len(lecture.QUESTIONS)][1]
            reboot.questions.ask(learners[index % students], session.id, text)
        last_of_topic = index + 1 == len(chunks) or chunks[index + 1].topic != chunk.topic
        if last_of_topic and chunk.topic in quizzes:
            spec = quizzes[chunk.topic]
            draft = QuizDraft.create(
                spec.question_text,
                list(spec.options),
                spec.correct_answer,
                explanation=spec.explanation,
                concept_tags=list(spec.concept_tags),
            )
            quiz = reboot.quizzes.trigger(teacher, session.id, draft)
            for n, learner in enumerate(learners):
                answer = spec.correct_answer if n % 3 else spec.options[-1]
                reboot.quizzes.answer(learner, session.id, quiz.id, answer)
    clock.advance(30)
    return session.id


def measure(reboot: Reboot, session_id: str) -> dict[str, float | str]:
    teacher = Actor.instructor("t1")
    start = time.perf_counter()
    reboot.sessions.end(teacher, session_id)
    returned = time.perf_counter() - start
    note_ready = None
    while True:
        job = reboot.end_of_session.status(teacher, session_id)
        if note_ready is None and job.state_of(Step.NOTE).status is StepStatus.DONE:
            note_ready = time.perf_counter() - start
        if job.status in (JobStatus.DONE, JobStatus.FAILED):
            break
        time.sleep(POLL_S)
    finished = time.perf_counter() - start
    details = "; ".join(f"{s.step.value}: {s.detail or s.error}" for s in job.steps)
    return {
        "end_returned_s": returned,
        "note_ready_s": note_ready if note_ready is not None else float("nan"),
        "job_done_s": finished,
        "status": job.status.value,
        "details": details,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=90.0)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pace",
        type=float,
        default=7.0,
        help="characters spoken per second, spaces included (a brisk Korean lecturer: ~7)",
    )
    args = parser.parse_args()
    chunks = lecture.lecture_chunks(args.minutes, chars_per_second=args.pace)
    characters = len(lecture.transcript_text(chunks))
    print(
        f"lecture: {args.minutes:g} min, {len(chunks)} transcript chunks, "
        f"{characters:,} characters, {args.students} students, 3 materials"
    )
    results = []
    with tempfile.TemporaryDirectory() as directory:
        reboot, clock, jobs, storage = build(Path(directory))
        try:
            for run in range(1, args.runs + 1):
                setup = time.perf_counter()
                session_id = record_lecture(reboot, clock, chunks, args.students)
                recorded = time.perf_counter() - setup
                result = measure(reboot, session_id)
                results.append(result)
                print(
                    f"run {run}: end() returned in {result['end_returned_s'] * 1000:.1f} ms; "
                    f"note ready {result['note_ready_s']:.2f} s; job {result['status']} "
                    f"{result['job_done_s']:.2f} s (recording the lecture took {recorded:.1f} s)"
                )
            print(f"steps: {results[-1]['details']}")
        finally:
            jobs.close()
            storage.dispose()
    note = statistics.median(float(r["note_ready_s"]) for r in results)
    done = statistics.median(float(r["job_done_s"]) for r in results)
    verdict = "within" if note < GOAL_S else "OVER"
    print(
        f"median: note draft ready {note:.2f} s after end/ ({verdict} the {GOAL_S:.0f} s goal), "
        f"whole job {done:.2f} s"
    )


if __name__ == "__main__":
    main()
