"""The built-in offline language model: Korean noun phrases, the material glossary, quiz
drafts, question grouping and integrated notes, on the lecture data sets of this project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.korean.analysis import candidate_phrases, concept_key, is_name
from reboot_adapters.material_text import markdown_sections, material_terms
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_adapters.offline_language._quiz import BLANK
from reboot_core.domain.note import key_terms_of
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid
from reboot_core.ports.language import MaterialSection, NoteRequest, QuizRequest, Term

DATA = Path(__file__).resolve().parents[2] / "data" / "language"
NETWORK = json.loads((DATA / "lecture_network.json").read_text(encoding="utf-8"))
SECTIONS = tuple(markdown_sections(NETWORK["materials"][0]["text"], source="tcp.md"))
CHUNKS = [chunk["text"] for chunk in NETWORK["transcript"]]
LECTURE = " ".join(CHUNKS)
# the window about flow control and the sliding window (chunks 14..21)
WINDOW = " ".join(CHUNKS[14:22])
# no sentence embedding here: the grouping test below loads it once for this module
MODEL = OfflineLanguageModel(embedder=None)
GLOSSARY = tuple(MODEL.lecture_terms(SECTIONS))


def test_noun_phrases_are_compounds_identifiers_and_numbered_names() -> None:
    found = {p.text for p in candidate_phrases("1종 오류와 흐름 제어, select_related를 쓰면")}

    assert {"1종 오류", "흐름 제어", "select_related"} <= found


def test_a_spacing_slip_is_the_same_concept() -> None:
    assert concept_key("흐름제어") == concept_key("흐름 제어") == concept_key("흐름  제어")


@pytest.mark.parametrize("fragment", ["으로", "만으", "번째", "삼백", "300", "받을 수 있어요", ""])
def test_particles_numbers_and_fragments_are_not_names(fragment: str) -> None:
    assert not is_name(fragment)


def test_materials_mark_their_vocabulary_with_aliases() -> None:
    terms = {term.text: term for term in material_terms(SECTIONS)}

    assert {"흐름 제어", "슬라이딩 윈도우", "혼잡 제어", "TIME_WAIT"} <= set(terms)
    assert terms["혼잡 윈도우"].aliases == ("cwnd",)
    assert "구분" in terms  # a table header


def test_lecture_terms_split_a_heading_into_its_names() -> None:
    texts = {term.text for term in GLOSSARY}

    assert {"흐름 제어", "슬라이딩 윈도우", "수신 윈도우"} <= texts
    assert "흐름 제어와 슬라이딩 윈도우" not in texts


def _request(attempt: int = 0, avoid: tuple[str, ...] = ()) -> QuizRequest:
    return QuizRequest(
        window=WINDOW,
        lecture=LECTURE,
        glossary=GLOSSARY,
        sections=SECTIONS,
        avoid=avoid,
        attempt=attempt,
    )


def test_a_draft_asks_about_a_concept_of_the_window_with_real_options() -> None:
    draft = MODEL.draft_quiz(_request())

    assert len(draft.options) == 4
    answer = draft.concept_tags[0]
    assert concept_key(answer) in concept_key(WINDOW)
    for option in draft.options if draft.correct_answer == answer else ():
        assert is_name(option), option
    assert draft.question_text.count(BLANK) <= 1
    quoted = [line.strip("“”") for line in draft.explanation.splitlines() if line.startswith("“")]
    assert quoted and all(concept_key(q) in concept_key(LECTURE) for q in quoted)


def test_asking_again_gives_another_draft() -> None:
    drafts: list[QuizDraft] = []
    avoid: tuple[str, ...] = ()
    for attempt in range(4):
        drafts.append(MODEL.draft_quiz(_request(attempt, avoid)))
        avoid += drafts[-1].concept_tags[:1]

    assert len({d.concept_tags[0] for d in drafts}) == 4
    assert len({d.question_text for d in drafts}) >= 2  # the forms take turns too


def test_once_every_concept_was_asked_asking_again_quotes_another_sentence() -> None:
    # a short window: four concepts, each said in two sentences; the fifth and later asks
    # come back to a concept and must not show the same question again
    handout = (
        "# 흐름\n\n## 흐름 제어\n\n"
        "- **흐름 제어**\n- **혼잡 제어**\n- **수신 윈도우**\n- **혼잡 윈도우**\n"
    )
    sections = tuple(markdown_sections(handout, source="m"))
    glossary = tuple(MODEL.lecture_terms(sections))
    window = (
        "흐름 제어는 수신자가 감당할 만큼만 보내게 하는 장치입니다. "
        "혼잡 제어는 네트워크가 막히지 않게 보내는 양을 줄이는 장치예요. "
        "수신 윈도우는 수신자가 지금 받을 수 있는 양을 알려 줍니다. "
        "혼잡 윈도우는 송신자가 스스로 정하는 한도예요. "
        "그러니까 흐름 제어는 받는 쪽 사정을 보는 거고요. "
        "혼잡 제어는 길이 막혔는지를 보는 겁니다. "
        "수신 윈도우가 0이면 보내는 쪽은 잠깐 멈춰요. "
        "혼잡 윈도우가 줄면 보내는 속도도 줄어듭니다."
    )
    shown: list[tuple[str, str]] = []
    avoid: tuple[str, ...] = ()
    for attempt in range(8):
        draft = MODEL.draft_quiz(
            QuizRequest(window, lecture=window, glossary=glossary, sections=sections,
                        avoid=avoid, attempt=attempt)
        )  # fmt: skip
        avoid += draft.concept_tags[:1]
        shown.append((draft.question_text, draft.correct_answer))
    assert len({concept_key(answer) for _, answer in shown[:4]}) == 4
    assert len(set(shown)) == len(shown), shown


@pytest.mark.parametrize("window", ["", "네.", "자, 시작할게요. 음 어 네 좋아요."])
def test_too_little_text_is_invalid_with_a_clear_reason(window: str) -> None:
    with pytest.raises(Invalid, match="not enough lecture text yet"):
        MODEL.draft_quiz(QuizRequest(window=window))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(CHUNKS), min_size=1, max_size=6))
def test_any_window_gives_a_valid_quiz_or_not_enough(chunks: list[str]) -> None:
    window = " ".join(chunks)
    try:
        draft = MODEL.draft_quiz(QuizRequest(window=window, lecture=LECTURE, glossary=GLOSSARY))
    except Invalid:
        return
    assert draft.correct_answer in draft.options and len(set(draft.options)) == 4
    assert concept_key(draft.concept_tags[0]) in concept_key(window)


@pytest.fixture(scope="module")
def grouping_model() -> OfflineLanguageModel:
    return OfflineLanguageModel()  # the shared embedding, loaded once per process


def test_identical_questions_share_a_group_and_labels_are_in_order(
    grouping_model: OfflineLanguageModel,
) -> None:
    questions = [
        "흐름 제어는 왜 필요한가요?",
        "TIME_WAIT는 왜 기다리나요",
        "흐름 제어는 왜 필요한가요?",
    ]

    labels = grouping_model.cluster_questions(questions, glossary=GLOSSARY)

    assert labels[0] == labels[2] == 0
    assert list(dict.fromkeys(labels)) == list(range(len(set(labels))))


def test_an_alias_from_the_materials_joins_its_term(grouping_model: OfflineLanguageModel) -> None:
    questions = [
        "혼잡 윈도우는 어떻게 정해져요?",
        "cwnd는 어떻게 정해지나요",
        "TIME_WAIT 상태는 왜 필요해요?",
        "포트 번호는 왜 필요한가요",
    ]
    labels = grouping_model.cluster_questions(questions, glossary=GLOSSARY)

    assert labels[0] == labels[1]
    assert labels[0] != labels[2]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from([*CHUNKS, "질문이요", "ORM?"]), max_size=12))
def test_labels_are_0_based_contiguous_in_order_of_first_appearance(questions: list[str]) -> None:
    labels = MODEL.cluster_questions(questions)

    assert len(labels) == len(questions)
    assert list(dict.fromkeys(labels)) == list(range(len(set(labels))))


def _note(transcript: str = LECTURE) -> str:
    return MODEL.draft_note(NoteRequest("TCP", transcript, SECTIONS, (), (), GLOSSARY))


def test_the_note_follows_the_materials_and_keeps_tables_and_code() -> None:
    note = _note()
    headings = [line[3:] for line in note.splitlines() if line.startswith("## ")]

    material = [s.heading for s in SECTIONS]
    assert [h for h in headings if h in material] == material
    assert "| 연결 | 연결 지향 | 비연결 |" in note
    assert "can_send = min(rwnd, cwnd) - (next_seq - last_acked)" in note
    assert "```python" in note


def test_key_terms_are_the_lecture_concepts() -> None:
    line = next(line for line in _note().splitlines() if line.startswith("**핵심 용어**"))
    terms = [t.strip() for t in line.split(":", 1)[1].split(",")]

    assert {"흐름 제어", "혼잡 윈도우", "수신 윈도우"} & set(terms)
    assert all(len(concept_key(t)) >= 2 for t in terms)


def test_what_was_said_under_a_section_matches_it() -> None:
    note = _note()
    flow = note.split("## 흐름 제어와 슬라이딩 윈도우", 1)[1].split("\n## ", 1)[0]

    assert "슬라이딩 윈도우라고 부릅니다" in flow


def test_content_said_outside_the_materials_gets_its_own_section() -> None:
    note = _note()

    assert "## 강의에서 더 다룬 내용" in note


def test_a_note_without_transcript_says_so_and_keeps_the_materials() -> None:
    note = _note("")

    assert "강의 기록(전사본)이 없어" in note
    assert "## 혼잡 제어" in note and "| 슬로우 스타트 | RTT마다 두 배 |" in note


def test_a_note_with_nothing_to_draw_from_is_invalid() -> None:
    with pytest.raises(Invalid):
        MODEL.draft_note(NoteRequest("빈 강의", "", (), (), ()))


def test_an_instructor_term_is_a_concept_even_if_the_materials_do_not_mark_it() -> None:
    glossary = (*GLOSSARY, Term("버퍼", source="instructor"))

    draft = MODEL.draft_quiz(
        QuizRequest(window=CHUNKS[15] + " " + CHUNKS[16], lecture=LECTURE, glossary=glossary)
    )

    assert draft.concept_tags


def test_a_lone_everyday_word_said_often_does_not_fill_a_short_key_term_list() -> None:
    handout = "# 전송 계층\n\n## 흐름 제어\n\n**흐름 제어**와 **혼잡 제어**\n"
    materials = tuple(markdown_sections(handout, source="m"))
    spoken = " ".join(
        [
            "이런 경우에는 흐름 제어가 필요합니다.",
            "어떤 경우에는 수신자가 느립니다.",
            "그런 경우에는 혼잡 제어도 봅니다.",
            "다른 경우에는 기다립니다.",
            "많은 경우에 흐름 제어로 충분합니다.",
        ]
    )
    note = MODEL.draft_note(
        NoteRequest(
            "TCP", spoken, materials, (), (), glossary=tuple(MODEL.lecture_terms(materials))
        )
    )
    terms = key_terms_of(note)

    # the list is as long as what the lecture names; "경우" would only pad it
    assert terms[0] == "흐름 제어" and "혼잡 제어" in terms and "경우" not in terms, note


def test_options_are_never_pieces_of_a_longer_phrase_the_lecture_says() -> None:
    # "초기 순서" and "응답 번호" are said only inside "초기 순서 번호", "확인 응답 번호"
    pieces = {"초기순서", "응답번호"}
    seen: list[tuple[str, ...]] = []
    for end in range(7, len(CHUNKS), 5):
        window = " ".join(CHUNKS[max(0, end - 8) : end + 1])
        avoid: list[str] = []
        for attempt in range(5):
            request = QuizRequest(
                window,
                lecture=" ".join(CHUNKS[: end + 1]),
                glossary=GLOSSARY,
                sections=SECTIONS,
                avoid=tuple(avoid),
                attempt=attempt,
            )
            draft = MODEL.draft_quiz(request)
            avoid.extend(draft.concept_tags[:1])
            seen.append(draft.options)
    assert not [o for options in seen for o in options if concept_key(o) in pieces]


# --- key terms: what the materials mark, never a fragment -------------------------------

_HANDOUT = """# 산과 염기

