"""The lecture's glossary dialog on the live dashboard, at a laptop's 1366x800: the
materials' terms are listed, an over-long entry is refused in Korean, a valid list is saved."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from tests.browser.conftest import TICK_MS

MATERIAL = """# 전송 계층

## 흐름 제어
**슬라이딩 윈도우**로 수신자가 받을 수 있는 만큼만 보낸다.

## 혼잡 제어
**혼잡 윈도우**는 네트워크 상태에 따라 줄거나 늘어난다.
"""


def expect() -> Any:
    from playwright.sync_api import expect

    return expect


def test_an_instructor_edits_the_lectures_glossary(
    browser: Any, server: str, shots: Any, tmp_path: Path
) -> None:
    context = browser.new_context(
        base_url=server, locale="ko-KR", viewport={"width": 1366, "height": 800}
    )
    context.add_init_script(f"window.REBOOT_TICK_MS = {TICK_MS};")
    context.set_default_timeout(10_000)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto("/instructor")
        page.get_by_label("이름 (사용자 ID)").fill("prof-han")
        page.get_by_role("button", name="로그인", exact=True).click()
        page.get_by_label("강의 이름").fill("컴퓨터 네트워크")
        page.get_by_label("강의 ID").fill("net-301")
        page.get_by_role("button", name="강의 추가").click()
        material = tmp_path / "tcp.md"
        material.write_text(MATERIAL, encoding="utf-8")
        page.get_by_label("파일 (PDF, PPTX, Markdown)").set_input_files(str(material))
        page.get_by_role("button", name="자료 올리기").click()
        expect()(page.locator("[data-lecture='net-301'] li", has_text="tcp")).to_contain_text("MD")
        page.get_by_label("이번 시간 제목").fill("TCP 2강")
        page.get_by_role("button", name="새 라이브 세션 만들기").click()
        page.wait_for_url(re.compile(r"/instructor/live\?session="))

        page.get_by_role("button", name="용어집").click()
        dialog = page.locator("#glossary-dialog")
        expect()(dialog).to_be_visible()
        found = page.get_by_label("자료에서 찾은 용어").locator("li")
        expect()(found.filter(has_text="슬라이딩 윈도우")).to_have_count(1)
        box = page.get_by_label("추가한 용어")
        expect()(box).to_have_value("")
        box.fill("RTO\n" + "가" * 101)
        dialog.get_by_role("button", name="저장").click()
        expect()(page.locator("#glossary-error")).to_contain_text("2번째 용어가 100자를 넘어요")
        box.fill("RTO\n  3-way   handshake \n혼잡 제어")
        shots.take(page, "glossary-dialog-1366")
        dialog.get_by_role("button", name="저장").click()
        expect()(dialog).not_to_be_visible()
        expect()(page.locator(".toast").last).to_contain_text("용어 3개를 저장했어요")
        # the dialog fits the laptop screen: nothing runs off to the right
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1366, width

        page.get_by_role("button", name="용어집").click()
        expect()(box).to_have_value("RTO\n3-way handshake\n혼잡 제어")
        page.get_by_role("button", name="취소").click()
        token = page.evaluate("JSON.parse(localStorage.getItem('reboot.instructor')).token")
    finally:
        context.close()
    assert not errors, errors
    glossary = httpx.get(
        f"{server}/api/learning/lectures/net-301/glossary/",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert glossary["terms"] == ["RTO", "3-way handshake", "혼잡 제어"]
