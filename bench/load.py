"""Load generator: N students and one instructor against a running ``reboot serve``.

Starts its own server (``python -m reboot_http serve``, SQLite in a fresh data directory or a
throwaway PostgreSQL database) or measures ``--url``. After N students join, for
``--duration`` seconds:

* every student polls its feed every 5 s with If-None-Match (polls spread evenly);
* pulses arrive at random (each student every ``--pulse-every`` s on average), questions and
  upvotes at class-wide rates; every student answers each quiz it sees once, a few seconds
  after its feed showed it;
* the instructor polls its feed every 5 s and creates a quiz every ``--quiz-every`` s.

Optional phases: ``--burst 1000`` (1,000 students send one pulse each within one second) and
``--compare-bare`` (closed-loop req/s of the feed's 304 path against a bare Litestar JSON
route served the same way, bench/bare_json.py). Then it prints req/s, p50/p99 per route,
errors, the server's CPU and RSS (from /proc), and opens the database to check that every
acknowledged write is stored and the counts agree.

Latency counts from the moment a request was due, so queueing (in the server or for one of
the client's ``--connections`` keep-alive connections) shows up instead of slowing the
simulated students down. The generator runs on the same 2 cores as the server: its own CPU
is printed too, and ``--pin`` puts it and a 1-worker server on separate cores.

Usage::

    .venv/bin/python bench/load.py --students 2000 --duration 30
    .venv/bin/python bench/load.py --students 10000 --workers 2 --burst 1000 --compare-bare
    .venv/bin/python bench/load.py --postgres --workers 2 --students 5000
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --database-url sqlite:///x.db
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import heapq
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

LIVE = "/api/learning/live"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BENCH_DIR = Path(__file__).resolve().parent
TICKS = os.sysconf("SC_CLK_TCK")
OPTIONS = ["지연 평가", "즉시 실행", "컴파일 타임"]


# --- a small HTTP/1.1 keep-alive client ---------------------------------------------------
# httpx's async client tops out at a few hundred requests per second on this machine, which
# would measure the client; this one does only what the server's answers need.


class TransportError(Exception):
    """The connection failed, closed, or timed out; the request's fate is unknown."""


@dataclass
class Reply:
    status: int
    headers: dict[bytes, bytes]
    body: bytes

    def json(self) -> Any:
        return msgspec.json.decode(self.body)


# uvicorn closes keep-alive connections idle for 5 s; reopen before that, as browsers do
IDLE_REOPEN = 4.0


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._used = 0.0

    async def request(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> Reply:
        if self._writer is not None and time.monotonic() - self._used > IDLE_REOPEN:
            self.close()
        reused = self._writer is not None
        try:
            return await self._exchange(method, path, headers, body)
        except (ConnectionResetError, asyncio.IncompleteReadError) as exc:
            partial = getattr(exc, "partial", b"")
            if not (reused and method == "GET" and not partial):
                raise
            # the server closed an idle connection just as we sent: a safe request may retry
            self.close()
            return await self._exchange(method, path, headers, body)

    async def _exchange(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> Reply:
        if self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            sock = self._writer.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        assert self._reader is not None
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
        for name, value in headers.items():
            head += f"{name}: {value}\r\n"
        if body or method == "POST":
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self._writer.write(head.encode() + b"\r\n" + body)
        raw = await self._reader.readuntil(b"\r\n\r\n")
        lines = raw.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        parsed: dict[bytes, bytes] = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name:
                parsed[name.strip().lower()] = value.strip()
        if parsed.get(b"transfer-encoding", b"").lower() == b"chunked":
            content = await self._chunks()
        else:
            length = int(parsed.get(b"content-length", b"0"))
            content = await self._reader.readexactly(length) if length else b""
        if parsed.get(b"connection", b"").lower() == b"close":
            self.close()
        self._used = time.monotonic()
        return Reply(status, parsed, content)

    async def _chunks(self) -> bytes:
        assert self._reader is not None
        parts = []
        while True:
            size = int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self._reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self._reader.readexactly(size + 2))
            parts[-1] = parts[-1][:-2]

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


class Pool:
    """``size`` keep-alive connections; a request waits for a free one.

    ``base`` may list several servers (``http://a:1,http://b:2``): connections are spread
    over them in turn, like a load balancer in front of several server processes.
    """

    def __init__(self, base: str, size: int, timeout: float = 10.0) -> None:
        addresses = []
        for one in base.split(","):
            host, _, port = one.strip().removeprefix("http://").rstrip("/").partition(":")
            addresses.append((host, int(port or 80)))
        self.size = size
        self._free: asyncio.LifoQueue[Connection] = asyncio.LifoQueue()
        for index in range(size):
            self._free.put_nowait(Connection(*addresses[index % len(addresses)]))
        self.timeout = timeout

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        etag: bytes | None = None,
    ) -> Reply:
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if etag:
            headers["If-None-Match"] = etag.decode()
        body = msgspec.json.encode(json) if json is not None else b""
        connection = await self._free.get()
        try:
            return await asyncio.wait_for(
                connection.request(method, path, headers, body), self.timeout
            )
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            connection.close()
            raise TransportError(type(exc).__name__) from exc
        except TimeoutError as exc:
            connection.close()  # an answer may still arrive: this connection is out of step
            raise TransportError("timeout") from exc
        except asyncio.CancelledError:
            connection.close()  # likewise for a request given up on (drain)
            raise
        finally:
            self._free.put_nowait(connection)

    def close(self) -> None:
        while not self._free.empty():
            self._free.get_nowait().close()