## 가변 객체와 불변 객체

**헨더슨-하셀바흐 식**으로 pH를 구합니다. **크렙스 회로**를 돕니다.
**얕은 복사(shallow copy)**와 **물의 이온곱 Kw**를 봅니다.

```python
for x in range(3):
    copy.deepcopy(x)
for x in range(4):
    copy.deepcopy(x)
```
"""


def _handout_terms() -> set[str]:
    return {term.text for term in MODEL.lecture_terms(markdown_sections(_HANDOUT, source="m"))}


def test_a_bold_term_kiwi_would_cut_stays_one_name() -> None:
    texts = _handout_terms()

    assert {"헨더슨-하셀바흐 식", "크렙스 회로", "얕은 복사", "물의 이온곱 Kw"} <= texts
    assert not {"헨더슨", "하셀바흐"} & texts


def test_a_heading_that_names_two_things_gives_both() -> None:
    assert {"가변 객체", "불변 객체"} <= _handout_terms()


@pytest.mark.parametrize(
    "clause", ["바뀌면 안 되는 묶음", "녹는점을 낮춤", "pKa = -log Ka", "가리키는 이름(참조)"]
)
def test_a_marked_clause_or_formula_is_not_kept_whole(clause: str) -> None:
    from reboot_adapters.offline_language._glossary import marked_names

    assert clause not in {name.text for name in marked_names(clause, defined=True)}


def test_code_blocks_give_identifiers_not_code_fragments() -> None:
    texts = _handout_terms()

    assert "copy.deepcopy" in texts
    assert not {"for x in range", "x in", "in range"} & texts


def test_a_term_kiwi_cuts_is_found_in_speech_by_its_letters() -> None:
    from reboot_adapters.offline_language._vocabulary import Vocabulary

    vocabulary = Vocabulary([Term("헨더슨-하셀바흐 식"), Term("크렙스 회로")])

    found = [
        m.text for m in vocabulary.mentions("이제 헨더슨-하셀바흐 식을 쓰고 크렙스 회로로 갑니다")
    ]
    assert found == ["헨더슨-하셀바흐 식", "크렙스 회로"]
    assert not vocabulary.mentions("비크렙스 회로")  # not inside another word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("마이너스 14승", True),
        ("곱하기 10", True),
        ("대표 적", True),
        ("피 파", True),
        ("0.1 M", True),
        ("N+1", False),
        ("1종 오류", False),
        ("lst", True),
        ("in range", True),
        ("기억 장기 기억", True),
        ("혼잡 윈도우", False),
        ("select_related", False),
        ("copy.deepcopy", False),
        ("TCP", False),
    ],
)
def test_fragments_are_number_expressions_cut_words_and_code_words(
    text: str, expected: bool
) -> None:
    from reboot_adapters.offline_language._concepts import fragment

    assert fragment(text) is expected


def test_bold_terms_rank_before_words_said_more_often() -> None:
    handout = "# 전송\n\n**슬라이딩 윈도우**를 씁니다.\n"
    materials = tuple(markdown_sections(handout, source="m"))
    spoken = " ".join(
        ["흐름 이야기를 합니다."] * 2
        + ["슬라이딩 윈도우가 있습니다.", "마이너스 14승 곱하기 10입니다.", "마이너스 14승입니다."]
    )
    glossary = tuple(MODEL.lecture_terms(materials))
    terms = key_terms_of(MODEL.draft_note(NoteRequest("T", spoken, materials, (), (), glossary)))

    assert terms[0] == "슬라이딩 윈도우", terms
    assert "마이너스 14승" not in terms


def test_a_term_the_materials_define_is_a_key_term_even_if_never_said() -> None:
    handout = "# 전송\n\n**빠른 재전송**은 **중복 ACK**로 시작합니다. 빠른 재전송을 씁니다.\n"
    materials = tuple(markdown_sections(handout, source="m"))
    spoken = "중복 ACK가 세 번 오면 보냅니다. 중복 ACK를 셉니다."
    glossary = tuple(MODEL.lecture_terms(materials))
    terms = key_terms_of(MODEL.draft_note(NoteRequest("T", spoken, materials, (), (), glossary)))

    assert {"빠른 재전송", "중복 ACK"} <= set(terms), terms


def _drafts_over(subject: str, size: int):
    """(window, draft) for windows of ``size`` chunks over a tuning lecture, five asks each
    as an instructor asking again; the glossary from its first material."""
    spec = json.loads((DATA / f"lecture_{subject}.json").read_text(encoding="utf-8"))
    sections = tuple(markdown_sections(spec["materials"][0]["text"], source="m"))
    glossary = tuple(MODEL.lecture_terms(sections))
    chunks = [chunk["text"] for chunk in spec["transcript"]]
    for start in range(0, len(chunks), size):
        window, avoid = " ".join(chunks[start : start + size]), []
        lecture = " ".join(chunks[: start + size])
        for attempt in range(5):
            request = QuizRequest(window, lecture, glossary, sections, tuple(avoid), attempt)
            try:
                draft = MODEL.draft_quiz(request)
            except Invalid:
                break
            avoid.extend(draft.concept_tags[:1])
            yield window, draft, glossary


def test_an_answer_only_the_speech_names_is_said_more_than_once_in_the_window() -> None:
    from reboot_adapters.offline_language._quiz import TRUE_STATEMENT

    for window, draft, glossary in _drafts_over("chemistry", 4):
        if TRUE_STATEMENT in draft.question_text:
            continue
        named = {concept_key(term.text) for term in glossary}
        answer = concept_key(draft.correct_answer)
        assert answer in named or concept_key(window).count(answer) >= 2, draft


def test_a_name_given_with_its_latin_alias_is_a_term() -> None:
    from reboot_adapters.offline_language._glossary import aliased_names

    text = "- 무조건 자극(US) → 무조건 반응(UR)\n- 먹이와 중성 자극(NS)\n- 얕은 복사(shallow copy)"
    found = {name.text: name.aliases for name in aliased_names([_section(text)])}

    assert found == {"무조건 자극": ("US",), "무조건 반응": ("UR",), "중성 자극": ("NS",)}


def _section(text: str) -> MaterialSection:
    return MaterialSection("m", "자료", text)


def test_a_lone_word_other_concepts_end_in_ranks_behind_them() -> None:
    handout = "# 강화와 처벌\n\n- **정적 강화**, **부적 강화**\n"
    materials = tuple(markdown_sections(handout, source="m"))
    spoken = " ".join(["강화가 중요합니다."] * 3 + ["정적 강화를 봅니다.", "부적 강화도 있어요."])
    glossary = tuple(MODEL.lecture_terms(materials))
    terms = key_terms_of(MODEL.draft_note(NoteRequest("T", spoken, materials, (), (), glossary)))

    assert terms.index("강화") > max(terms.index("정적 강화"), terms.index("부적 강화")), terms


def test_one_bold_span_is_one_term_where_a_heading_names_two() -> None:
    from reboot_adapters.offline_language._glossary import marked_names

    assert [n.text for n in marked_names("패킹과 언패킹", defined=True)] == ["패킹과 언패킹"]
    assert [n.text for n in marked_names("패킹과 언패킹")] == ["패킹", "언패킹"]


def test_the_true_statement_is_never_a_question_the_instructor_asked() -> None:
    from reboot_adapters.offline_language._quiz import TRUE_STATEMENT

    statements = [
        draft.correct_answer
        for _, draft, _ in _drafts_over("programming", 3)
        if TRUE_STATEMENT in draft.question_text
    ]

    assert statements and not [s for s in statements if s.rstrip().endswith("?")]
