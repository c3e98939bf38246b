"""Where a sentence ends in a lecture hall: the noise-floor voice-activity detector."""

from __future__ import annotations

import math
import random
import sys
from array import array

from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.voice_activity import EndOfSpeech, frame_energy_db

RATE = 16_000


def noise(seconds: float, dbfs: float, seed: int) -> array:
    """Gaussian room noise with the given RMS level (dB relative to full scale)."""
    rng = random.Random(seed)
    sigma = 32768 * 10 ** (dbfs / 20)
    return array(
        "h",
        (max(-32768, min(32767, round(rng.gauss(0, sigma)))) for _ in range(int(seconds * RATE))),
    )


def voice(seconds: float, dbfs: float = -20.0) -> array:
    """A vowel-like tone, loud as a lecturer at the microphone."""
    amplitude = 32768 * 10 ** (dbfs / 20) * math.sqrt(2)
    return array(
        "h",
        (
            round(amplitude * math.sin(2 * math.pi * 220 * i / RATE))
            for i in range(int(seconds * RATE))
        ),
    )


def pcm(*parts: array) -> bytes:
    joined = array("h")
    for part in parts:
        joined.extend(part)
    if sys.byteorder == "big":
        joined.byteswap()
    return joined.tobytes()


def feed_in_chunks(detector: EndOfSpeech, data: bytes, chunk: int) -> list[float]:
    """Seconds into ``data`` at which the detector reported the end of a sentence."""
    ends = []
    for start in range(0, len(data), chunk):
        ends += [(start + at) / (2 * RATE) for at in detector.feed(data[start : start + chunk])]
    return ends


@given(
    level=st.floats(-70, -45),
    lead=st.floats(0.3, 1.5),
    talk=st.floats(0.3, 2.0),
    pause=st.floats(1.0, 2.0),
    chunk=st.sampled_from([4000, 8000, 16001 // 2 * 2, 24000]),
    seed=st.integers(0, 1000),
)
def test_a_sentence_followed_by_room_noise_ends_after_the_chosen_quiet(
    level, lead, talk, pause, chunk, seed
) -> None:
    detector = EndOfSpeech(end_silence=0.6)
    speech_end = lead + talk
    audio = pcm(noise(lead, level, seed), voice(talk), noise(pause, level, seed + 1))
    ends = feed_in_chunks(detector, audio, chunk)
    assert len(ends) == 1
    assert speech_end + 0.6 - 0.03 <= ends[0] <= speech_end + 0.6 + 0.05


@given(level=st.floats(-70, -45), seconds=st.floats(0.5, 4.0), seed=st.integers(0, 1000))
def test_room_noise_alone_never_ends_a_sentence(level, seconds, seed) -> None:
    detector = EndOfSpeech()
    assert feed_in_chunks(detector, pcm(noise(seconds, level, seed)), 8000) == []
    assert not detector.in_sentence


def test_the_floor_follows_the_room_and_digital_silence_is_left_out() -> None:
    detector = EndOfSpeech()
    detector.feed(pcm(array("h", bytes(RATE)), noise(2.0, -60, 1)))
    assert -63 < detector.noise_floor_db < -59
    detector.feed(pcm(noise(5.0, -45, 2)))  # the projector fan came on
    assert -48 < detector.noise_floor_db < -44
    assert frame_energy_db(array("h")) == -120.0


def test_a_click_is_not_a_sentence() -> None:
    detector = EndOfSpeech(min_speech=0.15)
    audio = pcm(noise(1.0, -60, 3), voice(0.06), noise(2.0, -60, 4))
    assert feed_in_chunks(detector, audio, 8000) == []
