"""Batches: writes submitted in one loop turn run together, each caller gets its own outcome."""

from __future__ import annotations

import asyncio
import fcntl
import os
import threading
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Conflict, DomainError
from reboot_http.batches import Batches
from reboot_http.write_gate import WriteGate


class Recorder:
    """Doubles each item; refuses negative ones with Conflict; remembers each batch."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[int], str]] = []

    def __call__(self, key: str, items: Sequence[int]) -> list[int | DomainError]:
        self.calls.append((key, list(items), threading.current_thread().name))
        return [Conflict(f"refused {i}") if i < 0 else i * 2 for i in items]


async def outcome(batches: Batches, key: str, item: int) -> object:
    try:
        return await batches.submit(key, item)
    except DomainError as error:
        return str(error)


@pytest.mark.parametrize("inline", [True, False], ids=["inline", "thread"])
@given(
    items=st.lists(st.tuples(st.sampled_from("ab"), st.integers(-3, 9)), max_size=20),
    max_batch=st.integers(1, 8),
)
def test_each_caller_gets_its_own_outcome(
    inline: bool, items: list[tuple[str, int]], max_batch: int
) -> None:
    run = Recorder()
    batches: Batches[int, int] = Batches(run, inline=inline, max_batch=max_batch)

    async def main() -> list[object]:
        return await asyncio.gather(*(outcome(batches, key, i) for key, i in items))

    got = asyncio.run(main())
    assert got == [f"refused {i}" if i < 0 else i * 2 for _, i in items]
    # submitted in one turn: one batch per key unless it filled up
    for key in "ab":
        mine = [i for k, i in items if k == key]
        runs = [batch for k, batch, _ in run.calls if k == key]
        # full batches start at once, the rest on the next turn; on threads they may run in
        # any order, each keeping its items' order
        chunks = [mine[i : i + max_batch] for i in range(0, len(mine), max_batch)]
        assert sorted(runs) == sorted(chunks)
    on_loop = {thread for _, _, thread in run.calls} <= {threading.main_thread().name}
    assert on_loop is inline or not run.calls


def test_items_of_later_turns_go_in_later_batches() -> None:
    run = Recorder()
    batches: Batches[int, int] = Batches(run, inline=True)

    async def main() -> None:
        first = asyncio.ensure_future(batches.submit("a", 1))
        await first
        await asyncio.gather(batches.submit("a", 2), batches.submit("a", 3))

    asyncio.run(main())
    assert [items for _, items, _ in run.calls] == [[1], [2, 3]]


@pytest.mark.parametrize("inline", [True, False], ids=["inline", "thread"])
def test_a_broken_run_fails_every_caller_of_its_batch(inline: bool) -> None:
    def broken(key: str, items: Sequence[int]) -> list[int]:
        raise RuntimeError("storage bug")

    batches: Batches[int, int] = Batches(broken, inline=inline)

    async def main() -> list[object]:
        return await asyncio.gather(
            batches.submit("a", 1), batches.submit("a", 2), return_exceptions=True
        )

    got = asyncio.run(main())
    assert [type(e) for e in got] == [RuntimeError, RuntimeError]


def test_a_run_that_answers_too_few_items_is_a_bug_every_caller_hears_of() -> None:
    batches: Batches[int, int] = Batches(lambda key, items: [1], inline=True)

    async def main() -> list[object]:
        return await asyncio.gather(
            batches.submit("a", 1), batches.submit("a", 2), return_exceptions=True
        )

    assert all(isinstance(e, RuntimeError) for e in asyncio.run(main()))


def test_a_caller_that_gives_up_does_not_disturb_the_others() -> None:
    run = Recorder()
    batches: Batches[int, int] = Batches(run, inline=False)

    async def main() -> int:
        gone = asyncio.ensure_future(batches.submit("a", 1))
        kept = asyncio.ensure_future(batches.submit("a", 2))
        await asyncio.sleep(0)
        gone.cancel()
        return await kept

    assert asyncio.run(main()) == 4
    assert [items for _, items, _ in run.calls] == [[1, 2]]  # still written: it was sent


def test_an_inline_batch_waits_for_another_workers_write_gate_off_the_loop(tmp_path) -> None:
    run = Recorder()
    gate = WriteGate(tmp_path / "db.write-gate")
    batches: Batches[int, int] = Batches(run, inline=True, gate=gate)
    other = os.open(tmp_path / "db.write-gate", os.O_RDWR | os.O_CREAT)
    fcntl.flock(other, fcntl.LOCK_EX)  # another worker is writing
    rescue = threading.Timer(20, lambda: fcntl.flock(other, fcntl.LOCK_UN))
    rescue.start()
    ran_while_held: list[int] = []

    async def main() -> list[int]:
        answers = asyncio.gather(batches.submit("a", 1), batches.submit("a", 2))
        for _ in range(10):
            await asyncio.sleep(0.01)  # the loop keeps turning meanwhile
        later = asyncio.ensure_future(batches.submit("a", 3))  # joins the waiting batch
        for _ in range(10):
            await asyncio.sleep(0.01)
        ran_while_held.append(len(run.calls))
        fcntl.flock(other, fcntl.LOCK_UN)
        return [*await answers, await later]

    try:
        assert asyncio.run(main()) == [2, 4, 6]
    finally:
        rescue.cancel()
        os.close(other)
        gate.close()
    assert ran_while_held == [0]
    assert [items for _, items, thread in run.calls] == [[1, 2, 3]]
    assert run.calls[0][2] == threading.main_thread().name  # the write itself on the loop


def test_on_threads_what_arrives_during_a_batch_goes_in_the_next_one() -> None:
    # one transaction of a key at a time: later items pile up instead of each taking a thread
    started, release = threading.Event(), threading.Event()
    run = Recorder()

    def slow(key: str, items: Sequence[int]) -> list[int | DomainError]:
        started.set()
        release.wait(20)
        return run(key, items)

    batches: Batches[int, int] = Batches(slow, inline=False)

    async def main() -> list[int]:
        first = asyncio.ensure_future(batches.submit("a", 1))
        while not started.is_set():
            await asyncio.sleep(0.005)
        second = asyncio.ensure_future(batches.submit("a", 2))
        await asyncio.sleep(0.01)  # another loop turn
        third = asyncio.ensure_future(batches.submit("a", 3))
        await asyncio.sleep(0.01)
        release.set()
        return [await first, await second, await third]

    assert asyncio.run(main()) == [2, 4, 6]
    assert [items for _, items, _ in run.calls] == [[1], [2, 3]]
