"""A whole lecture in headless Chromium, as people would click through it.

One instructor on a laptop-sized screen, two students on phones (one joins by typing the code,
one opens the QR link), then: pulses move the gauge, a quiz pops up and is answered, a question
is upvoted and answered, the microphone streams WAV chunks, the lecture ends, the instructor
approves the note and a student reads it. Along the way: the offline banner and its recovery,
and no polling while a tab is hidden.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow

QUIZ = {
    "question": "QuerySet은 언제 데이터베이스에 쿼리를 보내나요?",
    "options": ["평가될 때", "만들어질 때", "import할 때"],
    "explanation": "QuerySet은 지연 평가됩니다: 반복하거나 list()로 평가할 때 실행돼요.",
}
QUESTION = "select_related와 prefetch_related는 언제 각각 쓰나요?"
MORE_QUESTIONS = [
    "N+1 문제는 어떻게 찾나요?",
    "prefetch_related로 가져온 결과도 캐시되나요?",
    "values()와 values_list()는 언제 쓰나요?",
]
LECTURE = (
    "QuerySet은 만들 때가 아니라 평가될 때 데이터베이스에 쿼리를 보냅니다. "
    "반복하거나 list로 바꾸면 평가됩니다. select_related는 JOIN으로 관련 객체를 가져옵니다."
)
MATERIAL = """# Django ORM 심화

## QuerySet 지연 평가
QuerySet은 만들 때가 아니라 평가할 때 데이터베이스에 쿼리를 보낸다.

