"""Speech over HTTP: audio and text chunks, the per-process recognisers, quiz suggestions, and
quiz drafts from the posted transcript (offline model and an OpenAI-compatible server)."""

from __future__ import annotations

import io
import itertools
import json
import re
import wave
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from reboot_adapters.fake_speech import ScriptedTranscriber
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_adapters.openai_language import OpenAILanguageModel
from reboot_adapters.wav import BYTES_PER_SECOND, wav_from_pcm
from reboot_core import Actor, QuizDraft
from reboot_core.memory import (
    ManualClock,
    MemoryFileStorage,
    RecordingJobQueue,
    ScriptedLanguageModel,
    memory_uow_factory,
)
from reboot_core.ports.speech import RecognizedSegment
from reboot_core.services import recording_ref
from reboot_http.app import create_app
from reboot_http.controllers.speech import MAX_CHUNK_SECONDS
from reboot_http.speech_streams import SpeechStreams
from tests.http.conftest import LIVE, Api, assert_error, make_settings
from tests.support.audio import silence
from tests.support.fake_openai import FakeOpenAI, chat_reply

DATA = Path(__file__).resolve().parent.parent / "data"
HANGUL = re.compile("[가-힣]")
SCRIPT = ("안녕하세요 여러분", "오늘은 장고 ORM", "질문 있나요", "쿼리셋은 게으릅니다")


@pytest.fixture
def shared(tmp_path: Path) -> dict[str, Any]:
    """Storage, files, clock and engine that several apps (server processes) can share."""
    return {
        "settings": make_settings(tmp_path),
        "uow": memory_uow_factory(),
        "files": MemoryFileStorage(),
        "clock": ManualClock(),
        "jobs": RecordingJobQueue(),
        "transcriber": ScriptedTranscriber(SCRIPT),
        "language": ScriptedLanguageModel(),
    }


@contextmanager
def client_on(shared: dict[str, Any], **changes: Any) -> Iterator[Api]:
    """An app (one server process) on the shared parts, with ``changes`` replacing some."""
    parts = {**shared, **changes}
    app = create_app(parts.pop("settings"), **parts)
    with TestClient(app) as client:
        yield Api(client, parts["clock"], parts["language"], parts["jobs"])


@pytest.fixture
def api(shared: dict[str, Any]) -> Iterator[Api]:
    with client_on(shared) as api:
        yield api


@pytest.fixture
def live(api: Api) -> dict:
    return api.open_session()


def audio(seconds: float) -> bytes:
    return wav_from_pcm(silence(seconds))


def post_audio(api: Api, sid: str, body: bytes, offset: float | None = None, who: str = "t1"):
    params = {} if offset is None else {"offset": offset}
    headers = {"Content-Type": "audio/wav"}
    url = f"{LIVE}/{sid}/stt/audio/"
    return api.post(url, as_=api.auth(who), content=body, params=params, headers=headers)


def fed(api: Api, sid: str, seconds: float, offset: float | None = None) -> dict:
    response = post_audio(api, sid, audio(seconds), offset)
    assert response.status_code == 200, response.text
    return response.json()


def spans(body: dict) -> list[tuple[str, float, float]]:
    return [(s["text"], s["start"], s["end"]) for s in body["segments"]]


def stored(api: Api, sid: str) -> list[tuple[str, float, float]]:
    chunks = api.container.reboot.transcripts.transcript(Actor.instructor("t1"), sid)
    return [(c.text, c.start, c.end) for c in chunks]


def recorded_seconds(shared: dict[str, Any], sid: str) -> float:
    return len(shared["files"].read(recording_ref(sid))) / BYTES_PER_SECOND


def say(api: Api, sid: str, text: str, **times: float) -> dict:
    response = api.post(f"{LIVE}/{sid}/stt/text/", as_=api.auth("t1"), json={"text": text, **times})
    assert response.status_code == 201, response.text
    return response.json()


# audio chunks


