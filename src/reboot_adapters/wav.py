"""WAV container handling for the one audio format the speech port accepts.

Accepted: RIFF/WAVE, PCM integer samples, 16 kHz, mono, 16-bit little-endian. The RIFF chunks
are walked by hand rather than through :mod:`wave` because ``wave`` on Python 3.11 rejects
WAVE_FORMAT_EXTENSIBLE headers (which some recorders write even for plain 16-bit PCM) and
because precise error messages need to know which field is wrong.
"""

from __future__ import annotations

import io
import struct
import wave
from typing import NoReturn

from reboot_core.errors import Invalid, UnsupportedType
from reboot_core.ports.speech import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH

REQUIRED_FORMAT = "WAV (RIFF/WAVE) PCM, 16 kHz, mono, 16-bit"
BYTES_PER_SECOND = SAMPLE_RATE * SAMPLE_WIDTH * CHANNELS

_FORMAT_PCM = 0x0001
_FORMAT_EXTENSIBLE = 0xFFFE
# The first two bytes of an extensible header's SubFormat GUID carry the real format tag.
_FMT_MIN_SIZE = 16
_FMT_EXTENSIBLE_SIZE = 40


def pcm_from_wav(data: bytes) -> bytes:
    """The PCM samples of a WAV file in the required format.

    Raises UnsupportedType, naming the required format, for anything else: not RIFF/WAVE,
    compressed or float samples, another rate, channel count or sample width, missing chunks.
    A data chunk whose declared size runs past the end (streamed recordings write a placeholder
    size) is read up to the end of the payload, cut to whole samples.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        _unsupported("the upload is not binary data")
    view = memoryview(data).cast("B")
    if len(view) < 12 or view[0:4] != b"RIFF" or view[8:12] != b"WAVE":
        _unsupported("not a RIFF/WAVE file")
    fmt: bytes | None = None
    position = 12
    while position + 8 <= len(view):
        chunk_id = bytes(view[position : position + 4])
        (size,) = struct.unpack_from("<I", view, position + 4)
        body_start = position + 8
        if chunk_id == b"fmt ":
            fmt = bytes(view[body_start : body_start + size])
        elif chunk_id == b"data":
            if fmt is None:
                _unsupported("the data chunk comes before the fmt chunk")
            _check_format(fmt)
            samples = view[body_start : body_start + size]
            return bytes(samples[: len(samples) - len(samples) % SAMPLE_WIDTH])
        # RIFF pads odd-sized chunks to an even length.
        position = body_start + size + (size & 1)
    _unsupported("no fmt chunk" if fmt is None else "no data chunk")


def wav_from_pcm(pcm: bytes) -> bytes:
    """A WAV file (16 kHz mono 16-bit) holding ``pcm``; raises Invalid on a partial sample."""
    if len(pcm) % SAMPLE_WIDTH:
        raise Invalid("PCM audio must be whole 16-bit samples (an even number of bytes)")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(CHANNELS)
        writer.setsampwidth(SAMPLE_WIDTH)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(pcm)
    return buffer.getvalue()


def duration_of(pcm: bytes) -> float:
    """Seconds of audio in ``pcm`` at the port's sample format."""
    return len(pcm) / BYTES_PER_SECOND


def check_pcm(pcm: bytes) -> None:
    """Raise Invalid unless ``pcm`` is bytes of whole 16-bit samples (a batch recording)."""
    if not isinstance(pcm, bytes | bytearray | memoryview):
        raise Invalid("audio must be PCM bytes")
    if len(pcm) % SAMPLE_WIDTH:
        raise Invalid("PCM audio must be whole 16-bit samples (an even number of bytes)")


def split_whole_samples(pending: bytes, pcm: bytes) -> tuple[bytes, bytes]:
    """Join a stream's leftover byte with new audio; return (whole samples, new leftover).

    Transports may split audio at any byte, so a stream keeps a dangling half sample for the
    next call instead of misaligning every sample after it.
    """
    if not isinstance(pcm, bytes | bytearray | memoryview):
        raise Invalid("audio must be PCM bytes")
    joined = pending + bytes(pcm)
    cut = len(joined) - len(joined) % SAMPLE_WIDTH
    return joined[:cut], joined[cut:]


def _check_format(fmt: bytes) -> None:
    if len(fmt) < _FMT_MIN_SIZE:
        _unsupported("the fmt chunk is truncated")
    tag, channels, rate, _byte_rate, _block_align, bits = struct.unpack_from("<HHIIHH", fmt)
    if tag == _FORMAT_EXTENSIBLE and len(fmt) >= _FMT_EXTENSIBLE_SIZE:
        (tag,) = struct.unpack_from("<H", fmt, 24)
    if tag != _FORMAT_PCM:
        _unsupported(f"sample encoding is format tag {tag:#06x}, not integer PCM")
    if channels != CHANNELS:
        _unsupported(f"it has {channels} channels")
    if rate != SAMPLE_RATE:
        _unsupported(f"it is sampled at {rate} Hz")
    if bits != SAMPLE_WIDTH * 8:
        _unsupported(f"it has {bits}-bit samples")


def _unsupported(reason: str) -> NoReturn:
    raise UnsupportedType(f"audio must be {REQUIRED_FORMAT}; {reason}")
