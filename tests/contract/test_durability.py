"""A write the adapter acknowledged (commit returned) survives the writer being SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable

import pytest

from reboot_adapters.sql import SqlStorage

ACKNOWLEDGED_BEFORE_KILL = 200

# Alternates pulses and quiz answers, printing each id only after its commit returned.
_WRITER = """
import itertools, sys
from datetime import UTC, datetime
from reboot_adapters.sql import SqlStorage
from reboot_core.domain import PulseCheck, PulseType, QuizResponse

storage = SqlStorage.connect(sys.argv[1])
for i in itertools.count():
    now = datetime.now(UTC)
    with storage.unit_of_work() as uow:
        if i % 2:
            uow.pulses.add(PulseCheck(f"p{i}", "s1", f"st{i % 40}", PulseType.CONFUSED, now))
        else:
            uow.quizzes.add_response(QuizResponse(f"r{i}", "q1", f"st{i}", "A", True, now))
        uow.commit()
    print(f"p{i}" if i % 2 else f"r{i}", flush=True)
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_acknowledged_writes_survive_sigkill(
    backend: str, fresh_sql_url: Callable[[str], str]
) -> None:
    url = fresh_sql_url(backend)
    setup = SqlStorage.connect(url)
    setup.migrate()
    setup.dispose()

    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acknowledged: list[str] = []
    try:
        assert writer.stdout is not None
        for line in writer.stdout:
            acknowledged.append(line.strip())
            if len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL:
                os.kill(writer.pid, signal.SIGKILL)  # mid-stream: it is writing right now
                break
        # lines still in the pipe were printed after their commit too: they count
        remaining, errors = writer.communicate(timeout=30)
        acknowledged += remaining.split()
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == -signal.SIGKILL, errors
    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL

    reopened = SqlStorage.connect(url)
    try:
        with reopened.unit_of_work() as uow:
            stored = {p.id for p in uow.pulses.history("s1")}
            stored |= {r.id for r in uow.quizzes.responses("q1")}
    finally:
        reopened.dispose()
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {sorted(missing)[:5]}"
