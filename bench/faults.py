"""Fault drills against a real ``reboot serve``; each prints what happened and what was checked.

* ``kill``: a write-heavy class (pulses, answers, questions, upvotes, polls) while the server
  is killed with SIGKILL (every worker) and restarted on the same data; afterwards every write
  that got a success answer must be stored, no student may have two answers to a quiz, the
  server's counts must match the database, and answers whose fate was unknown (the connection
  died) are sent again: each is stored once (200) or refused as a repeat (409).
* ``postgres``: the same class on a throwaway PostgreSQL database while the PostgreSQL
  server itself is stopped and started again (``pg_ctlcluster``; it is always started again,
  whatever happens). Requests during the outage must fail with 503 ``{error, detail}``, and
  succeed again afterwards without restarting the Re:Boot server.
* ``language-model``: the OpenAI-compatible service (tests/support/fake_openai.py) answers
  500, stalls past the timeout, sends malformed JSON or valid JSON with the wrong fields:
  quiz drafts and end-of-session notes fall back to the offline model or fail cleanly, and
  nothing is half-written.

Usage::

    .venv/bin/python bench/faults.py kill [--students 500 --workers 2 --postgres]
    .venv/bin/python bench/faults.py postgres [--workers 2]    # stops the machine's PostgreSQL!
    .venv/bin/python bench/faults.py language-model

Exit status 0 when every check held.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import load

ROOT = Path(__file__).resolve().parents[1]
LIVE = load.LIVE


def write_heavy(duration: float) -> argparse.Namespace:
    """The load's knobs turned towards writes: every student taps every 5 s on average."""
    return argparse.Namespace(
        duration=duration,
        interval=5.0,
        pulse_every=5.0,
        questions_per_min=120.0,
        upvotes_per_min=1200.0,
        quiz_first=1.0,
        quiz_every=8.0,
    )


class Server:
    """One ``reboot serve`` on a fixed port and data directory that can be killed and restarted."""

    def __init__(self, env: dict[str, str], port: int, workers: int) -> None:
        self.env, self.port, self.workers = env, port, workers
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = load.start_server(self.env, self.port, self.workers, quiet=True)
        load.wait_until_up(self.base, self.process)

    def kill(self) -> int:
        """SIGKILL the supervisor and every worker at once; returns how many processes."""
        assert self.process is not None
        pids = load.process_tree(self.process.pid)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.process.wait()
        return len(pids)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            load.stop_server(self.process)


@contextlib.contextmanager
def database(args: argparse.Namespace, data_dir: str) -> Iterator[str]:
    if args.postgres:
        with load.postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{data_dir}/reboot.db"


async def open_class(base: str, students: int) -> load.Lecture:
    pool = load.Pool(base, 100, timeout=10)
    lecture = load.Lecture(pool, load.Recorder(), random.Random(7))
    await lecture.open(None)
    await lecture.join_all(students)
    lecture.recorder = load.Recorder()
    return lecture


# --- kill -9 ------------------------------------------------------------------------------


async def kill_drill(args: argparse.Namespace, server: Server, url: str) -> int:
    lecture = await open_class(server.base, args.students)
    print(f"{len(lecture.students)} students joined; write-heavy load for {args.duration:g} s")
    downtime = {}

    async def killer() -> None:
        await asyncio.sleep(args.duration / 3)
        answered = sum(s.statuses.total() for s in lecture.recorder.routes.values())
        began = time.perf_counter()
        count = server.kill()
        print(f"  SIGKILL to {count} server process(es) after {answered} answered requests")
        await asyncio.to_thread(server.start)
        downtime["s"] = time.perf_counter() - began
        print(f"  restarted and answering after {downtime['s']:.1f} s")

    await asyncio.gather(load.steady(lecture, write_heavy(args.duration)), killer())
    lecture.recorder.ended = time.perf_counter()
    lecture.recorder.print("load through the kill (errors while the server was down are expected)")
    problems = 0

    unknown = lecture.answers_sent - lecture.acked.answers
    retried: Counter[int] = Counter()
    for quiz_id, user_id in sorted(unknown):
        student = next(s for s in lecture.students if s.user_id == user_id)
        reply = await lecture.pool.call(
            "POST",
            f"{LIVE}/{lecture.session_id}/quiz/{quiz_id}/answer/",
            token=student.token,
            json={"answer": load.OPTIONS[0]},
        )
        retried[reply.status] += 1
        if reply.status == 200:
            lecture.acked.answers.add((quiz_id, user_id))
    bad_retries = sum(v for k, v in retried.items() if k not in (200, 409))
    print(f"\n  answers without an answer, sent again: {dict(retried) or 'none'}")
    problems += bad_retries
    print("checks")
    problems += await lecture_checks(lecture, url)
    lecture.pool.close()
    return problems


async def lecture_checks(lecture: load.Lecture, url: str) -> int:
    problems = await load.check_counts(lecture)
    problems += await asyncio.to_thread(load.verify, url, lecture)
    return problems


# --- PostgreSQL stopped and started -------------------------------------------------------


