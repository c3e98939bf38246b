"""IntegratedNote: the session's summary note, drafted by the system and approved by a person.

States: DRAFT -> APPROVED (approve) -> DRAFT (withdraw, by the instructor who corrects it) ->
APPROVED again. Editing an approved note is refused (Conflict): students may already have read
and tested against it, so what they see changes only by withdrawing it first. Every save and
every approval is kept as a NoteRevision, so a correction never erases what students saw.
"""

from __future__ import annotations

import enum
import re
from datetime import datetime

import attrs

from reboot_core.errors import Conflict, Invalid

MAX_NOTE_CHARS = 200_000
KEY_TERMS_LABEL = "**핵심 용어**:"
_FENCE = re.compile(r"^\s*(```|~~~)")
_TABLE_ROW = re.compile(r"^\s*\|")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|`([^`]+)`")


def key_terms_of(markdown: str) -> list[str]:
    """The note's key terms, from its "**핵심 용어**: a, b, c" line (the instructor may have
    edited them)."""
    for line in markdown.splitlines():
        if line.strip().startswith(KEY_TERMS_LABEL):
            listed = line.strip()[len(KEY_TERMS_LABEL) :]
            return [term.strip() for term in listed.split(",") if term.strip()]
    return []


def prose_of(markdown_body: str) -> str:
    """The sentences of a stretch of Markdown: no code blocks, no table rows, no list marks
    or emphasis; identifiers stay as written (``select_related``)."""
    kept: list[str] = []
    in_code = False
    for line in markdown_body.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code or _TABLE_ROW.match(line) or line.strip().startswith(KEY_TERMS_LABEL):
            continue
        line = _LIST_MARK.sub("", line)
        line = _EMPHASIS.sub(lambda m: next(g for g in m.groups() if g is not None), line)
        line = line.lstrip("> ").strip()
        if line:
            kept.append(line)
    return "\n".join(kept)


class NoteStatus(enum.StrEnum):
    DRAFT = "DRAFT"
    APPROVED = "APPROVED"


# the only moves the note may make; anything else is a Conflict
_MOVES = {
    ("approve", NoteStatus.DRAFT): NoteStatus.APPROVED,
    ("withdraw", NoteStatus.APPROVED): NoteStatus.DRAFT,
}


@attrs.frozen
class NoteRevision:
    """One kept state of a note: what was saved (or approved), when and by whom
    (``saved_by`` is None for the system's generated draft)."""

    session_id: str
    number: int
    content: str
    saved_at: datetime
    approved: bool
    saved_by: str | None


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

    def revision_record(self, by: str | None) -> NoteRevision:
        """The note as it stands now, to keep (numbered by ``revision``)."""
        return NoteRevision(
            self.session_id, self.revision, self.content, self.updated_at, self.is_approved, by
        )

    def edit(self, content: str, now: datetime) -> None:
        if self.is_approved:
            raise Conflict("an approved note cannot be edited")
        self.content = _check_content(content)
        self.updated_at = now
        self.revision += 1

    def _move(self, action: str) -> None:
        target = _MOVES.get((action, self.status))
        if target is None:
            raise Conflict(f"a {self.status.value.lower()} note cannot {action}")
        self.status = target

    def redraft(self, content: str, now: datetime) -> None:
        """Replace a draft with a newly generated one (a re-run of the end-of-session job)."""
        self.edit(content, now)

    def approve(self, by: str, now: datetime) -> None:
        """Publish the note; the approval is a revision of its own (number + 1)."""
        if self.is_approved:
            raise Conflict("the note is already approved")
        self._move("approve")
        self.approved_at = now
        self.approved_by = by
        self.updated_at = now
        self.revision += 1

    def withdraw(self, now: datetime) -> None:
        """Take the published note back to a draft: students see no note until it is approved
        again. The content stays, to be corrected; the approval is kept in the revisions."""
        self._move("withdraw")
        self.approved_at = None
        self.approved_by = None
        self.updated_at = now
