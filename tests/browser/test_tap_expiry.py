"""A tap on the phone (390x844) shows as expired once the gauge stops counting it: the
phone's clock is moved past the feed's my_pulse_expires_at (the server's 60 s window);
tapping again clears the notice, and the phone's now-wrong clock does not expire it early."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def expect() -> Any:
    from playwright.sync_api import expect

    return expect


def test_an_expired_tap_asks_the_student_to_tap_again(open_page: Any) -> None:
    teacher = open_page("/instructor")
    teacher.set_viewport_size({"width": 1366, "height": 800})
    teacher.get_by_label("이름 (사용자 ID)").fill("prof-tap")
    teacher.get_by_role("button", name="로그인", exact=True).click()
    teacher.get_by_label("강의 이름").fill("탭 만료")
    teacher.get_by_label("강의 ID").fill("tap-expiry-101")
    teacher.get_by_role("button", name="강의 추가").click()
    teacher.get_by_label("이번 시간 제목").fill("탭 만료 1강")
    teacher.get_by_role("button", name="새 라이브 세션 만들기").click()
    teacher.wait_for_url(re.compile(r"/instructor/live\?session="))
    teacher.get_by_role("button", name="수업 시작").click()
    code = re.sub(r"\D", "", teacher.locator("#code").inner_text())

    phone = open_page(f"/join?code={code}", phone=True)
    phone.clock.install()  # the page's own timers from here on run on a clock the test moves
    phone.get_by_role("button", name="입장하기").click()
    expect()(phone.locator("#status-chip")).to_have_text("진행 중")
    understood = phone.get_by_role("button", name="이해했어요")
    understood.click()
    expect()(understood).to_have_attribute("aria-pressed", "true")
    expect()(teacher.locator("#gauge")).to_contain_text("1")
    notice = phone.locator("#pulse-expired")
    expect()(notice).to_be_hidden()

    phone.clock.fast_forward("01:05")
    expect()(notice).to_be_visible()
    expect()(notice).to_contain_text("다시 눌러 주세요")
    expect()(understood).to_have_attribute("aria-pressed", "false")

    # tapped again on a phone whose clock now runs 65 s ahead of the server's: the new tap
    # still counts on the phone for as long as it counts on the gauge
    confused = phone.get_by_role("button", name="헷갈려요")
    confused.click()
    expect()(confused).to_have_attribute("aria-pressed", "true")
    expect()(notice).to_be_hidden()
    phone.clock.run_for(2_000)  # several feed ticks with the new tap's expiry in them
    expect()(phone.locator("#pulse-expired")).to_be_hidden()
    expect()(confused).to_have_attribute("aria-pressed", "true")
    expect()(understood).to_have_attribute("aria-pressed", "false")
