"""Issue 14 item 1 on a 390x844 phone: a student who missed the class opens /review on a
device that never joined, types the ended session's code, and reads the approved note, a
summary, the self-test and the gap map, as a review-only participant (no attendance)."""

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


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _ended_lecture(http: httpx.Client) -> tuple[dict, dict]:
    teacher = bearer(
        http.post(
            "/api/auth/dev-login/", json={"name": "prof-absent", "role": "instructor"}
        ).json()["token"]
    )
    session = http.post(
        "/api/learning/live/create/", headers=teacher, json={"lecture_id": "absent-101"}
    ).json()
    live = f"/api/learning/live/{session['id']}"
    assert http.post(f"{live}/start/", headers=teacher).status_code == 200
    present = http.post("/api/learning/live/join/", json={"session_code": session["session_code"]})
    assert present.status_code == 201, present.text
    quiz = http.post(
        f"{live}/quiz/create/",
        headers=teacher,
        json={
            "question_text": "select_related는 어떤 관계에 쓰나요?",
            "options": ["외래 키", "다대다"],
            "correct_answer": "외래 키",
            "explanation": "조인 한 번으로 가져옵니다.",
            "concept_tags": ["select_related"],
        },
    )
    assert quiz.status_code == 201, quiz.text
    ended = http.post(f"{live}/end/", headers=teacher)
    assert ended.status_code == 200, ended.text
    for _ in range(300):  # the end-of-session job drafts the note in the background
        if http.get(f"{live}/note/", headers=teacher).status_code == 200:
            break
        time.sleep(0.1)
    saved = http.put(
        f"{live}/note/", headers=teacher, json={"content_text": "# 결석생을 위한 노트\n본문"}
    )
    assert saved.status_code == 200, saved.text
    assert http.post(f"{live}/note/approve/", headers=teacher).status_code == 200
    return ended.json(), teacher


def test_an_absent_student_reviews_by_code_on_a_phone(
    open_page: Any, server: str, shots: Any
) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        session, teacher = _ended_lecture(http)
        phone = open_page("/review", phone=True)
        form = phone.locator("#review-join")
        expect()(form).to_be_visible()
        phone.locator("#review-code").fill(session["session_code"])
        phone.get_by_role("button", name="복습 시작").click()
        expect()(phone.locator("#note")).to_contain_text("결석생을 위한 노트", timeout=15_000)
        expect()(form).to_be_hidden()
        expect()(phone.locator("#summary")).to_contain_text("복습으로 들어왔어요")
        fieldset = phone.locator(".self-test fieldset").first
        expect()(fieldset.locator("legend")).to_contain_text("select_related")
        fieldset.get_by_label("다대다").check()
        phone.get_by_role("button", name="채점하기").click()
        expect()(fieldset.locator(".graded")).to_contain_text("정답은")
        expect()(phone.locator("#gap-map")).to_contain_text("select_related")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        shots.take(phone, "11-absent-student-review")
        status = http.get(f"/api/learning/live/{session['id']}/status/", headers=teacher)
        assert status.json()["participant_count"] == 1  # the review is not attendance

        # the review link the instructor shares opens it directly, on another phone
        other = open_page(session["review_url"].replace(server, ""), phone=True)
        expect()(other.locator("#note")).to_contain_text("결석생을 위한 노트", timeout=15_000)
        expect()(other.locator("#review-join")).to_be_hidden()


def _sign_in(page: Any, name: str) -> None:
    page.wait_for_url(re.compile(r"/instructor\?next="))
    page.get_by_label("이름 (사용자 ID)").fill(name)
    page.get_by_role("button", name="로그인", exact=True).click()


def test_the_dashboard_shares_the_review_link_and_qr_and_the_link_opens_on_a_phone(
    open_page: Any, server: str, shots: Any
) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        session, teacher = _ended_lecture(http)
        after = open_page(f"/instructor/after?session={session['id']}")  # 1366x800
        _sign_in(after, "prof-absent")
        after.wait_for_url(re.compile(r"/instructor/after\?session="))
        card = after.locator("#review-share")
        expect()(card).to_be_visible()
        link = after.get_by_label("복습 링크", exact=True)
        expect()(link).to_have_value(session["review_url"])
        qr = after.locator("#review-qr")
        expect()(qr).to_have_attribute("src", re.compile(r"^blob:"))
        after.wait_for_function("document.querySelector('#review-qr').naturalWidth > 0")
        box = qr.bounding_box()
        assert box is not None and box["width"] >= 150 and box["x"] + box["width"] <= 1366
        assert after.evaluate("document.documentElement.scrollWidth") <= 1366
        after.context.grant_permissions(["clipboard-read", "clipboard-write"])
        after.get_by_role("button", name="링크 복사").click()
        expect()(after.locator(".toast")).to_contain_text("복사했어요")
        assert after.evaluate("navigator.clipboard.readText()") == session["review_url"]
        shots.take(after, "12-review-link-dashboard")

        # the copied link, on the phone of a student who never joined
        shared = after.locator("#review-open").get_attribute("href")
        assert shared == session["review_url"]
        phone = open_page(shared.replace(server, ""), phone=True)
        expect()(phone.locator("#note")).to_contain_text("결석생을 위한 노트", timeout=15_000)
        expect()(phone.locator("#review-join")).to_be_hidden()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        status = http.get(f"/api/learning/live/{session['id']}/status/", headers=teacher)
        assert status.json()["participant_count"] == 1  # still only the one who attended


def test_the_review_card_waits_for_the_end(open_page: Any, server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as http:
        teacher = bearer(
            http.post(
                "/api/auth/dev-login/", json={"name": "prof-absent", "role": "instructor"}
            ).json()["token"]
        )
        session = http.post(
            "/api/learning/live/create/", headers=teacher, json={"lecture_id": "absent-101"}
        ).json()
        live = f"/api/learning/live/{session['id']}"
        assert http.post(f"{live}/start/", headers=teacher).status_code == 200
        after = open_page(f"/instructor/after?session={session['id']}")
        _sign_in(after, "prof-absent")
        after.wait_for_url(re.compile(r"/instructor/after\?session="))
        expect()(after.locator("#job-chip")).to_contain_text("수업이 끝나면")
        expect()(after.locator("#review-share")).to_be_hidden()  # live: not yet for absentees
        assert http.post(f"{live}/end/", headers=teacher).status_code == 200
        expect()(after.get_by_label("복습 링크", exact=True)).to_have_value(
            re.compile(r"/review\?code=\d{6}&t="), timeout=15_000
        )
