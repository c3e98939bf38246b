"""The ``Transcriber`` contract, run against every adapter.

Speech is synthesised by espeak-ng, which no recogniser understands, so these tests check
plumbing — timing, chunking, flushing, offsets — and that *something* is recognised, never
what. The Vosk model is loaded once per process (the adapter shares it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from reboot_adapters.fake_speech import ScriptedTranscriber
from reboot_adapters.openai_speech import OpenAITranscriber
from reboot_adapters.vosk_speech import VoskTranscriber, default_model_path, shared_model
from reboot_adapters.wav import BYTES_PER_SECOND, duration_of
from reboot_core.errors import Conflict, Invalid, Unavailable
from reboot_core.ports.speech import RecognizedSegment, Transcriber
from tests.support.audio import chunks, mixed, room_noise, silence, synthesize
from tests.support.fake_openai import FakeOpenAI, transcription_reply

TOLERANCE = 0.05  # seconds; recognisers report word times on a 10-30 ms frame grid
GREETING = "안녕하세요 여러분 오늘은 파이썬을 배웁니다"  # about 3.5 s
LECTURE = ("이해되셨나요? 질문 있으면 손을 들어 주세요.", "네 좋습니다.")


@pytest.fixture(scope="module")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech")


@pytest.fixture(scope="module")
def greeting(speech_dir: Path) -> bytes:
    """About 3.5 s of speech that runs to the very end of the audio."""
    return synthesize(GREETING, speech_dir)


@pytest.fixture(scope="module")
def lecture(speech_dir: Path) -> bytes:
    """About 7 s: speech, a 1.2 s pause, more speech, a trailing pause."""
    first = synthesize(LECTURE[0], speech_dir, pad_before=0.3, pad_after=1.2)
    return first + synthesize(LECTURE[1], speech_dir, pad_after=0.8)


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        server.default_audio = transcription_reply("안녕하세요 여러분")
        yield server


@pytest.fixture(scope="session")
def vosk_transcriber() -> VoskTranscriber:
    transcriber = VoskTranscriber()
    transcriber.preload()
    return transcriber


@pytest.fixture(params=["fake", pytest.param("vosk", marks=pytest.mark.slow), "openai"])
def transcriber(request: pytest.FixtureRequest) -> Iterator[Transcriber]:
    if request.param == "fake":
        yield ScriptedTranscriber(["안녕하세요", "여러분", ""])
    elif request.param == "vosk":
        yield request.getfixturevalue("vosk_transcriber")
    else:
        server: FakeOpenAI = request.getfixturevalue("fake_server")
        adapter = OpenAITranscriber(api_key="test", base_url=server.base_url, max_retries=0)
        yield adapter
        adapter.close()


def assert_timeline(segments: Sequence[RecognizedSegment], start: float, end: float) -> None:
    """Every segment has text and lies in [start, end]; segments follow each other in time."""
    previous_end = start
    for segment in segments:
        assert segment.text.strip() == segment.text and segment.text
        assert segment.start <= segment.end
        assert segment.start >= previous_end - TOLERANCE, segments
        assert segment.end <= end + TOLERANCE, segments
        previous_end = segment.end


def stream_all(
    transcriber: Transcriber, pcm: bytes, chunk: int, offset: float
) -> list[RecognizedSegment]:
    stream = transcriber.open_stream(offset=offset)
    segments = [s for piece in chunks(pcm, chunk) for s in stream.accept(piece)]
    return segments + list(stream.finish())


def test_empty_audio_gives_no_segments(transcriber: Transcriber) -> None:
    assert list(transcriber.transcribe(b"")) == []
    stream = transcriber.open_stream(offset=3.0)
    assert list(stream.accept(b"")) == []
    assert list(stream.finish()) == []


def test_batch_pass_recognises_speech_within_the_recording(
    transcriber: Transcriber, greeting: bytes
) -> None:
    segments = transcriber.transcribe(greeting)

    assert segments
    assert_timeline(segments, 0.0, duration_of(greeting))


@pytest.mark.parametrize(
    "chunk", [BYTES_PER_SECOND // 4, BYTES_PER_SECOND, 4001], ids=["0.25s", "1s", "odd-bytes"]
)
def test_streaming_keeps_segments_in_order_on_the_offset_timeline(
    transcriber: Transcriber, lecture: bytes, chunk: int
) -> None:
    offset = 37.5

    segments = stream_all(transcriber, lecture, chunk, offset)

    assert segments
    assert_timeline(segments, offset, offset + duration_of(lecture))


def test_interleaved_streams_keep_their_own_audio_and_offsets(
    transcriber: Transcriber, greeting: bytes
) -> None:
    # Not an equality check between the two: Vosk's output varies slightly from run to run.
    early, late = transcriber.open_stream(offset=0.0), transcriber.open_stream(offset=100.0)
    heard: dict[str, list[RecognizedSegment]] = {"early": [], "late": []}
    for piece in chunks(greeting, BYTES_PER_SECOND // 2):
        heard["early"] += early.accept(piece)
        heard["late"] += late.accept(piece)
    heard["early"] += early.finish()
    heard["late"] += late.finish()

    assert heard["early"] and heard["late"]
    assert_timeline(heard["early"], 0.0, duration_of(greeting))
    assert_timeline(heard["late"], 100.0, 100.0 + duration_of(greeting))


def test_finish_flushes_speech_that_runs_to_the_end(
    transcriber: Transcriber, greeting: bytes
) -> None:
    stream = transcriber.open_stream(offset=5.0)

    segments = [*stream.accept(greeting), *stream.finish()]

    assert segments
    assert_timeline(segments, 5.0, 5.0 + duration_of(greeting))
    # Without the flush the last words would be missing: nothing after them ends the utterance.
    assert segments[-1].end >= 5.0 + duration_of(greeting) - 1.0


def test_a_finished_stream_accepts_no_more_audio(transcriber: Transcriber) -> None:
    stream = transcriber.open_stream()
    stream.accept(silence(0.5))
    stream.finish()

    assert list(stream.finish()) == []
    with pytest.raises(Conflict):
        stream.accept(silence(0.5))


def test_batch_pass_rejects_a_partial_sample(transcriber: Transcriber) -> None:
    with pytest.raises(Invalid):
        transcriber.transcribe(b"\x00\x00\x00")


# Adapter-specific guarantees the contract relies on.


@pytest.mark.slow
def test_vosk_model_is_shared_by_every_transcriber(vosk_transcriber: VoskTranscriber) -> None:
    assert shared_model(default_model_path()) is shared_model(default_model_path())


def test_vosk_without_a_model_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(Unavailable, match="no Vosk model"):
        VoskTranscriber(tmp_path).transcribe(silence(1.0))


@pytest.mark.slow
@pytest.mark.parametrize("level", [-70.0, -58.0, -45.0])
def test_vosk_ends_a_sentence_in_room_noise_within_the_pause(
    vosk_transcriber: VoskTranscriber, speech_dir: Path, level: float
) -> None:
    """A sentence, 1.5 s of quiet room noise, the next sentence: the first sentence comes back
    from a chunk inside the pause, not with the next sentence (digital silence did that; room
    noise did not before the voice-activity decision)."""
    sentence = synthesize(GREETING, speech_dir)
    pause = room_noise(1.5, level)
    audio = mixed(sentence, pause) + pause + mixed(sentence, pause)
    half_second = BYTES_PER_SECOND // 2
    stream = vosk_transcriber.open_stream(offset=0.0)
    arrived: list[tuple[float, RecognizedSegment]] = []
    partials = []
    for index, piece in enumerate(chunks(audio, half_second)):
        arrived += [((index + 1) * 0.5, s) for s in stream.accept(piece)]
        partials.append(stream.partial())
    pause_ends = duration_of(sentence) + duration_of(pause)
    first = [(at, s) for at, s in arrived if s.end <= duration_of(sentence) + TOLERANCE]
    assert first and first[0][0] <= pause_ends, arrived
    assert any(p is not None and p.text for p in partials)  # words while they are said
