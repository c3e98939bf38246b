"""Writes of one kind that arrive together, run as one core call per session.

When a quiz pops up on 10,000 phones, hundreds of answers reach a process each second, many
within the same turn of its event loop. Each answer waiting for the next turn and then going
into the core together with the others of its session costs one transaction instead of one
each (``QuizService.answer_many``). Every caller still gets its own result or its own error,
and waits at most one loop turn longer than alone.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import anyio.to_thread

from reboot_core import DomainError
from reboot_http.write_gate import WriteGate

Item = TypeVar("Item")
Result = TypeVar("Result")

# a bound on one transaction's size: a longer queue is split into several
MAX_BATCH = 256

Run = Callable[[str, Sequence[Item]], Sequence[Result | DomainError]]


class Batches(Generic[Item, Result]):
    """Items submitted for one key during a loop turn go to ``run(key, items)`` together.

    ``inline``: run on the event loop (SQLite, memory: see ``run_core``), else on a worker
    thread (PostgreSQL waits on the network). ``gate``: the cross-process write gate an
    inline batch passes first (several SQLite workers, ``reboot_http.write_gate``).
    """

    def __init__(
        self, run: Run, *, inline: bool, max_batch: int = MAX_BATCH, gate: WriteGate | None = None
    ) -> None:
        self._run = run
        self._inline = inline
        self._gate = gate
        self._max_batch = max_batch
        self._waiting: dict[str, list[tuple[Item, asyncio.Future[Result]]]] = {}
        self._running: set[asyncio.Future[None]] = set()
        # keys whose gated batches are being written, with the task writing them
        self._draining: dict[str, asyncio.Future[None]] = {}
        self.runs = 0  # how many batches ran (tests, benchmarks)

    async def submit(self, key: str, item: Item) -> Result:
        """``item``'s result; raises the DomainError that refused it."""
        loop = asyncio.get_running_loop()
        if self._inline and self._gate is not None:
            return await self._through_gate(key, item, loop)
        waiting = self._waiting.get(key)
        if waiting is None:
            waiting = self._waiting[key] = []
            loop.call_soon(self._start, key, waiting)
        future: asyncio.Future[Result] = loop.create_future()
        waiting.append((item, future))
        if len(waiting) >= self._max_batch:
            self._start(key, waiting)
        return await future

    def _start(self, key: str, waiting: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        if self._waiting.get(key) is not waiting:
            return  # already started (it filled up before its turn came)
        del self._waiting[key]
        if self._inline:
            self._settle(waiting, self._call, key, [item for item, _ in waiting])
        else:
            task = asyncio.ensure_future(self._in_thread(key, waiting))
            self._running.add(task)  # kept until done: the loop holds tasks only weakly
            task.add_done_callback(self._running.discard)

    async def _in_thread(
        self, key: str, waiting: list[tuple[Item, asyncio.Future[Result]]]
    ) -> None:
        items = [item for item, _ in waiting]
        try:
            outcomes = await anyio.to_thread.run_sync(functools.partial(self._call, key, items))
        except asyncio.CancelledError:
            for _, future in waiting:
                future.cancel()
            raise
        except Exception as error:  # every waiter must hear of it
            _fail(waiting, error)
            return
        _deliver(waiting, outcomes)

    async def _through_gate(self, key: str, item: Item, loop: asyncio.AbstractEventLoop) -> Result:
        """With a write gate, a batch takes what waits when the gate is won, not when it
        started to wait: while another worker writes, this worker's answers pile up and then
        go in one transaction instead of one small batch each (measured with 2 workers: the
        small batches queued behind each other and p99 went past 10 s)."""
        future: asyncio.Future[Result] = loop.create_future()
        self._waiting.setdefault(key, []).append((item, future))
        if key not in self._draining:
            self._draining[key] = asyncio.ensure_future(self._drain(key))
        return await future

    async def _drain(self, key: str) -> None:
        gate = self._gate
        try:
            while gate is not None and self._waiting.get(key):
                try:
                    await gate.run(functools.partial(self._take, key))
                except asyncio.CancelledError:
                    for _, future in self._waiting.pop(key, []):
                        future.cancel()
                    raise
                except Exception as error:  # the gate failed: every waiter must hear of it
                    _fail(self._waiting.pop(key, []), error)
        finally:
            # no await since the last look at the queue: a later submit starts a new drain
            del self._draining[key]

    def _take(self, key: str) -> None:
        """Run what waits for ``key`` (up to a batch), on the loop, holding the gate."""
        waiting = self._waiting.pop(key, [])
        taken, rest = waiting[: self._max_batch], waiting[self._max_batch :]
        if rest:
            self._waiting[key] = rest
        self._settle(taken, self._call, key, [item for item, _ in taken])

    def _call(self, key: str, items: list[Item]) -> Sequence[Result | DomainError]:
        self.runs += 1
        outcomes = self._run(key, items)
        if len(outcomes) != len(items):
            raise RuntimeError("a batch must answer each of its items")
        return outcomes

    @staticmethod
    def _settle(
        waiting: list[tuple[Item, asyncio.Future[Result]]],
        call: Callable[[str, list[Item]], Sequence[Result | DomainError]],
        key: str,
        items: list[Item],
    ) -> None:
        try:
            outcomes = call(key, items)
        except Exception as error:
            _fail(waiting, error)
            return
        _deliver(waiting, outcomes)


def _deliver(waiting: list[tuple[object, asyncio.Future]], outcomes: Sequence[object]) -> None:
    for (_, future), outcome in zip(waiting, outcomes, strict=True):
        if future.done():  # its caller gave up (client gone)
            continue
        if isinstance(outcome, DomainError):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)


def _fail(waiting: list[tuple[object, asyncio.Future]], error: Exception) -> None:
    for _, future in waiting:
        if not future.done():
            future.set_exception(error)


__all__ = ["MAX_BATCH", "Batches"]
