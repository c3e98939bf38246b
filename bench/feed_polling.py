"""Polling load on the feed endpoint: req/s and latency with and without If-None-Match.

Starts its own server (``python -m reboot_http serve``) on a free port with a fresh data
directory, once per value of ``--feed-max-age`` (snapshot reuse on, then off), or measures an
already running server given with ``--url`` and ``--token`` (an instructor token).

For each server it opens a session, joins N students, sends pulses, a quiz and questions, and
then lets C concurrent pollers hammer ``GET /api/learning/live/{id}/feed/`` for a few seconds:

* ``200``: no If-None-Match, every answer carries the full body;
* ``304``: each poller sends the ETag it got last, so unchanged feeds answer 304;
* ``paced`` (with ``--paced N``): N students each polling once per 5 s tick, the real load.

Usage::

    .venv/bin/python bench/feed_polling.py                     # sqlite, 1 worker
    .venv/bin/python bench/feed_polling.py --students 200 --seconds 10 --workers 2
    .venv/bin/python bench/feed_polling.py --paced 2000 --feed-max-age 1   # realistic ticks
    .venv/bin/python bench/feed_polling.py --url http://host:8000 --token "$(reboot token ...)"

Numbers include the client's own cost: the client runs on the same machine, so read them as
a lower bound of what the server can do.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx


@dataclass
class Run:
    label: str
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> str:
        ordered = sorted(self.latencies)
        count = len(ordered)
        p50 = statistics.median(ordered) * 1000 if ordered else 0.0
        p99 = ordered[min(count - 1, int(count * 0.99))] * 1000 if ordered else 0.0
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(self.statuses.items()))
        return (
            f"{self.label:<34} {count / self.seconds:>8.0f} req/s   "
            f"p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   ({statuses})"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(args: argparse.Namespace, feed_max_age: float) -> Iterator[str]:
    """A fresh server process; yields its base URL."""
    with tempfile.TemporaryDirectory(prefix="reboot-bench-") as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("REBOOT_")}
        env.update(
            REBOOT_DATA_DIR=data_dir,
            REBOOT_STT_ENGINE="none",
            REBOOT_FEED_MAX_AGE=str(feed_max_age),
            REBOOT_DEV_LOGIN="true",
        )
        if args.database_url:
            env["REBOOT_DATABASE_URL"] = args.database_url
        port = free_port()
        command = [sys.executable, "-m", "reboot_http", "serve", "--port", str(port)]
        command += ["--workers", str(args.workers), "--log-level", "warning"]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(f"{base}/api/health/", timeout=1).raise_for_status()
                    break
                except httpx.HTTPError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("the server did not start") from None
                    time.sleep(0.1)
            yield base
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def prepare(base: str, token: str | None, students: int) -> tuple[str, list[str], str]:
    """A LIVE session with joined students, pulses, a quiz and questions."""
    with httpx.Client(base_url=base, timeout=30) as http:
        if token is None:
            login = http.post("/api/auth/dev-login/", json={"name": "bench-prof"})
            login.raise_for_status()
            token = login.json()["token"]
        teacher = {"Authorization": f"Bearer {token}"}
        created = http.post(
            "/api/learning/live/create/",
            headers=teacher,
            json={"lecture_id": f"bench-{time.time_ns()}", "title": "bench"},
        )
        created.raise_for_status()
        session = created.json()
        http.post(f"/api/learning/live/{session['id']}/start/", headers=teacher).raise_for_status()
        tokens = []
        for i in range(students):
            joined = http.post(
                "/api/learning/live/join/", json={"session_code": session["session_code"]}
            )
            joined.raise_for_status()
            tokens.append(joined.json()["token"])
            student = {"Authorization": f"Bearer {tokens[-1]}"}
            pulse = "CONFUSED" if i % 4 == 0 else "UNDERSTAND"
            http.post(
                f"/api/learning/live/{session['id']}/pulse/",
                headers=student,
                json={"pulse_type": pulse},
            )
            if i < 5:
                http.post(
                    f"/api/learning/live/{session['id']}/questions/",
                    headers=student,
                    json={"question_text": f"질문 {i}: QuerySet은 언제 평가되나요?"},
                )
        http.post(
            f"/api/learning/live/{session['id']}/quiz/create/",
            headers=teacher,
            json={"question_text": "ORM?", "options": ["a", "b"], "correct_answer": "a"},
        ).raise_for_status()
    return session["id"], tokens, token


async def hammer(
    base: str, session_id: str, tokens: list[str], *, seconds: float, concurrency: int, etags: bool
) -> Run:
    """``concurrency`` keep-alive connections polling in a loop.

    A bare asyncio HTTP/1.1 client: httpx's async client tops out near 250 req/s on the
    development machine, which would measure the client instead of the server.
    """
    run = Run(("304 (If-None-Match)" if etags else "200 (full body)") + f", {len(tokens)} students")
    url = httpx.URL(base)
    path = f"/api/learning/live/{session_id}/feed/"
    last: dict[str, bytes] = {}
    stop = time.perf_counter() + seconds

    async def poller(index: int) -> None:
        reader, writer = await asyncio.open_connection(url.host, url.port)
        turn = index
        try:
            while time.perf_counter() < stop:
                token = tokens[turn % len(tokens)]
                turn += concurrency
                request = (
                    f"GET {path} HTTP/1.1\r\nHost: {url.host}\r\nAuthorization: Bearer {token}\r\n"
                )
                if etags and token in last:
                    request += f"If-None-Match: {last[token].decode()}\r\n"
                began = time.perf_counter()
                writer.write(request.encode() + b"\r\n")
                status, headers = await _read_response(reader)
                run.latencies.append(time.perf_counter() - began)
                run.statuses[status] = run.statuses.get(status, 0) + 1
                if b"etag" in headers:
                    last[token] = headers[b"etag"]
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(poller(i) for i in range(concurrency)))
    run.seconds = time.perf_counter() - began
    return run


async def paced(
    base: str,
    session_id: str,
    tokens: list[str],
    *,
    seconds: float,
    interval: float,
    connections: int,
) -> Run:
    """Every student polls once per ``interval`` (as browsers do, with If-None-Match), spread
    evenly; latency counts from the scheduled moment, so queueing in an overloaded server
    shows up instead of slowing the clients down."""
    run = Run(f"paced: {len(tokens)} students / {interval:g} s")
    url = httpx.URL(base)
    path = f"/api/learning/live/{session_id}/feed/"
    last: dict[str, bytes] = {}
    due: asyncio.Queue[tuple[float, str] | None] = asyncio.Queue()
    gap = interval / len(tokens)

    async def schedule() -> None:
        start = time.perf_counter()
        for n in range(int(seconds / gap)):
            at = start + n * gap
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            due.put_nowait((at, tokens[n % len(tokens)]))
        for _ in range(connections):
            due.put_nowait(None)

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(url.host, url.port)
        try:
            while (item := await due.get()) is not None:
                at, token = item
                request = (
                    f"GET {path} HTTP/1.1\r\nHost: {url.host}\r\nAuthorization: Bearer {token}\r\n"
                )
                if token in last:
                    request += f"If-None-Match: {last[token].decode()}\r\n"
                writer.write(request.encode() + b"\r\n")
                status, headers = await _read_response(reader)
                run.latencies.append(time.perf_counter() - at)
                run.statuses[status] = run.statuses.get(status, 0) + 1
                if b"etag" in headers:
                    last[token] = headers[b"etag"]
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(schedule(), *(connection() for _ in range(connections)))
    run.seconds = time.perf_counter() - began
    return run


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, dict[bytes, bytes]]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name:
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get(b"content-length", b"0"))
    if length:
        await reader.readexactly(length)
    return status, headers


def measure(args: argparse.Namespace, base: str, label: str) -> None:
    session_id, tokens, _ = prepare(base, args.token, max(args.students, args.paced))
    print(f"\n{label}")
    for etags in (False, True):
        run = asyncio.run(
            hammer(
                base,
                session_id,
                tokens[: args.students],
                seconds=args.seconds,
                concurrency=args.concurrency,
                etags=etags,
            )
        )
        print("  " + run.line(), flush=True)
    if args.paced:
        run = asyncio.run(
            paced(
                base,
                session_id,
                tokens[: args.paced],
                seconds=max(args.seconds, 2 * args.interval),
                interval=args.interval,
                connections=args.concurrency,
            )
        )
        print("  " + run.line(), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--token", help="instructor token for --url (else dev login is used)")
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--paced", type=int, default=0, help="also run N students polling every --interval"
    )
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--database-url", help="REBOOT_DATABASE_URL for the started server")
    parser.add_argument(
        "--feed-max-age",
        type=float,
        action="append",
        help="REBOOT_FEED_MAX_AGE values to compare (default: 1 and 0)",
    )
    args = parser.parse_args()
    print(
        f"feed polling: {args.students} students, {args.concurrency} concurrent pollers, "
        f"{args.seconds:g} s per run"
    )
    if args.url:
        measure(args, args.url.rstrip("/"), f"server at {args.url}")
        return
    storage = args.database_url or "sqlite (embedded default)"
    for max_age in args.feed_max_age or [1.0, 0.0]:
        with server(args, max_age) as base:
            label = f"{storage}, {args.workers} worker(s), REBOOT_FEED_MAX_AGE={max_age:g}"
            measure(args, base, label)


if __name__ == "__main__":
    main()
