"""Each lecture's instructor glossary: the rules of an entry, who may edit it, and that its
terms reach quiz drafts first."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Forbidden, Invalid, QuizDraft
from reboot_core.domain.glossary import MAX_TERMS, clean_terms, term_key
from reboot_core.ports.language import Term
from tests.unit.core._world import OTHER_TEACHER, TEACHER, classroom

entries = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=100)


@given(terms=st.lists(entries.filter(lambda t: t.split()), max_size=40))
def test_a_valid_glossary_keeps_its_terms_in_order_tidied_and_once(terms: list[str]) -> None:
    cleaned = clean_terms(terms)
    tidy = [" ".join(unicodedata.normalize("NFC", t).split()) for t in terms]
    first_by_key: dict[str, str] = {}
    for term in tidy:
        first_by_key.setdefault(term_key(term), term)
    assert list(cleaned) == list(first_by_key.values())
    assert all(1 <= len(term) <= 100 for term in cleaned)


@given(
    good=st.lists(st.sampled_from(["흐름 제어", "혼잡 제어", "select_related"]), max_size=3),
    bad=st.sampled_from(["", "   ", "\t\n", "가" * 101, 7, None]),
    at=st.integers(0, 3),
)
def test_an_empty_too_long_or_non_text_entry_is_refused_by_number(good, bad, at) -> None:
    terms = [*good[:at], bad, *good[at:]]
    with pytest.raises(Invalid, match=f"term {min(at, len(good)) + 1} "):
        clean_terms(terms)


@given(extra=st.integers(1, 50))
def test_more_than_300_terms_are_refused(extra: int) -> None:
    with pytest.raises(Invalid, match="300"):
        clean_terms([f"용어 {i}" for i in range(MAX_TERMS + extra)])
    assert len(clean_terms([f"용어 {i}" for i in range(MAX_TERMS)])) == MAX_TERMS


@pytest.mark.parametrize("bad", ["흐름 제어", {"terms": []}, 3])
def test_a_glossary_must_be_a_list(bad) -> None:
    with pytest.raises(Invalid):
        clean_terms(bad)


def test_only_the_lectures_instructor_edits_its_glossary() -> None:
    room = classroom()
    live = room.live
    assert live.glossary.glossary(TEACHER, "lecture-1").terms == ()
    chosen = live.glossary.set_glossary(TEACHER, "lecture-1", [" 흐름  제어", "흐름제어", "RTO"])
    assert chosen.terms == ("흐름 제어", "RTO")
    assert live.glossary.glossary(TEACHER, "lecture-1").terms == ("흐름 제어", "RTO")
    with pytest.raises(Forbidden):
        live.glossary.glossary(OTHER_TEACHER, "lecture-1")
    with pytest.raises(Forbidden):
        live.glossary.set_glossary(OTHER_TEACHER, "lecture-1", ["남의 강의"])
    with pytest.raises(Forbidden):
        live.glossary.glossary(room.students[0], "lecture-1")
    with pytest.raises(Invalid):
        live.glossary.set_glossary(TEACHER, "lecture-1", [""])
    assert live.glossary.glossary(TEACHER, "lecture-1").terms == ("흐름 제어", "RTO")


def test_a_quiz_draft_gets_the_instructors_terms_before_the_materials() -> None:
    room = classroom()
    room.language.terms.append([Term("RTO"), Term("슬라이딩 윈도우")])
    room.live.glossary.set_glossary(TEACHER, "lecture-1", ["흐름 제어", "rto"])
    room.live.materials.upload(TEACHER, "lecture-1", "강의", b"# TCP\n\n**RTO**\n")
    room.clock.advance(10)
    room.live.transcripts.add_text(TEACHER, room.sid, "흐름 제어는 수신자를 지킵니다.")
    room.language.quizzes.append(QuizDraft.create("흐름 제어는?", ["가", "나", "다"], "가"))
    room.live.quizzes.generate(TEACHER, room.sid)
    glossary = room.language.requests[-1].glossary
    assert [(t.text, t.source) for t in glossary] == [
        ("흐름 제어", "instructor"),
        ("rto", "instructor"),
        ("슬라이딩 윈도우", "material"),
    ]


def test_the_self_test_gets_the_notes_key_terms_then_the_instructors_terms() -> None:
    room = classroom(1)
    room.live.glossary.set_glossary(TEACHER, "lecture-1", ["혼잡 윈도우", "흐름 제어"])
    room.live.sessions.end(TEACHER, room.sid)
    said = "수신자가 받을 수 있는 만큼만 보내도록 흐름 제어를 합니다. " * 3
    note = "# TCP\n\n**핵심 용어**: 흐름 제어, RTO\n\n## 흐름 제어\n\n" + said
    room.live.notes.put_draft(room.sid, note)
    room.live.notes.approve(TEACHER, room.sid)  # no draft queued: the self-test is best effort
    glossary = room.language.requests[-1].glossary
    assert [(t.text, t.source) for t in glossary] == [
        ("흐름 제어", "instructor"),
        ("RTO", "instructor"),
        ("혼잡 윈도우", "instructor"),
    ]
