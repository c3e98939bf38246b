"""Cost of the reads that grow with the class: a session board, the instructor's feed, one
student's exact feed, and one batched presence write, on SQLite (and PostgreSQL).

    .venv/bin/python bench/class_reads.py [--students 1000,10000] [--postgres] [--repeat 20]

Each class is built through the core on real storage: N students joined, each tapped once,
one quiz answered by 90% of them, 30 questions with 300 upvotes. Prints the median and max
milliseconds per call; it asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from storage_latency import DEFAULT_POSTGRES, postgres_url, sqlite_url

from reboot_adapters.sql import SqlStorage
from reboot_core import Actor, Conflict, Forbidden, QuizDraft, in_memory
from reboot_core.memory import SequentialIds

TEACHER = Actor.instructor("ins_bench")


def build_class(storage: SqlStorage, students: int, seed: int = 7):
    live = in_memory(
        uow=storage.unit_of_work, read_uow=storage.read_unit_of_work, ids=SequentialIds()
    )
    rng = random.Random(seed)
    session = live.sessions.create(TEACHER, "lecture-bench", "대규모 강의")
    live.sessions.start(TEACHER, session.id)
    actors = [Actor.student(f"stu_{i:05d}") for i in range(students)]
    for actor in actors:
        live.sessions.join(actor, session.session_code)
        live.pulses.send(actor, session.id, rng.choice(["UNDERSTAND", "CONFUSED"]))
    draft = QuizDraft.create("ORM은 무엇의 약자인가요?", ["A", "B", "C"], "A", concept_tags=["ORM"])
    quiz = live.quizzes.trigger(TEACHER, session.id, draft)
    for actor in actors[: students * 9 // 10]:
        live.quizzes.answer(actor, session.id, quiz.id, rng.choice(quiz.options))
    questions = [
        live.questions.ask(actors[i], session.id, f"질문 {i}: 쿼리셋은 언제 평가되나요?")
        for i in range(30)
    ]
    for _ in range(300):
        voter, question = rng.choice(actors), rng.choice(questions)
        # one's own question or a repeat is refused: skip it, as a student would
        with contextlib.suppress(Conflict, Forbidden):
            live.questions.upvote(voter, session.id, question.id)
    return live, session, actors


def median_max(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    call()  # warm caches and compiled statements
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def measure(label: str, url: str, students: int, repeat: int) -> None:
    storage = SqlStorage.connect(url)
    storage.migrate()
    try:
        built = time.perf_counter()
        live, session, actors = build_class(storage, students)
        print(f"\n{label}, {students} students (built in {time.perf_counter() - built:.0f} s)")
        student = actors[len(actors) // 2]
        ids = [a.user_id for a in actors[: students // 5]]  # one second of 5-second polls
        calls = {
            "session board": lambda: live.feeds.board(session.id),
            "instructor feed": lambda: live.feeds.feed(TEACHER, session.id),
            "one student's exact feed": lambda: live.feeds.feed(
                student, session.id, record_presence=False
            ),
            f"presence of {len(ids)} students": lambda: live.sessions.record_presence(
                {session.id: ids}, live.deps.clock.now()
            ),
        }
        for name, call in calls.items():
            median, worst = median_max(call, repeat)
            print(f"  {name:<28} median {median:8.2f} ms   max {worst:8.2f} ms")
    finally:
        storage.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postgres", nargs="?", const=DEFAULT_POSTGRES, default=None)
    args = parser.parse_args()
    for students in (int(n) for n in args.students.split(",")):
        with ExitStack() as stack:
            measure("SQLite", stack.enter_context(sqlite_url()), students, args.repeat)
        if args.postgres:
            with ExitStack() as stack:
                url = stack.enter_context(postgres_url(args.postgres))
                measure("PostgreSQL", url, students, args.repeat)


if __name__ == "__main__":
    main()
