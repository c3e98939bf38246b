"""The built-in offline language model: key terms, cloze quizzes, question grouping, notes."""

from __future__ import annotations

import json
import re
from math import comb
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_adapters.offline_language._quiz import BLANK, NOT_ENOUGH
from reboot_adapters.offline_language._terms import key_terms
from reboot_adapters.offline_language._text import sentences, strip_suffixes
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid
from reboot_core.ports.language import MaterialSection, NoteRequest

DATA = Path(__file__).resolve().parents[2] / "data"
LECTURE = (DATA / "lecture_ko.txt").read_text(encoding="utf-8")
LABELLED = json.loads((DATA / "questions_ko.json").read_text(encoding="utf-8"))
MODEL = OfflineLanguageModel()


def adjusted_rand_index(truth: list[str], labels: list[int]) -> float:
    """Hubert & Arabie's ARI: 1 for identical partitions, about 0 for chance agreement."""
    pairs: dict[tuple[str, int], int] = {}
    for pair in zip(truth, labels, strict=True):
        pairs[pair] = pairs.get(pair, 0) + 1
    rows: dict[str, int] = {}
    cols: dict[int, int] = {}
    for (row, col), count in pairs.items():
        rows[row] = rows.get(row, 0) + count
        cols[col] = cols.get(col, 0) + count
    index = sum(comb(count, 2) for count in pairs.values())
    row_sum = sum(comb(count, 2) for count in rows.values())
    col_sum = sum(comb(count, 2) for count in cols.values())
    expected = row_sum * col_sum / comb(len(truth), 2)
    best = (row_sum + col_sum) / 2
    return 1.0 if best == expected else (index - expected) / (best - expected)


# --- key terms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("모델이", "모델"),
        ("마이그레이션을", "마이그레이션"),
        ("데이터가", "데이터"),
        ("장고는", "장고"),
        ("필드로", "필드"),
        ("테이블에서", "테이블"),
        ("모델들에서는", "모델"),
        ("뷰를", "뷰"),
        ("사용합니다", "사용"),
        ("체이닝할", "체이닝"),
        # the last syllable only looks like a particle: the sound rule keeps it
        ("어레이", "어레이"),
        ("평가", "평가"),
        ("정의", "정의"),
    ],
)
def test_particles_and_endings_are_stripped_only_where_korean_allows_them(
    word: str, stem: str
) -> None:
    assert strip_suffixes(word)[0] == stem


def test_key_terms_of_a_lecture_are_its_concepts_not_its_fillers() -> None:
    terms = [term.text for term in key_terms(LECTURE)]
    top = terms[:10]

    assert {"모델", "마이그레이션", "QuerySet", "데이터베이스", "테이블"} <= set(top)
    assert {"ORM", "SQL", "select_related", "filter"} <= set(terms)
    for filler in ("이제", "여러분", "그럼", "있습니다", "자", "이렇게", "거예요"):
        assert filler not in terms
    assert not any(term.endswith(("을", "를", "은", "이라고")) for term in terms[:20])


def test_spellings_of_one_concept_count_as_one_term() -> None:
    terms = key_terms("QuerySet은 게으릅니다. 쿼리셋을 반복하면 실행됩니다. queryset 예시입니다.")

    assert [term.count for term in terms if term.concept == "쿼리셋"] == [3]
    assert terms[0].text == "QuerySet"


def test_sentences_are_found_without_punctuation() -> None:
    spoken = "여기서 마이그레이션이 필요합니다 먼저 makemigrations 명령을 실행해요 " * 3

    assert len(sentences(spoken)) >= 6


# --- quizzes -------------------------------------------------------------------------------


def test_quiz_blanks_a_key_term_out_of_a_sentence_that_was_said() -> None:
    draft = MODEL.draft_quiz(LECTURE)

    answer = draft.correct_answer
    assert len(draft.options) == 4
    assert BLANK in draft.question_text
    assert answer not in draft.question_text
    assert draft.concept_tags == (answer,)
    quoted = re.search("“(.+)”", draft.question_text)
    assert quoted is not None
    sentence = quoted.group(1).replace(BLANK, answer)
    assert sentence in LECTURE
    assert sentence in draft.explanation
    for option in draft.options:
        assert option in LECTURE


