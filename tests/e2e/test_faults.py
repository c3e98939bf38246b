"""Faults around the real server process: killed mid-write, database cut off, language model
misbehaving. Every acknowledged write survives, rules hold, and errors are clean.

The PostgreSQL case cuts a TCP proxy in front of the shared server instead of stopping it:
other tests use that server at the same time (bench/faults.py stops the real one).
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.test_server_process import (
    bearer,
    cli_token,
    free_port,
    ok,
    postgres_database,
    server_env,
)
from tests.support.fake_openai import FakeOpenAI, chat_reply, raw_reply, status_reply

pytestmark = pytest.mark.slow

LIVE = "/api/learning/live"
OPTIONS = ["지연 평가", "즉시 실행", "컴파일 타임"]
LECTURE = (Path(__file__).resolve().parent.parent / "data" / "lecture_ko.txt").read_text("utf-8")


@contextlib.contextmanager
def server_process(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    """``reboot serve`` with one worker (the process itself serves); killed if still up."""
    command = [sys.executable, "-m", "reboot_http", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--log-level", "warning"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, "the server exited during start-up"
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"http://127.0.0.1:{port}/api/health/", timeout=1).is_success:
                    break
            assert time.monotonic() < deadline, "the server did not come up within 30 s"
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def open_live_session(http: httpx.Client, teacher: dict[str, str]) -> tuple[str, str]:
    session = ok(
        http.post(
            f"{LIVE}/create/", headers=teacher, json={"lecture_id": "faults", "title": "장애"}
        ),
        201,
    )
    ok(http.post(f"{LIVE}/{session['id']}/start/", headers=teacher))
    return session["id"], session["session_code"]


# --- (a) kill -9 in the middle of writes ---------------------------------------------------


class Writes:
    """Writes sent from several threads; what got a success answer, and what has no answer."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pulses: set[str] = set()
        self.questions: set[str] = set()
        self.upvotes: set[tuple[str, str]] = set()
        self.answers: set[str] = set()  # student ids
        self.unknown_answers: set[str] = set()  # sent, no answer: stored or not, nobody knows

        self.done = False

    @property
    def acknowledged(self) -> int:
        return len(self.pulses) + len(self.questions) + len(self.upvotes) + len(self.answers)


KINDS = ("answer", "upvote", "question", "pulse", "pulse-again")


def _send(
    client: httpx.Client,
    writes: Writes,
    kind: str,
    user: str,
    headers: dict[str, str],
    sid: str,
    quiz_id: str,
    question_id: str,
) -> None:
    if kind == "answer":
        with writes.lock:
            writes.unknown_answers.add(user)
        url = f"{LIVE}/{sid}/quiz/{quiz_id}/answer/"
        if client.post(url, headers=headers, json={"answer": OPTIONS[1]}).status_code == 200:
            with writes.lock:
                writes.answers.add(user)
                writes.unknown_answers.discard(user)
    elif kind == "upvote":
        url = f"{LIVE}/{sid}/questions/{question_id}/upvote/"
        if client.post(url, headers=headers).status_code == 200:
            with writes.lock:
                writes.upvotes.add((question_id, user))
    elif kind == "question":
        sent = client.post(
            f"{LIVE}/{sid}/questions/", headers=headers, json={"question_text": "질문?"}
        )
        if sent.status_code == 201:
            with writes.lock:
                writes.questions.add(sent.json()["id"])
    else:
        pulse = "CONFUSED" if kind == "pulse" else "UNDERSTAND"
        sent = client.post(f"{LIVE}/{sid}/pulse/", headers=headers, json={"pulse_type": pulse})
        if sent.status_code == 201:
            with writes.lock:
                writes.pulses.add(sent.json()["id"])


