"""Single-row read and write latency of the SQL storage adapter, on SQLite and PostgreSQL.

    .venv/bin/python bench/storage_latency.py [--ops 3000] [--postgres URL]

Each operation is a whole unit of work, as a request would run it: take a pooled connection,
begin, run the statement(s), commit or roll back, give the connection back.
- read:  ``with uow: uow.sessions.get(id)``
- write: ``with uow: uow.pulses.add(pulse); uow.commit()``
SQLite works on a file in a temporary directory; PostgreSQL in a temporary schema, dropped
afterwards (URL from --postgres, else REBOOT_TEST_POSTGRES_URL, else the local trust server).
Prints median and p99 in microseconds; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from reboot_adapters.sql import SqlStorage
from reboot_core.domain import LiveSession, PulseCheck, PulseType

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
WARMUP = 200


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as directory:
        yield f"sqlite:///{Path(directory) / 'bench.db'}"


@contextmanager
def postgres_url(server: str) -> Iterator[str]:
    schema = f"reboot_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def timed(operation: Callable[[int], object], ops: int) -> list[float]:
    for i in range(WARMUP):
        operation(-1 - i)
    samples = []
    for i in range(ops):
        start = time.perf_counter_ns()
        operation(i)
        samples.append((time.perf_counter_ns() - start) / 1000)
    return samples


def summary(samples: list[float]) -> str:
    p99 = statistics.quantiles(samples, n=100)[98]
    return f"median {statistics.median(samples):8.0f} µs   p99 {p99:8.0f} µs"


def measure(name: str, url: str, ops: int) -> None:
    storage = SqlStorage.connect(url)
    storage.migrate()
    now = datetime.now(UTC)
    session = LiveSession.open(
        id="s1", lecture_id="lec", instructor_id="prof", code="123456", title="", now=now
    )
    with storage.unit_of_work() as uow:
        uow.sessions.add(session)
        uow.commit()

    def read(_: int) -> None:
        with storage.unit_of_work() as uow:
            uow.sessions.get("s1")

    def write(i: int) -> None:
        pulse = PulseCheck(f"p{i}", "s1", f"st{i % 500}", PulseType.CONFUSED, datetime.now(UTC))
        with storage.unit_of_work() as uow:
            uow.pulses.add(pulse)
            uow.commit()

    print(f"{name:10} read  (uow + sessions.get)        {summary(timed(read, ops))}")
    print(f"{name:10} write (uow + pulses.add + commit) {summary(timed(write, ops))}")
    storage.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=3000, help="timed operations per measurement")
    parser.add_argument("--postgres", default=os.environ.get("REBOOT_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    print(f"{args.ops} operations each, after {WARMUP} warm-up operations, one thread")
    with sqlite_url() as url:
        measure("sqlite", url, args.ops)
    try:
        with postgres_url(args.postgres or DEFAULT_POSTGRES) as url:
            measure("postgresql", url, args.ops)
    except Exception as error:  # a missing server should not hide the SQLite numbers
        print(f"postgresql skipped: {type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
