"""Key terms of a note: the names the instructor gives aloud, and how many the note lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reboot_adapters.korean.analysis import sentences
from reboot_adapters.material_text import markdown_sections
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_adapters.offline_language._definitions import spoken_names
from reboot_core.domain.note import key_terms_of
from reboot_core.ports.language import NoteRequest

DATA = Path(__file__).resolve().parents[2] / "data" / "language"
MODEL = OfflineLanguageModel(embedder=None)


def _named(text: str) -> list[str]:
    return spoken_names(sentences(text))


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("이 현상을 자발적 회복이라고 불러요.", "자발적 회복"),
        ("이걸 AIMD라고 합니다.", "AIMD"),
        # morpheme-spaced speech, as Vosk writes it
        ("화산 섬 들 이 줄지어 생겨요 이걸 호상 열도 라고 해요", "호상 열도"),
        ("가끔 만 주는 걸 부분 강화 라고 해요", "부분 강화"),
    ],
)
def test_a_name_given_aloud_is_found(said: str, name: str) -> None:
    assert _named(said) == [name]


@pytest.mark.parametrize(
    "said",
    [
        "이걸 수요량의 변화라고 합니다.",  # the head of a longer phrase
        "1보다 크면 탄력적이라고 해요.",  # a word in -적 describes
        "그걸 뭐라고 했냐면 대륙이 붙어 있었다는 거예요.",  # a question, no name
    ],
)
def test_what_is_no_name_given_aloud_is_left_out(said: str) -> None:
    assert _named(said) == []


def test_a_term_named_aloud_is_a_key_term_though_the_materials_never_mark_it() -> None:
    handout = "# 학습\n\n## 조작적 조건형성\n\n**강화**는 행동을 늘린다.\n"
    materials = tuple(markdown_sections(handout, source="m"))
    spoken = " ".join(
        [
            "조작적 조건형성에서는 강화가 중요합니다.",
            "행동할 때마다 매번 강화를 주는 걸 연속 강화라고 합니다.",
            "강화를 주는 방식이 여러 가지예요.",
            "조작적 조건형성은 스키너가 연구했습니다.",
        ]
    )
    glossary = tuple(MODEL.lecture_terms(materials))
    note = MODEL.draft_note(NoteRequest("학습", spoken, materials, (), (), glossary=glossary))

    assert "연속 강화" in key_terms_of(note), note


def test_a_lecture_whose_materials_mark_many_terms_lists_more_of_them() -> None:
    # the economics handout bolds over sixty terms over thirteen sections
    spec = json.loads((DATA / "lecture_economics.json").read_text(encoding="utf-8"))
    materials = tuple(
        section
        for material in spec["materials"]
        if material["file_type"] == "MD"
        for section in markdown_sections(material["text"], source=material["title"])
    )
    spoken = " ".join(chunk["text"] for chunk in spec["transcript"])
    glossary = tuple(MODEL.lecture_terms(materials))
    note = MODEL.draft_note(NoteRequest("경제", spoken, materials, (), (), glossary=glossary))

    assert 30 < len(key_terms_of(note)) <= 40