# --- measurements ------------------------------------------------------------------------


@dataclass
class RouteStats:
    expected: frozenset[int]
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


class Recorder:
    def __init__(self) -> None:
        self.routes: dict[str, RouteStats] = {}
        self.began = time.perf_counter()
        self.ended = self.began

    def route(self, name: str, *expected: int) -> RouteStats:
        if name not in self.routes:
            self.routes[name] = RouteStats(frozenset(expected))
        return self.routes[name]

    async def send(
        self, pool: Pool, name: str, expected: tuple[int, ...], due: float, **call: Any
    ) -> Reply | None:
        """One request; None when it failed (counted as an error)."""
        stats = self.route(name, *expected)
        try:
            reply = await pool.call(**call)
        except TransportError as exc:
            stats.latencies.append(time.perf_counter() - due)
            stats.errors[str(exc)] += 1
            return None
        stats.latencies.append(time.perf_counter() - due)
        stats.statuses[reply.status] += 1
        if reply.status not in stats.expected:
            stats.errors[f"HTTP {reply.status}"] += 1
            return None
        return reply

    def print(self, title: str) -> None:
        seconds = max(self.ended - self.began, 1e-9)
        print(f"\n{title}  ({seconds:.1f} s)")
        print(
            f"  {'route':<22}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'max ms':>9}  errors / statuses"
        )
        total = errors = 0
        for name, stats in self.routes.items():
            count = len(stats.latencies)
            total += count
            errors += stats.error_count
            p50, p99, high = percentiles(stats.latencies)
            statuses = " ".join(f"{k}:{v}" for k, v in sorted(stats.statuses.items()))
            failed = " ".join(f"{k}:{v}" for k, v in stats.errors.items())
            print(
                f"  {name:<22}{count:>9}{count / seconds:>9.0f}{p50:>9.1f}{p99:>9.1f}{high:>9.1f}"
                f"  {failed or '-'} / {statuses}"
            )
        all_latencies = [x for s in self.routes.values() for x in s.latencies]
        p50, p99, high = percentiles(all_latencies)
        print(
            f"  {'all':<22}{total:>9}{total / seconds:>9.0f}{p50:>9.1f}{p99:>9.1f}{high:>9.1f}"
            f"  errors: {errors}"
        )


def percentiles(values: list[float]) -> tuple[float, float, float]:
    if not values:
        return 0.0, 0.0, 0.0
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000  # noqa: E731
    return pick(0.5), pick(0.99), ordered[-1] * 1000


