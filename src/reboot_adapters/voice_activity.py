"""Where a sentence ends in a lecture hall: frame energy against a running noise floor.

A recogniser's own endpointing waits for what its model calls silence. Digital silence is
that; the quiet noise of a room (-70 to -45 dBFS: ventilation, a projector fan) often is
not, and the sentence before it then stays open until the next one begins (measured on
real read speech: 7.5-17 s late). This detector calls a 20 ms frame speech when its energy
stands a margin above the room's noise floor — the 10th percentile of recent frame energies,
so a fan that starts or stops is followed within seconds while speech (which leaves gaps
between words) does not pull the floor up — and reports the end of a sentence once
``end_silence`` seconds of non-speech follow at least ``min_speech`` seconds of speech.
"""

from __future__ import annotations

import bisect
import math
import operator
import sys
from array import array
from collections import deque

SAMPLE_RATE = 16_000
FRAME_SAMPLES = SAMPLE_RATE // 50  # 20 ms
_FULL_SCALE_SQUARED = 32768.0**2
# below this a frame is digital silence (a muted input, padding): it says nothing about the
# room's noise, so it stays out of the floor unless there is nothing else to go by
_DIGITAL_SILENCE_DB = -90.0


def frame_energy_db(samples: array) -> float:
    """Mean power of 16-bit samples in dB relative to full scale (-120 for none)."""
    if not samples:
        return -120.0
    power = sum(map(operator.mul, samples, samples)) / len(samples)
    return 10.0 * math.log10(power / _FULL_SCALE_SQUARED) if power > 0 else -120.0


class EndOfSpeech:
    """Feed PCM in order; ``feed`` returns the byte positions (in the bytes just given)
    right after which a sentence ended.

    Args:
        margin_db: how far above the noise floor a frame must be to count as speech.
        end_silence: seconds of non-speech after speech that end a sentence.
        min_speech: seconds of speech a sentence needs (a cough or a click is not one).
        floor_seconds: how much recent audio the noise floor is taken from.
        min_speech_db: frames quieter than this are never speech, whatever the floor.
    """

    def __init__(
        self,
        *,
        margin_db: float = 10.0,
        end_silence: float = 0.6,
        min_speech: float = 0.15,
        floor_seconds: float = 5.0,
        min_speech_db: float = -65.0,
    ) -> None:
        frames_per_second = SAMPLE_RATE / FRAME_SAMPLES
        self._margin = margin_db
        self._end_frames = max(1, round(end_silence * frames_per_second))
        self._min_speech_frames = max(1, round(min_speech * frames_per_second))
        self._min_speech_db = min_speech_db
        self._window: deque[float] = deque(maxlen=max(1, round(floor_seconds * frames_per_second)))
        self._sorted: list[float] = []
        self._leftover = b""
        self._voiced = 0  # speech frames in the sentence so far
        self._quiet = 0  # non-speech frames since the last speech frame
        self.last_db = -120.0

    @property
    def noise_floor_db(self) -> float:
        room = [e for e in self._sorted if e > _DIGITAL_SILENCE_DB] or self._sorted
        if not room:
            return -120.0
        return room[int(0.1 * (len(room) - 1))]

    @property
    def in_sentence(self) -> bool:
        """Speech was heard and its sentence has not ended yet."""
        return self._voiced >= self._min_speech_frames

    def feed(self, pcm: bytes) -> list[int]:
        data = self._leftover + bytes(pcm)
        frame_bytes = FRAME_SAMPLES * 2
        whole = len(data) - len(data) % frame_bytes
        self._leftover = data[whole:]
        samples = array("h", data[:whole])
        if sys.byteorder == "big":  # PCM is little-endian whatever the machine
            samples.byteswap()
        ends: list[int] = []
        carried = len(data) - len(pcm)  # bytes of the previous call at the front of ``data``
        for index in range(0, len(samples), FRAME_SAMPLES):
            if self._frame(samples[index : index + FRAME_SAMPLES]):
                ends.append(max(0, (index + FRAME_SAMPLES) * 2 - carried))
        return ends

    def _frame(self, samples: array) -> bool:
        energy = frame_energy_db(samples)
        self.last_db = energy
        floor = self.noise_floor_db if self._sorted else energy
        self._remember(energy)
        if energy > max(floor + self._margin, self._min_speech_db):
            self._voiced += 1
            self._quiet = 0
            return False
        self._quiet += 1
        if self._quiet < self._end_frames:
            return False
        ended = self._voiced >= self._min_speech_frames
        self._voiced = 0
        self._quiet = 0
        return ended

    def _remember(self, energy: float) -> None:
        if len(self._window) == self._window.maxlen:
            oldest = self._window[0]
            del self._sorted[bisect.bisect_left(self._sorted, oldest)]
        self._window.append(energy)
        bisect.insort(self._sorted, energy)


__all__ = ["FRAME_SAMPLES", "EndOfSpeech", "frame_energy_db"]
