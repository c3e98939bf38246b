"""The process's one Kiwi analyser (kiwipiepy): loaded lazily, shared by every adapter.

Kiwi takes ~1.7 s to load and ~3 s more on its first analysis, and holds ~500 MB: one
instance per process, built on first use, never at import time. Its analysis holds the GIL
(native code that does not release it), so callers keep it off event loops.
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

from reboot_core.errors import Unavailable

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

_kiwi: Kiwi | None = None
_lock = threading.Lock()


def shared_kiwi() -> Kiwi:
    """The process-wide analyser; raises Unavailable when kiwipiepy or its model is missing."""
    global _kiwi
    if _kiwi is not None:
        return _kiwi
    with _lock:
        if _kiwi is None:
            try:
                from kiwipiepy import Kiwi
            except ImportError as error:
                raise Unavailable(
                    "Korean analysis needs the pip packages 'kiwipiepy' and 'kiwipiepy-model'"
                ) from error
            try:
                _kiwi = Kiwi()
            except Exception as error:  # the model files are missing or unreadable
                raise Unavailable(f"the Kiwi model could not be loaded: {error}") from error
        return _kiwi


def warm_up() -> None:
    """Load Kiwi and run its first analysis now (a server calls this once before it answers).

    Not on a background thread: loading holds the GIL, so a thread only moved the ~3-5 s wait
    onto whichever request came first (measured: the first request after start took 4.9 s
    with a warm-up thread, 2 ms without). Loading before serving keeps every answer prompt;
    start-up grows by the load time instead.
    """
    # a missing model is reported by the first real use, where a caller can act on it
    with contextlib.suppress(Unavailable):
        shared_kiwi().tokenize("준비되었습니다.")
