"""The SQLite write gate: writers of several processes take turns without freezing a loop."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import anyio
import pytest

from reboot_core import Actor
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


@pytest.mark.parametrize("workers", ["1", "2"])
def test_only_several_sqlite_workers_write_through_the_gate(tmp_path: Path, workers: str) -> None:
    from litestar.testing import TestClient

    from reboot_http.app import create_app
    from reboot_http.bootstrap import migrate
    from tests.http.conftest import make_settings

    database = tmp_path / "reboot.db"
    settings = make_settings(tmp_path, database_url=f"sqlite:///{database}", workers=workers)
    migrate(settings)
    with TestClient(create_app(settings)) as client:
        token = client.app.state.container.tokens.mint(Actor.instructor("t1"))
        created = client.post(
            "/api/learning/live/create/",
            headers={"Authorization": f"Bearer {token}"},
            json={"lecture_id": "L1", "title": "ORM"},
        )
        assert created.status_code == 201, created.text
        gated = client.app.state.write_gate is not None
    # the gate file appears with the first write that went through the gate
    assert gated is (workers == "2")
    assert Path(f"{database}.write-gate").exists() is (workers == "2")
