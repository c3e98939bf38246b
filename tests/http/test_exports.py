"""Issue 14 item 9: per-session CSV and XLSX exports, live and after, instructor only."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from tests.http.conftest import LIVE, Api

HOSTILE = '=HYPERLINK("http://evil.example","눌러")'


def _class(api: Api) -> tuple[dict, dict, dict, dict]:
    live = api.open_session()
    minji = api.join(live["session_code"], name="민지")
    hostile = api.join(live["session_code"], name=HOSTILE)
    base = f"{LIVE}/{live['id']}"
    for kind in ("UNDERSTAND", "CONFUSED"):
        api.clock.advance(seconds=10)
        tapped = api.post(f"{base}/pulse/", as_=minji["headers"], json={"pulse_type": kind})
        assert tapped.status_code == 201, tapped.text
    quiz = api.quiz(live["id"])
    right = api.post(
        f"{base}/quiz/{quiz['id']}/answer/",
        as_=minji["headers"],
        json={"answer": quiz["correct_answer"]},
    )
    assert right.status_code == 200, right.text
    asked = api.post(
        f"{base}/questions/",
        as_=hostile["headers"],
        json={"question_text": "지연 평가는 언제인가요?"},
    ).json()
    api.post(f"{base}/questions/{asked['id']}/upvote/", as_=minji["headers"])
    return live, minji, hostile, quiz


def _sections(body: bytes) -> dict[str, list[list[str]]]:
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Korean
    found: dict[str, list[list[str]]] = {}
    for block in body.decode("utf-8-sig").split("\r\n\r\n"):
        rows = list(csv.reader(io.StringIO(block)))
        found[rows[0][0]] = rows[1:]
    return found


def test_csv_export_has_students_questions_and_figures(api: Api) -> None:
    live, minji, hostile, quiz = _class(api)
    got = api.get(f"{LIVE}/{live['id']}/export.csv", as_=api.auth("t1"))
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    sections = _sections(got.content)
    header, *students = sections["[학생별]"]
    assert header[:4] == ["학생", "사용자 ID", "참여", "탭 수"]
    assert header[4].startswith("퀴즈 1: ORM") and header[5].endswith("(정답 여부)")
    by_id = {row[1]: row for row in students}
    assert by_id[minji["user_id"]][:6] == [
        "민지",
        minji["user_id"],
        "참여",
        "2",
        quiz["correct_answer"],
        "O",
    ]
    # a name that a spreadsheet would run is kept as text
    assert by_id[hostile["user_id"]][0] == "'" + HOSTILE
    assert by_id[hostile["user_id"]][3:6] == ["0", "", "미응답"]
    questions = sections["[질문]"]
    assert questions[0] == ["질문", "추천 수", "묶음", "답변됨"]
    assert questions[1][:2] == ["지연 평가는 언제인가요?", "1"]
    # the asker stays anonymous: nothing of theirs in the question table
    flat = "\n".join(",".join(row) for row in questions)
    assert hostile["user_id"] not in flat and "HYPERLINK" not in flat
    figures = dict(row[:2] for row in sections["[요약]"] if len(row) >= 2)
    assert (figures["참여 학생 수"], figures["탭 수"], figures["질문 수"]) == ("2", "2", "1")
    assert figures["상태"] == "LIVE" and figures["퀴즈 응답 수"] == "1"


def test_xlsx_export_has_three_sheets_and_no_formulas(api: Api) -> None:
    live, _, _, _ = _class(api)
    teacher = api.auth("t1")
    api.language.notes.append("# 노트\n")
    api.post(f"{LIVE}/{live['id']}/end/", as_=teacher)
    api.jobs.run_pending(api.container.reboot)
    got = api.get(f"{LIVE}/{live['id']}/export.xlsx", as_=teacher)
    assert got.status_code == 200, got.text
    with zipfile.ZipFile(io.BytesIO(got.content)) as book:
        workbook = book.read("xl/workbook.xml").decode()
        assert re.findall(r'<sheet name="([^"]+)"', workbook) == ["학생별", "질문", "요약"]
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 3
        assert not any("<f>" in book.read(n).decode() for n in sheets)
        strings = book.read("xl/sharedStrings.xml").decode()
    assert "민지" in strings and "HYPERLINK" in strings  # as text, not as a formula
    assert "수업 시간(분)" in strings  # the report's figures once the job has run


def test_only_the_sessions_instructor_may_export(api: Api) -> None:
    live, minji, _, _ = _class(api)
    for ext in ("csv", "xlsx"):
        url = f"{LIVE}/{live['id']}/export.{ext}"
        assert api.get(url, as_=api.auth("t2")).status_code == 403
        assert api.get(url, as_=minji["headers"]).status_code == 403
        assert api.get(url).status_code == 401
