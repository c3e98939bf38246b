"""JSON encoding of derived documents, with a private converter (never cattrs' global one)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TypeVar

import cattrs

from reboot_core.domain.report import InsightReport
from reboot_core.domain.summary import PersonalSummary
from reboot_core.ports.language import MaterialSection

T = TypeVar("T")

_converter = cattrs.Converter()
_converter.register_unstructure_hook(datetime, datetime.isoformat)
_converter.register_structure_hook(datetime, lambda value, _: datetime.fromisoformat(value))

MATERIALS = "materials"
REPORT = "report"
SELF_TEST = "self_test"
QUIZ_DRAFTS = "quiz_drafts"  # answers of the drafts asked for so far, so the next one differs


def summary_name(student_id: str) -> str:
    return f"summary:{student_id}"


def dumps(value: Any) -> str:
    return json.dumps(_converter.unstructure(value), ensure_ascii=False)


def loads(payload: str, kind: type[T]) -> T:
    return _converter.structure(json.loads(payload), kind)


__all__ = [
    "MATERIALS",
    "QUIZ_DRAFTS",
    "REPORT",
    "SELF_TEST",
    "InsightReport",
    "MaterialSection",
    "PersonalSummary",
    "dumps",
    "loads",
    "summary_name",
]
