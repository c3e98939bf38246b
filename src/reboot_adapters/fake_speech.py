"""A deterministic in-memory ``Transcriber`` for tests: it says what it is scripted to say."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from reboot_adapters.wav import BYTES_PER_SECOND, check_pcm, split_whole_samples
from reboot_core.errors import Conflict, Unavailable
from reboot_core.ports.speech import RecognizedSegment


class ScriptedTranscriber:
    """Second ``i`` of any audio fed is "heard" as ``script[i % len(script)]``.

    Each second yields one segment ``[offset + i, offset + i + 1]``; a trailing partial second
    is flushed by ``finish``. An empty script line is a pause (no segment). The audio content
    is ignored. With ``available=False`` every call raises Unavailable, like a dead engine.
    """

    def __init__(self, script: Sequence[str] = ("테스트 문장",), *, available: bool = True) -> None:
        if not script:
            raise ValueError("the script needs at least one line ('' for silence)")
        self.script = tuple(script)
        self.available = available

    def open_stream(self, *, offset: float = 0.0) -> ScriptedSpeechStream:
        self._check()
        return ScriptedSpeechStream(self, offset=offset)

    def transcribe(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        check_pcm(pcm)
        stream = self.open_stream()
        return [*stream.accept(pcm), *stream.finish()]

    def _check(self) -> None:
        if not self.available:
            raise Unavailable("the scripted transcriber is switched off")


class ScriptedSpeechStream:
    """Counts fed bytes and turns each completed second into the scripted line."""

    def __init__(self, owner: ScriptedTranscriber, *, offset: float) -> None:
        self._owner = owner
        self._offset = float(offset)
        self._fed = 0  # bytes of whole samples
        self._emitted = 0  # seconds already turned into segments
        self._pending = b""
        self._finished = False
        self._lock = threading.Lock()

    def accept(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        with self._lock:
            self._owner._check()
            if self._finished:
                raise Conflict("this speech stream has already finished")
            samples, self._pending = split_whole_samples(self._pending, pcm)
            self._fed += len(samples)
            return self._emit(self._fed // BYTES_PER_SECOND)

    def finish(self) -> Sequence[RecognizedSegment]:
        with self._lock:
            self._owner._check()
            if self._finished:
                return []
            self._finished = True
            return self._emit(self._fed / BYTES_PER_SECOND)

    def partial(self) -> RecognizedSegment | None:
        """The line of the second in progress, once some of it was fed (a speaker midway)."""
        with self._lock:
            if self._finished or self._fed / BYTES_PER_SECOND <= self._emitted:
                return None
            second = self._emitted
            text = self._owner.script[second % len(self._owner.script)].strip()
            fed = self._fed / BYTES_PER_SECOND
            return (
                RecognizedSegment(text, self._offset + second, self._offset + fed) if text else None
            )

    def _emit(self, until: float) -> list[RecognizedSegment]:
        segments = []
        while self._emitted < until:
            second = self._emitted
            text = self._owner.script[second % len(self._owner.script)].strip()
            if text:
                end = min(second + 1.0, until)
                segments.append(RecognizedSegment(text, self._offset + second, self._offset + end))
            self._emitted += 1
        return segments
