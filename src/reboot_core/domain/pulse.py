"""PulseCheck: a student's 'understood / confused' tap, and the live ratio built from them."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs


class PulseType(enum.StrEnum):
    UNDERSTAND = "UNDERSTAND"
    CONFUSED = "CONFUSED"


@attrs.frozen
class PulseCheck:
    id: str
    session_id: str
    student_id: str
    pulse_type: PulseType
    created_at: datetime

    def repeats(self, pulse_type: PulseType, now: datetime, debounce: timedelta) -> bool:
        """True when a new tap is the same pulse tapped again within the debounce window."""
        return self.pulse_type is pulse_type and now - self.created_at < debounce


@attrs.frozen
class PulseStats:
    understand: int
    confused: int
    window_seconds: int

    @property
    def total(self) -> int:
        return self.understand + self.confused

    @property
    def understand_ratio(self) -> float:
        return self.understand / self.total if self.total else 0.0

    @property
    def confused_ratio(self) -> float:
        return self.confused / self.total if self.total else 0.0


def current_states(pulses: Iterable[PulseCheck]) -> dict[str, PulseCheck]:
    """Latest pulse per student; ties on time are broken by id so the result is stable."""
    latest: dict[str, PulseCheck] = {}
    for pulse in pulses:
        seen = latest.get(pulse.student_id)
        if seen is None or (pulse.created_at, pulse.id) > (seen.created_at, seen.id):
            latest[pulse.student_id] = pulse
    return latest
