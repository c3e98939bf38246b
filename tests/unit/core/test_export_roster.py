"""The export lists the course roster's students who neither came nor reviewed, as absent."""

from __future__ import annotations

from collections.abc import Sequence

from reboot_core import Unavailable
from tests.unit.core._world import TEACHER, classroom


class Roster:
    def __init__(self, students: Sequence[str] | None, *, broken: bool = False) -> None:
        self.students = students
        self.broken = broken
        self.asked: list[str] = []

    def students_of(self, lecture_id: str) -> Sequence[str] | None:
        self.asked.append(lecture_id)
        if self.broken:
            raise Unavailable("the platform's roster cannot be read now")
        return self.students


def test_roster_students_who_never_came_are_absent_rows_after_the_others() -> None:
    roster = Roster(["stu_0", "stu_zed", "stu_amy"])
    room = classroom(1, enrolment=roster)  # stu_0 attends
    rows = room.live.exports.session_export(TEACHER, room.sid).students
    assert [(r.student_id, r.attended, r.reviewed) for r in rows] == [
        ("stu_0", True, True),
        ("stu_amy", False, False),
        ("stu_zed", False, False),
    ]
    assert roster.asked == [room.session.lecture_id]
    assert all(r.taps == 0 and r.self_test is None for r in rows[1:])


def test_without_a_roster_or_when_it_cannot_be_read_the_export_still_comes() -> None:
    for roster in (Roster(None), Roster(["stu_zed"], broken=True)):
        room = classroom(1, enrolment=roster)
        rows = room.live.exports.session_export(TEACHER, room.sid).students
        assert [r.student_id for r in rows] == ["stu_0"]
