"""Issue 14 item 6 on a 390x844 phone: a student's open review page follows the note when the
instructor withdraws it (the note leaves the screen) and approves a corrected one."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.slow


def expect() -> Any:
    from playwright.sync_api import expect

    return expect


def drafted_note(http: httpx.Client, url: str, headers: dict[str, str]) -> dict:
    # the end-of-session job writes the draft in the background; give it up to 30 s
    for _ in range(120):
        answer = http.get(url, headers=headers)
        if answer.status_code == 200:
            return answer.json()
        time.sleep(0.25)
    status = http.get(url.replace("/note/", "/end/status/"), headers=headers).text
    raise AssertionError(f"no draft note: {answer.status_code} {answer.text} job: {status}")


def test_an_open_review_page_follows_a_withdrawn_and_corrected_note(
    open_page: Any, server: str
) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        token = http.post("/api/auth/dev-login/", json={"name": "prof-fix", "role": "instructor"})
        teacher = {"Authorization": f"Bearer {token.json()['token']}"}
        session = http.post(
            "/api/learning/live/create/", headers=teacher, json={"lecture_id": "fix-101"}
        ).json()
        live = f"/api/learning/live/{session['id']}"
        http.post(f"{live}/start/", headers=teacher)
        phone = open_page(f"/join?code={session['session_code']}", phone=True)
        phone.locator("#name").fill("민지")
        phone.get_by_role("button", name="입장하기").click()
        expect()(phone.locator("#ask")).to_be_visible()
        phone.locator("#ask").fill("트랜잭션은 언제 커밋되나요?")  # something to summarise
        phone.get_by_role("button", name="질문 보내기").click()
        expect()(phone.locator(".toast")).to_contain_text("질문을 익명으로 보냈어요")
        http.post(f"{live}/end/", headers=teacher)
        drafted_note(http, f"{live}/note/", teacher)
        put = http.put(
            f"{live}/note/", headers=teacher, json={"content_text": "# 노트\n\n처음 공개한 문장"}
        )
        assert put.status_code == 200, put.text
        assert http.post(f"{live}/note/approve/", headers=teacher).status_code == 200

        phone.goto(f"/review?session={session['id']}")
        note = phone.locator("#note")
        expect()(note).to_contain_text("처음 공개한 문장", timeout=15_000)

        assert http.post(f"{live}/note/withdraw/", headers=teacher).status_code == 200
        expect()(note).to_be_hidden(timeout=15_000)
        expect()(phone.locator("#note-chip")).to_have_text("수정 중")
        expect()(phone.locator("#note-empty")).to_be_visible()

        put = http.put(
            f"{live}/note/", headers=teacher, json={"content_text": "# 노트\n\n고친 문장"}
        )
        assert put.status_code == 200, put.text
        assert http.post(f"{live}/note/approve/", headers=teacher).status_code == 200
        expect()(note).to_contain_text("고친 문장", timeout=15_000)
        expect()(note).not_to_contain_text("처음 공개한 문장")
        expect()(phone.locator("#note-chip")).to_have_text("승인됨")
        assert re.search(r"/review\?session=", phone.url)
