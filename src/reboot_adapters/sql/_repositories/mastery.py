"""Per-student, per-concept answer counters (MasteryRepository)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sqlalchemy import Executable, bindparam, select

from reboot_adapters.sql._mapping import from_rows
from reboot_adapters.sql._repositories._executor import Repository, table_of, upsert
from reboot_adapters.sql._tables import MasteryRow
from reboot_core.domain.mastery import ConceptMastery

_MASTERY = table_of(MasteryRow)
_MASTERY_OF_STUDENT = (
    select(_MASTERY)
    .where(_MASTERY.c.student_id == bindparam("student_id"))
    .order_by(_MASTERY.c.concept)
)


@cache
def _count_answer(dialect: str) -> Executable:
    """Create the mastery row or add one answer to it, in one atomic statement."""
    statement = upsert(dialect, _MASTERY)
    return statement.on_conflict_do_update(
        index_elements=[_MASTERY.c.student_id, _MASTERY.c.concept],
        set_={
            "attempts": _MASTERY.c.attempts + statement.excluded.attempts,
            "correct": _MASTERY.c.correct + statement.excluded.correct,
        },
    )


class SqlMasteryRepository(Repository):
    """Per-student, per-concept answer counters (MasteryRepository)."""

    def record(self, student_id: str, concept: str, correct: bool) -> None:
        # an upsert that adds in the database: concurrent answers never lose a count
        values = {"student_id": student_id, "concept": concept, "attempts": 1}
        self._db.execute(_count_answer(self._db.dialect), {**values, "correct": int(correct)})

    def record_many(self, outcomes: Sequence[tuple[str, str, bool]]) -> None:
        # a pair's answers summed first (one upsert may not touch a row twice), then written
        # in key order: concurrent batches lock mastery rows alike and cannot deadlock
        summed: dict[tuple[str, str], list[int]] = {}
        for student_id, concept, correct in outcomes:
            counts = summed.setdefault((student_id, concept), [0, 0])
            counts[0] += 1
            counts[1] += int(correct)
        if not summed:
            return
        rows = [
            {"student_id": s, "concept": c, "attempts": n, "correct": right}
            for (s, c), (n, right) in sorted(summed.items())
        ]
        self._db.execute(_count_answer(self._db.dialect), rows)

    def for_student(self, student_id: str) -> Sequence[ConceptMastery]:
        rows = self._db.rows(_MASTERY_OF_STUDENT, {"student_id": student_id})
        return from_rows(rows, ConceptMastery)


__all__ = ["SqlMasteryRepository"]
