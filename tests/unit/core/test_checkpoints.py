"""Checkpoints in the core: each lecture's phrase list, one suggestion per sentence whether it
was heard in progress or finished, the live transcript's lines, and the recording map."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import DEFAULT_TRIGGER_PHRASES, Forbidden, Invalid, clean_phrases
from reboot_core.domain.recording import RecordingMap, chunk_line, failure_line
from reboot_core.ports.speech import RecognizedSegment
from tests.unit.core._world import OTHER_TEACHER, TEACHER, classroom

entries = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=100)


# --- the phrase list -------------------------------------------------------------------


@given(phrases=st.lists(entries.filter(lambda p: p.split()), max_size=50))
def test_a_valid_list_keeps_its_entries_in_order_tidied_and_once(phrases: list[str]) -> None:
    cleaned = clean_phrases(phrases)
    tidy = [" ".join(unicodedata.normalize("NFC", p).split()) for p in phrases]
    assert list(cleaned) == list(dict.fromkeys(tidy))


@given(
    good=st.lists(st.sampled_from(DEFAULT_TRIGGER_PHRASES), max_size=5),
    bad=st.sampled_from(["", "   ", "가" * 101, 7, None]),
    at=st.integers(0, 5),
)
def test_an_empty_too_long_or_non_text_entry_is_refused(good, bad, at) -> None:
    phrases = [*good[:at], bad, *good[at:]]
    with pytest.raises(Invalid, match=f"phrase {min(at, len(good)) + 1} "):
        clean_phrases(phrases)


def test_more_than_fifty_entries_are_refused_and_a_string_is_not_a_list() -> None:
    clean_phrases([f"문구 {i}" for i in range(50)])
    with pytest.raises(Invalid, match="at most 50"):
        clean_phrases([f"문구 {i}" for i in range(51)])
    with pytest.raises(Invalid, match="list"):
        clean_phrases("이해되셨나요")


def test_each_lecture_has_the_default_until_its_instructor_chooses() -> None:
    room = classroom(1)
    lecture = room.session.lecture_id
    listed = room.live.transcripts.phrases(TEACHER, lecture)
    assert listed.is_default and listed.phrases == DEFAULT_TRIGGER_PHRASES
    chosen = room.live.transcripts.set_phrases(TEACHER, lecture, ["오케이", "질문 있나요"])
    assert not chosen.is_default and chosen.phrases == ("오케이", "질문 있나요")
    assert room.live.transcripts.phrases(TEACHER, lecture).phrases == chosen.phrases
    with pytest.raises(Forbidden):
        room.live.transcripts.set_phrases(OTHER_TEACHER, lecture, ["남의 강의"])
    with pytest.raises(Forbidden):
        room.live.transcripts.phrases(OTHER_TEACHER, lecture)
    with pytest.raises(Forbidden):
        room.live.transcripts.phrases(room.students[0], lecture)


def test_the_lectures_own_list_decides_what_raises_a_suggestion() -> None:
    room = classroom(1)
    say = room.live.transcripts.add_text
    room.live.transcripts.set_phrases(TEACHER, room.session.lecture_id, ["오케이"])
    assert say(TEACHER, room.sid, "자 여기까지 이해되셨나요", 0, 3).suggestion is None
    assert say(TEACHER, room.sid, "여기까지 오케이", 3, 6).suggestion.phrase == "오케이"
    room.live.transcripts.set_phrases(TEACHER, room.session.lecture_id, [])
    assert say(TEACHER, room.sid, "오케이", 60, 62).suggestion is None


# --- one sentence, one suggestion ------------------------------------------------------


@given(split=st.integers(1, 5), more=st.lists(st.sampled_from(["네", "좋습니다", ""]), max_size=3))
def test_a_sentence_suggested_in_progress_is_not_suggested_again_when_finished(
    split: int, more: list[str]
) -> None:
    room = classroom(1)
    hear = room.live.transcripts.hear_audio
    sentence = "자 여기까지 이해되셨나요"
    heard = hear(TEACHER, room.sid, [], RecognizedSegment(sentence, 10.0, 12.0))
    assert heard.partial_suggestion is not None and heard.partial_text == sentence
    # more partials of the same sentence, then the finished sentence (its times may differ)
    for extra in more:
        later = hear(TEACHER, room.sid, [], RecognizedSegment(f"{sentence} {extra}", 10.0, 13.0))
        assert later.partial_suggestion is None
    done = hear(TEACHER, room.sid, [RecognizedSegment(f"{sentence} 네", 10.0 + split / 10, 13.5)])
    assert done.suggestions == [] and len(done.recorded) == 1
    assert len(room.live.transcripts.suggestions(TEACHER, room.sid)) == 1


def test_a_partial_is_never_stored_and_audio_keeps_the_recognisers_words() -> None:
    room = classroom(1)
    hear = room.live.transcripts.hear_audio
    heard = hear(
        TEACHER, room.sid, [RecognizedSegment("쿼리 셋 은", 0, 1)], RecognizedSegment("게으", 1, 2)
    )
    assert heard.partial_text == "게으"
    lines = room.live.transcripts.recent_lines(TEACHER, room.sid, 10)
    assert [(c.text, c.raw_text, c.source.value) for c in lines] == [
        ("쿼리 셋 은", "쿼리 셋 은", "live")
    ]
    typed = room.live.transcripts.add_text(TEACHER, room.sid, "직접 쓴 글", 1, 2).chunk
    assert typed.source.value == "text" and typed.raw_text == ""
    assert [c.id for c in room.live.transcripts.recent_lines(TEACHER, room.sid, 1)] == [typed.id]
    with pytest.raises(Invalid):
        room.live.transcripts.recent_lines(TEACHER, room.sid, 0)
    with pytest.raises(Forbidden):
        room.live.transcripts.recent_lines(room.students[0], room.sid)


# --- the recording map -----------------------------------------------------------------

chunks = st.lists(
    st.tuples(st.sampled_from([0.0, 0.02, 3.0, 60.0]), st.integers(0, 8).map(lambda n: n * 4000)),
    max_size=12,
)


@given(chunks=chunks, lost=st.integers(0, 3), torn=st.booleans())
def test_spans_cover_the_recording_in_order_and_continuous_chunks_join(chunks, lost, torn) -> None:
    lines, at, spans, last_end = b"", 0.0, 0, None
    for gap, length in chunks:
        at += gap
        lines += chunk_line(at, length)
        if length:
            continuous = last_end is not None and abs(at - last_end) <= 0.05
            spans += 0 if continuous else 1
            last_end = at + length / 32000
        at += length / 32000
    lines += failure_line(at, "Vosk failed\nbadly")
    if torn:
        lines += b"chunk 12.5"  # a crash in the middle of a line
    total = sum(length for _, length in chunks) + lost * 4000  # the map may lag the audio
    recording = RecordingMap.read(lines, total)
    assert recording.total_bytes == total
    assert len(recording.spans) == (spans or (1 if lost else 0))
    for a, b in itertools.pairwise(recording.spans):
        assert b.byte_start == a.byte_start + a.length and a.end <= b.offset + 1e-6
    assert recording.failures[-1].reason == "Vosk failed badly"


def test_a_recording_without_a_map_is_one_span_from_the_start() -> None:
    recording = RecordingMap.read(None, 64000)
    assert [(s.offset, s.byte_start, s.length) for s in recording.spans] == [(0.0, 0, 64000)]
    assert RecordingMap.read(b"", 0).spans == ()


def test_the_detector_hears_which_sentence_is_still_being_spoken() -> None:
    told: list[tuple[str, bool]] = []

    class Recording:
        def find(self, context, newest, phrases, *, in_progress=False):
            told.append((newest, in_progress))
            return None

    room = classroom(1, detector=Recording())
    room.live.transcripts.hear_audio(
        TEACHER,
        room.sid,
        [RecognizedSegment("끝난 문장", 0, 1)],
        RecognizedSegment("말하는 중", 1, 2),
    )
    assert told == [("끝난 문장", False), ("말하는 중", True)]
