"""OpenAITranscriber against a local fake service: every failure becomes Unavailable, and the
windowing that turns a file-at-a-time API into a stream keeps times right."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from reboot_adapters.openai_speech import OpenAITranscriber
from reboot_adapters.wav import pcm_from_wav
from reboot_core.errors import Unavailable
from tests.support.audio import silence, tone
from tests.support.fake_openai import (
    FakeOpenAI,
    raw_reply,
    status_reply,
    transcription_reply,
)


@pytest.fixture(scope="module")
def shared_server() -> Iterator[FakeOpenAI]:
    # One server per module: stopping one waits out its 0.5 s polling interval.
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def server(shared_server: FakeOpenAI) -> FakeOpenAI:
    shared_server.audio.clear()
    shared_server.requests.clear()
    shared_server.default_audio = transcription_reply("네 알겠습니다")
    return shared_server


def adapter(server: FakeOpenAI, **options: object) -> OpenAITranscriber:
    settings: dict[str, object] = {"timeout": 0.5, "max_retries": 0, **options}
    return OpenAITranscriber(api_key="test", base_url=server.base_url, **settings)  # type: ignore[arg-type]


def audio_requests(server: FakeOpenAI) -> list[dict[str, object]]:
    return [r for r in server.requests if r["path"].endswith("/audio/transcriptions")]


# Faults


def test_a_server_error_is_unavailable(server: FakeOpenAI) -> None:
    server.audio.append(status_reply(500))

    with pytest.raises(Unavailable, match="HTTP 500"):
        adapter(server).transcribe(tone(1.0))


def test_a_rejected_request_is_unavailable(server: FakeOpenAI) -> None:
    server.audio.append(status_reply(400, b'{"error": {"message": "bad model"}}'))

    with pytest.raises(Unavailable, match=r"HTTP 400.*bad model"):
        adapter(server).transcribe(tone(1.0))


def test_an_answer_later_than_the_timeout_is_unavailable_and_not_waited_for(
    server: FakeOpenAI,
) -> None:
    server.audio.append(transcription_reply("늦은 답", delay=3.0))
    started = time.monotonic()

    with pytest.raises(Unavailable, match=r"did not answer within 0\.5 s"):
        adapter(server).transcribe(tone(1.0))

    assert time.monotonic() - started < 2.0


def test_malformed_json_is_unavailable(server: FakeOpenAI) -> None:
    server.audio.append(raw_reply(b'{"text": "unterminated'))

    with pytest.raises(Unavailable, match="malformed JSON"):
        adapter(server).transcribe(tone(1.0))


@pytest.mark.parametrize(
    "body",
    [b'{"transcript": "x"}', b'{"text": 5}', b"[1, 2]", b'{"text": "x", "segments": [{}]}'],
)
def test_json_of_the_wrong_shape_is_unavailable(server: FakeOpenAI, body: bytes) -> None:
    server.audio.append(raw_reply(body))

    with pytest.raises(Unavailable, match="speech service's answer"):
        adapter(server).transcribe(tone(1.0))


def test_an_unreachable_service_is_unavailable() -> None:
    with socket.socket() as probe:  # a port nobody listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transcriber = OpenAITranscriber(
        api_key="test", base_url=f"http://127.0.0.1:{port}/v1", timeout=0.5, max_retries=0
    )

    with pytest.raises(Unavailable, match="could not be reached"):
        transcriber.transcribe(tone(1.0))


def test_one_retry_rides_out_a_single_failure(server: FakeOpenAI) -> None:
    server.audio.append(status_reply(503))

    segments = adapter(server, max_retries=1).transcribe(tone(1.0))

    assert [s.text for s in segments] == ["네 알겠습니다"]
    assert len(audio_requests(server)) == 2


def test_a_failed_live_window_is_dropped_and_later_windows_keep_their_times(
    server: FakeOpenAI,
) -> None:
    server.audio.append(status_reply(500))
    stream = adapter(server, window_seconds=1.0).open_stream(offset=10.0)

    with pytest.raises(Unavailable):
        stream.accept(tone(1.0))
    segments = [*stream.accept(tone(1.0)), *stream.finish()]

    assert [(s.text, s.start, s.end) for s in segments] == [("네 알겠습니다", 11.0, 12.0)]


# Windowing and the request itself


def test_the_request_carries_the_audio_as_wav_with_model_and_language(
    server: FakeOpenAI,
) -> None:
    audio = tone(1.5)

    adapter(server, model="whisper-large", language="ko").transcribe(audio)

    (request,) = audio_requests(server)
    form = request["form"]
    assert isinstance(form, dict)
    assert form["model"] == b"whisper-large"
    assert form["language"] == b"ko"
    assert form["response_format"] == b"json"
    assert pcm_from_wav(form["file"]) == audio


def test_plain_text_answers_span_their_whole_window(server: FakeOpenAI) -> None:
    segments = adapter(server).transcribe(tone(2.5))

    assert [(s.text, s.start, s.end) for s in segments] == [("네 알겠습니다", 0.0, 2.5)]


def test_service_segments_are_placed_on_the_stream_timeline(server: FakeOpenAI) -> None:
    verbose = {
        "text": "첫째 둘째",
        "segments": [
            {"start": 0.2, "end": 1.1, "text": " 첫째"},
            {"start": 1.0, "end": 9.0, "text": " 둘째 "},  # overlaps, and runs past the audio
            {"start": 1.9, "end": 2.0, "text": "  "},
        ],
    }
    server.audio.append(raw_reply(json.dumps(verbose).encode()))
    stream = adapter(server, response_format="verbose_json").open_stream(offset=30.0)

    segments = [*stream.accept(tone(2.0)), *stream.finish()]

    assert [(s.text, s.start, s.end) for s in segments] == [
        ("첫째", 30.2, 31.1),
        ("둘째", 31.1, 32.0),
    ]
    assert audio_requests(server)[0]["form"]["response_format"] == b"verbose_json"  # type: ignore[index]


def test_a_live_stream_sends_a_request_per_window_and_the_rest_at_finish(
    server: FakeOpenAI,
) -> None:
    stream = adapter(server, window_seconds=2.0).open_stream(offset=0.0)

    during = [s for _ in range(9) for s in stream.accept(tone(0.5))]  # 4.5 s in 0.5 s pieces
    assert len(audio_requests(server)) == 2
    at_finish = stream.finish()

    assert [(s.start, s.end) for s in during] == [(0.0, 2.0), (2.0, 4.0)]
    assert [(s.start, s.end) for s in at_finish] == [(4.0, 4.5)]


def test_a_long_recording_is_split_at_a_pause(server: FakeOpenAI) -> None:
    recording = tone(1.6) + silence(0.1) + tone(1.3)  # the pause ends at 1.7 s

    segments = adapter(server, batch_window_seconds=2.0).transcribe(recording)

    assert [(s.start, s.end) for s in segments] == [(0.0, 1.7), (1.7, pytest.approx(3.0))]
    sent = [pcm_from_wav(r["form"]["file"]) for r in audio_requests(server)]  # type: ignore[index]
    assert b"".join(sent) == recording


def test_silence_is_not_sent(server: FakeOpenAI) -> None:
    transcriber = adapter(server, window_seconds=1.0)
    stream = transcriber.open_stream()

    assert list(stream.accept(silence(2.5))) == []
    assert list(stream.finish()) == []
    assert list(transcriber.transcribe(silence(3.0))) == []
    assert audio_requests(server) == []