def test_audio_chunks_are_recognised_stored_and_recorded(
    api: Api, live: dict, shared: dict
) -> None:
    sid = live["id"]
    first = fed(api, sid, 2.0)
    assert first["offset"] == 0.0 and first["next_offset"] == 2.0 and first["restarted"]
    assert spans(first) == [(SCRIPT[0], 0.0, 1.0), (SCRIPT[1], 1.0, 2.0)]
    assert all(s["id"] for s in first["segments"]) and first["suggestions"] == []
    assert recorded_seconds(shared, sid) == 2.0

    # no offset: the chunk continues the stream where it ended
    second = fed(api, sid, 1.5)
    assert (second["offset"], second["next_offset"], second["restarted"]) == (2.0, 3.5, False)
    assert spans(second) == [(SCRIPT[2], 2.0, 3.0)]
    assert recorded_seconds(shared, sid) == 3.5
    assert stored(api, sid) == [*spans(first), *spans(second)]


def test_a_checkpoint_phrase_in_audio_raises_one_suggestion(api: Api, live: dict) -> None:
    sid = live["id"]
    body = fed(api, sid, 3.0)
    assert [s["phrase"] for s in body["suggestions"]] == ["질문 있나요"]
    assert body["suggestions"][0]["window_text"].endswith("질문 있나요")
    assert fed(api, sid, 1.0)["suggestions"] == []
    feed = api.get(f"{LIVE}/{sid}/feed/", as_=api.auth("t1")).json()
    assert [s["id"] for s in feed["suggestions"]] == [body["suggestions"][0]["id"]]


def test_explicit_offsets_continue_the_stream(api: Api, live: dict) -> None:
    sid = live["id"]
    bodies = [fed(api, sid, 1.5, offset) for offset in (0.0, 1.5, 3.02)]
    assert [b["restarted"] for b in bodies] == [True, False, False]  # 3.02: rounding allowed
    assert [b["offset"] for b in bodies] == [0.0, 1.5, 3.0]
    assert [span for b in bodies for span in spans(b)] == [
        (SCRIPT[0], 0.0, 1.0),
        (SCRIPT[1], 1.0, 2.0),
        (SCRIPT[2], 2.0, 3.0),
        (SCRIPT[3], 3.0, 4.0),
    ]


def test_a_chunk_elsewhere_in_time_flushes_and_opens_a_new_stream(
    api: Api, live: dict, shared: dict
) -> None:
    sid = live["id"]
    fed(api, sid, 1.5, 0.0)  # second 0 recognised, half a second pending in the recogniser
    jump = fed(api, sid, 1.0, 60.0)
    assert jump["restarted"] and jump["offset"] == 60.0 and jump["next_offset"] == 61.0
    # the old stream's last words are stored with the chunk that ended it
    assert spans(jump) == [(SCRIPT[1], 1.0, 1.5), (SCRIPT[0], 60.0, 61.0)]
    assert recorded_seconds(shared, sid) == 2.5  # the recording keeps every chunk, in order


def test_without_offsets_the_server_clock_places_chunks_after_a_pause(api: Api, live: dict) -> None:
    sid = live["id"]
    fed(api, sid, 1.0)
    api.clock.advance(120)  # the microphone was off for two minutes
    later = fed(api, sid, 1.0)
    assert later["restarted"] and later["offset"] == 119.0  # it ended now: it began 1 s ago
    api.clock.advance(1)
    assert fed(api, sid, 1.0)["offset"] == 120.0  # continues


def test_any_process_can_recognise_any_chunk(shared: dict) -> None:
    """Two apps on one storage stand for two server processes, each with its own recogniser;
    chunks alternate between them as a load balancer may send them."""
    with client_on(shared) as one, client_on(shared) as two:
        sid = one.open_session()["id"]
        bodies = [fed((one, two)[i % 2], sid, 1.5, i * 1.5) for i in range(6)]
        chunks = stored(one, sid)
    assert [b["offset"] for b in bodies] == [i * 1.5 for i in range(6)]
    assert all(b["restarted"] for b in bodies[1:])  # the other worker's stream never fits
    assert recorded_seconds(shared, sid) == 9.0
    # every second of audio but the unflushed tail of each worker's last stream is text, once
    assert all(a[2] <= b[1] for a, b in itertools.pairwise(chunks))
    assert sum(end - start for _, start, end in chunks) == pytest.approx(9.0 - 2 * 0.5)