## N+1 문제
select_related는 JOIN으로, prefetch_related는 별도 쿼리로 관련 객체를 가져온다.
"""


def expect() -> Any:
    from playwright.sync_api import expect

    return expect


def test_a_lecture_in_the_browser(open_page: Any, server: str, shots: Any, tmp_path: Path) -> None:
    teacher = open_page("/instructor")
    session_id, code, join_url = instructor_opens_a_session(teacher, shots, tmp_path)

    by_code = student_joins_by_code(open_page, code, shots)
    by_qr = student_joins_by_qr_link(open_page, join_url, code)
    expect()(teacher.locator("#participants")).to_have_text("2")

    pulses_move_the_gauge(teacher, by_code, by_qr)
    checkpoint_phrase_suggests_a_quiz(teacher, server, session_id)
    quiz_pops_up_and_is_answered(teacher, by_code, by_qr, shots)
    question_is_upvoted_and_answered(teacher, by_code, by_qr, shots)
    offline_banner_shows_and_recovers(by_qr)
    no_polling_while_hidden(by_qr)
    busier_class_for_the_screenshots(server, code, session_id, teacher, by_qr, shots)
    microphone_streams_wav_chunks(teacher)

    lecture_ends(teacher, by_code, by_qr, shots)
    instructor_approves_the_note(teacher, shots)
    student_reads_the_note(by_code, shots)


# ---------- steps ----------


def instructor_opens_a_session(page: Any, shots: Any, tmp_path: Path) -> tuple[str, str, str]:
    page.get_by_label("이름 (사용자 ID)").fill("prof-kim")
    page.get_by_role("button", name="로그인", exact=True).click()
    page.get_by_label("강의 이름").fill("Django ORM 심화")
    page.get_by_label("강의 ID").fill("django-101")
    page.get_by_role("button", name="강의 추가").click()

    material = tmp_path / "orm-notes.md"
    material.write_text(MATERIAL, encoding="utf-8")
    page.get_by_label("파일 (PDF, PPTX, Markdown)").set_input_files(str(material))
    page.get_by_role("button", name="자료 올리기").click()
    expect()(page.locator("[data-lecture='django-101'] li", has_text="orm-notes")).to_contain_text(
        "MD"
    )
    shots.take(page, "01-instructor-lectures")

    page.get_by_label("이번 시간 제목").fill("ORM 심화 3강: QuerySet")
    page.get_by_role("button", name="새 라이브 세션 만들기").click()
    page.wait_for_url(re.compile(r"/instructor/live\?session="))
    expect()(page.locator("#status-chip")).to_have_text("시작 전")
    page.get_by_role("button", name="수업 시작").click()
    expect()(page.locator("#status-chip")).to_have_text("진행 중")

    code = re.sub(r"\D", "", page.locator("#code").inner_text())
    assert len(code) == 6
    join_url = page.locator("#join-url").inner_text()
    assert f"/join?code={code}&t=" in join_url
    # the QR image came through the authenticated fetch and decoded as an image
    page.wait_for_function("document.querySelector('#qr').naturalWidth > 0")
    session_id = page.url.split("session=")[1]
    return session_id, code, join_url


def student_joins_by_code(open_page: Any, code: str, shots: Any) -> Any:
    page = open_page("/", phone=True)
    page.get_by_label("수업 코드").fill(code)
    page.get_by_role("button", name="다음").click()
    page.wait_for_url(re.compile(r"/join\?code="))
    shots.take(page, "02-student-join")
    page.get_by_label("이름").fill("김민지")
    page.get_by_role("button", name="입장하기").click()
    expect()(page.locator("#status-chip")).to_have_text("진행 중")
    expect()(page.get_by_role("button", name="이해했어요")).to_be_visible()
    return page


def student_joins_by_qr_link(open_page: Any, join_url: str, code: str) -> Any:
    page = open_page(join_url, phone=True)
    expect()(page.get_by_label("수업 코드")).to_have_value(f"{code[:3]} {code[3:]}")
    expect()(page.get_by_label("이름")).to_be_focused()
    page.get_by_role("button", name="입장하기").click()  # the name is optional
    expect()(page.locator("#status-chip")).to_have_text("진행 중")
    return page


def gauge(teacher: Any, understand: int, confused: int) -> None:
    box = teacher.locator("#gauge")
    expect()(box).to_have_attribute("data-understand", str(understand))
    expect()(box).to_have_attribute("data-confused", str(confused))


def pulses_move_the_gauge(teacher: Any, by_code: Any, by_qr: Any) -> None:
    expect()(teacher.locator("#gauge")).to_contain_text("아직 응답이 없어요")
    by_code.get_by_role("button", name="이해했어요").click()
    by_qr.get_by_role("button", name="헷갈려요").click()
    gauge(teacher, 1, 1)
    expect()(teacher.locator("#gauge .value")).to_have_text("50%")
    expect()(by_qr.get_by_role("button", name="헷갈려요")).to_have_attribute("aria-pressed", "true")
    # the confused student catches up: the gauge swings to all understood
    by_qr.get_by_role("button", name="이해했어요").click()
    gauge(teacher, 2, 0)
    expect()(teacher.locator("#gauge .value")).to_have_text("100%")


def checkpoint_phrase_suggests_a_quiz(teacher: Any, server: str, session_id: str) -> None:
    """What the microphone would hear, posted as recognised text (the test server has no
    speech engine): a checkpoint phrase raises the banner; one becomes an AI draft in the
    quiz form, a later one is dismissed."""
    token = teacher.evaluate("JSON.parse(localStorage.getItem('reboot.instructor')).token")
    auth = {"Authorization": f"Bearer {token}"}
    text = f"{server}/api/learning/live/{session_id}/stt/text/"
    banner = teacher.locator("#suggestion")
    with httpx.Client(timeout=10, headers=auth) as http:
        for chunk, start in [(LECTURE, 30), ("자 여기까지 이해되셨나요?", 60)]:
            http.post(text, json={"text": chunk, "start": start, "end": start + 25})
        expect()(banner).to_contain_text("이해되셨나요")
        banner.get_by_role("button", name="AI 초안으로 퀴즈 만들기").click()
        dialog = teacher.locator("#quiz-dialog")
        expect()(dialog).to_be_visible()
        expect()(banner).to_be_hidden()
        expect()(dialog.locator("#ai-state")).to_contain_text("AI 초안")
        assert dialog.get_by_label("질문").input_value().strip()
        dialog.get_by_role("button", name="취소").click()

        # past the 30 s cool-down of the lecture clock: a new suggestion, dismissed this time
        http.post(text, json={"text": "질문 있나요?", "start": 200, "end": 203})
        expect()(banner).to_contain_text("질문 있나요")
        banner.get_by_role("button", name="닫기").click()
        expect()(banner).to_be_hidden()
        pending = http.get(f"{server}/api/learning/live/{session_id}/quiz/suggestions/")
        assert pending.json() == []


def quiz_pops_up_and_is_answered(teacher: Any, by_code: Any, by_qr: Any, shots: Any) -> None:
    teacher.get_by_role("button", name="퀴즈 내기").click()
    dialog = teacher.locator("#quiz-dialog")
    dialog.get_by_label("질문").fill(QUIZ["question"])
    options = dialog.locator(".option-text")
    for i, option in enumerate(QUIZ["options"]):
        options.nth(i).fill(option)
    dialog.locator("input[type=radio]").first.check()
    dialog.get_by_label("해설").fill(QUIZ["explanation"])
    dialog.get_by_label("개념 태그").fill("QuerySet, 지연 평가")
    shots.take(teacher, "03-instructor-quiz-modal")
    dialog.get_by_role("button", name="학생들에게 보내기").click()
    expect()(dialog).to_be_hidden()

    for student, choice in ((by_code, QUIZ["options"][0]), (by_qr, QUIZ["options"][1])):
        popup = student.locator("#quiz-dialog")
        expect()(popup).to_be_visible()
        expect()(popup.locator("#quiz-question")).to_have_text(QUIZ["question"])
        popup.get_by_role("button", name=choice).click()
    expect()(by_code.locator("#quiz-result")).to_contain_text("정답이에요")
    expect()(by_code.locator("#quiz-result")).to_contain_text("지연 평가됩니다")
    expect()(by_qr.locator("#quiz-result")).to_contain_text("오답")
    expect()(by_qr.locator("#quiz-result")).to_contain_text(f"정답: {QUIZ['options'][0]}")
    shots.take(by_code, "04-student-quiz-answered")
    for student in (by_code, by_qr):
        student.get_by_role("button", name="닫기").click()
        expect()(student.locator("#quiz-dialog")).to_be_hidden()

    results = teacher.locator("#results")
    expect()(results).to_contain_text("응답 2/2명 (100%)")
    expect()(results).to_contain_text("정답률 50%")
    expect()(results.locator(".bar-row.correct")).to_contain_text(QUIZ["options"][0])


def question_is_upvoted_and_answered(teacher: Any, by_code: Any, by_qr: Any, shots: Any) -> None:
    by_code.get_by_label("질문 내용").fill(QUESTION)
    by_code.get_by_role("button", name="질문 보내기").click()
    mine = by_code.locator(".question", has_text=QUESTION)
    expect()(mine).to_contain_text("내 질문")
    expect()(mine.locator(".upvote")).to_be_disabled()  # never one's own

    theirs = by_qr.locator(".question", has_text=QUESTION)
    expect()(theirs).to_be_visible()
    assert "내 질문" not in theirs.inner_text()  # anonymous: nobody else learns who asked
    theirs.get_by_role("button", name=re.compile("나도 궁금해요")).click()
    expect()(theirs.locator(".votes")).to_contain_text("1")
    expect()(theirs.locator(".upvote")).to_have_attribute("aria-pressed", "true")

    on_board = teacher.locator(".question", has_text=QUESTION)
    expect()(on_board.locator(".votes")).to_contain_text("1")
    on_board.get_by_role("button", name=re.compile("답변 완료")).click()
    expect()(on_board).to_contain_text("답변됨")
    expect()(by_code.locator(".question", has_text=QUESTION)).to_contain_text("답변됨")


def offline_banner_shows_and_recovers(page: Any) -> None:
    page.context.set_offline(True)
    banner = page.locator(".net-banner")
    expect()(banner).to_contain_text("서버에 연결할 수 없습니다")
    page.context.set_offline(False)
    expect()(banner).to_contain_text("다시 연결되었습니다")
    expect()(banner).to_be_hidden()


def set_hidden(page: Any, hidden: bool) -> None:
    """What the browser does when the tab goes to the background (or comes back)."""
    page.evaluate(
        """(hidden) => {
        Object.defineProperty(document, 'hidden', {configurable: true, get: () => hidden});
        document.dispatchEvent(new Event('visibilitychange'));
    }""",
        hidden,
    )


def no_polling_while_hidden(page: Any) -> None:
    feeds: list[Any] = []
    page.on("response", lambda r: "/feed" in r.url and feeds.append(r))
    set_hidden(page, True)
    page.wait_for_timeout(300)  # a request already on its way may still land
    feeds.clear()
    page.wait_for_timeout(1500)  # six ticks
    assert feeds == []
    set_hidden(page, False)
    page.wait_for_timeout(1000)
    assert feeds, "polling did not resume when the tab was shown again"
    # one GET per tick, revalidated with the last ETag: an unchanged feed is a bodiless 304
    assert all(r.request.headers.get("if-none-match") for r in feeds)
    assert 304 in [r.status for r in feeds]
    assert len(feeds) <= 1000 // page.evaluate("window.REBOOT_TICK_MS") + 1


def microphone_streams_wav_chunks(teacher: Any) -> None:
    """Chromium's fake microphone plays a tone; the page must post 16 kHz mono 16-bit WAV."""
    with teacher.expect_request(
        lambda r: "/stt/audio" in r.url and r.method == "POST", timeout=10_000
    ) as sent:
        teacher.get_by_role("button", name=re.compile("마이크 켜기")).click()
    wav = sent.value.post_data_buffer
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    channels, rate, _, _, bits = struct.unpack("<HIIHH", wav[22:36])
    assert (channels, rate, bits) == (1, 16000, 16)
    seconds = (len(wav) - 44) / (rate * 2)
    assert 0.4 <= seconds <= 1.0, seconds  # half-second chunks (mic.js)
    # this test server has no speech engine (503): the page says so and turns the mic off
    expect()(teacher.locator(".toast")).to_contain_text("음성 인식이 꺼져")
    expect()(teacher.locator("#mic")).to_have_attribute("aria-pressed", "false")
    expect()(teacher.locator("#mic")).to_have_text(re.compile("마이크 켜기"))


