"""The export files tell a roster student who never came from an absent reviewer."""

from __future__ import annotations

from reboot_http.export_files import report_table, students_table
from tests.unit.core._world import TEACHER, classroom
from tests.unit.core.test_export_roster import Roster


def test_the_files_tell_a_roster_absentee_from_an_absent_reviewer() -> None:
    room = classroom(1, enrolment=Roster(["stu_0", "stu_zed"]))
    export = room.live.exports.session_export(TEACHER, room.sid)
    _, rows = students_table(export)
    assert [(row[1], row[2]) for row in rows[1:]] == [("stu_0", "출석"), ("stu_zed", "결석")]
    _, summary = report_table(export)
    counts = {row[0]: row[1] for row in summary if len(row) == 2}
    assert counts["출석 학생 수"] == 1 and counts["복습만 한 학생 수"] == 0
