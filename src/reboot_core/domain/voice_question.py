"""A spoken question: how long a clip may be, and the text it becomes.

The clip is 16 kHz mono 16-bit PCM (the speech port's format); it is recognised once and
dropped, never stored. The text is only a proposal: the student reads, edits and sends it
as an ordinary anonymous question.
"""

from __future__ import annotations

from collections.abc import Sequence

from reboot_core.errors import Invalid, TooLarge
from reboot_core.ports.speech import CHANNELS, SAMPLE_RATE, SAMPLE_WIDTH, RecognizedSegment

MAX_VOICE_SECONDS = 30
# a tap rather than a hold: too short to hold a question
MIN_VOICE_SECONDS = 0.3
_BYTES_PER_SECOND = SAMPLE_RATE * SAMPLE_WIDTH * CHANNELS


def clip_seconds(pcm_length: int) -> float:
    """Seconds of a clip of ``pcm_length`` bytes; TooLarge past 30 s, Invalid under 0.3 s."""
    seconds = pcm_length / _BYTES_PER_SECOND
    if seconds > MAX_VOICE_SECONDS:
        raise TooLarge(
            f"녹음은 {MAX_VOICE_SECONDS}초까지예요. 질문을 짧게 나눠 말해 주세요: "
            f"the clip is {seconds:.1f} s, at most {MAX_VOICE_SECONDS} s"
        )
    if seconds < MIN_VOICE_SECONDS:
        raise Invalid(
            "녹음이 너무 짧아요. 버튼을 누른 채로 말해 주세요: "
            f"the clip is {seconds:.2f} s, at least {MIN_VOICE_SECONDS} s"
        )
    return seconds


def question_text_of(segments: Sequence[RecognizedSegment], max_chars: int) -> str:
    """The recognised words as one proposed question, cut to ``max_chars``; Invalid when
    nothing was heard."""
    words = " ".join(segment.text.strip() for segment in segments if segment.text.strip())
    text = " ".join(words.split())
    if not text:
        raise Invalid(
            "말소리를 알아듣지 못했어요. 조용한 곳에서 조금 더 크게 다시 말해 주세요: "
            "no speech was recognised in the clip"
        )
    return text[:max_chars].rstrip()


__all__ = ["MAX_VOICE_SECONDS", "MIN_VOICE_SECONDS", "clip_seconds", "question_text_of"]
