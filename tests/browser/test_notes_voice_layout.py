"""Issue 14, items 7, 10 and 11 in the browser on a 390x844 phone (and the dashboard):

- a hostile note (tables, numbered lists, script tags, javascript: links), a hostile question
  and a hostile display name stay text in the instructor's preview and the student's note;
- a student holds the voice button, speaks (Chromium's fake microphone plays a WAV made by
  espeak-ng and sox), edits the recognised text and sends it as an anonymous question;
- multi-line self-test questions sit inside their cards, and toasts let taps through and
  leave room to scroll the page clear of them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from reboot_adapters.wav import wav_from_pcm
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, TICK_MS, running_server
from tests.support.audio import silence, synthesize
from tests.support.fake_openai import FakeOpenAI, transcription_reply

pytestmark = pytest.mark.slow

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MARKUP = '<img src=x onerror="window.hacked=1"><script>window.hacked=2</script>'
HOSTILE_NOTE = f"""# 3주차 노트 {MARKUP}

## 비교표

| 메서드 | 쓰는 곳 |
|:---|---|
| `select_related` | 외래 키 **조인** |
| {MARKUP} | [누르면 위험](javascript:window.hacked=3) |

3. 셋째 항목
4. 넷째 항목

*자료: 1장 ORM.pdf* · [공식 문서](https://docs.djangoproject.com/ko/)
"""
LONG_QUESTION = (
    "쿼리셋을 여러 번 반복해서 평가할 때 select_related와 prefetch_related 가운데 "
    "어느 쪽이 데이터베이스 질의 수를 더 줄여 주며 그 이유는 무엇인가요?"
)


def expect() -> Any:
    from playwright.sync_api import expect

    return expect


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def dev_token(http: httpx.Client, name: str, role: str = "instructor") -> dict[str, str]:
    answer = http.post("/api/auth/dev-login/", json={"name": name, "role": role})
    return bearer(answer.json()["token"])


def sign_in(page: Any, name: str) -> None:
    page.wait_for_url(re.compile(r"/instructor\?next="))
    page.get_by_label("이름 (사용자 ID)").fill(name)
    page.get_by_role("button", name="로그인", exact=True).click()


def assert_no_injected_markup(page: Any, scope: str) -> None:
    assert page.locator(f"{scope} img, {scope} script, {scope} iframe").count() == 0
    assert page.locator(f"{scope} a[href^='javascript']").count() == 0
    assert page.evaluate("window.hacked") is None


def inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def test_hostile_note_question_and_name_stay_text_and_the_layout_holds(
    open_page: Any, server: str, shots: Any
) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        teacher = dev_token(http, "prof-md")
        session = http.post(
            "/api/learning/live/create/", headers=teacher, json={"lecture_id": "md-101"}
        ).json()
        live = f"/api/learning/live/{session['id']}"
        http.post(f"{live}/start/", headers=teacher)
        phone = open_page(f"/join?code={session['session_code']}", phone=True)
        phone.locator("#name").fill(MARKUP[:40])
        phone.get_by_role("button", name="입장하기").click()
        expect()(phone.locator("#ask")).to_be_visible()
        # a toast lets taps through and the page can be scrolled clear of it
        phone.locator("#ask").fill(MARKUP)
        phone.get_by_role("button", name="질문 보내기").click()
        toast = phone.locator(".toast")
        expect()(toast).to_contain_text("질문을 익명으로 보냈어요")
        assert_no_injected_markup(phone, "#questions")
        box = toast.bounding_box()
        under = phone.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.closest('.toast') === null",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        assert under, "a tap on the toast must reach the page beneath it"
        phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        last = phone.locator("#live-view > section.card").last.bounding_box()
        assert not overlap(last, toast.bounding_box()), "the toast covers the last card"
        quiz = http.post(
            f"{live}/quiz/create/",
            headers=teacher,
            json={
                "question_text": LONG_QUESTION,
                "options": ["select_related", "prefetch_related"],
                "correct_answer": "prefetch_related",
                "explanation": "다대다 관계는 별도 질의로 한 번에 모읍니다.",
            },
        )
        assert quiz.status_code == 201, quiz.text
        http.post(f"{live}/end/", headers=teacher)

        after = open_page(f"/instructor/after?session={session['id']}")
        sign_in(after, "prof-md")
        editor = after.get_by_label("노트 (Markdown)")
        expect()(editor).to_be_visible(timeout=30_000)  # the end-of-session job drafts it
        editor.fill(HOSTILE_NOTE)  # the live preview comes from the server's parser
        preview = after.locator("#note-preview")
        expect()(preview.locator("table td", has_text="외래 키")).to_be_visible()
        expect()(preview.locator("ol")).to_have_attribute("start", "3")
        expect()(preview.locator("em", has_text="자료: 1장 ORM.pdf")).to_be_visible()
        expect()(preview.locator("a", has_text="공식 문서")).to_have_attribute(
            "href", "https://docs.djangoproject.com/ko/"
        )
        expect()(preview).to_contain_text("누르면 위험")
        assert_no_injected_markup(after, "#note-preview")
        after.get_by_role("button", name="저장").click()
        expect()(after.locator("#note-saved")).to_contain_text("저장됨")
        approved = http.post(f"{live}/note/approve/", headers=teacher)
        assert approved.status_code == 200, approved.text

    phone.goto(f"/review?session={session['id']}")
    note = phone.locator("#note")
    expect()(note.locator("table th", has_text="메서드")).to_be_visible(timeout=15_000)
    expect()(note.locator("ol li").first).to_have_text("셋째 항목")
    assert note.locator("ol").get_attribute("start") == "3"
    assert_no_injected_markup(phone, "#note")
    # the table scrolls inside its box: the page itself never gets wider than the phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    fieldset = phone.locator(
        ".self-test fieldset", has=phone.locator("legend", has_text="데이터베이스 질의 수")
    )
    legend = fieldset.locator("legend")
    expect()(legend).to_be_visible(timeout=15_000)
    legend.scroll_into_view_if_needed()
    text_box = legend.bounding_box()
    card = fieldset.bounding_box()
    assert text_box["height"] > 30, "the long question should wrap on a phone"
    assert inside(text_box, card), "the question crosses its card's border"
    # the border's own top edge lies above the question's first line
    assert text_box["y"] > card["y"] + 1
    shots.take(phone, "10-student-note-table")


@pytest.fixture
def spoken_wav(tmp_path: Path) -> Path:
    """What the fake microphone plays: espeak-ng speech with silence around it, looped."""
    pcm = silence(0.3) + synthesize("셀렉트 릴레이티드는 언제 쓰나요", tmp_path / "speech")
    path = tmp_path / "question.wav"
    path.write_bytes(wav_from_pcm(pcm + silence(0.5)))
    return path


def test_a_student_speaks_edits_and_sends_a_question(
    tmp_path: Path, spoken_wav: Path, browser: Any
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with FakeOpenAI() as fake:
        fake.default_audio = transcription_reply("셀렉트 릴레이티드는 언제 쓰나요")
        with (
            running_server(
                data,
                REBOOT_STT_ENGINE="openai",
                REBOOT_OPENAI_API_KEY="sk-test",
                REBOOT_OPENAI_BASE_URL=fake.base_url,
            ) as base,
            httpx.Client(base_url=base, timeout=10) as http,
        ):
            teacher = dev_token(http, "prof-voice")
            session = http.post(
                "/api/learning/live/create/", headers=teacher, json={"lecture_id": "v-101"}
            ).json()
            http.post(f"/api/learning/live/{session['id']}/start/", headers=teacher)
            args = [*CHROMIUM_ARGS, f"--use-file-for-fake-audio-capture={spoken_wav}"]
            # one Playwright per process: a second Chromium (its own fake microphone) from it
            speaking = browser.browser_type.launch(executable_path=str(CHROMIUM), args=args)
            try:
                context = speaking.new_context(base_url=base, locale="ko-KR", **PHONE)
                context.add_init_script(f"window.REBOOT_TICK_MS = {TICK_MS};")
                context.set_default_timeout(15_000)
                page = context.new_page()
                errors: list[str] = []
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.goto(f"/join?code={session['session_code']}")
                page.get_by_role("button", name="입장하기").click()
                button = page.get_by_role("button", name="누른 채로 말하기")
                expect()(button).to_be_visible()
                button.scroll_into_view_if_needed()
                box = button.bounding_box()
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.mouse.down()
                expect()(page.locator("#voice-status")).to_contain_text("듣고 있어요")
                page.wait_for_timeout(2_500)  # speaking; not an assertion on time
                page.mouse.up()
                ask = page.locator("#ask")
                expect()(ask).to_have_value("셀렉트 릴레이티드는 언제 쓰나요")
                expect()(page.locator("#voice-status")).to_contain_text("고친 다음 보내")
                ask.fill("select_related는 언제 쓰나요?")  # the student corrects it
                page.get_by_role("button", name="질문 보내기").click()
                expect()(page.locator(".question .text").first).to_contain_text(
                    "select_related는 언제 쓰나요?"
                )
                assert errors == []
            finally:
                speaking.close()
            listed = http.get(f"/api/learning/live/{session['id']}/questions/", headers=teacher)
            assert [q["question_text"] for q in listed.json()] == ["select_related는 언제 쓰나요?"]
        # what reached the speech engine: one WAV clip of the held seconds, 16 kHz mono
        [sent] = [r for r in fake.requests if r["path"].endswith("/audio/transcriptions")]
        clip = sent["form"]["file"]
        assert clip[:4] == b"RIFF" and int.from_bytes(clip[24:28], "little") == 16_000
        assert 1.0 < (len(clip) - 44) / 32_000 < 30
