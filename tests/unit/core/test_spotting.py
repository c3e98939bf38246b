"""Checkpoint phrases in recognised speech, and the quiz suggestions they raise."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import (
    DEFAULT_TRIGGER_PHRASES,
    Checkpoint,
    CheckpointKind,
    Conflict,
    Forbidden,
    KeywordSpotter,
    QuizDraft,
    SuggestionStatus,
)
from tests.strategies import (
    garbled_spacing,
    hangul_syllables,
    korean_text_without_phrases,
)
from tests.unit.core._world import TEACHER, classroom

SPOTTER = KeywordSpotter(DEFAULT_TRIGGER_PHRASES)
phrases = st.sampled_from(DEFAULT_TRIGGER_PHRASES)
context = korean_text_without_phrases(max_words=8)
DRAFT = QuizDraft.create("QuerySet은 언제 실행되나요?", ["만들 때", "반복할 때"], "반복할 때")


def found(chunks: list[str]) -> set[str]:
    return {hit.phrase for hit in SPOTTER.spot(chunks)}


# --- the spotter ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spoken", "phrase"),
    [
        ("질문 있 나요?", "질문 있나요"),
        ("이해 되셨나요", "이해되셨나요"),
        ("자, 여기까지... 괜찮으시죠!", "여기까지 괜찮으시죠"),
        ("그럼 다음으로 넘어 갈게요", "다음으로 넘어갈게요"),
    ],
)
def test_phrases_are_found_despite_spacing_and_punctuation(spoken: str, phrase: str) -> None:
    assert found([spoken]) == {phrase}


@given(phrase=phrases, data=st.data(), before=context, after=context)
def test_any_spacing_and_punctuation_inside_a_phrase_is_ignored(
    phrase: str, data: st.DataObject, before: str, after: str
) -> None:
    spoken = data.draw(garbled_spacing(phrase))
    assert phrase in found([f"{before} {spoken}{after}"])


@given(phrase=phrases, data=st.data(), before=context)
def test_one_misrecognised_syllable_is_tolerated(
    phrase: str, data: st.DataObject, before: str
) -> None:
    syllables = list(phrase.replace(" ", ""))
    position = data.draw(st.integers(0, len(syllables) - 1))
    syllables[position] = data.draw(hangul_syllables)
    assert phrase in found([f"{before} {''.join(syllables)}"])


def test_one_substituted_syllable_in_a_long_phrase() -> None:
    assert found(["여기까지 괜잖으시죠"]) == {"여기까지 괜찮으시죠"}
    assert found(["다음으로 너머갈게요"]) == {"다음으로 넘어갈게요"}


@given(phrase=phrases, data=st.data(), before=context, after=context)
def test_a_phrase_split_across_two_chunks_is_found(
    phrase: str, data: st.DataObject, before: str, after: str
) -> None:
    syllables = phrase.replace(" ", "")
    cut = data.draw(st.integers(1, len(syllables) - 1))
    chunks = [f"{before} {syllables[:cut]}", f"{syllables[cut:]} {after}"]
    # fed as they arrive, the phrase is reported exactly once: when it first becomes
    # recognisable (which may already be the first chunk, within the error tolerance)
    reports = [phrase in found(chunks[:1]), phrase in found(chunks)]
    assert reports.count(True) == 1


@given(phrase=phrases, before=context, later=st.lists(context, min_size=1, max_size=4))
def test_later_chunks_do_not_report_the_same_occurrence_again(
    phrase: str, before: str, later: list[str]
) -> None:
    window = [f"{before} {phrase}"]
    for chunk in later:
        window.append(chunk)
        assert found(window[-5:]) == set()


@given(chunks=st.lists(korean_text_without_phrases(), min_size=1, max_size=5))
def test_unrelated_korean_speech_yields_nothing(chunks: list[str]) -> None:
    for end in range(1, len(chunks) + 1):
        assert SPOTTER.spot(chunks[:end]) == []


def test_nothing_to_spot_in_nothing() -> None:
    assert SPOTTER.spot([]) == []
    assert SPOTTER.spot(["", "...", "  "]) == []
    assert KeywordSpotter(["", "?!"]).spot(["이해되셨나요"]) == []


def test_a_phrase_cut_before_its_last_syllable_is_reported_once() -> None:
    chunks = ["자 그럼 여기까지 이해되셨나", "요 네 좋습니다"]
    reports = [hit for end in (1, 2) for hit in SPOTTER.spot(chunks[:end])]
    assert [hit.phrase for hit in reports] == ["이해되셨나요"]


# --- suggestions in a live session ----------------------------------------------------------------


def say(room, text: str, start: float, end: float):
    return room.live.transcripts.add_text(TEACHER, room.sid, text, start, end)


@given(phrase=phrases, data=st.data(), before=context, later=st.lists(context, max_size=4))
def test_one_spoken_phrase_yields_one_suggestion(
    phrase: str, data: st.DataObject, before: str, later: list[str]
) -> None:
    room = classroom(1)
    syllables = phrase.replace(" ", "")
    cut = data.draw(st.integers(1, len(syllables) - 1))
    chunks = [f"{before} {syllables[:cut]}", syllables[cut:], *later]
    made = [say(room, text, 3.0 * i, 3.0 * i + 3.0).suggestion for i, text in enumerate(chunks)]
    suggestions = [s for s in made if s is not None]
    assert len(suggestions) == 1
    assert suggestions[0].phrase == phrase
    assert [s.id for s in room.live.transcripts.suggestions(TEACHER, room.sid)] == [
        suggestions[0].id
    ]


def test_later_chunks_do_not_retrigger_even_after_the_cooldown() -> None:
    room = classroom(1)
    first = say(room, "자 여기까지 이해되셨나요", 0, 3).suggestion
    assert first is not None and first.at_offset == 3
    for i in range(1, 5):  # the phrase stays in the 5-chunk window; 40 s apart > cooldown
        assert (
            say(room, "네 그럼 쿼리셋 이야기를 해 볼게요", 40.0 * i, 40.0 * i + 3).suggestion
            is None
        )
    assert len(room.live.transcripts.suggestions(TEACHER, room.sid)) == 1


def test_the_cooldown_holds_back_a_repeated_phrase() -> None:
    room = classroom(1)
    assert say(room, "질문 있나요?", 0, 3).suggestion is not None
    assert say(room, "질문 있나요? 없으면", 10, 13).suggestion is None  # 10 s later
    again = say(room, "자, 질문 있나요?", 40, 43).suggestion  # 40 s after the first
    assert again is not None and again.at_offset == 43
    assert len(room.live.transcripts.suggestions(TEACHER, room.sid)) == 2


@attrs.frozen
class HeardAs:
    """A detector that hears every sentence as a checkpoint of one kind."""

    kind: CheckpointKind

    def find(self, context, newest, phrases, *, in_progress=False) -> Checkpoint:
        return Checkpoint(phrase=phrases[0], heard_text=newest, kind=self.kind)


@given(kind=st.sampled_from(CheckpointKind), end=st.floats(0.5, 300.0))
def test_a_move_on_in_the_lectures_first_minute_opens_it_and_suggests_nothing(
    kind: CheckpointKind, end: float
) -> None:
    room = classroom(1, detector=HeardAs(kind))
    suggestion = say(room, "자, 이제 시작해 볼게요", max(0.0, end - 3), end).suggestion
    opening = kind is CheckpointKind.MOVING_ON and end < 60
    assert (suggestion is None) == opening


@given(chunks=st.lists(korean_text_without_phrases(), min_size=1, max_size=6))
def test_unrelated_speech_raises_no_suggestion(chunks: list[str]) -> None:
    room = classroom(1)
    for i, text in enumerate(chunks):
        assert say(room, text, 40.0 * i, 40.0 * i + 5).suggestion is None
    assert room.live.transcripts.suggestions(TEACHER, room.sid) == []
    assert len(room.live.transcripts.transcript(TEACHER, room.sid)) == len(chunks)


def test_a_suggestion_sends_no_quiz_until_the_instructor_triggers_one() -> None:
    room = classroom(1)
    student = room.students[0]
    suggestion = say(room, "여기까지 괜찮으시죠?", 0, 3).suggestion
    assert suggestion is not None and suggestion.status is SuggestionStatus.PENDING
    assert room.live.feeds.feed(TEACHER, room.sid).suggestions == (suggestion,)
    assert room.live.quizzes.pending(student, room.sid) == []
    assert room.live.feeds.feed(student, room.sid).pending_quizzes == ()

    room.language.quizzes.append(DRAFT)
    draft = room.live.transcripts.accept(TEACHER, room.sid, suggestion.id)
    assert draft == DRAFT
    assert room.live.quizzes.list(TEACHER, room.sid) == []
    assert room.live.quizzes.pending(student, room.sid) == []
    assert room.live.transcripts.suggestions(TEACHER, room.sid) == []

    quiz = room.live.quizzes.trigger(TEACHER, room.sid, draft, ai_generated=True)
    assert [q.id for q in room.live.quizzes.pending(student, room.sid)] == [quiz.id]


def test_accepting_drafts_from_the_transcript_around_the_phrase() -> None:
    room = classroom(1)
    say(room, "select_related는 JOIN으로 한 번에 가져옵니다", 0, 5)
    suggestion = say(room, "이해되셨나요?", 5, 8).suggestion
    room.language.quizzes.append(DRAFT)
    room.live.transcripts.accept(TEACHER, room.sid, suggestion.id)
    kind, transcript = room.language.calls[-1]
    assert kind == "draft_quiz"
    assert "select_related는 JOIN으로" in transcript and "이해되셨나요" in transcript


def test_dismissing_resolves_a_suggestion_once() -> None:
    room = classroom(1)
    suggestion = say(room, "다음으로 넘어갈게요", 0, 3).suggestion
    dismissed = room.live.transcripts.dismiss(TEACHER, room.sid, suggestion.id)
    assert dismissed.status is SuggestionStatus.DISMISSED
    assert room.live.transcripts.suggestions(TEACHER, room.sid) == []
    with pytest.raises(Conflict):
        room.live.transcripts.dismiss(TEACHER, room.sid, suggestion.id)


def test_a_resolved_suggestion_cannot_be_resolved_again() -> None:
    room = classroom(1)
    accepted = say(room, "이해되셨나요", 0, 3).suggestion
    dismissed = say(room, "질문 있나요", 40, 43).suggestion
    room.language.quizzes.extend([DRAFT, DRAFT, DRAFT])
    room.live.transcripts.accept(TEACHER, room.sid, accepted.id)
    room.live.transcripts.dismiss(TEACHER, room.sid, dismissed.id)
    with pytest.raises(Conflict):
        room.live.transcripts.accept(TEACHER, room.sid, accepted.id)
    with pytest.raises(Conflict):
        room.live.transcripts.dismiss(TEACHER, room.sid, accepted.id)
    with pytest.raises(Conflict):
        room.live.transcripts.accept(TEACHER, room.sid, dismissed.id)


def test_accepting_twice_is_a_conflict_without_asking_the_model_again() -> None:
    room = classroom(1)
    suggestion = say(room, "이해되셨나요", 0, 3).suggestion
    room.language.quizzes.append(DRAFT)
    room.live.transcripts.accept(TEACHER, room.sid, suggestion.id)
    with pytest.raises(Conflict):
        room.live.transcripts.accept(TEACHER, room.sid, suggestion.id)
    assert [kind for kind, _ in room.language.calls].count("draft_quiz") == 1


def test_students_never_see_suggestions() -> None:
    room = classroom(1)
    suggestion = say(room, "이해되셨나요", 0, 3).suggestion
    with pytest.raises(Forbidden):
        room.live.transcripts.suggestions(room.students[0], room.sid)
    with pytest.raises(Forbidden):
        room.live.transcripts.dismiss(room.students[0], room.sid, suggestion.id)
    feed = room.live.feeds.feed(room.students[0], room.sid)
    assert not hasattr(feed, "suggestions")
    assert "이해되셨나요" not in repr(feed)