def test_every_acknowledged_write_survives_kill_9(tmp_path: Path) -> None:
    env = server_env(tmp_path, None)
    teacher = bearer(cli_token(env, "prof-kim", "instructor"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    writes = Writes()
    with server_process(env, port) as process, httpx.Client(base_url=base, timeout=5) as http:
        sid, code = open_live_session(http, teacher)
        students = []
        for _ in range(40):
            joined = ok(http.post(f"{LIVE}/join/", json={"session_code": code}), 201)
            students.append((joined["user_id"], bearer(joined["token"])))
        quiz = ok(
            http.post(
                f"{LIVE}/{sid}/quiz/create/",
                headers=teacher,
                json={"question_text": "언제?", "options": OPTIONS, "correct_answer": OPTIONS[0]},
            ),
            201,
        )
        asker = bearer(ok(http.post(f"{LIVE}/join/", json={"session_code": code}), 201)["token"])
        asked = ok(
            http.post(f"{LIVE}/{sid}/questions/", headers=asker, json={"question_text": "N+1?"}),
            201,
        )
        writes.questions.add(asked["id"])

        # every student answers once, upvotes once, asks once and taps twice: 200 writes in
        # a shuffled order, so the kill lands in the middle of every kind
        plan = [(kind, index) for index in range(len(students)) for kind in KINDS]
        random.Random(8).shuffle(plan)

        def write(step: tuple[str, int]) -> None:
            kind, index = step
            user, headers = students[index]
            try:
                with httpx.Client(base_url=base, timeout=5) as client:
                    _send(client, writes, kind, user, headers, sid, quiz["id"], asked["id"])
            except httpx.TransportError:
                pass  # the server died under this request

        def killer() -> None:
            while writes.acknowledged < 100 and not writes.done:
                time.sleep(0.002)
            process.send_signal(signal.SIGKILL)

        watcher = threading.Thread(target=killer)
        watcher.start()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(write, plan))
        writes.done = True
        watcher.join()
        assert process.wait(timeout=5) == -signal.SIGKILL
    assert writes.acknowledged >= 100

    stored = _stored(tmp_path / "reboot.db", sid)
    assert writes.pulses <= stored["pulses"]
    assert writes.questions <= stored["questions"]
    assert writes.upvotes <= stored["upvotes"]
    assert writes.answers <= stored["answers"]
    assert stored["double_answers"] == 0

    # after a restart the server agrees with the database, and an answer whose fate was
    # unknown can be sent again: it is stored once (200) or refused as a repeat (409)
    with server_process(env, port), httpx.Client(base_url=base, timeout=5) as http:
        tokens = dict(students)
        for user in sorted(writes.unknown_answers):
            retry = http.post(
                f"{LIVE}/{sid}/quiz/{quiz['id']}/answer/",
                headers=tokens[user],
                json={"answer": OPTIONS[0]},
            )
            assert retry.status_code in (200, 409), retry.text
        results = ok(http.get(f"{LIVE}/{sid}/quiz/{quiz['id']}/results/", headers=teacher))
        listed = ok(http.get(f"{LIVE}/{sid}/questions/", headers=teacher))
    after = _stored(tmp_path / "reboot.db", sid)
    assert after["double_answers"] == 0
    assert results["response_count"] == len(after["answers"])
    assert writes.answers | writes.unknown_answers >= after["answers"] >= writes.answers
    upvotes = {q["id"]: q["upvote_count"] for q in listed}
    assert upvotes[asked["id"]] == sum(1 for q, _ in after["upvotes"] if q == asked["id"])


def _stored(database: Path, session_id: str) -> dict:
    with contextlib.closing(sqlite3.connect(database)) as db:

        def rows(sql: str) -> set:
            found = db.execute(sql, (session_id,)).fetchall()
            return {row if len(row) > 1 else row[0] for row in found}

        answered = db.execute(
            "SELECT r.student_id, count(*) FROM live_quiz_response r "
            "JOIN live_quiz q ON q.id = r.quiz_id WHERE q.session_id = ? GROUP BY r.student_id",
            (session_id,),
        ).fetchall()
        return {
            "pulses": rows("SELECT id FROM pulse_check WHERE session_id = ?"),
            "questions": rows("SELECT id FROM live_question WHERE session_id = ?"),
            "upvotes": rows(
                "SELECT question_id, student_id FROM live_question_upvote WHERE session_id = ?"
            ),
            "answers": {student for student, _ in answered},
            "double_answers": sum(1 for _, count in answered if count > 1),
        }


# --- (b) PostgreSQL unreachable for a while ------------------------------------------------


class CuttableProxy:
    """A TCP proxy to 127.0.0.1:5432 that can drop every connection and refuse new ones."""

    def __init__(self, target: tuple[str, int] = ("127.0.0.1", 5432)) -> None:
        self.target = target
        self.port = free_port()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None

    def __enter__(self) -> CuttableProxy:
        self.restore()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cut()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Like a stopped server: open connections break, new ones are refused."""
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=3)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _postgres_reachable() -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 5432), timeout=1):
        return True
    return False


def test_an_unreachable_database_is_503_and_the_server_recovers(tmp_path: Path) -> None:
    if not _postgres_reachable() and os.environ.get("CI") != "true":
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    with postgres_database() as direct, CuttableProxy() as proxy:
        url = direct.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
        env = server_env(tmp_path, url)
        teacher = bearer(cli_token(env, "prof-lee", "instructor"))
        port = free_port()
        with (
            server_process(env, port),
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=15) as http,
        ):
            sid, code = open_live_session(http, teacher)
            student = bearer(
                ok(http.post(f"{LIVE}/join/", json={"session_code": code}), 201)["token"]
            )
            pulse = {"pulse_type": "CONFUSED"}
            ok(http.post(f"{LIVE}/{sid}/pulse/", headers=student, json=pulse), 201)

            proxy.cut()
            for attempt in range(3):
                failed = http.post(f"{LIVE}/{sid}/pulse/", headers=student, json=pulse)
                assert failed.status_code == 503, (attempt, failed.text)
                body = failed.json()
                assert body["error"] and "unavailable" in body["detail"], body
            assert http.get("/api/health/").status_code == 200  # the process itself is fine

            proxy.restore()
            deadline = time.monotonic() + 10
            while True:
                again = http.post(f"{LIVE}/{sid}/pulse/", headers=student, json=pulse)
                if again.status_code == 201 or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            assert again.status_code == 201, again.text
            status = ok(http.get(f"{LIVE}/{sid}/status/", headers=teacher))
            assert status["participant_count"] == 1


# --- (c) the language model service misbehaving --------------------------------------------

GOOD_QUIZ = {
    "question": "QuerySet은 언제 쿼리를 실행하나요?",
    "options": ["filter 호출 시", "값을 꺼낼 때", "모델 정의 시", "서버 시작 시"],
    "correct_answer": "값을 꺼낼 때",
    "explanation": "QuerySet은 게으릅니다.",
    "concept_tags": ["QuerySet"],
}
STALL = 1.0  # REBOOT_OPENAI_TIMEOUT for this server
MISBEHAVIOURS = {
    "500": status_reply(500),
    "stall": chat_reply(json.dumps(GOOD_QUIZ), delay=STALL * 3),
    "malformed": raw_reply(b'{"choices": [{"message": {"content": "{\\"question\\": '),
    "wrong-fields": chat_reply(json.dumps({"q": "질문", "answers": ["a", "b"], "note": 1})),
}


def test_a_misbehaving_language_model_falls_back_and_leaves_nothing_half_written(
    tmp_path: Path,
) -> None:
    with FakeOpenAI() as fake:
        env = server_env(tmp_path, None)
        env.update(
            REBOOT_OPENAI_API_KEY="test-key",
            REBOOT_OPENAI_BASE_URL=fake.base_url,
            REBOOT_OPENAI_TIMEOUT=str(STALL),
            REBOOT_FEED_MAX_AGE="0",
        )
        teacher = bearer(cli_token(env, "prof-park", "instructor"))
        port = free_port()
        with (
            server_process(env, port),
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http,
        ):
            sessions = {}
            for name, behaviour in MISBEHAVIOURS.items():
                fake.default_chat = behaviour
                sid, _ = open_live_session(http, teacher)
                for part in LECTURE.split(". ")[:12]:
                    ok(
                        http.post(f"{LIVE}/{sid}/stt/text/", headers=teacher, json={"text": part}),
                        201,
                    )
                drafted = http.post(f"{LIVE}/{sid}/quiz/generate/", headers=teacher)
                if drafted.status_code == 200:  # the offline model's draft: complete
                    draft = drafted.json()
                    assert draft["question_text"] and draft["correct_answer"] in draft["options"]
                else:  # or a clean refusal
                    assert drafted.status_code == 503, (name, drafted.text)
                    assert set(drafted.json()) >= {"error", "detail"}
                # a draft is never a quiz by itself, whatever the service sent
                assert ok(http.get(f"{LIVE}/{sid}/quiz/", headers=teacher)) == [], name
                ok(http.post(f"{LIVE}/{sid}/end/", headers=teacher))
                sessions[name] = sid
            assert len(fake.requests) >= len(MISBEHAVIOURS)  # the service was really asked

            for name, sid in sessions.items():
                job = _finished_job(http, teacher, sid)
                note = http.get(f"{LIVE}/{sid}/note/", headers=teacher)
                if note.status_code == 200:  # complete: the fallback wrote all of it
                    body = note.json()
                    assert body["is_approved"] is False and len(body["content_text"]) > 50, (
                        name,
                        body,
                    )
                    assert body["content_text"].count("#") >= 1, (name, body["content_text"][:200])
                else:  # or absent, with the job saying why
                    assert note.status_code == 404, (name, note.text)
                    assert job["status"] == "FAILED", (name, job)


def _finished_job(http: httpx.Client, teacher: dict[str, str], sid: str) -> dict:
    deadline = time.monotonic() + 30
    while True:
        job = ok(http.get(f"{LIVE}/{sid}/end/status/", headers=teacher))
        if job["status"] in ("DONE", "FAILED") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)