def test_recogniser_failure_keeps_the_audio_and_the_next_chunk_starts_afresh(
    api: Api, live: dict, shared: dict
) -> None:
    sid = live["id"]
    fed(api, sid, 1.0)
    shared["transcriber"].available = False
    assert_error(post_audio(api, sid, audio(1.0)), 503, "unavailable")
    assert recorded_seconds(shared, sid) == 2.0
    shared["transcriber"].available = True
    again = fed(api, sid, 1.0, 2.0)
    assert again["restarted"] and spans(again) == [(SCRIPT[0], 2.0, 3.0)]


def test_audio_refusals(api: Api, live: dict, shared: dict) -> None:
    sid = live["id"]
    not_wav = assert_error(post_audio(api, sid, b"ID3 an mp3 file"), 415, "unsupported_type")
    assert "16 kHz, mono, 16-bit" in not_wav["detail"]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(2)
        writer.setsampwidth(2)
        writer.setframerate(44_100)
        writer.writeframes(bytes(44_100 * 4))
    stereo = assert_error(post_audio(api, sid, buffer.getvalue()), 415)
    assert "16 kHz" in stereo["detail"] and "2 channels" in stereo["detail"]
    assert_error(post_audio(api, sid, audio(MAX_CHUNK_SECONDS + 1)), 413, "too_large")
    # an empty chunk is accepted and produces nothing (a browser may flush nothing at stop)
    empty = post_audio(api, sid, wav_from_pcm(b""))
    assert empty.status_code == 200 and empty.json()["segments"] == []
    assert_error(post_audio(api, sid, audio(1.0), offset=-1), 400)
    assert_error(post_audio(api, sid, audio(1.0), offset=90_000), 422)

    student = api.join(live["session_code"])
    refused = api.post(f"{LIVE}/{sid}/stt/audio/", as_=student["headers"], content=audio(1.0))
    assert_error(refused, 403)
    assert_error(post_audio(api, sid, audio(1.0), who="t2"), 403)
    assert_error(post_audio(api, "nope", audio(1.0)), 404)
    assert not shared["files"].exists(recording_ref(sid))  # nothing refused was recorded


def test_ended_session_takes_no_audio_or_text(api: Api, live: dict) -> None:
    sid = live["id"]
    fed(api, sid, 1.0)
    assert api.post(f"{LIVE}/{sid}/end/", as_=api.auth("t1")).status_code == 200
    assert_error(post_audio(api, sid, audio(1.0)), 409, "conflict")
    text = api.post(f"{LIVE}/{sid}/stt/text/", as_=api.auth("t1"), json={"text": "안녕"})
    assert_error(text, 409)


def test_no_speech_engine_is_503_pointing_to_text_chunks(shared: dict) -> None:
    with client_on(shared, transcriber=None) as api:
        sid = api.open_session()["id"]
        refused = assert_error(post_audio(api, sid, audio(1.0)), 503, "unavailable")
        text = say(api, sid, "텍스트는 됩니다", start=0, end=1)
    assert "stt/text/" in refused["detail"] and "REBOOT_STT_ENGINE" in refused["detail"]
    assert text["chunk"]["text"] == "텍스트는 됩니다"


# the registry itself


