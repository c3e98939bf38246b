"""Read-side queries of the instructor's history (issue 14 item 2), alike on every storage."""

from __future__ import annotations

import attrs

from reboot_core.domain.lecture import Lecture
from tests.contract.test_storage import (
    T0,
    UowFactory,
    at,
    committed,
    material,
    quiz,
    response,
)


def test_lectures_listed_per_owner_oldest_first(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("lectures", Lecture("late", "prof", at(30))),
        ("lectures", Lecture("early", "prof", T0)),
        ("lectures", Lecture("theirs", "other-prof", at(10))),
    )
    with uow_factory() as uow:
        assert [lec.id for lec in uow.lectures.list_for_owner("prof")] == ["early", "late"]
        assert [lec.id for lec in uow.lectures.list_for_owner("other-prof")] == ["theirs"]
        assert list(uow.lectures.list_for_owner("nobody")) == []
        assert uow.lectures.list_for_owner("prof")[0] == Lecture("early", "prof", T0)


def test_response_count_sums_every_quiz_of_the_session(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("quizzes", quiz("q1", 10)),
        ("quizzes", quiz("q2", 20)),
        ("quizzes", quiz("x1", 5, session_id="s2")),
    )
    with uow_factory() as uow:
        assert uow.quizzes.response_count("s1") == 0
        for quiz_id, student in [("q1", "kim"), ("q1", "lee"), ("q2", "kim"), ("x1", "park")]:
            uow.quizzes.add_response(response(quiz_id, student))
        uow.commit()
    with uow_factory() as uow:
        assert uow.quizzes.response_count("s1") == 3
        assert uow.quizzes.response_count("s2") == 1
        assert uow.quizzes.response_count("nowhere") == 0


def test_materials_are_replaced_and_removed(uow_factory: UowFactory) -> None:
    first, second = material("m1", 1), material("m2", 2)
    committed(uow_factory, ("materials", first), ("materials", second))
    with uow_factory() as uow:
        uow.materials.update(attrs.evolve(first, title="새 1장", file_ref="new-ref", size=9))
        uow.materials.remove("m2")
        uow.materials.remove("never-there")
        uow.commit()
    with uow_factory() as uow:
        assert [(m.id, m.title, m.file_ref) for m in uow.materials.list_for_lecture("lec")] == [
            ("m1", "새 1장", "new-ref")
        ]
        assert uow.materials.get("m2") is None
        uow.materials.remove("m1")  # not committed: rolled back
    with uow_factory() as uow:
        assert uow.materials.get("m1") is not None