# --- the server process and its /proc numbers --------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's worker processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def memory_mib(pids: list[int], key: str) -> float:
    """Sum of VmRSS (now) or VmHWM (peak) over the processes, in MiB."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(key + ":"):
                    total += int(line.split()[1])
    return total / 1024


class Usage:
    """CPU of the server processes, of this client and of everything else between two
    moments, and the server's memory at the end."""

    def __init__(self, server_pids: list[int]) -> None:
        self.server_pids = server_pids

    def __enter__(self) -> Usage:
        self.pids = [pid for server in self.server_pids for pid in process_tree(server)]
        self.began = time.perf_counter()
        self.server0 = cpu_seconds(self.pids)
        self.client0 = _own_cpu()
        self.busy0 = _busy_cpu()
        self.db0 = cpu_seconds(_postgres_pids())
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.began
        self.server = cpu_seconds(self.pids) - self.server0
        self.client = _own_cpu() - self.client0
        # backends come and go with connections: the sum over those alive now is close enough
        self.db = max(0.0, cpu_seconds(_postgres_pids()) - self.db0)
        self.other = max(0.0, _busy_cpu() - self.busy0 - self.server - self.client - self.db)
        self.rss = memory_mib(self.pids, "VmRSS")
        self.peak = memory_mib(self.pids, "VmHWM")

    def line(self) -> str:
        share = lambda seconds: f"{100 * seconds / self.seconds:.0f}%"  # noqa: E731
        server = (
            f"server CPU {share(self.server)} of one core, RSS {self.rss:.0f} MiB "
            f"(peak {self.peak:.0f} MiB, {len(self.pids)} processes); "
            if self.pids
            else ""
        )
        text = f"  {server}client CPU {share(self.client)}"
        if self.db / self.seconds > 0.02:
            text += f"; PostgreSQL CPU {share(self.db)}"
        if self.other / self.seconds > 0.1:
            text += f"; OTHER PROCESSES {share(self.other)}: numbers are disturbed"
        return text


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and (entry / "comm").read_text().strip() == "postgres":
                pids.append(int(entry.name))
    return pids


def _busy_cpu() -> float:
    """Seconds every core of the machine spent not idle (from /proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / TICKS


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def server_env(data_dir: str, database_url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REBOOT_")}
    env.update(REBOOT_DATA_DIR=data_dir, REBOOT_STT_ENGINE="none", REBOOT_DEV_LOGIN="true")
    if database_url:
        env["REBOOT_DATABASE_URL"] = database_url
    env.update(extra)
    return env


def start_server(
    env: dict[str, str], port: int, workers: int, *, quiet: bool = False
) -> subprocess.Popen[bytes]:
    """``reboot serve``; its warnings go to stderr unless ``quiet`` (fault drills cause many)."""
    command = [sys.executable, "-m", "reboot_http", "serve", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    stderr = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=stderr)


def wait_until_up(base: str, process: subprocess.Popen[bytes] | None, seconds: float = 60) -> None:
    host, _, port = base.removeprefix("http://").partition(":")
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection((host, int(port)), timeout=1) as sock:
                sock.sendall(f"GET /api/health/ HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                if b" 200 " in sock.recv(200):
                    return
        except OSError:
            pass
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            raise SystemExit(f"the server at {base} did not come up")
        time.sleep(0.1)


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def served(args: argparse.Namespace, database_url: str | None) -> Iterator[tuple[str, list[int]]]:
    """``args.servers`` fresh ``reboot serve`` processes on one database (and one data
    directory, so they share the token secret); yields their base URLs (comma-separated)
    and process ids."""
    with tempfile.TemporaryDirectory(prefix="reboot-load-") as data_dir:
        url = database_url or f"sqlite:///{data_dir}/reboot.db"
        env = server_env(data_dir, url, REBOOT_FEED_MAX_AGE=str(args.feed_max_age))
        processes: list[subprocess.Popen[bytes]] = []
        bases = []
        try:
            for _ in range(args.servers):
                port = free_port()
                processes.append(start_server(env, port, args.workers))
                bases.append(f"http://127.0.0.1:{port}")
                wait_until_up(bases[-1], processes[-1])
            if args.pin:
                pin(processes, args.workers)
            args.database_url = url
            yield ",".join(bases), [p.pid for p in processes]
        finally:
            for process in processes:
                stop_server(process)


def pin(processes: list[subprocess.Popen[bytes]], workers: int) -> None:
    """Separate cores for a 1-worker server and this client (with more workers, share)."""
    cpus = sorted(os.sched_getaffinity(0))
    if workers != 1 or len(processes) != 1 or len(cpus) < 2:
        print("  --pin: only one 1-worker server on a machine with 2+ cores is pinned")
        return
    for pid in process_tree(processes[0].pid):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                os.sched_setaffinity(int(task.name), set(cpus[:-1]))
    os.sched_setaffinity(0, {cpus[-1]})


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throwaway database on the local PostgreSQL server, dropped afterwards."""
    import psycopg

    name = f"reboot_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the simulated class -----------------------------------------------------------------


