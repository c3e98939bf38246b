"""The glossary repository's contract, run against the in-memory, SQLite and PostgreSQL
adapters (the ``uow_factory`` fixture)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from reboot_core.domain.glossary import LectureGlossary
from reboot_core.ports.storage import UnitOfWork

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_lectures_glossary_is_kept_replaced_whole_and_apart_from_others(
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    first = LectureGlossary.choose("lec", ["흐름 제어", "select_related", "혼잡 윈도우"], T0)
    other = LectureGlossary.choose("other", ["DNA 복제"], T0)
    with uow_factory() as uow:
        assert uow.glossary.get("lec") is None
        uow.glossary.put(first)
        uow.glossary.put(other)
        uow.commit()
    with uow_factory() as uow:
        assert uow.glossary.get("lec") == first
        replaced = LectureGlossary.choose("lec", ["RTO"], T0 + timedelta(minutes=5))
        uow.glossary.put(replaced)
        uow.commit()
    with uow_factory() as uow:
        assert uow.glossary.get("lec") == replaced
        assert uow.glossary.get("other") == other
        uow.glossary.put(LectureGlossary.choose("lec", [], T0))
        # not committed: the replaced glossary stays

    with uow_factory() as uow:
        assert uow.glossary.get("lec") == replaced
