"""IntegratedNote: the session's summary note, drafted by the system and approved by a person.

Editing an approved note is refused (Conflict): students may already have read and tested
against it, so what they saw must stay what was approved.
"""

from __future__ import annotations

import enum
from datetime import datetime

import attrs

from reboot_core.errors import Conflict, Invalid

MAX_NOTE_CHARS = 200_000


class NoteStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    APPROVED = "APPROVED"


def _check_content(content: object) -> str:
    if not isinstance(content, str):
        raise Invalid("note content must be text")
    if not content.strip():
        raise Invalid("note content must not be empty")
    if len(content) > MAX_NOTE_CHARS:
        raise Invalid(f"note content is longer than {MAX_NOTE_CHARS} characters")
    return content


@attrs.define(eq=False)
class IntegratedNote:
    id: str
    session_id: str
    content: str  # Markdown
    status: NoteStatus
    created_at: datetime
    updated_at: datetime
    revision: int = 1
    approved_at: datetime | None = None
    approved_by: str | None = None

    @classmethod
    def draft(cls, *, id: str, session_id: str, content: str, now: datetime) -> IntegratedNote:
        return cls(id, session_id, _check_content(content), NoteStatus.DRAFT, now, now)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IntegratedNote) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def is_approved(self) -> bool:
        return self.status is NoteStatus.APPROVED

    def edit(self, content: str, now: datetime) -> None:
        if self.is_approved:
            raise Conflict("an approved note cannot be edited")
        self.content = _check_content(content)
        self.updated_at = now
        self.revision += 1

    def redraft(self, content: str, now: datetime) -> None:
        """Replace a draft with a newly generated one (a re-run of the end-of-session job)."""
        self.edit(content, now)

    def approve(self, by: str, now: datetime) -> None:
        if self.is_approved:
            raise Conflict("the note is already approved")
        self.status = NoteStatus.APPROVED
        self.approved_at = now
        self.approved_by = by