def test_registry_drops_idle_streams_and_ended_sessions() -> None:
    now = [0.0]
    streams = SpeechStreams(
        ScriptedTranscriber(["말"]), MemoryFileStorage(), idle_seconds=60, clock=lambda: now[0]
    )
    pcm = silence(1.0)
    streams.feed("a", pcm, offset=None, clock_offset=1.0)
    streams.feed("b", pcm, offset=None, clock_offset=1.0)
    assert sorted(streams.active()) == ["a", "b"]
    streams.drop("a")
    now[0] = 61.0
    streams.feed("c", pcm, offset=None, clock_offset=1.0)  # b has been idle for 61 s
    assert streams.active() == ["c"]
    again = streams.feed("a", pcm, offset=None, clock_offset=2.0)
    assert again.restarted and again.segments == (RecognizedSegment("말", 1.0, 2.0),)


# text chunks and suggestions


def test_text_chunk_with_a_checkpoint_phrase_raises_exactly_one_suggestion(
    api: Api, live: dict
) -> None:
    sid = live["id"]
    api.clock.advance(40)
    first = say(api, sid, "자, 여기까지 질문 있나요?")
    assert first["chunk"]["end"] == 40.0 and first["chunk"]["text"] == "자, 여기까지 질문 있나요?"
    suggestion = first["suggestion"]
    assert suggestion["phrase"] == "질문 있나요"
    assert suggestion["prompt"] == "이 시점에 퀴즈를 내보시겠습니까?"
    assert suggestion["window_text"] == "자, 여기까지 질문 있나요?"
    assert suggestion["status"] == "PENDING" and suggestion["at_offset"] == 40.0
    api.clock.advance(5)
    assert say(api, sid, "없으면 다음으로 가 볼게요")["suggestion"] is None

    listed = api.get(f"{LIVE}/{sid}/quiz/suggestions/", as_=api.auth("t1"))
    assert listed.status_code == 200 and listed.json() == [suggestion]
    again = api.get(
        f"{LIVE}/{sid}/quiz/suggestions/",
        as_=api.auth("t1"),
        headers={"If-None-Match": listed.headers["etag"]},
    )
    assert again.status_code == 304
    feed = api.get(f"{LIVE}/{sid}/feed/", as_=api.auth("t1")).json()
    assert feed["suggestions"] == [suggestion]
    student = api.join(live["session_code"])
    student_feed = api.get(f"{LIVE}/{sid}/feed/", as_=student["headers"])
    assert "suggestion" not in student_feed.text and student_feed.json()["pending_quizzes"] == []


def test_text_chunk_times_and_refusals(api: Api, live: dict) -> None:
    sid = live["id"]
    assert say(api, sid, "명시한 시간", start=3.5, end=7.25)["chunk"]["start"] == 3.5
    url = f"{LIVE}/{sid}/stt/text/"
    assert_error(api.post(url, as_=api.auth("t1"), json={"text": "   "}), 422)
    assert_error(api.post(url, as_=api.auth("t1"), json={"text": "x", "start": 5, "end": 1}), 422)
    assert_error(api.post(url, as_=api.auth("t1"), json={"start": 1}), 400)
    student = api.join(live["session_code"])
    assert_error(api.post(url, as_=student["headers"], json={"text": "학생"}), 403)
    assert_error(api.post(url, as_=api.auth("t2"), json={"text": "남의 수업"}), 403)
    assert_error(api.post(f"{LIVE}/nope/stt/text/", as_=api.auth("t1"), json={"text": "x"}), 404)


