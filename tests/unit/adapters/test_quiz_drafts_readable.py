"""Quiz drafts an instructor would send: a quoted sentence that stands alone, wrong options of
the answer's kind, no blank the sentence gives away, no sentence quizzed twice."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.korean.analysis import Sentence, concept_key
from reboot_adapters.material_text import markdown_sections
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_adapters.offline_language._quiz_options import (
    distractors,
    fragment_blank,
    gives_away,
    shared_shape,
    together,
)
from reboot_adapters.offline_language._quiz_sentences import (
    broken,
    classroom_talk,
    stands_alone,
    states,
    stripped,
)
from reboot_adapters.offline_language._vocabulary import Mention, Vocabulary
from reboot_core.errors import Invalid
from reboot_core.ports.language import QuizRequest, Term

MODEL = OfflineLanguageModel(embedder=None)


def _sentence(text: str) -> Sentence:
    return Sentence(text, 0, len(text))


# --- the quoted sentence --------------------------------------------------------------


def test_a_leading_conjunction_or_interjection_is_not_quoted() -> None:
    assert (
        stripped(_sentence("그래서 동적 평형이라고 부릅니다.")).text == "동적 평형이라고 부릅니다."
    )
    assert stripped(_sentence("자, 마지막 주제, 리스트 컴프리헨션.")).text.startswith("마지막")
    assert stripped(_sentence("음 p 값 해석은 중요합니다")).text == "p 값 해석은 중요합니다"


def test_a_leading_clause_without_a_noun_is_not_quoted() -> None:
    text = "왜 그러냐면, 고체는 아무리 많이 있어도 농도가 일정하잖아요."
    assert stripped(_sentence(text)).text == "고체는 아무리 많이 있어도 농도가 일정하잖아요."


def test_stripping_keeps_offsets_into_the_same_text() -> None:
    original = Sentence("그럼 귀무가설을 기각합니다.", 40, 55)
    cut = stripped(original)
    assert cut.start - original.start == original.text.index(cut.text)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["그래서 ", "그럼 ", "자, ", "음 ", "네, ", ""]), st.sampled_from([
    "귀무가설은 효과가 없다는 가설입니다.", "혼잡 윈도우가 줄면 보내는 속도도 줄어듭니다.",
    "표본 크기가 커지면 표준 오차가 작아집니다.",
]))  # fmt: skip
def test_any_opener_is_stripped_and_the_statement_kept(opener: str, statement: str) -> None:
    assert stripped(_sentence(opener + statement)).text == statement


def test_a_sentence_pointing_back_does_not_stand_alone() -> None:
    for text in (
        "이걸 표본분포라고 해요",
        "그 확률이 바로 유의 수준 알파입니다",
        "여기서 아주 중요한 게 중심극한정리입니다",
    ):
        assert not stands_alone(text, concepts=2, defines=True), text


def test_a_cut_off_start_does_not_stand_alone() -> None:
    assert not stands_alone(
        "셋째는 빙하 흔적이에요 그리고 화석도 있어요", concepts=2, defines=False
    )


def test_questions_and_headings_state_nothing() -> None:
    assert not states("약산의 pH를 실제로 어떻게 구하느냐.")
    assert not states("그럼 왜 강산으로는 완충 용액을 못 만들까요?")
    assert not states("자, 마지막 주제, 리스트 컴프리헨션.")
    assert states("미리 정해 둔 유의 수준보다 p 값이 작으면 귀무가설을 기각해요")
    assert states("흐름 제어는 받는 쪽 사정을 보는 거고요.")


def test_talk_about_the_class_is_not_quoted() -> None:
    assert classroom_talk("음 p 값 해석은 시험에 꼭 나옵니다")
    assert classroom_talk("10분 쉬었다가 pH랑 완충 용액, 적정 하겠습니다.")
    assert classroom_talk("다음 주 실험은 오늘 배운 아세트산 적정이에요.")
    assert classroom_talk("화장실 다녀오시고 물도 마시고 후반부는 지진이에요")
    assert classroom_talk("지진과 화산 두 번째 파일이에요")
    assert not classroom_talk("완충 용액은 pH가 잘 안 변하는 용액입니다.")


def test_speech_broken_into_syllables_or_glued_is_not_quoted() -> None:
    assert broken("피 에스 시를 재면 진 원까지 거리를 구할 수 있고 관측 소 세 군데에서 재요")
    assert broken("에스파는횡파 진행 방향에 수직으로 흔들려요")
    assert not broken("바다에서는 해령이 되고 대륙에서는 열곡대가 돼요")
    assert not broken("그걸 쓸 때 얼마나 빠른지, 그 때 볼 거예요")  # words of one syllable
    assert not broken("반대로 리스트는요, append 하면 바뀌어요.")


def test_a_sentence_with_one_concept_and_a_verb_of_its_own_stands_alone() -> None:
    assert stands_alone("고체하고 순수한 액체는 식에 안 씁니다.", concepts=1, defines=False)
    assert not stands_alone("마지막으로 t 검정을 봅시다 여러분", concepts=1, defines=False)


# --- wrong options ----------------------------------------------------------------------


def test_a_shared_head_or_stem_is_a_shared_kind() -> None:
    assert shared_shape("귀무가설", "대립가설") >= 2
    assert shared_shape("1종오류", "2종오류") >= 2
    assert shared_shape("강산", "약산") >= 1
    assert shared_shape("규모", "베게너") == 0
    assert shared_shape("pH", "평형") == 0  # Latin and Hangul are not compared


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="가나다라마바사아자차카타파하", min_size=1, max_size=6),
       st.text(alphabet="가나다라마바사아자차카타파하", min_size=1, max_size=6))  # fmt: skip
def test_shape_is_symmetric_and_bounded(a: str, b: str) -> None:
    assert shared_shape(a, b) == shared_shape(b, a)
    assert 0 <= shared_shape(a, b) <= 4


def test_said_together_counts_the_same_and_the_next_sentence() -> None:
    vocabulary = Vocabulary([Term("규모"), Term("진도"), Term("판게아")])
    texts = [
        "규모는 에너지예요.",
        "진도는 흔들림이에요.",
        "판게아는 옛 대륙이에요.",
        "오늘은 여기까지.",
    ]
    pairs = together([vocabulary.mentions(t) for t in texts])
    assert pairs[("규모", "진도")] == pairs[("진도", "규모")] == 1
    assert pairs[("규모", "판게아")] == 0


def test_the_closest_wrong_options_come_first_and_never_an_alias() -> None:
    vocabulary = Vocabulary(
        [Term("귀무가설", aliases=("영가설",)), Term("대립가설"), Term("베게너"), Term("표본분포"),
         Term("유의수준"), Term("영가설")]
    )  # fmt: skip
    texts = ["귀무가설과 대립가설을 세웁니다.", "유의수준보다 작으면 귀무가설을 기각합니다."]
    pairs = together([vocabulary.mentions(t) for t in texts])
    chosen = distractors(vocabulary, "귀무가설", "____을 기각합니다", vocabulary.concepts, pairs)
    names = [text for _, text in chosen]
    assert names[0] == "대립가설"
    assert "영가설" not in names


# --- trivial blanks -------------------------------------------------------------------


def _mention(vocabulary: Vocabulary, text: str, name: str) -> tuple[Mention, list[Mention]]:
    found = vocabulary.mentions(text)
    mention = next(m for m in found if m.text == name)
    return mention, [m for m in found if m is not mention]


def test_a_blank_the_sentence_repeats_is_given_away() -> None:
    vocabulary = Vocabulary([Term("1종 오류"), Term("2종 오류"), Term("표본"), Term("표본 평균")])
    text = "알파를 낮추면 1종 오류는 줄지만 2종 오류가 늘어납니다"
    mention, others = _mention(vocabulary, text, "1종 오류")
    assert gives_away(vocabulary, _sentence(text), mention, others)
    text = "표본을 다시 뽑으면 표본 평균도 달라지잖아요"
    mention, others = _mention(vocabulary, text, "표본")
    assert gives_away(vocabulary, _sentence(text), mention, others)


def test_an_example_right_before_the_blank_gives_it_away() -> None:
    vocabulary = Vocabulary([Term("비활성 기체"), Term("부피")])
    text = "부피가 고정된 용기에 아르곤 같은 비활성 기체를 넣으면 압력이 올라가요"
    mention, others = _mention(vocabulary, text, "비활성 기체")
    assert gives_away(vocabulary, _sentence(text), mention, others)


def test_a_blank_in_a_plain_sentence_is_not_given_away() -> None:
    vocabulary = Vocabulary([Term("귀무가설"), Term("유의수준")])
    text = "유의수준보다 p 값이 작으면 귀무가설을 기각해요"
    mention, others = _mention(vocabulary, text, "귀무가설")
    assert not gives_away(vocabulary, _sentence(text), mention, others)


def test_a_formula_cut_at_its_charge_is_never_the_blank() -> None:
    text = "H3O+, 하이드로늄 이온이라고 씁니다"
    assert fragment_blank(_sentence(text), Mention("h3o", "H3O", 0, 3))
    assert not fragment_blank(_sentence("pH 7이 중성이에요"), Mention("ph", "pH", 0, 2))


# --- whole drafts ---------------------------------------------------------------------

_HANDOUT = (
    "# 가설 검정\n\n## 가설\n\n- **귀무가설**\n- **대립가설**\n- **유의수준**\n- **p값**\n"
    "- **1종 오류**\n- **2종 오류**\n"
)
_WINDOW = (
    "그래서 귀무가설은 효과가 없다는 가설이고 대립가설은 차이가 있다는 가설입니다. "
    "미리 정해 둔 유의수준보다 p값이 작으면 귀무가설을 기각해요. "
    "이걸 p값이라고 해요. "
    "음 p값 해석은 시험에 꼭 나옵니다. "
    "유의수준을 너무 낮추면 1종 오류는 줄지만 2종 오류가 늘어납니다. "
    "p값은 귀무가설이 참일 때 지금만큼 극단적인 결과가 나올 확률이에요."
)


def _drafts(asks: int) -> list:
    sections = tuple(markdown_sections(_HANDOUT, source="m"))
    glossary = tuple(MODEL.lecture_terms(sections))
    drafts, avoid = [], ()
    for attempt in range(asks):
        request = QuizRequest(_WINDOW, lecture=_WINDOW, glossary=glossary, sections=sections,
                              avoid=avoid, attempt=attempt)  # fmt: skip
        try:
            draft = MODEL.draft_quiz(request)
        except Invalid:  # 409: the window has nothing more
            break
        drafts.append(draft)
        avoid += (*draft.concept_tags[:1], draft.question_text)
    return drafts


def test_the_first_drafts_quote_sentences_that_stand_alone() -> None:
    for draft in _drafts(3):
        quoted = draft.question_text + " ".join(draft.options)
        assert "이걸" not in quoted and "시험" not in quoted
        assert not quoted.count("그래서")


def test_a_sentence_is_not_blanked_again_while_others_are_left() -> None:
    drafts = _drafts(3)
    sentences = Counter(
        concept_key(d.explanation.split("“")[-1]) for d in drafts if "“" in d.explanation
    )
    assert len(drafts) >= 2
    assert max(sentences.values()) == 1


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=4, max_value=9))
def test_asking_again_and_again_never_shows_the_same_draft_twice(asks: int) -> None:
    sections = tuple(markdown_sections(_HANDOUT, source="m"))
    glossary = tuple(MODEL.lecture_terms(sections))
    shown: list[tuple[str, str]] = []
    avoid: tuple[str, ...] = ()
    for attempt in range(asks):
        request = QuizRequest(_WINDOW, lecture=_WINDOW, glossary=glossary, sections=sections,
                              avoid=avoid, attempt=attempt)  # fmt: skip
        try:
            draft = MODEL.draft_quiz(request)
        except Invalid:
            continue
        avoid += draft.concept_tags[:1]  # answers only, as a caller that keeps no questions
        shown.append((draft.question_text + "|".join(sorted(draft.options)), draft.correct_answer))
    assert len(set(shown)) == len(shown)
