"""Bodies of the integrated-note routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from reboot_adapters.markdown_blocks import parse_blocks
from reboot_core import IntegratedNote
from reboot_core.domain.note import NoteRevision


class NoteIn(msgspec.Struct):
    """The instructor's edited Markdown (replaces the draft)."""

    content_text: str


class NoteOut(msgspec.Struct):
    """A draft (``is_approved`` false) is the instructor's only; an approved note students
    may read."""

    id: str
    session_id: str
    content_text: str  # Markdown
    # the parsed note (see reboot_adapters.markdown_blocks): pages render it as DOM nodes
    content_blocks: list[dict[str, Any]]
    is_approved: bool
    revision: int
    created_at: datetime
    updated_at: datetime
    approved_at: datetime | None


class NotePreviewOut(msgspec.Struct):
    """The block tree of Markdown the instructor is still typing (nothing is saved)."""

    content_blocks: list[dict[str, Any]]


class NoteRevisionOut(msgspec.Struct):
    """One kept save (``is_approved`` false) or approval of the note; ``saved_by`` is null for
    the draft the system generated."""

    number: int
    content_text: str  # Markdown
    saved_at: datetime
    is_approved: bool
    saved_by: str | None


def revision_out(revision: NoteRevision) -> NoteRevisionOut:
    return NoteRevisionOut(
        number=revision.number,
        content_text=revision.content,
        saved_at=revision.saved_at,
        is_approved=revision.approved,
        saved_by=revision.saved_by,
    )


def note_out(note: IntegratedNote) -> NoteOut:
    # approved_by is left out: who approved is the instructor, and students need not see ids
    return NoteOut(
        id=note.id,
        session_id=note.session_id,
        content_text=note.content,
        content_blocks=parse_blocks(note.content),
        is_approved=note.is_approved,
        revision=note.revision,
        created_at=note.created_at,
        updated_at=note.updated_at,
        approved_at=note.approved_at,
    )


__all__ = ["NoteIn", "NoteOut", "NotePreviewOut", "NoteRevisionOut", "note_out", "revision_out"]