def busier_class_for_the_screenshots(
    server: str, code: str, session_id: str, teacher: Any, student: Any, shots: Any
) -> None:
    """Four more students over plain HTTP, so the screenshots look like a real class."""
    live = f"{server}/api/learning/live/{session_id}"
    pulses = ["UNDERSTAND", "UNDERSTAND", "CONFUSED", "UNDERSTAND"]
    with httpx.Client(timeout=10) as http:
        tokens = []
        for i, pulse in enumerate(pulses):
            joined = http.post(f"{server}/api/learning/live/join/", json={"session_code": code})
            auth = {"Authorization": f"Bearer {joined.json()['token']}"}
            tokens.append(auth)
            http.post(f"{live}/pulse/", headers=auth, json={"pulse_type": pulse})
            quiz_id = http.get(f"{live}/feed/", headers=auth).json()["pending_quizzes"][0]["id"]
            answer = QUIZ["options"][2 if i == 2 else 0]
            http.post(f"{live}/quiz/{quiz_id}/answer/", headers=auth, json={"answer": answer})
        asked = [
            http.post(f"{live}/questions/", headers=tokens[i], json={"question_text": text}).json()[
                "id"
            ]
            for i, text in enumerate(MORE_QUESTIONS)
        ]
        for voter, question in [(1, 0), (2, 0), (3, 0), (0, 1)]:
            http.post(f"{live}/questions/{asked[question]}/upvote/", headers=tokens[voter])
    expect()(teacher.locator("#participants")).to_have_text("6")
    expect()(teacher.locator("#results")).to_contain_text("응답 6/6명")
    expect()(teacher.locator(".question", has_text=MORE_QUESTIONS[0])).to_contain_text("3")
    expect()(student.locator(".question", has_text=MORE_QUESTIONS[0])).to_be_visible()
    shots.take(teacher, "06-instructor-live", docs_name="screenshot-instructor.png")
    shots.take(student, "05-student-live", docs_name="screenshot-student.png")