@dataclass
class Student:
    token: str
    user_id: str
    participant_id: str
    etag: bytes | None = None
    seen_quizzes: set[str] = field(default_factory=set)
    upvoted: set[str] = field(default_factory=set)


@dataclass
class Acknowledged:
    """Every write the server answered with success: it must be in the database."""

    participants: set[str] = field(default_factory=set)
    pulses: set[str] = field(default_factory=set)
    answers: set[tuple[str, str]] = field(default_factory=set)
    questions: dict[str, str] = field(default_factory=dict)  # id -> asker
    upvotes: set[tuple[str, str]] = field(default_factory=set)
    quizzes: set[str] = field(default_factory=set)


class Lecture:
    """One session with its instructor and students, driven through a connection pool."""

    def __init__(self, pool: Pool, recorder: Recorder, rng: random.Random) -> None:
        self.pool = pool
        self.recorder = recorder
        self.rng = rng
        self.acked = Acknowledged()
        self.students: list[Student] = []
        self.session_id = ""
        self.code = ""
        self.teacher = ""
        self.teacher_etag: bytes | None = None
        self.tasks: set[asyncio.Task[Any]] = set()
        self.lag: list[float] = []
        # answers sent, acknowledged or not (faults.py re-sends those without an answer)
        self.answers_sent: set[tuple[str, str]] = set()

    async def open(self, token: str | None) -> None:
        if token is None:
            login = await self.pool.call(
                "POST", "/api/auth/dev-login/", json={"name": "load-prof", "role": "instructor"}
            )
            if login.status != 200:
                raise SystemExit(f"dev login failed ({login.status}): set --token")
            token = login.json()["token"]
        self.teacher = token
        created = await self.pool.call(
            "POST",
            f"{LIVE}/create/",
            token=token,
            json={"lecture_id": f"load-{uuid.uuid4().hex[:8]}", "title": "부하 시험"},
        )
        session = created.json()
        self.session_id, self.code = session["id"], session["session_code"]
        started = await self.pool.call("POST", f"{LIVE}/{self.session_id}/start/", token=token)
        assert started.status == 200, started.body

    async def join_all(self, count: int) -> None:
        async def join(index: int) -> None:
            reply = await self.recorder.send(
                self.pool,
                "join",
                (201, 200),
                time.perf_counter(),
                method="POST",
                path=f"{LIVE}/join/",
                json={"session_code": self.code, "display_name": f"학생{index}"},
            )
            if reply is not None:
                body = reply.json()
                self.students.append(
                    Student(body["token"], body["user_id"], body["participant_id"])
                )
                self.acked.participants.add(body["participant_id"])

        # a bounded number in flight: joins queue on the pool anyway
        for start in range(0, count, 500):
            await asyncio.gather(*(join(i) for i in range(start, min(count, start + 500))))

    # a task per request, so a slow answer never delays the schedule
    def spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def poll(self, student: Student, due: float, horizon: float) -> None:
        reply = await self.recorder.send(
            self.pool,
            "feed (student)",
            (200, 304),
            due,
            method="GET",
            path=f"{LIVE}/{self.session_id}/feed/",
            token=student.token,
            etag=student.etag,
        )
        if reply is None:
            return
        student.etag = reply.headers.get(b"etag", student.etag)
        if reply.status != 200:
            return
        for quiz in reply.json()["pending_quizzes"]:
            if quiz["id"] not in student.seen_quizzes:
                student.seen_quizzes.add(quiz["id"])
                # a reader takes a few seconds to decide
                at = time.perf_counter() + self.rng.uniform(3.0, 25.0)
                if at < horizon:
                    self.spawn(self.answer(student, quiz, at))

    async def answer(self, student: Student, quiz: dict[str, Any], at: float) -> None:
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        self.answers_sent.add((quiz["id"], student.user_id))
        reply = await self.recorder.send(
            self.pool,
            "quiz answer",
            (200,),
            at,
            method="POST",
            path=f"{LIVE}/{self.session_id}/quiz/{quiz['id']}/answer/",
            token=student.token,
            json={"answer": self.rng.choice(quiz["options"])},
        )
        if reply is not None:
            self.acked.answers.add((quiz["id"], student.user_id))

    async def pulse(self, student: Student, due: float, route: str = "pulse") -> None:
        kind = self.rng.choice(("UNDERSTAND", "CONFUSED"))
        reply = await self.recorder.send(
            self.pool,
            route,
            (201,),
            due,
            method="POST",
            path=f"{LIVE}/{self.session_id}/pulse/",
            token=student.token,
            json={"pulse_type": kind},
        )
        if reply is not None:
            self.acked.pulses.add(reply.json()["id"])

    async def ask(self, student: Student, due: float) -> None:
        text = f"질문 {len(self.acked.questions) + 1}: QuerySet은 언제 평가되나요?"
        reply = await self.recorder.send(
            self.pool,
            "question",
            (201,),
            due,
            method="POST",
            path=f"{LIVE}/{self.session_id}/questions/",
            token=student.token,
            json={"question_text": text},
        )
        if reply is not None:
            self.acked.questions[reply.json()["id"]] = student.user_id

    async def upvote(self, student: Student, due: float) -> None:
        choices = [
            q
            for q, asker in self.acked.questions.items()
            if asker != student.user_id and q not in student.upvoted
        ]
        if not choices:
            return
        question = self.rng.choice(choices)
        student.upvoted.add(question)  # never twice, even when this one fails
        reply = await self.recorder.send(
            self.pool,
            "upvote",
            (200,),
            due,
            method="POST",
            path=f"{LIVE}/{self.session_id}/questions/{question}/upvote/",
            token=student.token,
        )
        if reply is not None:
            self.acked.upvotes.add((question, student.user_id))

    async def teacher_poll(self, due: float) -> None:
        reply = await self.recorder.send(
            self.pool,
            "feed (instructor)",
            (200, 304),
            due,
            method="GET",
            path=f"{LIVE}/{self.session_id}/feed/",
            token=self.teacher,
            etag=self.teacher_etag,
        )
        if reply is not None:
            self.teacher_etag = reply.headers.get(b"etag", self.teacher_etag)

    async def quiz(self, due: float) -> None:
        reply = await self.recorder.send(
            self.pool,
            "quiz create",
            (201,),
            due,
            method="POST",
            path=f"{LIVE}/{self.session_id}/quiz/create/",
            token=self.teacher,
            json={
                "question_text": "QuerySet은 언제 실행되나요?",
                "options": OPTIONS,
                "correct_answer": OPTIONS[0],
                "concept_tags": ["orm"],
            },
        )
        if reply is not None:
            self.acked.quizzes.add(reply.json()["id"])


