"""The OpenAI adapter against a misbehaving service: every fault is Unavailable, never a
half-made result, and FallbackLanguageModel then answers with the offline model."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from reboot_adapters.fallback_language import FallbackLanguageModel
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_adapters.openai_language import OpenAILanguageModel
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid, Unavailable
from reboot_core.ports.language import MaterialSection, NoteRequest, QuizRequest, Term
from tests.support.fake_openai import FakeOpenAI, chat_reply, raw_reply, status_reply

LECTURE = (Path(__file__).resolve().parent.parent / "data" / "lecture_ko.txt").read_text("utf-8")
GOOD_QUIZ = {
    "question": "QuerySet은 언제 쿼리를 실행하나요?",
    "options": ["filter 호출 시", "값을 꺼낼 때", "모델 정의 시", "서버 시작 시"],
    "correct_answer": "값을 꺼낼 때",
    "explanation": "QuerySet은 게으릅니다.",
    "concept_tags": ["QuerySet"],
}
TIMEOUT = 0.5


def reply(data: object) -> object:
    return chat_reply(json.dumps(data, ensure_ascii=False))


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def model(fake: FakeOpenAI) -> OpenAILanguageModel:
    return OpenAILanguageModel("test-key", base_url=fake.base_url, timeout=TIMEOUT, max_retries=1)


def test_a_good_reply_is_a_quiz_and_the_request_is_json_mode(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.append(reply(GOOD_QUIZ))

    draft = model.draft_quiz(QuizRequest(LECTURE, glossary=(Term("QuerySet"),)))

    assert draft.correct_answer == "값을 꺼낼 때"
    sent = fake.requests[0]["json"]
    assert sent["model"] == "gpt-4o-mini"
    assert sent["response_format"] == {"type": "json_object"}
    assert "퀴즈" in sent["messages"][0]["content"]
    assert json.loads(sent["messages"][1]["content"])["glossary"] == [{"term": "QuerySet"}]


def test_server_errors_are_retried_once_then_unavailable(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.default_chat = status_reply(500)

    with pytest.raises(Unavailable):
        model.draft_quiz(QuizRequest(LECTURE))

    assert len(fake.requests) == 2


def test_one_server_error_then_a_good_reply_succeeds(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.extend([status_reply(503), reply(GOOD_QUIZ)])

    assert model.draft_quiz(QuizRequest(LECTURE)).options == tuple(GOOD_QUIZ["options"])


def test_a_stalled_service_is_unavailable_after_the_timeout_without_retry(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.default_chat = chat_reply(json.dumps(GOOD_QUIZ), delay=TIMEOUT * 4)

    started = time.monotonic()
    with pytest.raises(Unavailable, match="응답하지 않았습니다"):
        model.draft_quiz(QuizRequest(LECTURE))

    assert time.monotonic() - started < TIMEOUT * 3
    assert len(fake.requests) == 1


def test_a_refused_request_is_not_retried(fake: FakeOpenAI, model: OpenAILanguageModel) -> None:
    fake.default_chat = status_reply(401)

    with pytest.raises(Unavailable, match="401"):
        model.draft_quiz(QuizRequest(LECTURE))

    assert len(fake.requests) == 1


def test_no_service_listening_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    model = OpenAILanguageModel("k", base_url=f"http://127.0.0.1:{port}/v1", timeout=TIMEOUT)

    with pytest.raises(Unavailable):
        model.draft_quiz(QuizRequest(LECTURE))


@pytest.mark.parametrize(
    "behaviour",
    [
        raw_reply(b"<html>502 Bad Gateway</html>"),  # the HTTP body is not JSON
        raw_reply(b'{"choices": []}'),  # no message at all
        chat_reply("좋아요, 퀴즈를 만들어 볼게요!"),  # content is not JSON
        chat_reply('{"question": "잘린 JSON'),  # truncated JSON
        chat_reply("[1, 2, 3]"),  # JSON, not an object
        reply({"q": "질문", "answers": ["a", "b", "c", "d"]}),  # wrong field names
        reply({**GOOD_QUIZ, "options": GOOD_QUIZ["options"][:3]}),  # 3 options
        reply({**GOOD_QUIZ, "correct_answer": "보기에 없는 답"}),
        reply({**GOOD_QUIZ, "options": ["a", "a", "b", "c"], "correct_answer": "a"}),
        reply({**GOOD_QUIZ, "question": ""}),
        reply({**GOOD_QUIZ, "question": 42}),
        reply({**GOOD_QUIZ, "concept_tags": [1, 2]}),
    ],
    ids=[
        "html-body",
        "no-choices",
        "prose",
        "truncated",
        "array",
        "wrong-fields",
        "three-options",
        "answer-not-an-option",
        "duplicate-options",
        "empty-question",
        "question-not-text",
        "tags-not-text",
    ],
)
def test_unusable_quiz_replies_are_retried_then_unavailable(
    fake: FakeOpenAI, model: OpenAILanguageModel, behaviour: object
) -> None:
    fake.default_chat = behaviour  # type: ignore[assignment]

    with pytest.raises(Unavailable):
        model.draft_quiz(QuizRequest(LECTURE))

    assert len(fake.requests) == 2


def test_an_unusable_reply_then_a_good_one_gives_the_good_quiz(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.extend([reply({**GOOD_QUIZ, "correct_answer": "없는 답"}), reply(GOOD_QUIZ)])

    assert model.draft_quiz(QuizRequest(LECTURE)) == QuizDraft.create(
        GOOD_QUIZ["question"],
        GOOD_QUIZ["options"],
        GOOD_QUIZ["correct_answer"],
        GOOD_QUIZ["explanation"],
        GOOD_QUIZ["concept_tags"],
    )


def test_an_answer_given_as_an_option_index_is_understood(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.append(reply({**GOOD_QUIZ, "correct_answer": 1}))

    assert model.draft_quiz(QuizRequest(LECTURE)).correct_answer == GOOD_QUIZ["options"][1]


@pytest.mark.parametrize(
    "groups",
    [
        [[0, 1]],  # question 2 missing
        [[0, 1], [1, 2]],  # question 1 twice
        [[0, 1, 2, 3]],  # no question 3
        [[0], [1], ["2"]],  # not an index
        "0,1,2",
    ],
)
def test_groupings_that_do_not_place_every_question_once_are_unavailable(
    fake: FakeOpenAI, model: OpenAILanguageModel, groups: object
) -> None:
    fake.default_chat = reply({"groups": groups})  # type: ignore[assignment]

    with pytest.raises(Unavailable):
        model.cluster_questions(["ORM이 뭔가요?", "orm이 뭐예요", "배포는요?"])


def test_a_valid_grouping_becomes_labels_in_order_of_first_appearance(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.append(reply({"groups": [[2], [1, 0]]}))

    assert model.cluster_questions(["ORM이 뭔가요?", "orm이 뭐예요", "배포는요?"]) == [0, 0, 1]


def test_too_many_questions_for_one_prompt_are_unavailable_without_a_request(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    with pytest.raises(Unavailable):
        model.cluster_questions([f"질문 {n}" for n in range(1000)])

    assert fake.requests == []


NOTE_REQUEST = NoteRequest("ORM", LECTURE, (), (), ())


def test_a_plain_markdown_note_reply_is_accepted(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.append(chat_reply("# ORM\n\n## 모델\n\n- 모델은 테이블이 됩니다."))

    assert model.draft_note(NOTE_REQUEST).startswith("# ORM")


@pytest.mark.parametrize(
    "behaviour", [reply({"markdown": "  "}), reply({"text": "# ORM"}), chat_reply("")]
)
def test_empty_or_misnamed_notes_are_unavailable(
    fake: FakeOpenAI, model: OpenAILanguageModel, behaviour: object
) -> None:
    fake.default_chat = behaviour  # type: ignore[assignment]

    with pytest.raises(Unavailable):
        model.draft_note(NOTE_REQUEST)


class RecordingModel:
    """A LanguageModel that answers fixed values and counts calls (a fake, not a mock)."""

    def __init__(self) -> None:
        self.calls = 0

    def draft_quiz(self, request: QuizRequest) -> QuizDraft:
        self.calls += 1
        return QuizDraft.create("질문?", ["가", "나"], "가")

    def draft_note(self, request: NoteRequest) -> str:
        self.calls += 1
        return "# 노트\n"

    def cluster_questions(
        self, questions: Sequence[str], *, glossary=(), lecture=None
    ) -> list[int]:
        self.calls += 1
        return [0] * len(questions)

    def lecture_terms(self, sections: Sequence[MaterialSection]) -> list[Term]:
        self.calls += 1
        return []


def test_fallback_gives_the_offline_draft_when_the_service_fails(
    fake: FakeOpenAI, model: OpenAILanguageModel, caplog: pytest.LogCaptureFixture
) -> None:
    fake.default_chat = status_reply(500)
    offline = OfflineLanguageModel(embedder=None)
    both = FallbackLanguageModel(model, offline)

    with caplog.at_level(logging.WARNING, logger="reboot_adapters.fallback_language"):
        draft = both.draft_quiz(QuizRequest(LECTURE, glossary=(Term("트랜잭션"),)))

    assert draft == offline.draft_quiz(QuizRequest(LECTURE, glossary=(Term("트랜잭션"),)))
    warnings = [r for r in caplog.records if r.name == "reboot_adapters.fallback_language"]
    assert len(warnings) == 1
    assert "OpenAILanguageModel" in warnings[0].getMessage()
    assert LECTURE[:20] not in caplog.text


def test_fallback_covers_notes_and_clusters_on_a_stalled_service(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.default_chat = raw_reply(b"{}", delay=TIMEOUT * 4)
    offline = OfflineLanguageModel(embedder=None)
    both = FallbackLanguageModel(model, offline)
    questions = ["ORM이 뭔가요?", "orm이 뭐예요", "배포는요?"]

    assert both.cluster_questions(questions) == offline.cluster_questions(questions)
    assert both.draft_note(NOTE_REQUEST) == offline.draft_note(NOTE_REQUEST)


def test_fallback_after_unusable_replies_is_the_offline_draft(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.default_chat = reply({**GOOD_QUIZ, "options": ["하나뿐"]})  # type: ignore[assignment]
    offline = OfflineLanguageModel(embedder=None)

    draft = FallbackLanguageModel(model, offline).draft_quiz(QuizRequest(LECTURE))

    assert draft == offline.draft_quiz(QuizRequest(LECTURE))


def test_invalid_from_the_primary_is_passed_on_not_fallen_back(
    model: OpenAILanguageModel,
) -> None:
    fallback = RecordingModel()

    with pytest.raises(Invalid):
        FallbackLanguageModel(model, fallback).draft_quiz(QuizRequest("네."))

    assert fallback.calls == 0


def test_fallback_is_not_asked_when_the_primary_answers(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.append(reply(GOOD_QUIZ))
    fallback = RecordingModel()

    draft = FallbackLanguageModel(model, fallback).draft_quiz(QuizRequest(LECTURE))

    assert draft.correct_answer == GOOD_QUIZ["correct_answer"]
    assert fallback.calls == 0


def test_the_quiz_prompt_gets_the_window_the_glossary_and_the_material_headings(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.append(reply(GOOD_QUIZ))
    window = LECTURE[-600:]
    request = QuizRequest(
        window,
        lecture=LECTURE,
        glossary=(Term("지연 평가", source="instructor"), Term("QuerySet", aliases=("쿼리셋",))),
        sections=(
            MaterialSection("ORM.md", "QuerySet 지연 평가", "QuerySet은 게으르다"),
            MaterialSection("ORM.md", "N+1 문제", "select_related"),
        ),
    )

    model.draft_quiz(request)

    sent = json.loads(fake.requests[0]["json"]["messages"][1]["content"])
    assert sent["transcript"] == window  # the window, not the whole lecture
    assert sent["glossary"] == [
        {"term": "지연 평가", "added_by_instructor": True},
        {"term": "QuerySet", "aliases": ["쿼리셋"]},
    ]
    assert sent["material_headings"] == ["QuerySet 지연 평가", "N+1 문제"]
    assert "added_by_instructor" in fake.requests[0]["json"]["messages"][0]["content"]


def test_the_note_prompt_marks_the_instructors_terms_and_keeps_the_sections(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.chat.append(reply({"markdown": "# ORM\n\n**핵심 용어**: 지연 평가\n"}))
    sections = (
        MaterialSection("ORM.md", "QuerySet 지연 평가", "| 메서드 | 평가 |\n| --- | --- |"),
    )
    request = NoteRequest(
        "ORM", LECTURE, sections, (), (), glossary=(Term("지연 평가", source="instructor"),)
    )

    model.draft_note(request)

    sent = json.loads(fake.requests[0]["json"]["messages"][1]["content"])
    assert sent["glossary"] == [{"term": "지연 평가", "added_by_instructor": True}]
    assert sent["sections"][0]["heading"] == "QuerySet 지연 평가"
    assert sent["sections"][0]["text"].startswith("| 메서드 |")


def test_a_failing_service_falls_back_with_the_same_window_and_glossary(
    fake: FakeOpenAI, model: OpenAILanguageModel
) -> None:
    fake.default_chat = status_reply(500)
    seen: list[QuizRequest] = []

    class Recording:
        def draft_quiz(self, request: QuizRequest) -> QuizDraft:
            seen.append(request)
            return QuizDraft.create("오프라인?", ["가", "나", "다", "라"], "가")

    fallback = FallbackLanguageModel(model, Recording())  # type: ignore[arg-type]
    request = QuizRequest(LECTURE[-600:], glossary=(Term("지연 평가", source="instructor"),))

    assert fallback.draft_quiz(request).question_text == "오프라인?"
    assert seen == [request]
