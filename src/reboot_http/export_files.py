"""A session's export as spreadsheet files: CSV (UTF-8 with a BOM, so Excel reads Korean) and
XLSX (one sheet per table). Every cell is written as text or a number, never as a formula:
display names and questions come from students."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter

from reboot_core.domain.self_test import SelfTestRecord
from reboot_core.services import SessionExport
from reboot_core.services.exports import quiz_columns

Cell = str | int | float
Table = tuple[str, list[list[Cell]]]  # (title, rows with the header first)

# a spreadsheet runs a cell starting with one of these as a formula (CSV injection)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _when(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment is not None else ""


ATTENDED = "출석"
ABSENT = "결석(복습)"  # not in class; opened the review afterwards
MISSED = "결석"  # on the course roster; neither came nor reviewed
SELF_TEST_HEADER: list[Cell] = ["자가 테스트 최고", "자가 테스트 최근", "자가 테스트 횟수"]


def _self_test_cells(record: SelfTestRecord | None) -> list[Cell]:
    if record is None:
        return ["", "", 0]
    return [record.best.shown(), record.latest.shown(), record.attempts]


def students_table(export: SessionExport) -> Table:
    header: list[Cell] = ["학생", "사용자 ID", "출석", "탭 수"]
    for column in quiz_columns(export.quizzes):
        header += [f"{column} (답)", f"{column} (정답 여부)"]
    rows: list[list[Cell]] = [header + SELF_TEST_HEADER]
    for student in export.students:
        presence = ATTENDED if student.attended else ABSENT if student.reviewed else MISSED
        row: list[Cell] = [student.label, student.student_id, presence, student.taps]
        for quiz in export.quizzes:
            answer = student.answers.get(quiz.id)
            row += [answer[0], "O" if answer[1] else "X"] if answer else ["", "미응답"]
        rows.append(row + _self_test_cells(student.self_test))
    return "학생별", rows


def questions_table(export: SessionExport) -> Table:
    rows: list[list[Cell]] = [["질문", "추천 수", "묶음", "답변됨"]]
    for question in export.questions:
        group: Cell = question.cluster_group if question.cluster_group is not None else ""
        rows.append(
            [question.text, question.upvote_count, group, "예" if question.is_answered else ""]
        )
    return "질문", rows


def report_table(export: SessionExport) -> Table:
    session = export.session
    answered = sum(len(s.answers) for s in export.students)
    rows: list[list[Cell]] = [
        ["항목", "값"],
        ["수업 제목", session.title],
        ["상태", session.status.value],
        ["시작", _when(session.started_at)],
        ["종료", _when(session.ended_at)],
        ["출석 학생 수", sum(1 for s in export.students if s.attended)],
        ["복습만 한 학생 수", sum(1 for s in export.students if not s.attended and s.reviewed)],
        ["자가 테스트 응시 학생 수", sum(1 for s in export.students if s.self_test)],
        ["탭 수", export.pulse_count],
        ["질문 수", len(export.questions)],
        ["퀴즈 수", len(export.quizzes)],
        ["퀴즈 응답 수", answered],
    ]
    if export.report is not None:
        rows.append(["수업 시간(분)", export.report.duration_minutes])
        rows.append(["혼란 구간 수", len(export.report.confusion_peaks)])
        if export.report.absent_student_count is not None:
            # the report counts them; it does not keep who they were
            rows.append(["명단 중 결석 학생 수", export.report.absent_student_count])
    rows.append(["", ""])
    rows.append(["퀴즈", "응답 수 / 정답 수 / 정답률(%)"])
    for title, quiz in zip(quiz_columns(export.quizzes), export.quizzes, strict=True):
        given = [s.answers[quiz.id] for s in export.students if quiz.id in s.answers]
        right = sum(1 for _, correct in given if correct)
        ratio = round(100 * right / len(given)) if given else 0
        rows.append([title, f"{len(given)} / {right} / {ratio}"])
    return "요약", rows


def tables(export: SessionExport) -> list[Table]:
    return [students_table(export), questions_table(export), report_table(export)]


def _safe_text(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value  # shown as typed, never evaluated
    return value


def to_csv(export: SessionExport) -> bytes:
    """The three tables one after another, each under its title, a blank line between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for index, (title, rows) in enumerate(tables(export)):
        if index:
            writer.writerow([])
        writer.writerow([f"[{title}]"])
        writer.writerows([[_safe_text(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(export: SessionExport) -> bytes:
    buffer = io.BytesIO()
    # in memory: nothing of a class's answers is left in a temporary file
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    for title, rows in tables(export):
        sheet = workbook.add_worksheet(title)
        for r, row in enumerate(rows):
            _write_row(sheet, r, row, bold if r == 0 else None)
        sheet.set_column(0, 0, 28)
        sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _write_row(sheet, r: int, row: Sequence[Cell], style) -> None:
    for c, value in enumerate(row):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(r, c, value, style)
        else:
            sheet.write_string(r, c, str(value), style)


__all__ = ["tables", "to_csv", "to_xlsx"]
