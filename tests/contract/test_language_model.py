"""Contract for LanguageModel, run against every adapter: the built-in offline model and the
OpenAI adapter talking to a local fake server with scripted (but well-formed) replies."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_adapters.openai_language import OpenAILanguageModel
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid
from reboot_core.ports.language import (
    LanguageModel,
    LectureText,
    MaterialSection,
    NoteRequest,
    QuizRequest,
    Term,
)
from tests.support.fake_openai import FakeOpenAI, chat_reply

DATA = Path(__file__).resolve().parent.parent / "data"
LECTURE = (DATA / "lecture_ko.txt").read_text(encoding="utf-8")
QUESTIONS = [item["text"] for item in json.loads((DATA / "questions_ko.json").read_text("utf-8"))]
HANGUL = re.compile("[가-힣]")

SECTIONS = (
    MaterialSection(
        "orm.pdf", "ORM과 모델", "ORM은 파이썬 클래스와 데이터베이스 테이블을 연결한다."
    ),
    MaterialSection(
        "orm.pdf", "마이그레이션", "makemigrations로 파일을 만들고 migrate로 적용한다."
    ),
    MaterialSection("orm.pdf", "QuerySet과 지연 평가", "QuerySet은 반복할 때 쿼리를 실행한다."),
)

HEADINGS = tuple(section.heading for section in SECTIONS)

SCRIPTED_QUIZ = {
    "question": "장고에서 QuerySet이 실제로 데이터베이스에 쿼리를 보내는 때는 언제인가요?",
    "options": [
        "filter를 호출할 때",
        "반복문으로 값을 꺼낼 때",
        "모델을 정의할 때",
        "migrate 할 때",
    ],
    "correct_answer": "반복문으로 값을 꺼낼 때",
    "explanation": "QuerySet은 게을러서 값을 실제로 꺼낼 때 쿼리가 실행됩니다.",
    "concept_tags": ["QuerySet", "지연 평가"],
}


def scripted_service(request: dict[str, Any]) -> tuple[int, bytes, float]:
    """A stand-in for a capable model: answers each task in the shape the adapter asks for."""
    payload = json.loads(request["json"]["messages"][-1]["content"])
    if "questions" in payload:
        first_word: dict[str, list[int]] = {}
        for question in payload["questions"]:
            key = question["text"].split()[0] if question["text"].split() else ""
            first_word.setdefault(key, []).append(question["index"])
        reply: dict[str, Any] = {"groups": list(first_word.values())}
    elif "sections" in payload:
        parts = [f"# {payload['title']}"]
        parts += [
            f"## {section['heading']}\n\n{section['text']}" for section in payload["sections"]
        ]
        reply = {"markdown": "\n\n".join(parts)}
    else:
        reply = SCRIPTED_QUIZ
    return chat_reply(json.dumps(reply, ensure_ascii=False))(request)


@pytest.fixture(scope="module")
def fake_service() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        fake.default_chat = scripted_service
        yield fake


@pytest.fixture(params=["offline", "openai"])
def model(request: pytest.FixtureRequest, fake_service: FakeOpenAI) -> LanguageModel:
    if request.param == "offline":
        return OfflineLanguageModel(embedder=None)
    return OpenAILanguageModel("test-key", base_url=fake_service.base_url, timeout=5.0)


def test_draft_quiz_gives_a_valid_four_option_korean_quiz(model: LanguageModel) -> None:
    draft = model.draft_quiz(QuizRequest(LECTURE, glossary=(Term("트랜잭션"), Term("인덱스"))))

    assert isinstance(draft, QuizDraft)
    assert len(draft.options) == 4
    assert len(set(draft.options)) == 4
    assert draft.correct_answer in draft.options
    assert HANGUL.search(draft.question_text)
    assert draft.concept_tags


@pytest.mark.parametrize("transcript", ["", "   ", "네.", "자, 시작할게요."])
def test_too_short_transcript_is_invalid(model: LanguageModel, transcript: str) -> None:
    with pytest.raises(Invalid):
        model.draft_quiz(QuizRequest(transcript))


def test_cluster_labels_cover_every_question_0_based_in_order(model: LanguageModel) -> None:
    questions = QUESTIONS[:40]

    labels = model.cluster_questions(questions)

    assert len(labels) == len(questions)
    first_seen = list(dict.fromkeys(labels))
    assert first_seen == list(range(len(first_seen)))


def test_cluster_with_the_lecture_covers_every_question(model: LanguageModel) -> None:
    questions = QUESTIONS[:40]
    lecture = LectureText(transcript=LECTURE, sections=SECTIONS)

    labels = model.cluster_questions(questions, lecture=lecture)

    assert len(labels) == len(questions)
    assert list(dict.fromkeys(labels)) == list(range(len(set(labels))))


def test_cluster_of_no_questions_is_empty(model: LanguageModel) -> None:
    assert model.cluster_questions([]) == []


def test_identical_questions_share_a_label(model: LanguageModel) -> None:
    labels = model.cluster_questions(["ORM이 뭔가요?", "배포는 어떻게 하나요?", "ORM이 뭔가요?"])

    assert labels[0] == labels[2]


def test_draft_note_is_markdown_with_the_material_headings(model: LanguageModel) -> None:
    request = NoteRequest(
        title="Django ORM 기초",
        transcript=LECTURE,
        sections=SECTIONS,
        quizzes=(),
        top_questions=("makemigrations랑 migrate 차이가 뭔가요?",),
    )

    note = model.draft_note(request)

    assert note.strip()
    headings = [line.lstrip("#").strip() for line in note.splitlines() if line.startswith("#")]
    material_headings = [heading for heading in headings if heading in HEADINGS]
    assert material_headings == list(HEADINGS)