def test_dismiss_and_draft_suggestions(api: Api, live: dict) -> None:
    sid = live["id"]
    base = f"{LIVE}/{sid}/quiz/suggestions"
    api.clock.advance(10)
    dismissed = say(api, sid, "ORM 설명은 여기까지, 이해되셨나요?")["suggestion"]
    api.clock.advance(60)
    drafted = say(api, sid, "마이그레이션까지 질문 있나요?")["suggestion"]

    student = api.join(live["session_code"])
    assert_error(api.post(f"{base}/{dismissed['id']}/dismiss/", as_=student["headers"]), 403)
    gone = api.post(f"{base}/{dismissed['id']}/dismiss/", as_=api.auth("t1"))
    assert gone.status_code == 200 and gone.json()["status"] == "DISMISSED"
    assert_error(api.post(f"{base}/{dismissed['id']}/dismiss/", as_=api.auth("t1")), 409)
    assert_error(api.post(f"{base}/{dismissed['id']}/draft/", as_=api.auth("t1")), 409)
    assert_error(api.post(f"{base}/nope/draft/", as_=api.auth("t1")), 404)

    api.language.quizzes.append(
        QuizDraft.create("migrate는 무엇을 하나요?", ["스키마 적용", "서버 시작"], "스키마 적용")
    )
    draft = api.post(f"{base}/{drafted['id']}/draft/", as_=api.auth("t1"))
    assert draft.status_code == 200, draft.text
    assert draft.json()["question_text"] == "migrate는 무엇을 하나요?"
    assert "마이그레이션" in api.language.calls[-1][1]  # drafted from the transcript
    assert api.get(base + "/", as_=api.auth("t1")).json() == []
    # a draft is not a quiz: nothing reached the students
    assert api.get(f"{LIVE}/{sid}/quiz/pending/", as_=student["headers"]).json() == []


def test_a_suggestion_draft_takes_the_window_in_minutes_like_generate(api: Api, live: dict) -> None:
    sid = live["id"]
    base = f"{LIVE}/{sid}/quiz/suggestions"
    say(api, sid, "트랜잭션은 모두 되거나 모두 안 됩니다.", start=0.0, end=5.0)
    api.clock.advance(600)
    say(api, sid, "인덱스는 검색을 빠르게 합니다.", start=600.0, end=605.0)
    suggestion = say(api, sid, "질문 있나요?", start=606.0, end=608.0)["suggestion"]
    url = f"{base}/{suggestion['id']}/draft/"
    assert_error(api.post(url + "?minutes=abc", as_=api.auth("t1")), 400)
    for bad in ("0", "91", "-3"):
        assert_error(api.post(f"{url}?minutes={bad}", as_=api.auth("t1")), 422)
    # a refused window spends no model call and leaves the suggestion pending
    assert api.language.calls == []
    assert [s["id"] for s in api.get(base + "/", as_=api.auth("t1")).json()] == [suggestion["id"]]
    api.language.quizzes.append(QuizDraft.create("인덱스란?", ["검색 가속", "정렬"], "검색 가속"))
    draft = api.post(url + "?minutes=2", as_=api.auth("t1"))
    assert draft.status_code == 200, draft.text
    window = api.language.calls[-1][1]
    assert "인덱스" in window and "트랜잭션" not in window  # only the last two minutes


def test_openapi_documents_the_speech_routes(api: Api) -> None:
    schema = api.get("/schema/openapi.json").json()
    paths = {
        p.removeprefix("/api/learning/live/{session_id}"): ops for p, ops in schema["paths"].items()
    }
    upload = paths["/stt/audio"]["post"]
    assert "audio/wav" in upload["requestBody"]["content"]
    assert {"413", "415", "503"} <= set(upload["responses"])
    assert "post" in paths["/stt/text"] and "get" in paths["/quiz/suggestions"]
    for action in ("dismiss", "draft"):
        assert "post" in paths[f"/quiz/suggestions/{{suggestion_id}}/{action}"]


# quiz drafts from a transcript posted as text chunks


def post_lecture(api: Api, sid: str) -> None:
    lecture = (DATA / "lecture_ko.txt").read_text(encoding="utf-8")
    for paragraph in filter(None, (p.strip() for p in lecture.split("\n\n"))):
        api.clock.advance(60)
        say(api, sid, paragraph)


def assert_korean_four_options(draft: dict) -> None:
    assert len(draft["options"]) == 4 and len(set(draft["options"])) == 4
    assert draft["correct_answer"] in draft["options"]
    assert HANGUL.search(draft["question_text"]) and draft["concept_tags"]


