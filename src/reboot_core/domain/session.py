"""LiveSession: one lecture's live run, reachable by a 6-digit code while it is not ended."""

from __future__ import annotations

import enum
import re
from datetime import datetime

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.errors import Conflict, Forbidden, Invalid

CODE_LENGTH = 6
_NOT_DIGITS = re.compile(r"[\s\-_.]")


class SessionStatus(enum.StrEnum):
    WAITING = "WAITING"
    LIVE = "LIVE"
    ENDED = "ENDED"


# Status only moves forward; anything not listed here is refused.
_NEXT = {
    SessionStatus.WAITING: {SessionStatus.LIVE, SessionStatus.ENDED},
    SessionStatus.LIVE: {SessionStatus.ENDED},
    SessionStatus.ENDED: set(),
}


def normalize_code(raw: str) -> str:
    """Canonical form of a typed join code: spaces, dashes and dots dropped.

    Raises Invalid unless exactly six ASCII digits remain.
    """
    if not isinstance(raw, str):
        raise Invalid("session code must be a string")
    code = _NOT_DIGITS.sub("", raw)
    if len(code) != CODE_LENGTH or not code.isascii() or not code.isdigit():
        raise Invalid("session code must be exactly 6 digits")
    return code


@attrs.define(eq=False)
class LiveSession:
    """Aggregate root. Identity equality: two objects with one id are one session."""

    id: str
    lecture_id: str
    instructor_id: str
    session_code: str
    title: str
    status: SessionStatus
    created_at: datetime
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @classmethod
    def open(
        cls,
        *,
        id: str,
        lecture_id: str,
        instructor_id: str,
        code: str,
        title: str,
        now: datetime,
        max_title_chars: int = 200,
    ) -> LiveSession:
        title = (title or "").strip()
        if len(title) > max_title_chars:
            raise Invalid(f"title is longer than {max_title_chars} characters")
        if not lecture_id or not str(lecture_id).strip():
            raise Invalid("lecture id must not be empty")
        return cls(
            id=id,
            lecture_id=str(lecture_id).strip(),
            instructor_id=instructor_id,
            session_code=normalize_code(code),
            title=title,
            status=SessionStatus.WAITING,
            created_at=now,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveSession) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def is_ended(self) -> bool:
        return self.status is SessionStatus.ENDED

    @property
    def is_live(self) -> bool:
        return self.status is SessionStatus.LIVE

    def owned_by(self, actor: Actor) -> bool:
        return actor.is_instructor and actor.user_id == self.instructor_id

    def require_owner(self, actor: Actor) -> None:
        if not self.owned_by(actor):
            raise Forbidden("only this session's instructor may do this")

    def require_open(self, what: str) -> None:
        """Refuse student activity once the session has ended."""
        if self.is_ended:
            raise Conflict(f"the session has ended: {what} is no longer possible")

    def _move(self, to: SessionStatus) -> None:
        if to not in _NEXT[self.status]:
            raise Conflict(f"a {self.status.value} session cannot become {to.value}")
        self.status = to

    def start(self, now: datetime) -> None:
        self._move(SessionStatus.LIVE)
        self.started_at = now

    def end(self, now: datetime) -> None:
        self._move(SessionStatus.ENDED)
        self.ended_at = now
        if self.started_at is None:
            self.started_at = now

    def offset_of(self, moment: datetime) -> float:
        """Seconds since the session started (or was created, before it started)."""
        origin = self.started_at or self.created_at
        return max(0.0, (moment - origin).total_seconds())