async def steady(lecture: Lecture, args: argparse.Namespace) -> None:
    """The class for ``args.duration`` seconds; returns once every request has an answer."""
    rng, students = lecture.rng, lecture.students
    count = len(students)
    start = time.perf_counter()
    horizon = start + args.duration
    events: list[tuple[float, int, str]] = []  # (due, tie-breaker, kind)
    serial = 0

    def at(due: float, kind: str) -> None:
        nonlocal serial
        if due < horizon:
            serial += 1
            heapq.heappush(events, (due, serial, kind))

    poll_gap = args.interval / count
    at(start, "poll")
    at(start, "teacher")
    at(start + args.quiz_first, "quiz")
    rates = {
        "pulse": count / args.pulse_every,
        "ask": args.questions_per_min / 60,
        "upvote": args.upvotes_per_min / 60,
    }
    for kind, rate in rates.items():
        if rate > 0:
            at(start + rng.expovariate(rate), kind)
    polled = 0
    while events:
        due, _, kind = heapq.heappop(events)
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        lecture.lag.append(max(0.0, time.perf_counter() - due))
        if kind == "poll":
            lecture.spawn(lecture.poll(students[polled % count], due, horizon))
            polled += 1
            at(start + polled * poll_gap, "poll")
        elif kind == "teacher":
            lecture.spawn(lecture.teacher_poll(due))
            at(due + args.interval, "teacher")
        elif kind == "quiz":
            lecture.spawn(lecture.quiz(due))
            at(due + args.quiz_every, "quiz")
        else:
            student = rng.choice(students)
            action = {"pulse": lecture.pulse, "ask": lecture.ask, "upvote": lecture.upvote}[kind]
            lecture.spawn(action(student, due))
            at(due + rng.expovariate(rates[kind]), kind)
    await drain(lecture)