def test_generate_offline_from_posted_transcript(shared: dict) -> None:
    with client_on(shared, language=OfflineLanguageModel(embedder=None)) as api:
        sid = api.open_session()["id"]
        post_lecture(api, sid)
        drafted = api.post(f"{LIVE}/{sid}/quiz/generate/", as_=api.auth("t1"))
    assert drafted.status_code == 200, drafted.text
    assert_korean_four_options(drafted.json())


def test_generate_through_an_openai_compatible_server(shared: dict) -> None:
    quiz = {
        "question": "QuerySet이 실제로 데이터베이스에 쿼리를 보내는 때는 언제인가요?",
        "options": ["filter를 호출할 때", "값을 꺼낼 때", "모델을 정의할 때", "서버를 켤 때"],
        "correct_answer": "값을 꺼낼 때",
        "explanation": "QuerySet은 게을러서 값을 실제로 꺼낼 때 쿼리가 실행됩니다.",
        "concept_tags": ["QuerySet", "지연 평가"],
    }
    with FakeOpenAI() as fake:
        fake.default_chat = chat_reply(json.dumps(quiz, ensure_ascii=False))
        model = OpenAILanguageModel("x", base_url=fake.base_url, timeout=5.0)
        with client_on(shared, language=model) as api:
            sid = api.open_session()["id"]
            post_lecture(api, sid)
            drafted = api.post(f"{LIVE}/{sid}/quiz/generate/", as_=api.auth("t1"))
        sent = json.dumps(fake.requests[-1]["json"], ensure_ascii=False)
    assert drafted.status_code == 200, drafted.text
    assert_korean_four_options(drafted.json())
    assert drafted.json()["question_text"] == quiz["question"]
    assert "QuerySet이 게으르다" in sent  # the posted transcript reached the model


# the sentence in progress, the dashboard's lines, failures in the end job, phrase lists


def test_a_checkpoint_in_the_sentence_in_progress_is_suggested_at_once_and_only_once(
    api: Api, live: dict
) -> None:
    sid = live["id"]
    first = fed(api, sid, 2.5)  # seconds 0 and 1 finished; "질문 있나요" is being said
    assert first["partial_text"] == SCRIPT[2]
    assert [s["phrase"] for s in first["suggestions"]] == ["질문 있나요"]
    assert first["suggestions"][0]["kind"] == "questions"
    # no sentence ending was heard before it, so the sentence reaches back into the context
    assert first["suggestions"][0]["heard_text"].endswith(SCRIPT[2])
    done = fed(api, sid, 1.0)  # the sentence is finished now: stored, not suggested again
    assert (SCRIPT[2], 2.0, 3.0) in spans(done) and done["suggestions"] == []
    assert len(api.get(f"{LIVE}/{sid}/quiz/suggestions/", as_=api.auth("t1")).json()) == 1


def test_the_dashboard_reads_the_last_lines_with_their_source(api: Api, live: dict) -> None:
    sid = live["id"]
    fed(api, sid, 2.0)
    say(api, sid, "직접 입력한 문장", start=2.0, end=3.0)
    url = f"{LIVE}/{sid}/stt/transcript/"
    lines = api.get(url, as_=api.auth("t1"), params={"limit": 2}).json()
    assert [(line["text"], line["source"]) for line in lines] == [
        (SCRIPT[1], "live"),
        ("직접 입력한 문장", "text"),
    ]
    assert lines[0]["raw_text"] == SCRIPT[1] and lines[1]["raw_text"] == ""
    assert_error(api.get(url, as_=api.auth("t1"), params={"limit": 0}), 400)
    assert_error(api.get(url, as_=api.auth("t2")), 403)


