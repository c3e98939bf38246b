"""Bad input to the language features, over HTTP with the offline model: empty or huge
questions, a window with no usable sentence, a lecture that ended with no transcript, and
the instructor's glossary reaching the note."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from reboot_adapters.material_text import MaterialTextExtractor
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_core.domain.note import key_terms_of
from reboot_core.memory import ManualClock, MemoryFileStorage, RecordingJobQueue, memory_uow_factory
from reboot_http.app import create_app
from tests.http.conftest import LIVE, Api, assert_error, make_settings

LECTURE_ID = "net-301"
HANDOUT = """# 전송 계층

## 흐름 제어
**슬라이딩 윈도우**로 수신자가 받을 수 있는 만큼만 보낸다.

| 방식 | 특징 |
| --- | --- |
| 정지-대기 | 한 번에 하나 |
| 슬라이딩 윈도우 | 여러 개를 연달아 |

## 혼잡 제어
**혼잡 윈도우**는 네트워크 상태에 따라 줄거나 늘어난다.
""".encode()


@pytest.fixture(scope="module")
def offline() -> OfflineLanguageModel:
    return OfflineLanguageModel(embedder=None)


@pytest.fixture
def api(tmp_path: Path, offline: OfflineLanguageModel) -> Iterator[Api]:
    clock, jobs = ManualClock(), RecordingJobQueue()
    app = create_app(
        make_settings(tmp_path, feed_max_age="0"),
        uow=memory_uow_factory(),
        files=MemoryFileStorage(),
        language=offline,
        extractor=MaterialTextExtractor(),
        clock=clock,
        jobs=jobs,
    )
    with TestClient(app) as client:
        yield Api(client, clock, offline, jobs)  # type: ignore[arg-type]


def started(api: Api, *, handout: bool = True) -> str:
    teacher = api.auth("t1")
    if handout:
        uploaded = api.post(
            f"/api/learning/lectures/{LECTURE_ID}/materials/",
            as_=teacher,
            files={"file": ("tcp.md", HANDOUT, "application/octet-stream")},
            data={"title": "TCP"},
        )
        assert uploaded.status_code == 201, uploaded.text
    created = api.post(
        f"{LIVE}/create/", as_=teacher, json={"lecture_id": LECTURE_ID, "title": "TCP 2강"}
    )
    assert created.status_code == 201, created.text
    session_id = created.json()["id"]
    assert api.post(f"{LIVE}/{session_id}/start/", as_=teacher).status_code == 200
    return session_id


def say(api: Api, session_id: str, text: str, start: float) -> None:
    api.clock.advance(5)
    posted = api.post(
        f"{LIVE}/{session_id}/stt/text/",
        as_=api.auth("t1"),
        json={"text": text, "start": start, "end": start + 5},
    )
    assert posted.status_code == 201, posted.text


@pytest.mark.parametrize("text", ["", "   ", "\n\t \u3000", "가" * 2000, "질문 " * 700])
def test_an_empty_or_huge_question_is_refused_and_nothing_is_stored(api: Api, text: str) -> None:
    session_id = started(api, handout=False)
    code = api.get(f"{LIVE}/{session_id}/status/", as_=api.auth("t1")).json()["session_code"]
    asker = api.join(code, "s1")
    refused = api.post(
        f"{LIVE}/{session_id}/questions/", as_=asker["headers"], json={"question_text": text}
    )
    assert_error(refused, 422)
    assert api.get(f"{LIVE}/{session_id}/questions/", as_=api.auth("t1")).json() == []


def test_a_window_without_a_usable_sentence_gives_409_not_a_quiz(api: Api) -> None:
    session_id = started(api)
    url = f"{LIVE}/{session_id}/quiz/generate/"
    refused = api.post(url, as_=api.auth("t1"))
    assert_error(refused, 409)
    assert refused.json()["detail"].startswith("아직 퀴즈를 만들 만큼")
    for start, filler in enumerate(["음", "어 네", "자 그", "네 네"]):
        say(api, session_id, filler, start * 5.0)
    refused = api.post(url, as_=api.auth("t1"))
    assert_error(refused, 409)
    assert "not enough lecture text yet" in refused.json()["detail"]
    assert api.get(f"{LIVE}/{session_id}/quiz/", as_=api.auth("t1")).json() == []


def test_a_lecture_without_a_transcript_gets_a_note_that_says_so_and_keeps_the_materials(
    api: Api,
) -> None:
    session_id = started(api)
    assert api.post(f"{LIVE}/{session_id}/end/", as_=api.auth("t1")).status_code == 200
    api.jobs.run_pending(api.container.reboot)
    note = api.get(f"{LIVE}/{session_id}/note/", as_=api.auth("t1"))
    assert note.status_code == 200, note.text
    content = note.json()["content_text"]
    assert "강의 기록(전사본)이 없어" in content
    for heading in ("흐름 제어", "혼잡 제어"):
        assert heading in content
    assert "| 정지-대기 | 한 번에 하나 |" in content  # the material's table survives


def test_the_instructors_glossary_reaches_the_notes_key_terms(api: Api) -> None:
    session_id = started(api)
    chosen = api.request(
        "PUT",
        f"/api/learning/lectures/{LECTURE_ID}/glossary/",
        as_=api.auth("t1"),
        json={"terms": ["세그먼트"]},
    )
    assert chosen.status_code == 200, chosen.text
    for start, text in enumerate(
        [
            "연결을 열 때는 3-way handshake를 거칩니다.",
            "클라이언트가 SYN 세그먼트를 보내고 서버가 SYN ACK로 답합니다.",
            "3-way handshake가 끝나야 데이터 세그먼트를 보낼 수 있습니다.",
        ]
    ):
        say(api, session_id, text, start * 5.0)
    assert api.post(f"{LIVE}/{session_id}/end/", as_=api.auth("t1")).status_code == 200
    api.jobs.run_pending(api.container.reboot)
    content = api.get(f"{LIVE}/{session_id}/note/", as_=api.auth("t1")).json()["content_text"]
    assert "세그먼트" in key_terms_of(content), content
