"""Synthesised Korean speech for speech tests: espeak-ng says it, sox makes it 16 kHz PCM.

The speech is unintelligible to recognisers (espeak's Korean is poor): it exercises plumbing —
chunking, timing, flushing — never accuracy. Without the tools the tests skip, except in CI
(``CI=true``), where a missing tool is a broken machine and must fail loudly.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from reboot_adapters.wav import BYTES_PER_SECOND, pcm_from_wav

TOOLS = ("espeak-ng", "sox")


def require_speech_tools() -> None:
    """Skip (or, in CI, fail) the calling test when espeak-ng or sox is missing."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"speech synthesis needs {' and '.join(missing)} on PATH (apt: espeak-ng sox)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def synthesize(
    text: str, workdir: Path, *, pad_before: float = 0.0, pad_after: float = 0.0
) -> bytes:
    """PCM (16 kHz mono 16-bit) of ``text`` spoken in Korean, with optional silence around it."""
    require_speech_tools()
    workdir.mkdir(parents=True, exist_ok=True)
    index = len(list(workdir.glob("speech-*.wav")))
    raw, converted = workdir / f"raw-{index}.wav", workdir / f"speech-{index}.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(raw), text], check=True, timeout=30)
    command = ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer"]
    # 1 dB of headroom: espeak peaks at full scale and resampling would clip.
    command += [str(converted), "gain", "-1", "pad", f"{pad_before:g}", f"{pad_after:g}"]
    subprocess.run(command, check=True, timeout=30)
    return pcm_from_wav(converted.read_bytes())


def silence(seconds: float) -> bytes:
    """Digital silence of the given length."""
    return bytes(int(seconds * BYTES_PER_SECOND) // 2 * 2)


def chunks(pcm: bytes, size: int) -> list[bytes]:
    """``pcm`` split into pieces of ``size`` bytes (the last may be shorter)."""
    return [pcm[start : start + size] for start in range(0, len(pcm), size)]


def tone(seconds: float, *, amplitude: int = 3000, frequency: float = 440.0) -> bytes:
    """A sine tone: loud enough to count as sound, needs no external tool."""
    count = int(seconds * BYTES_PER_SECOND) // 2
    step = 2 * math.pi * frequency / (BYTES_PER_SECOND // 2)
    samples = array("h", (round(amplitude * math.sin(step * i)) for i in range(count)))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def room_noise(seconds: float, dbfs: float, *, kind: str = "pinknoise") -> bytes:
    """The quiet noise of a lecture hall, made by sox: ``kind`` noise (whitenoise, pinknoise,
    brownnoise) scaled so its RMS level is ``dbfs`` dB relative to full scale."""
    require_speech_tools()
    command = ["sox", "-R", "-n", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer"]
    command += ["-t", "raw", "-", "synth", f"{seconds:g}", kind, "gain", "-10"]
    # -R: the same noise every run, so a test that fails fails again
    raw = subprocess.run(command, check=True, timeout=30, capture_output=True).stdout
    samples = array("h", raw)
    if sys.byteorder == "big":
        samples.byteswap()
    rms = math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0
    scale = 32768 * 10 ** (dbfs / 20) / rms if rms else 0.0
    scaled = array("h", (max(-32768, min(32767, round(s * scale))) for s in samples))
    if sys.byteorder == "big":
        scaled.byteswap()
    return scaled.tobytes()


def mixed(speech: bytes, noise: bytes) -> bytes:
    """``speech`` with ``noise`` under it (the noise is repeated or cut to fit)."""
    voice, room = array("h", speech), array("h", noise)
    if sys.byteorder == "big":
        voice.byteswap()
        room.byteswap()
    if not room:
        return speech
    out = array(
        "h", (max(-32768, min(32767, v + room[i % len(room)])) for i, v in enumerate(voice))
    )
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()
