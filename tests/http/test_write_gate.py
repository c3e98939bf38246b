"""The SQLite write gate: writers of several processes take turns without freezing a loop."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import anyio
import pytest

from reboot_http.write_gate import WriteGate, gate_path


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////data/reboot.db", Path("/data/reboot.db.write-gate")),
        ("sqlite:///rel/x.db?timeout=3", Path("rel/x.db.write-gate")),
        ("postgresql+psycopg://app@db/reboot", None),
        ("memory://", None),
        ("sqlite:///file:x?mode=memory&uri=true", None),
    ],
)
def test_gate_file_sits_next_to_a_sqlite_file(url: str, expected: Path | None) -> None:
    assert gate_path(url) == expected


def test_a_held_gate_is_waited_for_off_the_event_loop(tmp_path: Path) -> None:
    path = tmp_path / "db.write-gate"
    gate = WriteGate(path)
    # another open file description stands for another worker process holding the gate
    other = os.open(path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)
    order: list[str] = []
    # a safety net only: if the wait froze the loop, the loop could never release the gate
    rescue = threading.Timer(20, lambda: fcntl.flock(other, fcntl.LOCK_UN))
    rescue.start()

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(gate.run, lambda: order.append("write"))
            for _ in range(20):
                await anyio.sleep(0.01)
            order.append("loop ran while the gate was held")
            fcntl.flock(other, fcntl.LOCK_UN)

    try:
        anyio.run(main)
    finally:
        rescue.cancel()
        os.close(other)
        gate.close()
    assert order == ["loop ran while the gate was held", "write"]


def test_the_gate_is_released_after_a_failing_write(tmp_path: Path) -> None:
    path = tmp_path / "db.write-gate"
    gate = WriteGate(path)

    def fail() -> None:
        raise ValueError("refused")

    async def main() -> int:
        with pytest.raises(ValueError, match="refused"):
            await gate.run(fail)
        return await gate.run(lambda: 7)

    try:
        assert anyio.run(main) == 7
        other = os.open(path, os.O_RDWR)
        try:
            # free for another process once the call returned
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(other)
    finally:
        gate.close()
