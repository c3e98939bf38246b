"""Tunable numbers of the domain, with the defaults the product was designed around."""

from __future__ import annotations

from datetime import timedelta

import attrs

DEFAULT_TRIGGER_PHRASES = (
    "이해되셨나요",
    "질문 있나요",
    "여기까지 괜찮으시죠",
    "다음으로 넘어갈게요",
)


def _positive(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if isinstance(value, timedelta):
        if value <= timedelta(0):
            raise ValueError(f"{attribute.name} must be positive")
    elif isinstance(value, int | float) and value <= 0:
        raise ValueError(f"{attribute.name} must be positive")


@attrs.frozen
class LivePolicy:
    """Windows, limits and phrases; one frozen value shared by all services."""

    # three missed 5-second polls make a participant inactive
    active_window: timedelta = attrs.field(default=timedelta(seconds=15), validator=_positive)
    pulse_window: timedelta = attrs.field(default=timedelta(seconds=60), validator=_positive)
    # a second identical tap inside this window is the same pulse, not a new one
    pulse_debounce: timedelta = attrs.field(default=timedelta(seconds=2), validator=_positive)
    max_material_bytes: int = attrs.field(default=50 * 1024 * 1024, validator=_positive)
    # uncompressed size allowed inside a PPTX, against zip bombs
    max_unzipped_bytes: int = attrs.field(default=300 * 1024 * 1024, validator=_positive)
    trigger_phrases: tuple[str, ...] = attrs.field(default=DEFAULT_TRIGGER_PHRASES, converter=tuple)
    spotter_chunks: int = attrs.field(default=5, validator=_positive)
    suggestion_cooldown: timedelta = attrs.field(default=timedelta(seconds=30), validator=_positive)
    # a move on heard this early opens the lecture rather than closing a part of it
    lecture_opening: timedelta = attrs.field(default=timedelta(seconds=60), validator=_positive)
    quiz_transcript_window: timedelta = attrs.field(
        default=timedelta(minutes=5), validator=_positive
    )
    code_attempts: int = attrs.field(default=40, validator=_positive)
    max_question_chars: int = attrs.field(default=500, validator=_positive)
    max_title_chars: int = attrs.field(default=200, validator=_positive)
