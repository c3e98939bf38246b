"""Domain objects <-> table rows, through a private cattrs converter.

Column names equal attribute names, so cattrs does the field-by-field work; the hooks here only
fix what differs between Python and a database: timestamps (always aware UTC going in, and
SQLite's naive values made aware coming out), enums as their values, tuples stored as JSON
lists. Rows are read as ``RowMapping`` objects straight from SQLAlchemy Core.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

import cattrs

from reboot_core.domain.end_job import StepState
from reboot_core.domain.question import LiveQuestion

T = TypeVar("T")

_converter = cattrs.Converter(detailed_validation=False)
# values inside JSON columns: timestamps as ISO text there, since JSON has no datetime
_json_values = cattrs.Converter(detailed_validation=False)
_STEPS = tuple[StepState, ...]


def utc(moment: datetime) -> datetime:
    """The same instant as an aware UTC datetime; naive input is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


_converter.register_structure_hook(datetime, lambda value, _: utc(value))
# SQLite has no timezone column type: a value bound with an offset would be stored as the local
# wall time of that offset, so every timestamp is normalised before it reaches a statement
_converter.register_unstructure_hook(datetime, utc)
_converter.register_unstructure_hook(tuple, list)
_converter.register_unstructure_hook(Enum, lambda member: member.value)
_json_values.register_unstructure_hook(Enum, lambda member: member.value)

_json_values.register_unstructure_hook(datetime, lambda moment: utc(moment).isoformat())
_json_values.register_structure_hook(datetime, lambda text, _: utc(datetime.fromisoformat(text)))
_converter.register_unstructure_hook_func(
    lambda kind: kind == _STEPS, lambda steps: _json_values.unstructure(steps, _STEPS)
)
_converter.register_structure_hook_func(
    lambda kind: kind == _STEPS, lambda steps, _: _json_values.structure(steps, _STEPS)
)


def to_row(obj: Any) -> dict[str, Any]:
    """Column values of a domain object (attrs class whose fields are the table's columns)."""
    return _converter.unstructure(obj)


def from_row(row: Mapping[str, Any], cls: type[T]) -> T:
    return _converter.structure(row, cls)


def from_rows(rows: Iterable[Mapping[str, Any]], cls: type[T]) -> list[T]:
    structure = _converter.get_structure_hook(cls)
    return [structure(row, cls) for row in rows]


def question_to_row(question: LiveQuestion) -> dict[str, Any]:
    """Question columns only: upvoters live in their own table."""
    row = to_row(question)
    del row["upvoters"]
    return row


def question_from_row(row: Mapping[str, Any], upvoters: Iterable[str]) -> LiveQuestion:
    return _converter.structure({**row, "upvoters": frozenset(upvoters)}, LiveQuestion)


__all__ = ["from_row", "from_rows", "question_from_row", "question_to_row", "to_row", "utc"]
