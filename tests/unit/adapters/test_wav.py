"""WAV parsing: exactly one format is accepted, and every refusal says which one."""

from __future__ import annotations

import io
import struct
import wave

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.wav import (
    REQUIRED_FORMAT,
    check_pcm,
    duration_of,
    pcm_from_wav,
    split_whole_samples,
    wav_from_pcm,
)
from reboot_core.errors import Invalid, UnsupportedType

PCM = bytes(range(256)) * 8  # 1024 samples


def riff(*chunks: bytes, form: bytes = b"WAVE") -> bytes:
    body = form + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def chunk(chunk_id: bytes, body: bytes) -> bytes:
    return chunk_id + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


def fmt(*, tag: int = 1, channels: int = 1, rate: int = 16_000, bits: int = 16) -> bytes:
    block = channels * bits // 8
    return chunk(b"fmt ", struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits))


def extensible_fmt(sub_format: int) -> bytes:
    base = struct.pack("<HHIIHH", 0xFFFE, 1, 16_000, 32_000, 2, 16)
    guid_tail = b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    extension = struct.pack("<HHIH", 22, 16, 0x4, sub_format) + guid_tail
    return chunk(b"fmt ", base + extension)


def stdlib_wav(*, channels: int = 1, rate: int = 16_000, width: int = 2) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(channels)
        writer.setsampwidth(width)
        writer.setframerate(rate)
        writer.writeframes(bytes(64 * channels * width))
    return buffer.getvalue()


def test_the_wav_we_write_is_standard_and_reads_back() -> None:
    data = wav_from_pcm(PCM)

    with wave.open(io.BytesIO(data)) as reader:
        assert (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) == (
            16_000,
            1,
            2,
        )
        assert reader.readframes(reader.getnframes()) == PCM
    assert pcm_from_wav(data) == PCM


@given(st.binary(max_size=4096).map(lambda b: b[: len(b) - len(b) % 2]))
def test_any_whole_sample_pcm_survives_a_round_trip(pcm: bytes) -> None:
    assert pcm_from_wav(wav_from_pcm(pcm)) == pcm


def test_an_empty_recording_is_valid() -> None:
    assert pcm_from_wav(wav_from_pcm(b"")) == b""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a RIFF/WAVE"),
        (b"ID3\x04 this is an mp3", "not a RIFF/WAVE"),
        (riff(fmt(), chunk(b"data", PCM), form=b"AVI "), "not a RIFF/WAVE"),
        (stdlib_wav(rate=44_100), "44100 Hz"),
        (stdlib_wav(rate=8_000), "8000 Hz"),
        (stdlib_wav(channels=2), "2 channels"),
        (stdlib_wav(width=1), "8-bit"),
        (stdlib_wav(width=3), "24-bit"),
        (riff(fmt(tag=3, bits=32), chunk(b"data", PCM)), "format tag 0x0003"),
        (riff(fmt(tag=0x55), chunk(b"data", PCM)), "format tag 0x0055"),
        (riff(extensible_fmt(sub_format=3), chunk(b"data", PCM)), "format tag 0x0003"),
        (riff(fmt()), "no data chunk"),
        (riff(chunk(b"data", PCM)), "before the fmt chunk"),
        (riff(chunk(b"LIST", b"INFOxxxx")), "no fmt chunk"),
        (riff(chunk(b"fmt ", b"\x01\x00\x01\x00"), chunk(b"data", PCM)), "truncated"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_anything_else_is_refused_with_the_required_format_named(data: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedType) as refused:
        pcm_from_wav(data)

    assert REQUIRED_FORMAT in refused.value.detail
    assert "16 kHz, mono, 16-bit" in refused.value.detail
    assert reason in refused.value.detail


def test_text_is_not_audio() -> None:
    with pytest.raises(UnsupportedType):
        pcm_from_wav("RIFF....WAVE")  # type: ignore[arg-type]


def test_an_extensible_header_around_plain_pcm_is_accepted() -> None:
    assert pcm_from_wav(riff(extensible_fmt(sub_format=1), chunk(b"data", PCM))) == PCM


def test_other_chunks_and_odd_padding_are_skipped() -> None:
    data = riff(chunk(b"junk", b"abc"), fmt(), chunk(b"LIST", b"INFOx"), chunk(b"data", PCM))

    assert pcm_from_wav(data) == PCM


def test_a_streamed_recording_with_a_placeholder_size_reads_to_the_end() -> None:
    # Recorders writing to a pipe cannot seek back, so they leave 0xFFFFFFFF as the data size.
    data = riff(fmt()) + b"data" + struct.pack("<I", 0xFFFFFFFF) + PCM + b"\x07"

    assert pcm_from_wav(data) == PCM  # and the dangling half sample is cut


def test_writing_a_partial_sample_is_invalid() -> None:
    with pytest.raises(Invalid):
        wav_from_pcm(b"\x00\x01\x02")


def test_pcm_duration_is_in_seconds() -> None:
    assert duration_of(bytes(32_000)) == 1.0
    assert duration_of(bytes(8_000)) == 0.25


def test_batch_audio_must_be_whole_samples_of_bytes() -> None:
    check_pcm(b"\x00\x00")
    with pytest.raises(Invalid):
        check_pcm(b"\x00")
    with pytest.raises(Invalid):
        check_pcm("\x00\x00")  # type: ignore[arg-type]


@given(st.lists(st.binary(max_size=9), max_size=12))
def test_streamed_pieces_split_anywhere_rejoin_into_the_same_samples(pieces: list[bytes]) -> None:
    pending, whole = b"", b""
    for piece in pieces:
        samples, pending = split_whole_samples(pending, piece)
        assert len(samples) % 2 == 0
        whole += samples

    joined = b"".join(pieces)
    assert whole + pending == joined
    assert len(pending) == len(joined) % 2
