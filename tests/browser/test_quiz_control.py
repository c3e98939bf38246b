"""Quiz control in headless Chromium: the instructor (1366x800) sends a timed quiz whose
results are hidden until closed, a phone (390x844) counts down and answers, the instructor
closes it from the list and the phone then learns the result; a mis-sent quiz is withdrawn
and leaves the phone's screen while the dashboard's list keeps it, marked 철회됨."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def expect() -> Any:
    from playwright.sync_api import expect

    return expect


def send_quiz(teacher: Any, question: str, options: list[str], *, limit: str = "", hide=False):
    teacher.get_by_role("button", name="퀴즈 내기").click()
    dialog = teacher.locator("#quiz-dialog")
    dialog.get_by_label("질문").fill(question)
    for i, option in enumerate(options):
        dialog.locator(".option-text").nth(i).fill(option)
    dialog.locator("input[type=radio]").first.check()
    dialog.get_by_label("제한 시간").select_option(limit)
    dialog.get_by_label("마감할 때까지 학생에게 결과 숨기기").set_checked(hide)
    dialog.get_by_role("button", name="학생들에게 보내기").click()
    expect()(dialog).to_be_hidden()


def test_close_withdraw_time_limit_and_hidden_results(open_page: Any) -> None:
    teacher = open_page("/instructor")
    teacher.set_viewport_size({"width": 1366, "height": 800})
    teacher.on("dialog", lambda dialog: dialog.accept())  # "철회할까요?"
    teacher.get_by_label("이름 (사용자 ID)").fill("prof-quiz")
    teacher.get_by_role("button", name="로그인", exact=True).click()
    teacher.get_by_label("강의 이름").fill("퀴즈 제어")
    teacher.get_by_label("강의 ID").fill("quiz-control-101")
    teacher.get_by_role("button", name="강의 추가").click()
    teacher.get_by_label("이번 시간 제목").fill("퀴즈 제어 1강")
    teacher.get_by_role("button", name="새 라이브 세션 만들기").click()
    teacher.wait_for_url(re.compile(r"/instructor/live\?session="))
    teacher.get_by_role("button", name="수업 시작").click()
    expect()(teacher.locator("#status-chip")).to_have_text("진행 중")
    code = re.sub(r"\D", "", teacher.locator("#code").inner_text())

    phone = open_page(f"/join?code={code}", phone=True)
    phone.get_by_role("button", name="입장하기").click()
    expect()(phone.locator("#status-chip")).to_have_text("진행 중")

    # a timed quiz with hidden results: countdown, answer sent, no verdict yet
    send_quiz(
        teacher,
        "스택은 어떻게 꺼내나요?",
        ["후입선출", "선입선출", "무작위"],
        limit="120",
        hide=True,
    )
    popup = phone.locator("#quiz-dialog")
    expect()(popup).to_be_visible()
    expect()(popup.locator("#quiz-timer")).to_contain_text(re.compile(r"남은 시간 (1분|\d+초)"))
    popup.get_by_role("button", name="후입선출").click()
    expect()(popup.locator("#quiz-result")).to_contain_text("마감되면 알려 드릴게요")
    assert "정답" not in popup.locator("#quiz-result").inner_text().replace("정답은", "")
    popup.get_by_role("button", name="닫기").click()

    records = teacher.locator("#quiz-records")
    row = records.locator(".quiz-record", has_text="스택은 어떻게 꺼내나요?")
    expect()(row).to_contain_text("진행 중")
    expect()(row).to_contain_text("응답 1/1명")
    expect()(row).to_contain_text("제한 120초")
    row.get_by_role("button", name=re.compile("^마감")).click()
    expect()(row).to_contain_text("마감")
    expect()(phone.locator("#quiz-revealed")).to_contain_text("⭕ 정답 · 스택은 어떻게 꺼내나요?")

    # a mis-sent quiz: withdrawn while it is on the phone's screen
    send_quiz(teacher, "잘못 보낸 퀴즈", ["가", "나", "다"])
    expect()(popup).to_be_visible()
    expect()(popup.locator("#quiz-question")).to_have_text("잘못 보낸 퀴즈")
    expect()(popup.locator("#quiz-timer")).to_be_hidden()
    wrong = records.locator(".quiz-record", has_text="잘못 보낸 퀴즈")
    wrong.get_by_role("button", name=re.compile("^철회")).click()
    expect()(wrong).to_contain_text("철회됨")
    expect()(popup).to_be_hidden()
    expect()(phone.locator("#open-quiz")).to_be_hidden()
    # both stay in the instructor's list, newest first
    expect()(records.locator(".quiz-record")).to_have_count(2)
    expect()(records.locator(".quiz-record").first).to_contain_text("잘못 보낸 퀴즈")