def lecture_ends(teacher: Any, by_code: Any, by_qr: Any, shots: Any) -> None:
    teacher.get_by_role("button", name="수업 종료").click()
    teacher.locator("#end-dialog").get_by_role("button", name="종료하기").click()
    teacher.wait_for_url(re.compile(r"/instructor/after\?session="))
    for student in (by_code, by_qr):
        expect()(student.get_by_role("heading", name="수업이 끝났어요")).to_be_visible()
    shots.take(by_code, "07-student-ended")


def instructor_approves_the_note(teacher: Any, shots: Any) -> None:
    editor = teacher.get_by_label("노트 (Markdown)")
    expect()(editor).to_be_visible(timeout=30_000)  # the end-of-session job drafts it
    expect()(teacher.locator("#note-chip")).to_have_text("초안")
    editor.fill(editor.input_value() + "\n\n## 강사 한마디\n다음 시간에는 **인덱스**를 다룹니다.")
    expect()(teacher.locator("#note-preview")).to_contain_text("강사 한마디")
    expect()(teacher.locator("#note-saved")).to_have_text("저장하지 않은 변경이 있어요")

    # a reload does not throw the unsaved edit away: it is kept on this device
    # the first approval is cancelled, the second accepted; then one withdrawal is cancelled,
    # the next accepted, and the corrected note approved again
    answers = {"confirm": [False, True, False, True, True]}
    seen: list[str] = []

    def on_dialog(dialog: Any) -> None:
        seen.append(dialog.type)
        if dialog.type == "confirm" and not answers["confirm"].pop(0):
            dialog.dismiss()
        else:
            dialog.accept()

    teacher.on("dialog", on_dialog)
    teacher.reload()
    editor = teacher.get_by_label("노트 (Markdown)")
    expect()(editor).to_have_value(re.compile("강사 한마디"))
    expect()(teacher.locator("#note-saved")).to_contain_text("되살렸어요")

    # approving asks first; cancelling leaves the note a draft
    teacher.get_by_role("button", name="승인하고 학생에게 공개").click()
    expect()(teacher.locator("#note-chip")).to_have_text("초안")
    teacher.get_by_role("button", name="승인하고 학생에게 공개").click()
    expect()(teacher.locator("#note-chip")).to_have_text("승인됨 · 학생에게 공개")
    assert seen.count("confirm") == 2, seen

    # a published note is withdrawn (after a confirmation), corrected and approved again
    withdraw = teacher.get_by_role("button", name="공개 취소")
    withdraw.click()
    expect()(teacher.locator("#note-chip")).to_have_text("승인됨 · 학생에게 공개")
    withdraw.click()
    expect()(teacher.locator("#note-chip")).to_have_text("초안")
    expect()(withdraw).to_be_hidden()
    editor.fill(editor.input_value().replace("**인덱스**", "**인덱스와 트랜잭션**"))
    teacher.get_by_role("button", name="승인하고 학생에게 공개").click()
    expect()(teacher.locator("#note-chip")).to_have_text("승인됨 · 학생에게 공개")
    assert seen.count("confirm") == 5, seen
    teacher.get_by_text("수정 기록").click()
    kept = teacher.locator("#note-revisions li")
    # generated draft, saved edit, approval, corrected save, approval: newest first
    expect()(kept).to_have_count(5)
    expect()(kept.first).to_contain_text("5회차 · 승인 · 공개")
    expect()(kept.last).to_contain_text("1회차 · 자동 생성 초안")
    expect()(teacher.locator("#job-chip")).to_have_text("완료", timeout=30_000)
    expect()(teacher.locator("#report .chart svg")).to_be_visible()
    shots.take(teacher, "08-instructor-after")


def student_reads_the_note(page: Any, shots: Any) -> None:
    expect()(page.locator("#note-state")).to_contain_text("정리 노트가 준비되었어요")
    page.get_by_role("link", name="정리 노트와 복습 보기").click()
    page.wait_for_url(re.compile(r"/review\?session="))
    note = page.locator("#note")
    expect()(note).to_contain_text("강사 한마디")
    expect()(note).to_contain_text("인덱스와 트랜잭션")  # the corrected note, approved again
    expect()(note.locator("strong", has_text="인덱스")).to_be_visible()
    expect()(page.locator("#summary")).to_contain_text("퀴즈 1개 중 1개를 맞혔어요")
    shots.take(page, "09-student-review")
