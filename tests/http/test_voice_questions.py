"""Spoken questions: a participant's clip comes back as text to edit and send; the clip is
never stored, and clips that are too long, in another format or silent get Korean refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from reboot_adapters.fake_speech import ScriptedTranscriber
from reboot_adapters.wav import wav_from_pcm
from reboot_core.memory import (
    ManualClock,
    MemoryFileStorage,
    RecordingJobQueue,
    ScriptedLanguageModel,
    memory_uow_factory,
)
from reboot_http.app import create_app
from reboot_http.controllers.voice_questions import VOICE_TRIES
from tests.http.conftest import LIVE, Api, assert_error, make_settings
from tests.support.audio import silence


@pytest.fixture
def files() -> MemoryFileStorage:
    return MemoryFileStorage()


def build(tmp_path: Path, files: MemoryFileStorage, transcriber: Any) -> Iterator[Api]:
    clock, language, jobs = ManualClock(), ScriptedLanguageModel(), RecordingJobQueue()
    app = create_app(
        make_settings(tmp_path),
        uow=memory_uow_factory(),
        files=files,
        language=language,
        clock=clock,
        jobs=jobs,
        transcriber=transcriber,
    )
    with TestClient(app) as client:
        yield Api(client, clock, language, jobs, litestar=app)


@pytest.fixture
def api(tmp_path: Path, files: MemoryFileStorage) -> Iterator[Api]:
    yield from build(tmp_path, files, ScriptedTranscriber(("select related는", "언제 쓰나요")))


def clip(seconds: float) -> bytes:
    return wav_from_pcm(silence(seconds))


def say(api: Api, session_id: str, body: bytes, headers: dict[str, str]) -> Any:
    return api.post(
        f"{LIVE}/{session_id}/questions/transcribe/",
        as_=headers,
        content=body,
        headers={"Content-Type": "audio/wav"},
    )


def test_a_participant_gets_the_words_to_edit_and_nothing_is_kept(
    api: Api, files: MemoryFileStorage
) -> None:
    live = api.open_session()
    student = api.join(live["session_code"], "s1")
    answer = say(api, live["id"], clip(2), student["headers"])
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "question_text": "select related는 언제 쓰나요",
        "duration_seconds": 2.0,
    }
    assert files._files == {}  # the clip was recognised and dropped
    # nothing was asked yet: the student sends the (edited) text as an ordinary question
    listed = api.get(f"{LIVE}/{live['id']}/questions/", as_=student["headers"]).json()
    assert listed == []


def test_who_may_turn_speech_into_a_question(api: Api) -> None:
    live = api.open_session()
    api.join(live["session_code"], "s1")
    assert_error(say(api, live["id"], clip(1), api.auth("t1")), 403)
    assert_error(say(api, live["id"], clip(1), api.auth("s2", "student")), 403)
    assert say(api, live["id"], clip(1), {}).status_code == 401


def test_long_short_and_foreign_clips_get_korean_refusals(api: Api) -> None:
    live = api.open_session()
    headers = api.join(live["session_code"], "s1")["headers"]
    # past the body limit (31 s), and under it but over 30 s of samples
    assert say(api, live["id"], clip(31), headers).status_code == 413
    over = assert_error(say(api, live["id"], clip(30.2), headers), 413)
    assert "30초" in over["detail"]
    short = assert_error(say(api, live["id"], clip(0.1), headers), 422)
    assert "너무 짧아요" in short["detail"]
    foreign = assert_error(say(api, live["id"], b"ID3\x04fake mp3 frames", headers), 415)
    assert "녹음 형식" in foreign["detail"]
    eight_khz = bytearray(clip(1))
    eight_khz[24:28] = (8000).to_bytes(4, "little")
    assert_error(say(api, live["id"], bytes(eight_khz), headers), 415)


def test_a_clip_without_speech_says_so_in_korean(tmp_path: Path, files: MemoryFileStorage) -> None:
    for api in build(tmp_path, files, ScriptedTranscriber(("",))):
        live = api.open_session()
        headers = api.join(live["session_code"], "s1")["headers"]
        body = assert_error(say(api, live["id"], clip(2), headers), 422)
        assert "말소리를 알아듣지 못했어요" in body["detail"]


def test_no_speech_engine_is_a_clear_503(tmp_path: Path, files: MemoryFileStorage) -> None:
    for api in build(tmp_path, files, None):
        live = api.open_session()
        headers = api.join(live["session_code"], "s1")["headers"]
        body = assert_error(say(api, live["id"], clip(1), headers), 503)
        assert "음성 인식이 꺼져" in body["detail"]


def test_an_ended_session_takes_no_spoken_questions(api: Api) -> None:
    live = api.open_session()
    headers = api.join(live["session_code"], "s1")["headers"]
    ended = api.post(f"{LIVE}/{live['id']}/end/", as_=api.auth("t1"))
    assert ended.status_code in (200, 202), ended.text
    assert_error(say(api, live["id"], clip(1), headers), 409)


def test_tries_are_limited_per_participant_not_per_room(api: Api) -> None:
    live = api.open_session()
    first = api.join(live["session_code"], "s1")["headers"]
    second = api.join(live["session_code"], "s2")["headers"]
    for _ in range(VOICE_TRIES):
        assert say(api, live["id"], clip(0.1), first).status_code == 422  # failures count too
    refused = assert_error(say(api, live["id"], clip(1), first), 429)
    assert int(refused_retry(api, live["id"], first)) > 0
    assert "너무 자주" in refused["detail"]
    assert say(api, live["id"], clip(1), second).status_code == 200  # a neighbour still may


def refused_retry(api: Api, session_id: str, headers: dict[str, str]) -> str:
    return say(api, session_id, clip(1), headers).headers["Retry-After"]