async def drain(lecture: Lecture, seconds: float = 60) -> None:
    deadline = time.perf_counter() + seconds
    while lecture.tasks and time.perf_counter() < deadline:
        await asyncio.wait(set(lecture.tasks), timeout=max(0.0, deadline - time.perf_counter()))
    for task in list(lecture.tasks):
        task.cancel()


async def burst(lecture: Lecture, size: int) -> None:
    """``size`` distinct students send one pulse each, spread evenly over one second."""
    chosen = lecture.rng.sample(lecture.students, min(size, len(lecture.students)))
    start = time.perf_counter() + 0.05
    for index, student in enumerate(chosen):
        due = start + index / len(chosen)
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        lecture.spawn(lecture.pulse(student, due, route="pulse (burst)"))
    await drain(lecture)


async def hammer(pool: Pool, recorder: Recorder, name: str, seconds: float, make_call) -> None:
    """Closed loop: every connection sends its next request as soon as the last one answers."""
    stop = time.perf_counter() + seconds

    async def loop(index: int) -> None:
        turn = 0
        while time.perf_counter() < stop:
            call = make_call(index, turn)
            turn += 1
            await recorder.send(pool, name, (200, 304), time.perf_counter(), **call)

    await asyncio.gather(*(loop(i) for i in range(pool.size)))


# --- checking the database afterwards ----------------------------------------------------


def verify(database_url: str, lecture: Lecture) -> int:
    """Count acknowledged writes missing from the database and rule violations; prints both."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    sid = {"s": lecture.session_id}
    acked = lecture.acked
    try:
        with engine.connect() as db:

            def column(sql: str) -> set[Any]:
                return {
                    tuple(row) if len(row) > 1 else row[0] for row in db.execute(text(sql), sid)
                }

            stored = {
                "participants": column("SELECT id FROM live_participant WHERE session_id = :s"),
                "pulses": column("SELECT id FROM pulse_check WHERE session_id = :s"),
                "quizzes": column("SELECT id FROM live_quiz WHERE session_id = :s"),
                "answers": column(
                    "SELECT r.quiz_id, r.student_id FROM live_quiz_response r "
                    "JOIN live_quiz q ON q.id = r.quiz_id WHERE q.session_id = :s"
                ),
                "questions": column("SELECT id FROM live_question WHERE session_id = :s"),
                "upvotes": column(
                    "SELECT question_id, student_id FROM live_question_upvote WHERE session_id = :s"
                ),
            }
            doubles = db.execute(
                text(
                    "SELECT count(*) FROM (SELECT r.quiz_id, r.student_id FROM live_quiz_response r"
                    " JOIN live_quiz q ON q.id = r.quiz_id WHERE q.session_id = :s"
                    " GROUP BY r.quiz_id, r.student_id HAVING count(*) > 1) AS d"
                ),
                sid,
            ).scalar_one()
    finally:
        engine.dispose()
    wanted = {
        "participants": acked.participants,
        "pulses": acked.pulses,
        "quizzes": acked.quizzes,
        "answers": acked.answers,
        "questions": set(acked.questions),
        "upvotes": acked.upvotes,
    }
    lost = 0
    parts = []
    for kind, ids in wanted.items():
        missing = len(ids - stored[kind])
        extra = len(stored[kind] - ids)  # stored but unacknowledged (e.g. timed out): allowed
        lost += missing
        parts.append(
            f"{kind} {len(ids)} acked/{missing} lost" + (f"/{extra} unacked" if extra else "")
        )
    print("  writes: " + ", ".join(parts))
    print(f"  lost writes: {lost}; answers stored twice: {doubles}")
    return lost + doubles


async def check_counts(lecture: Lecture) -> int:
    """The server's own answers agree with what was acknowledged (results, upvotes)."""
    broken = 0
    sid, teacher = lecture.session_id, lecture.teacher
    for quiz in sorted(lecture.acked.quizzes):
        results = await settled(lecture.pool, f"{LIVE}/{sid}/quiz/{quiz}/results/", teacher)
        acked = sum(1 for q, _ in lecture.acked.answers if q == quiz)
        if results is None or results["response_count"] < acked:
            broken += 1
    listed = await settled(lecture.pool, f"{LIVE}/{sid}/questions/", teacher)
    votes = Counter(q for q, _ in lecture.acked.upvotes)
    if listed is None:
        broken += 1
    else:
        broken += sum(1 for q in listed if q["upvote_count"] < votes.get(q["id"], 0))
    print(f"  counts below acknowledged writes (quiz results, upvotes): {broken}")
    return broken