def test_a_live_recognition_failure_shows_in_the_end_jobs_status(
    api: Api, live: dict, shared: dict
) -> None:
    sid = live["id"]
    fed(api, sid, 1.0)
    shared["transcriber"].available = False
    assert_error(post_audio(api, sid, audio(1.0)), 503)
    shared["transcriber"].available = True
    assert api.post(f"{LIVE}/{sid}/end/", as_=api.auth("t1")).status_code == 200
    api.jobs.run_pending(api.container.reboot)
    status = api.get(f"{LIVE}/{sid}/end/status/", as_=api.auth("t1")).json()
    transcript = next(step for step in status["steps"] if step["step"] == "transcript")
    assert "live recognition failed on 1 chunk(s), last at 1.0 s" in transcript["detail"]
    assert "switched off" in transcript["detail"]  # the engine's own reason


def test_each_lecture_edits_its_checkpoint_phrases(api: Api, live: dict) -> None:
    url = "/api/learning/lectures/L1/checkpoint-phrases/"
    listed = api.get(url, as_=api.auth("t1")).json()
    assert listed["is_default"] and listed["phrases"] == listed["default_phrases"]
    assert listed["phrases"][0] == "이해되셨나요"
    chosen = api.request(
        "PUT", url, as_=api.auth("t1"), json={"phrases": [" 오케이  ", "오케이", "알겠죠"]}
    )
    assert chosen.status_code == 200, chosen.text
    assert chosen.json()["phrases"] == ["오케이", "알겠죠"] and not chosen.json()["is_default"]
    sid = live["id"]
    api.clock.advance(5)
    assert say(api, sid, "자 여기까지 오케이")["suggestion"]["phrase"] == "오케이"
    for bad in ([""], ["가" * 101], [f"문구 {i}" for i in range(51)]):
        assert_error(api.request("PUT", url, as_=api.auth("t1"), json={"phrases": bad}), 422)
    assert_error(api.request("PUT", url, as_=api.auth("t1"), json={"phrases": "이해되셨나요"}), 400)
    assert_error(api.request("PUT", url, as_=api.auth("t2"), json={"phrases": ["남의 강의"]}), 403)
    assert api.get(url, as_=api.auth("t1")).json()["phrases"] == ["오케이", "알겠죠"]


def _opening_sentences(count: int) -> list[str]:
    lecture = (DATA / "lecture_ko.txt").read_text(encoding="utf-8")
    return [s for s in lecture.replace("\n", " ").split(". ") if s.strip()][:count]


def test_the_lectures_opening_move_on_suggests_no_quiz(shared: dict) -> None:
    # "이제 ... 시작해 볼게요" is a move on by its words, but in the first minute it opens the
    # lecture: nothing has been taught to ask about yet
    opening, *rest = _opening_sentences(8)
    with client_on(shared, language=OfflineLanguageModel(embedder=None)) as api:
        sid = api.open_session()["id"]
        api.clock.advance(10)
        assert say(api, sid, opening)["suggestion"] is None
        for sentence in rest:
            api.clock.advance(10)
            say(api, sid, sentence)
        later = say(api, sid, opening)["suggestion"]  # the same words 90 s in close a part
    assert later is not None and later["kind"] == "moving_on"


def test_a_checkpoint_at_the_very_start_does_not_starve_the_draft(shared: dict) -> None:
    # the microphone was switched on late: the first sentence heard asks whether the class
    # follows, so a window ending there holds nothing to ask about, and the draft is made
    # from the window that ends now (16 sentences more: with no materials, a phrase must be
    # said twice in the window to be asked about)
    sentences = ["자, 여기까지 이해되셨나요?", *_opening_sentences(16)]
    with client_on(shared, language=OfflineLanguageModel(embedder=None)) as api:
        sid = api.open_session()["id"]
        for sentence in sentences:
            api.clock.advance(10)
            say(api, sid, sentence)
        suggestions = api.get(f"{LIVE}/{sid}/quiz/suggestions/", as_=api.auth("t1")).json()
        drafted = api.post(f"{LIVE}/{sid}/quiz/generate/", as_=api.auth("t1"))
    assert [s["kind"] for s in suggestions] == ["understanding"], "nothing was said before it"
    assert drafted.status_code == 200, drafted.text
    assert_korean_four_options(drafted.json())
