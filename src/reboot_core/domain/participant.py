"""LiveParticipant: a student inside one live session."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from reboot_core.errors import Invalid

MAX_DISPLAY_NAME = 40


def clean_display_name(raw: str | None) -> str:
    name = " ".join((raw or "").split())
    if len(name) > MAX_DISPLAY_NAME:
        raise Invalid(f"display name is longer than {MAX_DISPLAY_NAME} characters")
    return name


@attrs.define(eq=False)
class LiveParticipant:
    id: str
    session_id: str
    student_id: str
    display_name: str
    learning_session_id: str
    joined_at: datetime
    last_seen: datetime

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveParticipant) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def seen(self, now: datetime) -> None:
        # clocks of several processes may disagree slightly: never move last_seen backwards
        if now > self.last_seen:
            self.last_seen = now

    def is_active(self, now: datetime, window: timedelta) -> bool:
        return now - self.last_seen <= window