async def settled(pool: Pool, path: str, token: str, seconds: float = 60) -> Any:
    """A GET's body once the server answers 200 (an overloaded one may still be catching
    up on queued requests); None if it never does."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        with contextlib.suppress(TransportError):
            reply = await pool.call("GET", path, token=token)
            if reply.status == 200:
                return reply.json()
        await asyncio.sleep(1)
    return None


# --- putting it together -----------------------------------------------------------------


@contextlib.asynccontextmanager
async def bare_server(workers: int) -> AsyncIterator[tuple[str, int]]:
    port = free_port()
    command = [sys.executable, str(BENCH_DIR / "bare_json.py"), "--port", str(port)]
    process = subprocess.Popen([*command, "--workers", str(workers)], stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        await asyncio.to_thread(wait_until_up, base, process)
        yield base, process.pid
    finally:
        stop_server(process)


async def compare_bare(args: argparse.Namespace, lecture: Lecture, server_pids: list[int]) -> None:
    """Closed-loop req/s: the feed answered 304 from its snapshot vs a bare JSON route."""
    students = lecture.students[: args.connections]
    etags: dict[int, bytes] = {}

    def feed_call(index: int, turn: int) -> dict[str, Any]:
        student = students[index % len(students)]
        return {
            "method": "GET",
            "path": f"{LIVE}/{lecture.session_id}/feed/",
            "token": student.token,
            "etag": etags.get(index),
        }

    for index, _student in enumerate(students):  # one 200 each, then every poll is a 304
        reply = await lecture.pool.call(**feed_call(index, 0))
        etags[index] = reply.headers[b"etag"]
    feed = Recorder()
    with Usage(server_pids) as usage:
        await hammer(lecture.pool, feed, "feed 304", args.hammer_seconds, feed_call)
    feed.ended = time.perf_counter()
    feed.print(f"feed 304 path, {len(students)} connections, closed loop")
    print(usage.line())
    async with bare_server(args.workers) as (base, pid):
        pool = Pool(base, args.connections)
        bare = Recorder()
        with Usage([pid]) as usage:
            await hammer(
                pool,
                bare,
                "bare JSON",
                args.hammer_seconds,
                lambda i, t: {"method": "GET", "path": "/json"},
            )
        bare.ended = time.perf_counter()
        pool.close()
    bare.print(f"bare Litestar JSON route (bench/bare_json.py), {args.workers} worker(s)")
    print(usage.line())
    ours = len(feed.routes["feed 304"].latencies) / (feed.ended - feed.began)
    theirs = len(bare.routes["bare JSON"].latencies) / (bare.ended - bare.began)
    print(f"\n  feed 304 / bare JSON: {ours:.0f} / {theirs:.0f} req/s = {100 * ours / theirs:.0f}%")


async def run(args: argparse.Namespace, base: str, server_pids: list[int]) -> int:
    rng = random.Random(args.seed)
    pool = Pool(base, args.connections, timeout=args.timeout)
    setup = Recorder()
    lecture = Lecture(pool, setup, rng)
    await lecture.open(args.token)
    with Usage(server_pids) as usage:
        await lecture.join_all(args.students)
    setup.ended = time.perf_counter()
    setup.print(f"setup: {len(lecture.students)} students joined")
    print(usage.line())
    problems = setup.routes["join"].error_count
    if args.duration > 0 and lecture.students:
        lecture.recorder = Recorder()
        with Usage(server_pids) as usage:
            await steady(lecture, args)
        lecture.recorder.ended = time.perf_counter()
        lecture.recorder.print(
            f"steady: {len(lecture.students)} students, polls every {args.interval:g} s, "
            f"{args.servers} server(s) x {args.workers} worker(s), {storage_name(args)}"
        )
        print(usage.line())
        _, lag99, lag_max = percentiles(lecture.lag)
        print(f"  client schedule lag p99 {lag99:.1f} ms, max {lag_max:.1f} ms")
        problems += sum(s.error_count for s in lecture.recorder.routes.values())
    if args.burst:
        await asyncio.sleep(3)  # past the pulse debounce, so every tap is a new pulse
        lecture.recorder = Recorder()
        with Usage(server_pids) as usage:
            await burst(lecture, args.burst)
        lecture.recorder.ended = time.perf_counter()
        lecture.recorder.print(f"burst: {args.burst} pulses from distinct students in 1 s")
        print(usage.line())
        problems += sum(s.error_count for s in lecture.recorder.routes.values())
    print("\nchecks")
    problems += await check_counts(lecture)
    if args.database_url:
        problems += verify(args.database_url, lecture)
    else:
        print("  (no --database-url: acknowledged writes not checked in the database)")
    if args.compare_bare:
        await compare_bare(args, lecture, server_pids)
    pool.close()
    return problems


def storage_name(args: argparse.Namespace) -> str:
    url = args.database_url or ""
    return "PostgreSQL" if url.startswith("postgres") else "SQLite" if url else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of steady load")
    parser.add_argument("--interval", type=float, default=5.0, help="feed poll period")
    parser.add_argument("--pulse-every", type=float, default=120.0, help="mean s per student")
    parser.add_argument("--questions-per-min", type=float, default=6.0, help="whole class")
    parser.add_argument("--upvotes-per-min", type=float, default=60.0, help="whole class")
    parser.add_argument("--quiz-first", type=float, default=5.0)
    parser.add_argument("--quiz-every", type=float, default=30.0)
    parser.add_argument("--burst", type=int, default=0, help="then N pulses within 1 s")
    parser.add_argument("--compare-bare", action="store_true", help="then feed 304 vs bare JSON")
    parser.add_argument("--hammer-seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=100, help="client keep-alive conns")
    parser.add_argument("--timeout", type=float, default=10.0, help="per request, seconds")
    parser.add_argument("--workers", type=int, default=1, help="reboot serve --workers")
    parser.add_argument("--servers", type=int, default=1, help="separate reboot serve processes")
    parser.add_argument("--feed-max-age", type=float, default=1.0)
    parser.add_argument("--postgres", action="store_true", help="a throwaway local PG database")
    parser.add_argument("--database-url", help="for the started server, or to check --url")
    parser.add_argument("--url", help="measure running server(s) instead: URL[,URL...]")
    parser.add_argument(
        "--server-pid", type=int, action="append", default=[], help="with --url: CPU, RSS"
    )
    parser.add_argument("--token", help="instructor token (else dev login)")
    parser.add_argument("--pin", action="store_true", help="client and 1-worker server apart")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.url:
        problems = asyncio.run(run(args, args.url, args.server_pid))
    else:
        with contextlib.ExitStack() as stack:
            url = args.database_url
            if args.postgres:
                url = stack.enter_context(postgres_database())
            base, pids = stack.enter_context(served(args, url))
            problems = asyncio.run(run(args, base, pids))
    print(f"\nproblems (errors, lost writes, broken counts): {problems}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
