"""Issue 14 item 9: per-session CSV and XLSX exports, live and after, instructor only."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

from tests.http.conftest import LIVE, Api

_NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

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


def _first_sheet(body: bytes) -> list[list[str | int]]:
    """The cells of the first worksheet, strings resolved, numbers as ints (no openpyxl)."""
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        shared = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    strings = ["".join(t.text or "" for t in si.iter(f"{{{_NS['x']}}}t")) for si in shared]
    rows: list[list[str | int]] = []
    for row in sheet.iterfind(".//x:sheetData/x:row", _NS):
        cells: dict[int, str | int] = {}
        for cell in row.iterfind("x:c", _NS):
            value = cell.findtext("x:v", default="", namespaces=_NS)
            cells[_column(cell.get("r", ""))] = (
                strings[int(value)] if cell.get("t") == "s" else int(float(value)) if value else ""
            )
        # a cell written empty may be left out of the file: keep every column in its place
        rows.append([cells.get(c, "") for c in range(max(cells, default=-1) + 1)])
    return rows


def _column(ref: str) -> int:
    letters = ref.rstrip("0123456789")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


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
    assert header[:4] == ["학생", "사용자 ID", "출석", "탭 수"]
    assert header[4].startswith("퀴즈 1: ORM") and header[5].endswith("(정답 여부)")
    assert header[6:] == ["자가 테스트 최고", "자가 테스트 최근", "자가 테스트 횟수"]
    by_id = {row[1]: row for row in students}
    assert by_id[minji["user_id"]][:6] == [
        "민지",
        minji["user_id"],
        "출석",
        "2",
        quiz["correct_answer"],
        "O",
    ]
    assert by_id[minji["user_id"]][6:] == ["", "", "0"]  # no self-test taken yet
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
    assert (figures["출석 학생 수"], figures["탭 수"], figures["질문 수"]) == ("2", "2", "1")
    assert figures["복습만 한 학생 수"] == "0"
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


WRONG = "Open Resource Model"


def _self_test(api: Api, sid: str, headers: dict, answers: dict) -> None:
    graded = api.post(f"/api/learning/live/{sid}/self-test", as_=headers, json={"answers": answers})
    assert graded.status_code == 200, graded.text


def _ended_with_reviews(api: Api) -> tuple[dict, dict, dict, dict, dict, int]:
    """The class above, ended; then minji and two absent students take the self-test."""
    live, minji, _, quiz = _class(api)
    sid, right = live["id"], quiz["correct_answer"]
    assert api.post(f"{LIVE}/{sid}/end/", as_=api.auth("t1")).status_code == 200
    late = api.join(live["session_code"], name="결석생")  # joined after the end: review-only
    assert late["review_only"] is True
    # a host platform's student who never joined: their token opens the self-test directly
    host = api.auth("host-77", "student")
    total = len(api.get(f"/api/learning/live/{sid}/self-test", as_=host).json()["questions"])
    for answer in (WRONG, right, WRONG):
        api.clock.advance(seconds=30)
        _self_test(api, sid, late["headers"], {quiz["id"]: answer})
    _self_test(api, sid, minji["headers"], {quiz["id"]: right})
    _self_test(api, sid, host, {quiz["id"]: WRONG})
    return live, minji, late, quiz, host, total


def test_the_csv_lists_absent_reviewers_and_self_test_scores(api: Api) -> None:
    live, minji, late, _, _, total = _ended_with_reviews(api)
    got = api.get(f"{LIVE}/{live['id']}/export.csv", as_=api.auth("t1"))
    assert got.status_code == 200, got.text
    sections = _sections(got.content)
    _, *students = sections["[학생별]"]
    # attendees in joining order, then those who only reviewed
    assert [row[1] for row in students][2:] == [late["user_id"], "host-77"]
    by_id = {row[1]: row for row in students}
    assert by_id[minji["user_id"]][2] == "출석"
    assert by_id[minji["user_id"]][6:] == [f"1/{total}", f"1/{total}", "1"]
    # absent: no taps, the quiz unanswered; best of three attempts, then the latest
    assert by_id[late["user_id"]] == [
        "결석생",
        late["user_id"],
        "결석(복습)",
        "0",
        "",
        "미응답",
        f"1/{total}",
        f"0/{total}",
        "3",
    ]
    assert by_id["host-77"][:4] == ["host-77", "host-77", "결석(복습)", "0"]
    assert by_id["host-77"][6:] == [f"0/{total}", f"0/{total}", "1"]
    figures = dict(row[:2] for row in sections["[요약]"] if len(row) >= 2)
    # the reviewers are not attendance, and their (missing) quiz answers are not counted
    assert (figures["출석 학생 수"], figures["복습만 한 학생 수"]) == ("2", "2")
    assert figures["자가 테스트 응시 학생 수"] == "3"
    assert figures["퀴즈 응답 수"] == "1"
    per_quiz = [row for row in sections["[요약]"] if row[0].startswith("퀴즈 1")]
    assert per_quiz[0][1] == "1 / 1 / 100"


def test_the_xlsx_has_the_same_student_cells(api: Api) -> None:
    live, _, late, _, _, total = _ended_with_reviews(api)
    got = api.get(f"{LIVE}/{live['id']}/export.xlsx", as_=api.auth("t1"))
    assert got.status_code == 200, got.text
    rows = _first_sheet(got.content)
    header = rows[0]
    assert header[2] == "출석" and header[-3:] == [
        "자가 테스트 최고",
        "자가 테스트 최근",
        "자가 테스트 횟수",
    ]
    by_id = {row[1]: row for row in rows[1:]}
    assert by_id[late["user_id"]] == [
        "결석생",
        late["user_id"],
        "결석(복습)",
        0,
        "",
        "미응답",
        f"1/{total}",
        f"0/{total}",
        3,
    ]
    assert by_id["host-77"][-3:] == [f"0/{total}", f"0/{total}", 1]


def test_only_the_sessions_instructor_may_export(api: Api) -> None:
    live, minji, _, _ = _class(api)
    for ext in ("csv", "xlsx"):
        url = f"{LIVE}/{live['id']}/export.{ext}"
        assert api.get(url, as_=api.auth("t2")).status_code == 403
        assert api.get(url, as_=minji["headers"]).status_code == 403
        assert api.get(url).status_code == 401