def pg_ctl(action: str) -> None:
    versions = sorted(os.listdir("/etc/postgresql"))
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", action]
    if action == "stop":
        command += ["-m", "fast"]  # disconnect clients now, as a crash or a restart would
    subprocess.run(command, check=True, timeout=60)


def pg_up() -> bool:
    import psycopg

    try:
        with psycopg.connect(load.ADMIN_URL, connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


async def postgres_drill(args: argparse.Namespace, server: Server, url: str) -> int:
    lecture = await open_class(server.base, args.students)
    outage = args.outage
    print(f"{len(lecture.students)} students joined; PostgreSQL stops at 5 s for {outage:g} s")
    marks: dict[str, float] = {}
    bodies: list[dict] = []

    async def outage_task() -> None:
        await asyncio.sleep(5)
        marks["stop"] = time.perf_counter()
        try:
            await asyncio.to_thread(pg_ctl, "stop")
            marks["stopped"] = time.perf_counter()
            print(f"  PostgreSQL stopped ({marks['stopped'] - marks['stop']:.1f} s)")
            await asyncio.sleep(outage)
            # one request of our own during the outage, to show its body
            reply = await lecture.pool.call(
                "POST",
                f"{LIVE}/{lecture.session_id}/pulse/",
                token=lecture.students[0].token,
                json={"pulse_type": "CONFUSED"},
            )
            bodies.append({"status": reply.status, **reply.json()})
        finally:
            marks["restart"] = time.perf_counter()
            await asyncio.to_thread(pg_ctl, "start")  # always: the machine needs it
            marks["started"] = time.perf_counter()
            print(
                f"  PostgreSQL started again ({marks['started'] - marks['stop']:.1f} s after stop)"
            )

    timeline: list[tuple[float, int | None]] = []
    original = lecture.recorder.send

    async def send(pool, name, expected, due, **call):
        reply = await original(pool, name, expected, due, **call)
        stats = lecture.recorder.routes[name]
        status = reply.status if reply is not None else _last_status(stats)
        timeline.append((time.perf_counter(), status))
        return reply

    lecture.recorder.send = send  # type: ignore[method-assign]
    duration = 5 + outage + args.recovery
    await asyncio.gather(load.steady(lecture, write_heavy(duration)), outage_task())
    lecture.recorder.ended = time.perf_counter()
    lecture.recorder.print("load through the outage")

    # between "stopped" and "restart" the database is down for sure; while pg_ctl start
    # waits, it may already be answering
    during = Counter(s for t, s in timeline if marks["stopped"] <= t < marks["restart"])
    after = [(t, s) for t, s in timeline if t >= marks["started"]]
    recovered = next((t for t, s in after if s is not None and s < 500), None)
    late = Counter(s for t, s in after if recovered is not None and t > recovered + 2)
    print(f"\n  answers while stopped: {dict(during)}")
    print(f"  body of a write while stopped: {bodies[0] if bodies else '-'}")
    if recovered is not None:
        print(f"  first success {recovered - marks['started']:.2f} s after the restart")
    print(f"  answers from 2 s after the first success on: {dict(late)}")
    problems = 0
    unclean = sum(v for k, v in during.items() if k is None or (k >= 500 and k != 503))
    if unclean:
        print(f"  PROBLEM: {unclean} answers during the outage were not 503 (or no answer)")
    problems += unclean
    failed_late = sum(v for k, v in late.items() if k is None or k >= 500)
    if recovered is None or failed_late:
        print("  PROBLEM: the server did not recover")
        problems += 1 + failed_late
    if not bodies or bodies[0]["status"] != 503 or not {"error", "detail"} <= set(bodies[0]):
        print("  PROBLEM: a write during the outage did not answer 503 {error, detail}")
        problems += 1
    print("checks")
    problems += await lecture_checks(lecture, url)
    lecture.pool.close()
    return problems


def _last_status(stats: load.RouteStats) -> int | None:
    # Recorder.send returns None for HTTP errors too: the newest error says which
    if stats.errors and next(reversed(stats.errors)).startswith("HTTP"):
        return int(next(reversed(stats.errors)).split()[1])
    return None


# --- the language model misbehaving --------------------------------------------------------


def language_model_drill(args: argparse.Namespace) -> int:
    import httpx

    sys.path.insert(0, str(ROOT))
    from tests.support.fake_openai import FakeOpenAI, chat_reply, raw_reply, status_reply

    good = {
        "question": "QuerySet은 언제 쿼리를 실행하나요?",
        "options": ["filter 호출 시", "값을 꺼낼 때", "모델 정의 시", "서버 시작 시"],
        "correct_answer": "값을 꺼낼 때",
        "explanation": "QuerySet은 게으릅니다.",
    }
    timeout = 2.0
    behaviours = {
        "good reply": chat_reply(json.dumps(good, ensure_ascii=False)),
        "HTTP 500": status_reply(500),
        "stall past timeout": chat_reply(json.dumps(good), delay=timeout * 3),
        "malformed JSON": raw_reply(b'{"choices": [{"message": {"content": "{\\"quest'),
        "wrong fields": chat_reply(json.dumps({"q": "질문", "answers": ["a", "b"]})),
    }
    lecture_text = (ROOT / "tests" / "data" / "lecture_ko.txt").read_text("utf-8")
    problems = 0
    with FakeOpenAI() as fake, tempfile.TemporaryDirectory(prefix="reboot-faults-") as data:
        env = load.server_env(
            data,
            None,
            REBOOT_OPENAI_API_KEY="bench-key",
            REBOOT_OPENAI_BASE_URL=fake.base_url,
            REBOOT_OPENAI_TIMEOUT=str(timeout),
            REBOOT_FEED_MAX_AGE="0",
        )
        server = Server(env, load.free_port(), 1)
        server.start()
        try:
            http = httpx.Client(base_url=server.base, timeout=60)
            login = http.post("/api/auth/dev-login/", json={"name": "prof", "role": "instructor"})
            teacher = {"Authorization": f"Bearer {login.json()['token']}"}
            print(f"{'service':<20}{'quiz/generate':>22}{'quizzes':>9}{'end job':>16}{'note':>22}")
            for name, behaviour in behaviours.items():
                fake.default_chat = behaviour
                created = http.post(
                    f"{LIVE}/create/", headers=teacher, json={"lecture_id": "llm", "title": name}
                ).json()
                sid = created["id"]
                http.post(f"{LIVE}/{sid}/start/", headers=teacher)
                for part in lecture_text.split(". "):
                    http.post(f"{LIVE}/{sid}/stt/text/", headers=teacher, json={"text": part})
                began = time.perf_counter()
                drafted = http.post(f"{LIVE}/{sid}/quiz/generate/", headers=teacher)
                took = time.perf_counter() - began
                quizzes = http.get(f"{LIVE}/{sid}/quiz/", headers=teacher).json()
                draft_ok = drafted.status_code == 200 and _complete_draft(drafted.json())
                clean_refusal = drafted.status_code == 503 and {"error", "detail"} <= set(
                    drafted.json()
                )
                http.post(f"{LIVE}/{sid}/end/", headers=teacher)
                began_job = time.perf_counter()
                job = _finished(http, teacher, sid)
                job_took = time.perf_counter() - began_job
                note = http.get(f"{LIVE}/{sid}/note/", headers=teacher)
                note_ok = (note.status_code == 200 and len(note.json()["content_text"]) > 50) or (
                    note.status_code == 404 and job["status"] == "FAILED"
                )
                note_text = (
                    f"{note.status_code} ({len(note.json()['content_text'])} chars)"
                    if note.status_code == 200
                    else str(note.status_code)
                )
                print(
                    f"{name:<20}{drafted.status_code:>9} in {took:5.2f} s{len(quizzes):>9}"
                    f"{job['status']:>9} {job_took:4.1f} s{note_text:>22}"
                )
                if not (draft_ok or clean_refusal) or quizzes or not note_ok:
                    print(f"  PROBLEM with {name}")
                    problems += 1
            print(f"\nrequests the fake service received: {len(fake.requests)}")
        finally:
            server.stop()
    return problems


def _complete_draft(draft: dict) -> bool:
    return bool(draft.get("question_text")) and draft.get("correct_answer") in draft.get(
        "options", []
    )


def _finished(http, teacher: dict[str, str], sid: str) -> dict:
    deadline = time.monotonic() + 120
    while True:
        job = http.get(f"{LIVE}/{sid}/end/status/", headers=teacher).json()
        if job["status"] in ("DONE", "FAILED") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


# --- main -----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("drill", choices=["kill", "postgres", "language-model"])
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--duration", type=float, default=20.0, help="kill: seconds of load")
    parser.add_argument("--outage", type=float, default=5.0, help="postgres: seconds stopped")
    parser.add_argument("--recovery", type=float, default=10.0, help="postgres: seconds after")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--postgres", action="store_true", help="kill: on a PostgreSQL database")
    args = parser.parse_args()
    if args.drill == "language-model":
        problems = language_model_drill(args)
    else:
        if args.drill == "postgres":
            args.postgres = True
        problems = server_drill(args)
    print(f"\nproblems: {problems}")
    sys.exit(1 if problems else 0)


def server_drill(args: argparse.Namespace) -> int:
    with (
        tempfile.TemporaryDirectory(prefix="reboot-faults-") as data_dir,
        database(args, data_dir) as url,
    ):
        env = load.server_env(data_dir, url)
        server = Server(env, load.free_port(), args.workers)
        server.start()
        kind = "PostgreSQL" if args.postgres else "SQLite"
        print(f"{args.drill} drill: {kind}, {args.workers} worker(s)")
        try:
            drill = kill_drill if args.drill == "kill" else postgres_drill
            return asyncio.run(drill(args, server, url))
        finally:
            server.stop()
            if args.drill == "postgres" and not pg_up():
                pg_ctl("start")


if __name__ == "__main__":
    main()