def test_quiz_is_deterministic_for_the_same_window() -> None:
    assert MODEL.draft_quiz(LECTURE) == OfflineLanguageModel().draft_quiz(LECTURE)


def test_quiz_works_on_unpunctuated_speech_to_text() -> None:
    spoken = re.sub(r"[.,!?]", "", LECTURE).replace("\n", " ")

    draft = MODEL.draft_quiz(spoken)

    assert len(draft.options) == 4
    assert BLANK in draft.question_text


def test_a_short_window_borrows_distractors_from_the_lecture_terms() -> None:
    window = (
        "여기서 마이그레이션이 필요합니다. makemigrations 명령으로 마이그레이션 파일을 만들고, "
        "migrate 명령으로 데이터베이스에 적용합니다."
    )
    lecture_terms = ["QuerySet", "select_related", "트랜잭션", "인덱스"]

    draft = MODEL.draft_quiz(window, lecture_terms=lecture_terms)

    wrong = set(draft.options) - {draft.correct_answer}
    assert len(wrong) == 3
    assert all(option in window or option in lecture_terms for option in wrong)


def test_too_few_terms_is_invalid_with_a_korean_reason() -> None:
    with pytest.raises(Invalid, match="충분하지 않습니다"):
        MODEL.draft_quiz("여기서 마이그레이션이 필요합니다. 마이그레이션을 꼭 하세요.")


_WORDS = [
    "모델",
    "마이그레이션",
    "쿼리셋",
    "QuerySet",
    "ORM",
    "테이블",
    "데이터베이스",
    "select_related",
    "장고",
    "필드",
    "인덱스",
    "트랜잭션",
    "이제",
    "그래서",
    "여러분",
    "정말",
    "N+1",
    "200",
    "a",
]
_ENDINGS = [
    "",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에서",
    "으로",
    "입니다",
    "합니다",
    "해요",
]
_korean_word = st.one_of(
    st.builds(lambda w, e: w + e, st.sampled_from(_WORDS), st.sampled_from(_ENDINGS)),
    st.text(st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=8),
    st.text(alphabet="abcXYZ_", min_size=1, max_size=12),
)
_korean_text = st.lists(
    st.tuples(_korean_word, st.sampled_from([" ", " ", " ", ". ", ", ", "\n", "? ", ""])),
    max_size=120,
).map(lambda pairs: "".join(word + gap for word, gap in pairs))


@given(
    transcript=st.one_of(_korean_text, st.text(max_size=400)),
    lecture_terms=st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=80)), max_size=6),
)
def test_any_text_gives_a_valid_quiz_or_not_enough_never_another_error(
    transcript: str, lecture_terms: list[str]
) -> None:
    try:
        draft = MODEL.draft_quiz(transcript, lecture_terms=lecture_terms)
    except Invalid as error:
        assert error.detail == NOT_ENOUGH  # never a draft that failed its own validation
        return
    assert isinstance(draft, QuizDraft)
    assert len(draft.options) == 4
    assert draft.correct_answer in draft.options
    assert BLANK in draft.question_text


# --- question grouping ---------------------------------------------------------------------


def test_grouping_the_labelled_questions_matches_their_topics() -> None:
    texts = [item["text"] for item in LABELLED]
    topics = [item["topic"] for item in LABELLED]

    labels = MODEL.cluster_questions(texts)

    assert len(LABELLED) >= 60 and len(set(topics)) >= 10
    assert adjusted_rand_index(topics, labels) >= 0.8


def test_paraphrases_across_scripts_share_a_group_and_other_topics_do_not() -> None:
    labels = MODEL.cluster_questions(
        [
            "마이그레이션이 정확히 뭔가요?",
            "migrate 명령은 뭐예요?",
            "쿼리셋이 게으르다는 게 무슨 뜻이에요",
            "QuerySet lazy evaluation 설명해 주세요",
            "배포할 때 DEBUG는 꺼야 하나요?",
        ]
    )

    assert labels[0] == labels[1]
    assert labels[2] == labels[3]
    assert len({labels[0], labels[2], labels[4]}) == 3


