"""A spoken question's rules: clip length bounds, and the proposed text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core.domain.voice_question import (
    MAX_VOICE_SECONDS,
    MIN_VOICE_SECONDS,
    clip_seconds,
    question_text_of,
)
from reboot_core.errors import Invalid, TooLarge
from reboot_core.ports.speech import RecognizedSegment

BYTES_PER_SECOND = 32_000


@given(st.integers(min_value=0, max_value=40 * BYTES_PER_SECOND))
def test_a_clip_is_taken_exactly_between_the_bounds(length: int) -> None:
    seconds = length / BYTES_PER_SECOND
    if seconds > MAX_VOICE_SECONDS:
        with pytest.raises(TooLarge, match="30초"):
            clip_seconds(length)
    elif seconds < MIN_VOICE_SECONDS:
        with pytest.raises(Invalid, match="너무 짧아요"):
            clip_seconds(length)
    else:
        assert clip_seconds(length) == seconds


words = st.text(alphabet=st.sampled_from(list("가나다 ab\t\n")), max_size=30)


@given(st.lists(words, max_size=6), st.integers(min_value=1, max_value=40))
def test_the_text_is_the_heard_words_single_spaced_and_cut(parts: list[str], limit: int) -> None:
    segments = [RecognizedSegment(part, i, i + 1) for i, part in enumerate(parts)]
    expected = " ".join(" ".join(parts).split())
    if not expected:
        with pytest.raises(Invalid, match="말소리"):
            question_text_of(segments, limit)
        return
    text = question_text_of(segments, limit)
    assert len(text) <= limit
    assert expected.startswith(text)
    assert text == text.strip() and "  " not in text
