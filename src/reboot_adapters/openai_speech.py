"""Speech recognition through an OpenAI-compatible ``audio/transcriptions`` endpoint.

The endpoint recognises whole files, so live audio is buffered and sent in windows of a few
seconds, and long recordings are sent in windows small enough for the service's upload limit
(25 MB at OpenAI, about 13 minutes of 16 kHz PCM). Windows end at the quietest moment near
their limit so that words are rarely cut in half between two requests.
"""

from __future__ import annotations

import math
import operator
import sys
import threading
from array import array
from collections.abc import Sequence
from typing import Any, Literal

import openai

from reboot_adapters.wav import (
    BYTES_PER_SECOND,
    check_pcm,
    duration_of,
    split_whole_samples,
    wav_from_pcm,
)
from reboot_core.errors import Conflict, Unavailable
from reboot_core.ports.speech import SAMPLE_WIDTH, RecognizedSegment

# A window ends after the quietest 0.1 s frame of its last 30 % (at most its last 2 s).
_FRAME_BYTES = BYTES_PER_SECOND // 10
_MAX_SEARCH_BYTES = 2 * BYTES_PER_SECOND


class OpenAITranscriber:
    """``Transcriber`` that posts WAV audio to an OpenAI-compatible transcription service.

    Args:
        api_key: the service's key (any string for local servers that ignore it).
        base_url: e.g. ``http://127.0.0.1:8000/v1``; None means OpenAI itself.
        model, language: passed to the service; ``language=None`` lets it detect.
        timeout: seconds per HTTP attempt; a call may take ``(max_retries + 1) * timeout``.
        window_seconds: a live stream sends a request per this much buffered audio.
        batch_window_seconds: ``transcribe`` splits a recording into requests this long.
        response_format: ``"verbose_json"`` gives per-segment times from services that support
            it (whisper-1 does, gpt-4o-transcribe does not); ``"json"`` works everywhere, and a
            window's text then spans the whole window.
        silence_rms: windows quieter than this RMS (of 32767) are not sent at all, which saves
            requests and avoids Whisper's habit of inventing sentences for silence.

    Raises Unavailable from every call when the service fails, times out or answers nonsense.
    """

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        model: str = "whisper-1",
        language: str | None = "ko",
        timeout: float = 30.0,
        max_retries: int = 1,
        window_seconds: float = 5.0,
        batch_window_seconds: float = 120.0,
        response_format: Literal["json", "verbose_json"] = "json",
        silence_rms: float = 50.0,
    ) -> None:
        if window_seconds < 1 or batch_window_seconds < 1:
            raise ValueError("transcription windows must be at least one second long")
        try:
            self._client = openai.OpenAI(
                api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
            )
        except openai.OpenAIError as error:
            raise Unavailable(f"the speech service client could not be set up: {error}") from error
        self._base_url = str(self._client.base_url)
        self._timeout = timeout
        self._attempts = max_retries + 1
        self._options: dict[str, Any] = {"model": model, "response_format": response_format}
        if language:
            self._options["language"] = language
        self._window_bytes = _whole_samples(window_seconds * BYTES_PER_SECOND)
        self._batch_window_bytes = _whole_samples(batch_window_seconds * BYTES_PER_SECOND)
        self._silence_rms = silence_rms

    def open_stream(self, *, offset: float = 0.0) -> OpenAISpeechStream:
        return OpenAISpeechStream(self, offset=offset)

    def transcribe(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        check_pcm(pcm)
        data = memoryview(pcm).cast("B")
        segments: list[RecognizedSegment] = []
        start = 0
        while start < len(data):
            end = len(data)
            if end - start > self._batch_window_bytes:
                end = start + _quiet_cut(data[start : start + self._batch_window_bytes])
            segments.extend(self._recognize(data[start:end], at=start / BYTES_PER_SECOND))
            start = end
        return segments

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._client.close()

    def _recognize(self, pcm: bytes | memoryview, *, at: float) -> list[RecognizedSegment]:
        """One request for one window of audio that starts ``at`` seconds into the timeline."""
        if not pcm or _rms(pcm) < self._silence_rms:
            return []
        try:
            result = self._client.audio.transcriptions.create(
                file=("audio.wav", wav_from_pcm(bytes(pcm)), "audio/wav"), **self._options
            )
        except openai.APITimeoutError as error:
            raise Unavailable(
                f"the speech service at {self._base_url} did not answer within "
                f"{self._timeout:g} s ({self._attempts} attempts)"
            ) from error
        except openai.APIConnectionError as error:
            raise Unavailable(
                f"the speech service at {self._base_url} could not be reached: {error}"
            ) from error
        except openai.APIStatusError as error:
            raise Unavailable(
                f"the speech service at {self._base_url} answered HTTP {error.status_code}: "
                f"{error.message}"
            ) from error
        except openai.OpenAIError as error:
            raise Unavailable(f"the speech service failed: {error}") from error
        except ValueError as error:  # the client parses the body itself and lets this escape
            raise Unavailable(
                f"the speech service at {self._base_url} answered with malformed JSON"
            ) from error
        return _segments(result, at=at, duration=duration_of(pcm))


class OpenAISpeechStream:
    """Buffers one session's audio and transcribes it a window at a time.

    If a request fails, its window is dropped (the batch pass recovers it later) and
    Unavailable is raised; later windows keep their correct times.
    """

    def __init__(self, owner: OpenAITranscriber, *, offset: float) -> None:
        self._owner = owner
        self._offset = float(offset)
        self._buffer = b""
        self._sent_bytes = 0  # audio before the buffer; counted in bytes so times never drift
        self._pending = b""
        self._finished = False
        self._lock = threading.Lock()

    def accept(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        with self._lock:
            if self._finished:
                raise Conflict("this speech stream has already finished")
            samples, self._pending = split_whole_samples(self._pending, pcm)
            self._buffer += samples
            segments: list[RecognizedSegment] = []
            limit = self._owner._window_bytes
            while len(self._buffer) >= limit:
                segments.extend(self._send(_quiet_cut(memoryview(self._buffer)[:limit])))
            return segments

    def finish(self) -> Sequence[RecognizedSegment]:
        with self._lock:
            if self._finished:
                return []
            self._finished = True
            return self._send(len(self._buffer))

    def partial(self) -> RecognizedSegment | None:
        return None  # the service hears whole windows: nothing is known before one is sent

    def _send(self, size: int) -> list[RecognizedSegment]:
        window, at = self._buffer[:size], self._offset + self._sent_bytes / BYTES_PER_SECOND
        # Advance before the request so a failed window is skipped, not retried forever.
        self._buffer = self._buffer[size:]
        self._sent_bytes += size
        return self._owner._recognize(window, at=at)


def _quiet_cut(window: memoryview) -> int:
    """Where to end ``window``: after the quietest 0.1 s frame in its tail.

    Among equally quiet frames the latest wins, so steady sound is cut at the full length.
    """
    size = len(window)
    search = min(int(size * 0.3), _MAX_SEARCH_BYTES) // _FRAME_BYTES * _FRAME_BYTES
    best, best_energy = size, math.inf
    for end in range(size, size - search, -_FRAME_BYTES):
        energy = _energy(window[end - _FRAME_BYTES : end])
        if energy < best_energy:
            best, best_energy = end, energy
    return best


def _rms(pcm: bytes | memoryview) -> float:
    """Root mean square sample value of 16-bit PCM (0 for no audio)."""
    count = len(pcm) // SAMPLE_WIDTH
    return math.sqrt(_energy(pcm) / count) if count else 0.0


def _energy(pcm: bytes | memoryview) -> int:
    samples = array("h", bytes(pcm))
    if sys.byteorder == "big":  # PCM is little-endian whatever the machine
        samples.byteswap()
    return sum(map(operator.mul, samples, samples))


def _whole_samples(size: float) -> int:
    return int(size) // SAMPLE_WIDTH * SAMPLE_WIDTH


def _segments(result: object, *, at: float, duration: float) -> list[RecognizedSegment]:
    """Segments from a ``json`` or ``verbose_json`` answer, on the stream's timeline."""
    text = _field(result, "text")
    if not isinstance(text, str):
        raise Unavailable("the speech service's answer has no text")
    parts = _field(result, "segments")
    if not isinstance(parts, list) or not parts:
        text = text.strip()
        return [RecognizedSegment(text, at, at + duration)] if text else []
    segments = []
    floor = 0.0  # keeps times non-decreasing even if the service's segments overlap
    for part in parts:
        words, start, end = (_field(part, name) for name in ("text", "start", "end"))
        if not isinstance(words, str) or not _is_number(start) or not _is_number(end):
            raise Unavailable("the speech service's answer has a malformed segment")
        end = min(max(float(end), floor), duration)
        start = min(max(float(start), floor), end)
        floor = end
        if words.strip():
            segments.append(RecognizedSegment(words.strip(), at + start, at + end))
    return segments


def _field(value: object, name: str) -> object:
    # The SDK hands back models for known fields and plain dicts inside unknown ones.
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
