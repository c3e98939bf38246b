"""The instructor sees the speech: a server with its default engine (Vosk), the dashboard at
1366x800, Chromium's fake microphone (a steady tone).

The level meter moves, a microphone that brings no words raises the Korean warning (the 30 s
are shortened here), the folded transcript opens on the last lines with their times, a
checkpoint shows as a suggestion, and the lecture's phrases are edited in a dialog.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.conftest import TICK_MS, running_server

pytestmark = pytest.mark.slow


def expect() -> Any:
    from playwright.sync_api import expect

    return expect


@pytest.fixture(scope="module")
def speech_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("speech-server")
    with running_server(data, REBOOT_STT_ENGINE="vosk") as base:
        yield base


def wait_until(condition: Any, seconds: float = 20.0) -> None:
    # (wait_for_function evaluates strings in the page, which its CSP forbids)
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_instructor_sees_the_microphone_and_the_transcript(
    browser: Any, speech_server: str, shots: Any
) -> None:
    context = browser.new_context(
        base_url=speech_server, locale="ko-KR", viewport={"width": 1366, "height": 800}
    )
    context.add_init_script(
        f"window.REBOOT_TICK_MS = {TICK_MS}; window.REBOOT_SPEECH_QUIET_MS = 3000;"
    )
    context.set_default_timeout(20_000)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto("/instructor")
        page.get_by_label("이름 (사용자 ID)").fill("prof-lee")
        page.get_by_role("button", name="로그인", exact=True).click()
        page.get_by_label("강의 이름").fill("자료구조")
        page.get_by_label("강의 ID").fill("ds-201")
        page.get_by_role("button", name="강의 추가").click()
        page.get_by_label("이번 시간 제목").fill("정렬 2강")
        page.get_by_role("button", name="새 라이브 세션 만들기").click()
        page.wait_for_url(re.compile(r"/instructor/live\?session="))
        page.get_by_role("button", name="수업 시작").click()
        session_id = page.url.split("session=")[1]
        transcript = page.locator("#transcript-card")
        expect()(transcript).not_to_have_attribute("open", "")  # folded by default

        # the microphone: audio chunks are answered (200), the level meter moves
        with page.expect_response(lambda r: "/stt/audio" in r.url and r.status == 200):
            page.get_by_role("button", name=re.compile("마이크 켜기")).click()
        expect()(page.locator("#mic-level-box")).to_be_visible()
        wait_until(lambda: page.evaluate("document.querySelector('#mic-level').value") > -60)
        # the fake device beeps (a level that moves) and Vosk hears no words in it: the
        # warning says so, in Korean, once the (shortened) 30 s have passed
        expect()(page.locator("#mic-warning")).to_contain_text("30초 동안 인식된 말이 없어요")

        # what a client recognised itself arrives as text; the panel shows the last lines
        token = page.evaluate("JSON.parse(localStorage.getItem('reboot.instructor')).token")
        live = f"{speech_server}/api/learning/live/{session_id}"
        with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {token}"}) as http:
            for start, text in [(3, "오늘은 퀵 정렬을 배웁니다"), (9, "피벗을 고르고 나눕니다")]:
                ok = http.post(
                    f"{live}/stt/text/", json={"text": text, "start": start, "end": start + 4}
                )
                assert ok.status_code == 201, ok.text
            said = http.post(
                f"{live}/stt/text/",
                json={"text": "여기까지 이해가 되시나요?", "start": 15, "end": 18},
            )
            assert said.json()["suggestion"]["kind"] == "understanding"
        transcript.locator("summary").click()
        expect()(page.locator("#transcript-lines li")).to_have_count(3)
        expect()(page.locator("#transcript-lines li").first).to_contain_text("0:03")
        expect()(page.locator("#suggestion")).to_contain_text("“여기까지 이해가 되시나요?”")
        shots.take(page, "speech-dashboard-1366")

        # the lecture's own checkpoint phrases
        page.get_by_role("button", name="체크포인트 문구").click()
        box = page.get_by_label("문구 목록")
        expect()(box).to_have_value(re.compile("이해되셨나요"))
        box.fill("이해되셨나요\n" + "가" * 101)
        page.get_by_role("button", name="저장").click()
        expect()(page.locator("#phrases-error")).to_contain_text("100자")
        box.fill("이해되셨나요\n오케이?")
        page.get_by_role("button", name="저장").click()
        expect()(page.locator("#phrases-dialog")).not_to_be_visible()
        page.get_by_role("button", name=re.compile("듣는 중")).click()
        expect()(page.locator("#mic-warning")).to_be_hidden()
    finally:
        context.close()
    assert not errors, errors
    with httpx.Client(timeout=10) as http:
        token = http.post(
            f"{speech_server}/api/auth/dev-login", json={"name": "prof-lee", "role": "instructor"}
        ).json()["token"]
        phrases = http.get(
            f"{speech_server}/api/learning/lectures/ds-201/checkpoint-phrases/",
            headers={"Authorization": f"Bearer {token}"},
        ).json()
    assert phrases["phrases"] == ["이해되셨나요", "오케이?"]