@given(st.lists(st.one_of(st.sampled_from([i["text"] for i in LABELLED]), st.text()), max_size=40))
def test_labels_are_0_based_contiguous_in_order_of_first_appearance(questions: list[str]) -> None:
    labels = MODEL.cluster_questions(questions)

    assert len(labels) == len(questions)
    assert list(dict.fromkeys(labels)) == list(range(len(set(labels))))
    for question, label in zip(questions, labels, strict=True):
        assert labels[questions.index(question)] == label  # same text, same group


def test_a_stricter_threshold_gives_at_least_as_many_groups() -> None:
    texts = [item["text"] for item in LABELLED]

    loose = OfflineLanguageModel(cluster_threshold=0.1).cluster_questions(texts)
    strict = OfflineLanguageModel(cluster_threshold=0.6).cluster_questions(texts)

    assert len(set(strict)) > len(set(loose))


# --- notes ---------------------------------------------------------------------------------

SECTIONS = (
    MaterialSection(
        "orm.pdf", "ORM과 모델", "ORM은 파이썬 클래스와 데이터베이스 테이블을 연결한다."
    ),
    MaterialSection(
        "orm.pdf", "마이그레이션", "makemigrations로 마이그레이션 파일을 만들고 migrate로 적용한다."
    ),
    MaterialSection("orm.pdf", "N+1 문제", "select_related는 조인으로 작성자를 한 번에 가져온다."),
    MaterialSection("deploy.md", "배포 체크리스트", "DEBUG를 끄고 ALLOWED_HOSTS를 설정한다."),
)
QUIZ = QuizDraft.create(
    "QuerySet은 언제 실행되나요?",
    ["filter 호출 시", "반복할 때"],
    "반복할 때",
    "지연 평가 때문입니다.",
)
QUESTIONS = ("makemigrations랑 migrate 차이가 뭔가요?", "N+1 문제가 뭔가요?")


def _section_bodies(note: str) -> dict[str, list[str]]:
    bodies: dict[str, list[str]] = {}
    current = ""
    for line in note.splitlines():
        if line.startswith("## "):
            current = line[3:]
            bodies[current] = []
        elif current:
            bodies[current].append(line)
    return bodies


def test_note_follows_the_materials_with_sentences_from_the_lecture() -> None:
    note = MODEL.draft_note(NoteRequest("Django ORM 기초", LECTURE, SECTIONS, (QUIZ,), QUESTIONS))

    assert note.startswith("# Django ORM 기초\n")
    bodies = _section_bodies(note)
    headings = [h for h in bodies if h in {s.heading for s in SECTIONS}]
    assert headings == [s.heading for s in SECTIONS]
    migration = [line[2:] for line in bodies["마이그레이션"] if line.startswith("- ")]
    assert migration and all(sentence in LECTURE for sentence in migration)
    assert any("makemigrations" in sentence for sentence in migration)
    assert any("select_related" in line for line in bodies["N+1 문제"])
    bullets = [line for body in bodies.values() for line in body if line.startswith("- ")]
    lecture_bullets = [b for b in bullets if b[2:] in LECTURE]
    assert len(lecture_bullets) == len(set(lecture_bullets))  # no sentence twice
    assert any("ALLOWED_HOSTS" in line for line in bodies["배포 체크리스트"])  # not lectured
    assert "반복할 때" in "\n".join(bodies["수업 중 퀴즈"])
    assert "지연 평가 때문입니다." in "\n".join(bodies["수업 중 퀴즈"])
    assert [line[2:] for line in bodies["자주 나온 질문"] if line] == list(QUESTIONS)


def test_without_materials_the_note_is_cut_into_topics_of_the_transcript() -> None:
    note = MODEL.draft_note(NoteRequest("ORM", LECTURE, (), (), ()))

    bodies = _section_bodies(note)
    assert len(bodies) >= 2
    for heading, body in bodies.items():
        assert heading.strip()
        sentences_said = [line[2:] for line in body if line.startswith("- ")]
        assert sentences_said and all(sentence in LECTURE for sentence in sentences_said)
    assert "수업 중 퀴즈" not in note


def test_a_note_with_nothing_to_draw_from_is_invalid() -> None:
    with pytest.raises(Invalid):
        MODEL.draft_note(NoteRequest("빈 강의", "  ", (), (), ()))
