"""Bodies of pulse routes."""

from __future__ import annotations

from datetime import datetime

import msgspec

from reboot_core import PulseCheck, PulseStats


class PulseIn(msgspec.Struct):
    pulse_type: str  # UNDERSTAND or CONFUSED; the core checks and reports Invalid (422)


class PulseOut(msgspec.Struct):
    id: str
    pulse_type: str
    created_at: datetime


class PulseStatsOut(msgspec.Struct):
    understand: int
    confused: int
    total: int
    understand_ratio: float
    confused_ratio: float
    window_seconds: int


def pulse_out(pulse: PulseCheck) -> PulseOut:
    return PulseOut(id=pulse.id, pulse_type=pulse.pulse_type.value, created_at=pulse.created_at)


def pulse_stats_out(stats: PulseStats) -> PulseStatsOut:
    return PulseStatsOut(
        understand=stats.understand,
        confused=stats.confused,
        total=stats.total,
        understand_ratio=stats.understand_ratio,
        confused_ratio=stats.confused_ratio,
        window_seconds=stats.window_seconds,
    )


__all__ = ["PulseIn", "PulseOut", "PulseStatsOut", "pulse_out", "pulse_stats_out"]
