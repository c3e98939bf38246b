"""The real server process: `python -m reboot_http serve` on a free port, a whole lecture over
HTTP, then a restart to show that data and tokens survive."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

STUDENTS = 30
OPTIONS = ["지연 평가", "즉시 실행", "컴파일 타임"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REBOOT_")}
    env.update({"REBOOT_DATA_DIR": str(data_dir), "REBOOT_STT_ENGINE": "none"})
    if database_url:
        env["REBOOT_DATABASE_URL"] = database_url
    return env


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throwaway database on the local PostgreSQL server (skips when there is none, fails
    under CI=true)."""
    psycopg = pytest.importorskip("psycopg")
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    name = f"reboot_e2e_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        # as the storage contract suites: CI must never go green without PostgreSQL
        (pytest.fail if os.environ.get("CI") == "true" else pytest.skip)(
            f"no PostgreSQL at 127.0.0.1:5432: {exc}"
        )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def running_server(env: dict[str, str], port: int, workers: int = 1) -> Iterator[str]:
    command = [sys.executable, "-m", "reboot_http", "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        first_line = process.stdout.readline() if process.stdout else ""
        assert first_line.strip() == f"Re:Boot Live: {base}/", first_line
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                if httpx.get(f"{base}/api/health/", timeout=1).json() == {"status": "ok"}:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not come up within 30 s"
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cli_token(env: dict[str, str], user: str, role: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "reboot_http", "token", "--user", user, "--role", role],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def ok(response: httpx.Response, status: int = 200) -> dict | list:
    assert response.status_code == status, (response.request.url, response.text)
    return response.json()


def run_lecture(http: httpx.Client, teacher: dict[str, str]) -> str:
    session = ok(
        http.post(
            "/api/learning/live/create/",
            headers=teacher,
            json={"lecture_id": "django-101", "title": "ORM 심화"},
        ),
        201,
    )
    sid, code = session["id"], session["session_code"]
    assert f"/join?code={code}&t=" in session["join_url"]

    png = http.get(f"/api/learning/live/{sid}/qr.png", headers=teacher)
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    svg = http.get(f"/api/learning/live/{sid}/qr.svg", headers=teacher)
    assert svg.status_code == 200 and b"<svg" in svg.content

    ok(http.post(f"/api/learning/live/{sid}/start/", headers=teacher))

    students = []
    for i in range(STUDENTS):
        joined = ok(
            http.post(
                "/api/learning/live/join/", json={"session_code": code, "display_name": f"학생{i}"}
            ),
            201,
        )
        students.append(bearer(joined["token"]))
    status = ok(http.get(f"/api/learning/live/{sid}/status/", headers=teacher))
    assert status["participant_count"] == STUDENTS and status["active_count"] == STUDENTS

    for i, student in enumerate(students):
        kind = "CONFUSED" if i % 3 == 0 else "UNDERSTAND"
        ok(
            http.post(
                f"/api/learning/live/{sid}/pulse/", headers=student, json={"pulse_type": kind}
            ),
            201,
        )
    stats = ok(http.get(f"/api/learning/live/{sid}/pulse-stats/", headers=teacher))
    assert (stats["understand"], stats["confused"], stats["total"]) == (20, 10, 30)

    quiz = ok(
        http.post(
            f"/api/learning/live/{sid}/quiz/create/",
            headers=teacher,
            json={
                "question_text": "QuerySet은 언제 실행되나요?",
                "options": OPTIONS,
                "correct_answer": OPTIONS[0],
                "explanation": "평가될 때 실행됩니다.",
            },
        ),
        201,
    )
    for i, student in enumerate(students):
        feed = ok(http.get(f"/api/learning/live/{sid}/feed/", headers=student))
        assert feed["role"] == "student" and [q["id"] for q in feed["pending_quizzes"]] == [
            quiz["id"]
        ]
        answer = OPTIONS[0] if i < 24 else OPTIONS[1]
        graded = ok(
            http.post(
                f"/api/learning/live/{sid}/quiz/{quiz['id']}/answer/",
                headers=student,
                json={"answer": answer},
            )
        )
        assert graded["is_correct"] is (i < 24)
    results = ok(http.get(f"/api/learning/live/{sid}/quiz/{quiz['id']}/results/", headers=teacher))
    assert results["response_count"] == STUDENTS and results["correct_count"] == 24
    assert results["option_counts"] == {OPTIONS[0]: 24, OPTIONS[1]: 6, OPTIONS[2]: 0}

    asked = [
        ok(
            http.post(
                f"/api/learning/live/{sid}/questions/",
                headers=students[i],
                json={"question_text": text},
            ),
            201,
        )
        for i, text in enumerate(
            [
                "select_related와 prefetch_related 차이?",
                "N+1 문제가 뭔가요?",
                "인덱스는 언제 쓰나요?",
            ]
        )
    ]
    for voter in students[5:15]:
        ok(http.post(f"/api/learning/live/{sid}/questions/{asked[1]['id']}/upvote/", headers=voter))
    for voter in students[5:8]:
        ok(http.post(f"/api/learning/live/{sid}/questions/{asked[2]['id']}/upvote/", headers=voter))
    listed = ok(http.get(f"/api/learning/live/{sid}/questions/", headers=teacher))
    assert [(q["id"], q["upvote_count"]) for q in listed] == [
        (asked[1]["id"], 10),
        (asked[2]["id"], 3),
        (asked[0]["id"], 0),
    ]
    ok(http.post(f"/api/learning/live/{sid}/questions/{asked[1]['id']}/answered/", headers=teacher))

    feed = http.get(f"/api/learning/live/{sid}/feed/", headers=teacher)
    body = feed.json()
    assert (
        body["role"] == "instructor"
        and body["latest_quiz"]["results"]["response_count"] == STUDENTS
    )
    unchanged = http.get(
        f"/api/learning/live/{sid}/feed/",
        headers={**teacher, "If-None-Match": feed.headers["etag"]},
    )
    assert unchanged.status_code == 304

    ended = ok(http.post(f"/api/learning/live/{sid}/end/", headers=teacher))
    assert ended["status"] == "ENDED"
    # after the end the code lets an absent student in to review, never to take part
    late = ok(http.post("/api/learning/live/join/", json={"session_code": code}), 201)
    assert late["review_only"] is True
    late_tap = http.post(
        f"/api/learning/live/{sid}/pulse/",
        headers=bearer(late["token"]),
        json={"pulse_type": "CONFUSED"},
    )
    assert late_tap.status_code == 403
    assert (
        http.post(
            f"/api/learning/live/{sid}/pulse/", headers=students[0], json={"pulse_type": "CONFUSED"}
        ).status_code
        == 409
    )
    return sid


@pytest.mark.parametrize("database_url", [None, "memory://"], ids=["sqlite-default", "memory"])
def test_a_lecture_end_to_end(tmp_path: Path, database_url: str | None) -> None:
    env = server_env(tmp_path, database_url)
    port = free_port()
    teacher = bearer(cli_token(env, "prof-kim", "instructor"))  # minted before the server exists
    with running_server(env, port) as base, httpx.Client(base_url=base, timeout=10) as http:
        sid = run_lecture(http, teacher)
    if database_url is None:
        # a restart keeps the SQLite data and the secret in the data directory
        assert (tmp_path / "reboot.db").exists() and (tmp_path / ".reboot-secret").exists()
        with (
            running_server(env, free_port()) as base,
            httpx.Client(base_url=base, timeout=10) as http,
        ):
            assert (
                ok(http.get(f"/api/learning/live/{sid}/status/", headers=teacher))["status"]
                == "ENDED"
            )


def test_production_shape_postgres_with_two_workers(tmp_path: Path) -> None:
    with postgres_database() as url:
        env = server_env(tmp_path, url)
        teacher = bearer(cli_token(env, "prof-lee", "instructor"))
        with (
            running_server(env, free_port(), workers=2) as base,
            httpx.Client(base_url=base, timeout=10) as http,
        ):
            run_lecture(http, teacher)
