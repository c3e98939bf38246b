"""What the lecture report PDF shows, already aggregated (no student identities in it)."""

from __future__ import annotations

from collections.abc import Iterable

import attrs


def _tuples(items: Iterable[Iterable[object]]) -> tuple[tuple[object, ...], ...]:
    # lists from the caller become tuples, so a frozen document is immutable all the way down
    return tuple(tuple(item) for item in items)


@attrs.frozen
class ReportDocument:
    """The numbers and texts of one lecture's report.

    Args:
        title: the lecture title.
        generated_at: when the report was made, already formatted for display.
        summary: (label, value) rows, e.g. ("참여 학생", "42명").
        pulse_timeline: (minute from start, "understand" count, "confused" count) per minute.
        confusion_peaks: (minute, transcript excerpt around the peak).
        quiz_rows: (question, response count, correct ratio 0..1 or None without responses).
        question_clusters: (representative question, number of questions in the group).
    """

    title: str
    generated_at: str
    summary: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_tuples)
    pulse_timeline: tuple[tuple[int, int, int], ...] = attrs.field(default=(), converter=_tuples)
    confusion_peaks: tuple[tuple[int, str], ...] = attrs.field(default=(), converter=_tuples)
    quiz_rows: tuple[tuple[str, int, float | None], ...] = attrs.field(
        default=(), converter=_tuples
    )
    question_clusters: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_tuples)
