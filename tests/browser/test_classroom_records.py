"""Issue 14 items 2, 4, 8, 9 in the browser: a mistyping phone does not lock out the hall
(390x844), and the dashboard (1366x800) shows the server's history on a second browser,
replaces and deletes materials and downloads the exports."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from tests.browser.test_classroom import expect

DASHBOARD = {"width": 1366, "height": 800}


def _instructor(server: str, name: str) -> dict[str, str]:
    answer = httpx.post(
        f"{server}/api/auth/dev-login/", json={"name": name, "role": "instructor"}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def _live_session(server: str, teacher: dict[str, str], lecture: str) -> dict:
    created = httpx.post(
        f"{server}/api/learning/live/create/",
        headers=teacher,
        json={"lecture_id": lecture, "title": "기록 남는 수업"},
        timeout=10,
    ).json()
    started = httpx.post(
        f"{server}/api/learning/live/{created['id']}/start/", headers=teacher, timeout=10
    )
    assert started.status_code == 200, started.text
    return created


def test_one_mistyping_phone_does_not_lock_out_the_hall(open_page: Any, server: str) -> None:
    session = _live_session(server, _instructor(server, "prof-nat"), "nat-hall")
    wrong = "000000" if session["session_code"] != "000000" else "111111"
    mistyping = open_page("/join", phone=True)
    for _ in range(10):
        mistyping.get_by_label("수업 코드").fill(wrong)
        mistyping.get_by_role("button", name="입장하기").click()
        expect()(mistyping.locator("#join-error")).to_contain_text("진행 중인 수업이 없어요")
        mistyping.evaluate("document.querySelector('#join-error').textContent = ''")
    mistyping.get_by_label("수업 코드").fill(session["session_code"])
    mistyping.get_by_role("button", name="입장하기").click()
    expect()(mistyping.locator("#join-error")).to_contain_text("너무 많이 입력했어요")

    # the classmates behind the same address: one scans the QR link, one types the code
    by_qr = open_page(session["join_url"], phone=True)
    by_qr.get_by_role("button", name="입장하기").click()
    expect()(by_qr.get_by_role("button", name="이해했어요")).to_be_visible()
    by_code = open_page(f"/join?code={session['session_code']}", phone=True)
    by_code.get_by_role("button", name="입장하기").click()
    expect()(by_code.get_by_role("button", name="이해했어요")).to_be_visible()


def _sign_in(page: Any, name: str) -> None:
    page.set_viewport_size(DASHBOARD)
    page.get_by_label("이름 (사용자 ID)").fill(name)
    page.get_by_role("button", name="로그인", exact=True).click()


def test_the_dashboard_reads_the_servers_history(
    open_page: Any, server: str, tmp_path: Path
) -> None:
    teacher = _instructor(server, "prof-hist")
    session = _live_session(server, teacher, "hist-101")
    joined = httpx.post(
        f"{server}/api/learning/live/join/", json={"session_code": session["session_code"]}
    )
    assert joined.status_code == 201

    # a browser that never saw this lecture: the list comes from the server
    laptop = open_page("/instructor")
    _sign_in(laptop, "prof-hist")
    card = laptop.locator("[data-lecture='hist-101']")
    expect()(card).to_contain_text("세션 1")
    card.evaluate("(details) => { details.open = true; }")  # the only lecture opens by itself
    expect()(card).to_contain_text("기록 남는 수업")
    expect()(card).to_contain_text("참여 1명")

    # materials: upload, replace by a PDF, delete
    notes = tmp_path / "notes.md"
    notes.write_text("# 1장\n\n쿼리셋\n", encoding="utf-8")
    card.get_by_label("파일 (PDF, PPTX, Markdown)").set_input_files(str(notes))
    card.get_by_role("button", name="자료 올리기").click()
    row = card.locator("li", has_text="notes")
    expect()(row).to_contain_text("MD")
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    row.locator("input[type=file]").set_input_files(str(pdf))
    expect()(card.locator("li", has_text="notes")).to_contain_text("PDF")
    laptop.once("dialog", lambda dialog: dialog.accept())
    card.locator("li", has_text="notes").get_by_role("button", name="삭제").click()
    expect()(card).to_contain_text("올린 자료가 없어요")

    # a mislabelled file is refused with the server's message
    fake = tmp_path / "slides.ppt"
    fake.write_text("그냥 글자\n", encoding="utf-8")
    card.get_by_label("파일 (PDF, PPTX, Markdown)").set_input_files(str(fake))
    card.get_by_role("button", name="자료 올리기").click()
    expect()(laptop.locator(".toast")).to_contain_text(re.compile("파일 이름은 .ppt인데"))

    # exports from the live page
    laptop.goto(f"/instructor/live?session={session['id']}")
    for label, ext in (("CSV 내보내기", "csv"), ("엑셀 내보내기", "xlsx")):
        with laptop.expect_download() as download:
            laptop.get_by_role("button", name=label).click()
        saved = tmp_path / f"export.{ext}"
        download.value.save_as(saved)
        head = saved.read_bytes()[:4]
        assert head == (b"\xef\xbb\xbf[" if ext == "csv" else b"PK\x03\x04")
