"""Body of the spoken-question route."""

from __future__ import annotations

import msgspec


class VoiceQuestionOut(msgspec.Struct):
    """The recognised words, to be edited and sent as an ordinary question (nothing stored)."""

    question_text: str
    duration_seconds: float


__all__ = ["VoiceQuestionOut"]
