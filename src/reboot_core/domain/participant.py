"""LiveParticipant: a student inside one live session (or reviewing it after it ended)."""

from __future__ import annotations

from datetime import datetime, timedelta

import attrs

from reboot_core.errors import Forbidden, Invalid

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
    # joined after the end (an absent student): may read the note, take the self-test and
    # see the gap map, but did not attend, so no live writes and no attendance
    review_only: bool = False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveParticipant) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def attended(self) -> bool:
        return not self.review_only

    def require_live(self, doing: str) -> None:
        """Forbidden for a review-only participant: the live class is over for them."""
        if self.review_only:
            raise Forbidden(
                "수업이 끝난 뒤 복습으로 들어왔어요. 복습 참여자는 반응·질문·퀴즈 답을 보낼 수 "
                f"없어요: a review-only participant may not do this ({doing})"
            )

    def seen(self, now: datetime) -> None:
        # clocks of several processes may disagree slightly: never move last_seen backwards
        if now > self.last_seen:
            self.last_seen = now

    def is_active(self, now: datetime, window: timedelta) -> bool:
        return now - self.last_seen <= window
