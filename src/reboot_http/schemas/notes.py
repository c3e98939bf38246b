"""Bodies of the integrated-note routes."""

from __future__ import annotations

from datetime import datetime

import msgspec

from reboot_core import IntegratedNote


class NoteIn(msgspec.Struct):
    """The instructor's edited Markdown (replaces the draft)."""

    content: str


class NoteOut(msgspec.Struct):
    """``status`` is DRAFT (instructor only) or APPROVED (students may read it)."""

    id: str
    session_id: str
    content: str
    status: str
    revision: int
    created_at: datetime
    updated_at: datetime
    approved_at: datetime | None


def note_out(note: IntegratedNote) -> NoteOut:
    # approved_by is left out: who approved is the instructor, and students need not see ids
    return NoteOut(
        id=note.id,
        session_id=note.session_id,
        content=note.content,
        status=note.status.value,
        revision=note.revision,
        created_at=note.created_at,
        updated_at=note.updated_at,
        approved_at=note.approved_at,
    )


__all__ = ["NoteIn", "NoteOut", "note_out"]
