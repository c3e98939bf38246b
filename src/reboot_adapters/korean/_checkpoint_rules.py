"""The checkpoint rules: which kind of checkpoint a sentence's last clause is, told by its
grammar (see ``checkpoints`` for what each kind sounds like), what the grammar refuses, and
which sentences the meaning classifier may be asked about."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from reboot_adapters.korean._checkpoint_sentences import (
    _IMPERATIVE_ENDINGS,
    _INTENT_ENDINGS,
    _POLITE_ENDINGS,
    _final_predicate,
    _honorific,
    _lemmas,
    _Morpheme,
    _past,
    _Sentence,
)
from reboot_adapters.korean._checkpoint_spoken import (
    _PARTS,
    _clauses,
    _closes_part,
    _owed_to_another,
    _reports,
    _someone_else,
    spoken_kind,
)
from reboot_core.domain.checkpoints import CheckpointKind
from reboot_core.domain.spotting import allowed_errors, match_ends, normalize

_UNDERSTANDING_LEMMAS = frozenset(
    {"알", "알아듣", "괜찮", "따라오", "어렵", "헷갈리", "이해", "낯설"}
)
# getting it, as lecturers say it: (the noun, the verbs it takes) — "감 잡히셨어요", "납득 되세요"
_GETTING_IT = {
    "감": ("오", "잡", "잡히"),
    "느낌": ("오",),
    "납득": ("되", "가", "하"),
    "숙지": ("되", "하"),
    "구분": ("되", "가"),
    "정리": ("되",),
    "무리": ("없",),
    "흐름": ("잡", "잡히"),
    "개념": ("잡", "잡히"),
}
_GETTING_VERBS = frozenset({"와닿", "기억나", "들리"})
# verbs a 세요 asks about rather than commands (이해되세요, 아세요, 계세요)
_STATES = frozenset({"되", "알", "있", "계시", "들리", "보이", "기억나", "와닿", "오", "잡히"})
# who the lecturer asks after: "헷갈리는 분 있나요?", "모르는 사람?"
_LISTENERS = frozenset({"분", "사람", "친구", "학생", "부분", "거", "것", "곳", "데"})
_LOST = frozenset({"헷갈리", "모르", "어렵", "막히", "놓치"})
_SPEAKER = frozenset({"저", "제", "나", "내", "우리"})
# 다음 시간 / 다음 주: "next" as in a later lesson, not as in the next slide
_LATER_LESSON = frozenset({"시간", "주", "수업", "차시", "번", "달", "학기", "날", "주차"})
# (and the loan: "퀘스천 있어요", "any question?")
_QUESTION_NOUNS = frozenset({"질문", "궁금", "궁금하", "궁금증", "퀘스천", "question", "questions"})
_ASKING_VERBS = frozenset({"묻", "물어보", "모르"})
_ASK = frozenset({"묻", "물어보"})
_BEING = frozenset({"있", "없", "계시"})
_MOVING = frozenset({"넘어가", "넘기", "진행", "진행하"})
_PUT_OFF = frozenset({"나중", "이따", "이따가", "끝나", "다음번"})
# the words of a question about the subject (왜, 누구, 몇 ...): it asks for a fact, not a state
_WH_WORDS = frozenset({"왜", "뭐", "무엇", "누구", "어디", "언제", "몇", "얼마", "어떻", "무슨"})
# an embedded question ("왜 틀렸는지 아시나요"): what is known, not whether one follows
_EMBEDDED_QUESTION = frozenset({"는지", "ᆫ지", "은지", "을지", "ᆯ지"})
# verbs that go somewhere: moving on when they go to a place of the lecture ("본론으로")
_GOING = frozenset({"가", "들어가", "나가", "오"})
# the marks of the lecture's own now ("이제 실습으로 갑니다", "그럼 본론 들어간다")
_NOW = frozenset({"이제", "인제", "그럼", "그러면", "바로", "자"})
# speaking verbs: "있으면 말씀해 주세요" invites whatever the class has
_SPEAKING = frozenset({"말하", "얘기하", "이야기하", "말씀", "얘기", "이야기"})
# the lecture's own time as a topic ("오늘은", "이번에는", "시간이 없으면"): not someone else
_OWN_TIME = frozenset({"오늘", "지금", "이번", "이제", "시간", "나머지", "마지막", "진도"})
_PLAIN_NOUNS = frozenset({"거", "것", "게", "점", "부분", "분", "사람", "데"})


def _refused(sentence: _Sentence) -> bool:
    """Told apart by its grammar: past, negated, a modifier or a report — not a checkpoint."""
    clause = sentence.clause
    if not sentence.ending:
        return False  # still being said: nothing to refuse yet
    predicate = _final_predicate(clause)
    negated = predicate is not None and predicate.form in ("않", "못", "말")
    # 넘어가지 않습니다 / 마세요; but 어렵지 않으세요 asks the class even unmarked
    told = predicate is not None and (predicate.form == "말" or not _honorific(sentence))
    if negated and predicate.tag == "VX" and not sentence.asks and told:
        return True
    # 학생들은 보통 여기서 헷갈리겠죠: a guess about someone else, not a question to the class
    will = any(m.tag == "EP" and m.form == "겠" for m in clause)
    guess = will and sentence.ending in ("죠", "지요", "지") and not _honorific(sentence)
    if guess and _third_party(sentence.whole, marks=("은", "는", "ᆫ")):
        return True
    # (이제 봄이 오겠죠: and a subject of its own, unless what is guessed is knowing: 알겠지)
    knowing = predicate is not None and predicate.form in ("알", "이해")
    # (손님이 궁금한 게 있으면 직원에게 물어보겠죠: also the subject of a condition before it)
    scope = _with_conditions(sentence.whole, clause)
    if guess and not knowing and _third_party(scope, marks=("이", "가")):
        return True
    past = _past(clause)
    # 그 당시 백성들은 이해할 수 없었겠죠: a guess about the past, not a question to the class
    guessed = past and any(m.tag == "EP" and m.form == "겠" for m in clause)
    if guessed and not _honorific(sentence):
        return True
    declarative = sentence.ending in ("습니다", "ᆸ니다", "다", "네요", "군요")
    polite = sentence.ending in ("어요", "아요", "어", "아") and not _honorific(sentence)
    if polite and _understood_unmarked(sentence):
        return False
    return past and (declarative or polite) and not sentence.asks


def _third_party(
    morphemes: Sequence[_Morpheme], marks: tuple[str, ...] = ("이", "가", "은", "는", "ᆫ")
) -> bool:
    """전자는 / 소비자들은 / 데이터가: a noun of the subject matter as topic or subject — what
    it does is told; the lecturer (저, 우리), the class (여러분), what is pointed at (이건),
    a part of the lecture or its time are not someone else."""
    plain = [m for m in morphemes if m.tag != "XSN"]  # (소비자들은, 손님이)
    return any(
        m.tag in ("JKS", "JX")
        and m.form in marks
        and n.tag in ("NNG", "NNP")
        and n.form not in _PARTS | _OWN_TIME | _PLAIN_NOUNS
        for n, m in itertools.pairwise(plain)
    )


def _asks_a_fact(sentence: _Sentence) -> bool:
    """왜 틀렸는지 아시나요 / 누군지 알아요?: knowing a fact about the subject, asked with a
    question word or an embedded question — not whether the class follows (아시겠어요 is)."""
    # (the embedded question is a clause of its own: look at the whole sentence)
    if any(m.tag == "EP" and m.form == "겠" for m in sentence.clause):
        return False
    return any(
        (m.form in _WH_WORDS and m.tag.startswith(("NP", "MAG", "MM", "NR", "NNG", "VA")))
        or (m.tag == "EC" and m.form in _EMBEDDED_QUESTION)
        for m in sentence.whole
    )


def _understood_unmarked(sentence: _Sentence) -> bool:
    """ "이해됐어요" said to the class: speech has no "?", and a lecturer does not report
    that they themselves understood — unless they say so (제가, 안 됐어요)."""
    if sentence.ending not in ("어요", "아요", "어", "아"):
        return False
    clause = _after_modifiers(sentence.clause)
    said = _lemmas(sentence.whole)
    getting = _lemmas(clause) & {"이해", "알아듣", "와닿", "납득", "따라오", "감", "느낌"}
    if not getting or said & _SPEAKER:
        return False
    predicate = _final_predicate(clause)
    idiom = ("오",) + _GETTING_IT["감"]
    if getting <= {"감", "느낌"} and (predicate is None or predicate.form not in idiom):
        return False  # (감 and 느낌 only with their verbs: "그 느낌 와요", "감 잡혔어요")
    # 학생이 이 그래프를 거꾸로 이해해요: who understands what, told, not asked
    # (감이 와요: the idiom's own subject)
    told = [n for n, m in itertools.pairwise(clause) if m.tag in ("JKS", "JKO")]
    if any(n.form not in ("감", "느낌", "이해") for n in told):
        return False
    # 판례를 10개쯤 읽으면 감이 와요: what happens on a condition, told
    if any(m.tag == "EC" and m.form in ("면", "으면") for m in sentence.whole):
        return False
    return not any(m.form in ("안", "못") and m.tag.startswith("MA") for m in sentence.whole)


def _after_modifiers(
    clause: Sequence[_Morpheme], keep: frozenset[str] = frozenset()
) -> tuple[_Morpheme, ...]:
    """What the clause says, past the words that only describe a noun ("이해한 대로 작성해");
    a description of a noun in ``keep`` is kept ("질문 있는 분", "궁금한 점")."""
    # (이해하신 거죠 / 이해한 거 맞죠: "the fact that" keeps the clause's own meaning)
    cut = 0
    for index, token in enumerate(clause):
        noun, then = clause[index + 1 : index + 2], clause[index + 2 : index + 3]
        fact = bool(noun) and noun[0].form in ("거", "것")
        fact = fact and bool(then) and (then[0].tag == "VCP" or then[0].form == "맞")
        # 이해할 수 있나요 / 따라오실 만한가요: a modal noun carries the verb on
        fact = fact or (bool(noun) and noun[0].form in ("수", "만", "듯", *keep))
        if token.tag in ("ETM", "ETN") and not fact:
            cut = index + 1
    return tuple(clause[cut:])


def _head_verb(morphemes: Sequence[_Morpheme]) -> _Morpheme | None:
    """The last verb that means something (not an auxiliary such as 보다 in 물어보세요, nor one
    that describes a noun: 묻는 절차가 있어요)."""
    for index in range(len(morphemes) - 1, -1, -1):
        token = morphemes[index]
        if not token.tag.startswith(("VV", "XSV")):
            continue
        then = next((m for m in morphemes[index + 1 :] if m.tag != "EP"), None)
        if then is not None and then.tag == "ETM":
            continue
        return token
    return None


def _before(morphemes: Sequence[_Morpheme], token: _Morpheme) -> _Morpheme | None:
    index = morphemes.index(token)
    return morphemes[index - 1] if index > 0 else None


def _put_off(sentence: _Sentence) -> bool:
    """Questions for later: 나중에, 끝나고, 다음 시간에."""
    whole = sentence.whole
    said = _lemmas(whole)
    if "나중" in said and "말" in said:
        return False  # 나중에 말고: not later, now
    if said & _PUT_OFF:
        return True
    return any(
        m.form == "다음"
        and (
            (n.form in _LATER_LESSON and n.tag.startswith("NN"))
            or (n.form == "에" and n.tag == "JKB")
        )
        for m, n in itertools.pairwise(whole)
    )


def _wonders_if_understood(sentence: _Sentence) -> bool:
    """잘 이해가 되셨는지 모르겠네요: an indirect question about the class (시) understanding."""
    whole = sentence.whole
    for index, token in enumerate(whole):
        if token.tag != "EC" or token.form not in ("는지", "ᆫ지", "은지", "을지", "ᆯ지"):
            continue
        wondered = whole[index + 1 : index + 2]
        said = whole[:index]
        honoured = any(m.tag == "EP" and m.form in ("시", "으시") for m in said)
        if wondered and wondered[0].form in ("모르", "궁금하", "궁금") and honoured:
            return bool(_lemmas(said) & _UNDERSTANDING_LEMMAS)
    return False


def _asks_after_listeners(sentence: _Sentence, predicate: _Morpheme) -> bool:
    """헷갈리는 분 있나요? — is there anyone lost (a question about understanding)."""
    body = [m for m in sentence.clause if m.tag != "EP"]
    # 이해 안 되는 분?: "is there" left unsaid after the listeners
    unsaid = sentence.ending == "?" and bool(body) and body[-1].form in _LISTENERS
    # (헷갈리는 분 없어요 / 이해 안 되는 분들 많아요: polite, and asking whether there are)
    asks = sentence.asks or sentence.ending in _POLITE_ENDINGS or sentence.ending in ("지", "나")
    if not asks or (predicate.form not in _BEING | {"많"} and not unsaid):
        return False
    for index, token in enumerate(body[2:], start=2):
        if token.form in _LISTENERS | {"분들", "사람들"} and body[index - 1].tag == "ETM":
            if body[index - 1].form in ("다는", "ᆫ다는", "는다는", "라는"):
                continue  # 어렵다는 학생이 많아요: what students say, reported
            described = body[: index - 1]
            if described[-1].form in _LOST:
                return True
            # 이해 안 되는 부분: understanding, negated
            lemmas = _lemmas(described)
            if "이해" in lemmas and lemmas & {"안", "못"}:
                return True
    return False


def _classify(sentence: _Sentence) -> CheckpointKind | None:
    if not sentence.ending:
        # unfinished, or speech that never gets a final ending ("질문 있으신 분", "다음 슬라이드")
        return spoken_kind(sentence, put_off=_put_off(sentence))
    if _refused(sentence):
        # (첫 번째 파트 끝났습니다: a past that closes a part of the lecture moves on)
        closes = _closes_part(sentence) and not _reports(sentence.whole)
        return CheckpointKind.MOVING_ON if closes else None
    clause = sentence.clause
    body = [m for m in clause if m.tag not in ("SF", "SE", "SS")]
    topic = len(body) >= 3 and body[-1].form == "요" and body[-2].form in ("은", "는")
    if topic and sentence.asks and body[-3].form == "질문" and not _put_off(sentence):
        return CheckpointKind.QUESTIONS  # 다른 질문은요?
    predicate = _final_predicate(clause)
    if predicate is None:
        # 질문? / 궁금한 거?: the question asked with its noun alone
        kept = _after_modifiers(clause, keep=_LISTENERS)
        nouns = [m for m in kept if m.tag.startswith("N") or m.tag == "SL"]
        alone = sentence.asks and bool(nouns) and nouns[-1].form in _QUESTION_NOUNS
        if alone and not _put_off(sentence):
            return CheckpointKind.QUESTIONS
        return spoken_kind(sentence, put_off=_put_off(sentence))
    ending = sentence.ending
    asks = sentence.asks or (ending in _POLITE_ENDINGS and predicate.form in _BEING)
    put_off = _put_off(sentence)
    said = _lemmas(_after_modifiers(clause, keep=_LISTENERS | {"점"}))
    # (판사는 증인에게 질문할 수 있어요: what someone else may do)
    may = _someone_else(sentence.whole) and any(m.form == "수" for m in clause)
    if asks and said & (_QUESTION_NOUNS | _ASKING_VERBS) and predicate.form in _BEING and not may:
        return None if put_off else CheckpointKind.QUESTIONS
    # 질문 나올 것 같은데 없나요: "is there" alone, about the questions said before it
    bare = all(m.tag.startswith(("E", "S", "VA", "VX", "J")) for m in clause)
    earlier = _lemmas(sentence.whole) & _QUESTION_NOUNS
    if asks and bare and earlier and predicate.form in _BEING and not put_off:
        return CheckpointKind.QUESTIONS
    if _invites_questions(sentence, predicate) and not put_off:
        return CheckpointKind.QUESTIONS
    if _asks_after_listeners(sentence, predicate) or _wonders_if_understood(sentence):
        return CheckpointKind.UNDERSTANDING
    # 이해되셨어요 / 괜찮으세요: said to the class about its state, a question even unmarked
    said_to_class = asks or _honorific(sentence) or _understood_unmarked(sentence)
    # 따라오세요, 운동장으로: an action verb with 세요 and no "?" is a command
    command = sentence.ending in _IMPERATIVE_ENDINGS and not sentence.asks
    # (이해 가세요 / 납득이 가세요: 가다 of getting it asks; 가세요 alone sends)
    before = _before(list(clause), predicate)
    getting = before is not None and before.form in ("이해", "납득", "감", "느낌", "이")
    acting = predicate.tag.startswith("VV") and predicate.form not in _STATES
    if command and acting and not (predicate.form == "가" and getting):
        said_to_class = False
    # 책을 읽으면 이해가 되실 거예요: a promise of what will come, unasked
    if not sentence.asks and _predicts(clause):
        said_to_class = False
    # (알고 있나요: the verb the auxiliary carries is what is asked)
    verbs = [m for m in clause if m.tag.startswith(("VV", "VA"))]
    knowing = bool(verbs) and verbs[-1].form in ("알", "모르") and _asks_a_fact(sentence)
    if said_to_class and not knowing and _about_understanding(_after_modifiers(clause), predicate):
        return CheckpointKind.UNDERSTANDING
    if _moves_on(sentence, clause, predicate):
        return CheckpointKind.MOVING_ON
    return spoken_kind(sentence, put_off=put_off)


def _predicts(clause: Sequence[_Morpheme]) -> bool:
    """되실 거예요 / 이해할 겁니다: ㄹ 거 + the copula, what will be."""
    return any(
        a.tag == "ETM" and a.form in ("ᆯ", "을") and b.form in ("거", "것") and c.tag == "VCP"
        for a, b, c in zip(clause, clause[1:], clause[2:], strict=False)
    )


def _invites_questions(sentence: _Sentence, predicate: _Morpheme) -> bool:
    whole = sentence.whole
    if _past(sentence.clause) and not sentence.asks:
        return False  # 질문 있냐고 물어보셨어요: a report of an invitation
    if _speak_if_any(sentence):
        return True
    if not _lemmas(whole) & (_QUESTION_NOUNS | _ASKING_VERBS):
        return False
    if sentence.ending in _IMPERATIVE_ENDINGS and not sentence.asks:
        # 질문하세요 / 물어보세요 / 질문 있으면 손 들어 주세요 (not 질문 목록에서 고르세요)
        head = _head_verb(sentence.clause)
        if head is not None and _is_asking(sentence.clause, head):
            return not _owed_to_another(sentence.clause, head)
        if _if_any_questions(whole):
            return True
    head = _head_verb(sentence.clause)
    if head is not None and not sentence.asks and sentence.ending in ("어", "아", "어요", "아요"):
        # 궁금한 거 물어봐 / 질문 있으면 지금 해요: casual or polite, still an invitation
        # (환자분께 물어보셔야 해요: a duty towards someone else, not an invitation)
        if _is_asking(sentence.clause, head) and not _owed_to_another(sentence.clause, head):
            return True
        if head.form in ("하", "말하") and head.tag.startswith("VV") and _if_any_questions(whole):
            return True
    # 질문하셔도 돼요: permission to ask, now
    plain = [m for m in whole if m.tag != "EP"]
    for index, token in enumerate(plain[:-2]):
        allowed = plain[index + 1].form in ("어도", "아도", "도") and plain[index + 2].form == "되"
        if allowed and _is_asking(plain, token):
            return True
    # 질문 받겠습니다 / 질문 받고 갈게요: taking them now (not 질문을 받는 함수)
    intends = "겠" in _lemmas(whole) or sentence.ending in _INTENT_ENDINGS
    # 잠깐 질문 시간 가질게요: time for them, now
    for token, then in itertools.pairwise(whole):
        timed = token.form == "질문" and then.form == "시간"
        if timed and intends and _lemmas(whole) & {"가지", "갖", "드리", "주"}:
            return True
    for index, token in enumerate(whole):
        if token.form != "받" or not token.tag.startswith("VV"):
            continue
        after = whole[index + 1] if index + 1 < len(whole) else None
        asked = _lemmas(whole[:index]) & _QUESTION_NOUNS
        if asked and intends and (after is None or after.tag != "ETM"):
            return True
    return False


def _speak_if_any(sentence: _Sentence) -> bool:
    """의문 가는 부분 있으면 말씀해 주세요: a request to speak, on the condition that the class
    has something (there is: 있다 as a verb of being, not the auxiliary of 알고 있으면)."""
    if sentence.ending not in _IMPERATIVE_ENDINGS or sentence.asks:
        return False
    head = _head_verb(sentence.clause)
    if head is None:
        return False
    before = _before(sentence.clause, head)
    speaking = head.form in _SPEAKING or (
        head.tag.startswith("XSV") and before is not None and before.form in _SPEAKING
    )
    if not speaking:
        return False
    whole = sentence.whole
    for index, token in enumerate(whole):
        if token.tag == "EC" and token.form in ("면", "으면"):
            there = [m for m in whole[:index] if m.tag != "EP"]
            if there and there[-1].form in ("있", "계시") and there[-1].tag in ("VA", "VV"):
                return True
    return False


# which finished sentences the meaning classifier is asked about: "asks" (a question or an
# intention), "honorific" (and what is said to the class with 시), "any" (every ending the
# rules do not refuse); chosen by cross-validation (bench/train_checkpoint_meaning.py)
GATES = ("asks", "honorific", "any")
_GATE = "asks"


def _meaning_candidate(sentence: _Sentence, gate: str = _GATE) -> bool:
    """A finished sentence that asks or intends, and that the grammar does not refuse or
    put off: the only kind worth an embedding. (Imperative and plain polite endings were
    let in at first; cross-validation over the tuning parts showed them costing false
    alarms, "보세요" instructions above all.)"""
    if not sentence.ending or _refused(sentence) or _put_off(sentence):
        return False
    # 그렇죠? / 맞죠?: a tag on the fact just told, not a question about the class
    content = [m for m in sentence.clause if not m.tag.startswith(("E", "J", "S", "IC", "MAJ"))]
    if all(m.form in ("그렇", "맞", "그러", "그래") for m in content):
        return False
    # 다음으로 넘어갈 슬라이드를 보여 드릴게요: the move only describes a noun, as the rules
    # read it; the words of moving must not carry the sentence to the classifier either
    if any(m.form in _MOVING and n.tag == "ETM" for m, n in itertools.pairwise(sentence.clause)):
        return False
    intends = sentence.ending in _INTENT_ENDINGS
    intends = intends or any(m.tag == "EP" and m.form == "겠" for m in sentence.clause)
    if gate == "any" or (gate == "honorific" and _honorific(sentence)):
        return True
    return sentence.asks or intends


def _is_asking(morphemes: Sequence[_Morpheme], verb: _Morpheme) -> bool:
    if verb.form in _ASK:
        return True
    before = _before(morphemes, verb)
    return verb.tag.startswith("XSV") and before is not None and before.form == "질문"


def _if_any_questions(whole: Sequence[_Morpheme]) -> bool:
    """질문 있으면 ... / 궁금한 거 있으시면 ...: a condition on there being questions."""
    for index, token in enumerate(whole):
        if token.tag == "EC" and token.form in ("면", "으면"):
            before = [m for m in whole[:index] if m.tag != "EP"]
            # (질문이 없으면 ...: a condition on there being none invites nothing)
            there = bool(before) and before[-1].form in ("있", "계시")
            if there and _lemmas(before) & (_QUESTION_NOUNS | {"모르"}):
                return True
    return False


def _about_understanding(clause: Sequence[_Morpheme], predicate: _Morpheme) -> bool:
    lemmas = _lemmas(clause)
    if "이해" in lemmas:
        return True
    # 감이 오시나요 / 구분 되시죠 / 무리 없으신 거죠: the idioms for getting it
    core = [m for m in clause if m.tag.startswith(("VV", "VA", "XSV")) and m.form != "맞"]
    core_form = core[-1].form if core else predicate.form
    for noun, verbs in _GETTING_IT.items():
        if noun in lemmas and (predicate.form in verbs or core_form in verbs):
            return True
    if _GETTING_VERBS & lemmas and predicate.form in _GETTING_VERBS:
        return True
    # 그 차이가 이제 보이시나요: seeing it, asked with respect (추세가 보이죠 only tells)
    honoured = any(m.tag == "EP" and m.form in ("시", "으시") for m in clause)
    if predicate.form == "보이" and honoured:
        return True
    # 이해관계가 다르면 협상이 어렵죠: a claim about a thing, tagged, not a question to the class
    tagged = clause and clause[-1].form in ("죠", "지요")
    if (
        tagged
        and predicate.form in ("어렵", "괜찮")
        and any(
            m.tag == "JKS" and n.tag == "NNG" and n.form != "부분"
            for n, m in itertools.pairwise(clause)
        )
    ):
        return False
    if predicate in clause and predicate.form in _UNDERSTANDING_LEMMAS:
        return True
    # 따라오고 계시죠 / 어렵지 않으세요: the meaning is in the verb the auxiliary carries
    # (따라오고 계신 거 맞죠: and 맞다 only tags it)
    verbs = [m for m in clause if m.tag.startswith(("VV", "VA")) and m.form not in ("맞", "그렇")]
    return bool(verbs) and verbs[-1].form in _UNDERSTANDING_LEMMAS


def _moves_on(sentence: _Sentence, clause: Sequence[_Morpheme], predicate: _Morpheme) -> bool:
    if _asks_leave_to_move(sentence):
        return True
    # 데이터가 다음 계층으로 넘어가죠 / 전자는 다음 궤도로 넘어가겠죠 / 소비자들은 가격이 오르면
    # 다른 상품으로 넘어가죠: something of the subject goes somewhere (증명은 넘어가겠습니다,
    # with no goal, skips it)
    subject = any(
        m.tag == "JKS" and n.tag in ("NNG", "NNP") and n.form not in _OWN_TIME
        for n, m in itertools.pairwise(m for m in clause if m.tag != "XSN")
    )
    goal = any(m.tag == "JKB" and m.form in ("으로", "로") for m in clause)
    scope = _with_conditions(sentence.whole, clause)
    if subject or (goal and _third_party(scope)):
        return False
    verbs = [m for m in clause if m.tag.startswith(("VV", "XSV"))]
    if not verbs:
        return False
    verb = verbs[-1]
    # an auxiliary after it is fine (넘어가 볼게요); a modifier ending is not (넘어갈 내용)
    after = list(clause[clause.index(verb) + 1 :])
    if any(m.tag in ("ETM", "ETN") for m in after):
        return False
    if _past(clause):
        return False  # 지난 시간에 넘어갔었죠: a report of a move, not a move
    # 다음 장으로 가죠 / 다음 거 할게요 / 다음 단원 시작하겠습니다: whatever is done next
    # (다음 시간에 is put off, and 다음 식에 대입하면 does not intend)
    # (다음으로 넘어갈 내용을 보여 드릴게요: the next thing only described, nothing moves)
    nexts = _towards_next(_after_modifiers(clause))
    moving = verb.form in _MOVING or (nexts and not _put_off(sentence))
    # 본론으로 들어가 볼게요: going to a place of the lecture, carrying nothing with it
    goal = any(m.tag == "JKB" and m.form in ("으로", "로") for m in clause)
    carries = any(m.tag == "JKO" for m in clause)
    # (평형이 어디로 갈까요: what goes has a subject of its own, and a question word asks)
    others = any(m.tag == "JKS" for m in clause) or bool(_lemmas(clause) & _WH_WORDS)
    now = bool(_lemmas(clause) & _NOW)
    going = verb.form in _GOING and (goal or (now and verb.form == "들어가"))
    # 진도 나갈게요: the syllabus goes on
    going = going or (
        verb.form == "나가"
        and _before(list(clause), verb) is not None
        and _before(list(clause), verb).form == "진도"
    )
    moving = moving or (going and not carries and not others)
    # 이제 두 번째 주제 시작할게요: starting the next thing
    started = verb.form == "하" and _before(list(clause), verb) is not None
    started = started and _before(list(clause), verb).form == "시작"
    moving = moving or ((verb.form == "시작하" or started) and (now or nexts))
    # 여기까지 하겠습니다 / 오늘은 여기까지 할게요: closing this part
    before = _before(list(clause), verb)
    closing = verb.form == "하" and before is not None and before.form == "까지"
    moving = moving or (closing and "여기" in _lemmas(clause))
    if not moving:
        return False
    intends = sentence.ending in _INTENT_ENDINGS or any(
        m.tag == "EP" and m.form == "겠" for m in after
    )
    # 자, 넘어간다: the plain present said of no one else is the speaker's own move
    # (공이 선을 넘어간다 has a subject of its own)
    own = sentence.ending in ("ᆫ다", "는다") and not any(m.tag == "JKS" for m in clause)
    # 이제 투약으로 넘어갑니다 / 실습으로 갑니다: the speaker's present, said to the class
    # (이 함수는 다음 노드로 넘어갑니다 / 끝나면 다음으로 넘어갑니다: what the subject does)
    stated = sentence.ending in ("습니다", "ᆸ니다", "어요", "아요", "요")
    topic = any(m.tag == "JX" and m.form in ("은", "는") for m in clause)
    stated = stated and not (others or carries or topic or _conditioned(sentence.whole))
    own = own or (stated and (now or _to_a_part(clause)))
    return intends or own or _asks_leave_to_move(sentence)


def _with_conditions(
    whole: Sequence[_Morpheme], clause: Sequence[_Morpheme]
) -> tuple[_Morpheme, ...]:
    """The clause and the conditions right before it (소비자들은 가격이 오르면 ...): a topic
    said before a condition is the topic of what follows it; one before 고 is not."""
    clauses = _clauses(whole)
    kept = list(clause)
    for earlier in reversed(clauses[:-1]):
        if earlier[-1].tag != "EC" or earlier[-1].form not in ("면", "으면"):
            break
        kept[:0] = earlier
    return tuple(kept)


def _conditioned(whole: Sequence[_Morpheme]) -> bool:
    return any(m.tag == "EC" and m.form in ("면", "으면") for m in whole)


def _to_a_part(clause: Sequence[_Morpheme]) -> bool:
    """다음 장 / 다음 조로 / 2부: a part of the lecture named as where it goes."""
    return any(m.form in _PARTS and m.tag.startswith("NN") for m in clause)


def _towards_next(clause: Sequence[_Morpheme]) -> bool:
    """다음 as what comes next in the lecture: before a noun or a goal, not 다음에 (later)."""
    return any(
        token.form == "다음"
        and token.tag.startswith("NN")
        and (
            then.tag.startswith(("NN", "NP")) or (then.tag == "JKB" and then.form in ("으로", "로"))
        )
        for token, then in itertools.pairwise(clause)
    )


def _asks_leave_to_move(sentence: _Sentence) -> bool:
    """넘어가도 될까요? / 넘어가도 되죠?: asking the class for leave to move on."""
    if not sentence.asks:
        return False
    plain = [m for m in sentence.whole if m.tag != "EP"]
    return any(
        verb.form in _MOVING and ending.form in ("어도", "아도") and allowed.form == "되"
        for verb, ending, allowed in zip(plain, plain[1:], plain[2:], strict=False)
    )


def _letters_match(
    sentence: str, kinds: Sequence[tuple[str, CheckpointKind | None]], asks: bool
) -> tuple[str, CheckpointKind | None] | None:
    """A phrase spelled out at the end of the sentence, give or take a few letters."""
    letters = normalize(sentence)
    best: tuple[int, str, CheckpointKind | None] | None = None
    for phrase, kind in kinds:
        pattern = normalize(phrase)
        if not pattern:
            continue
        # a phrase that has a kind is only trusted by its letters in a sentence that asks or
        # intends; one without a kind is the lecturer's own word ("오케이") and needs neither
        if kind is not None and not asks and kind is not CheckpointKind.MOVING_ON:
            continue
        for end, distance in match_ends(pattern, letters, allowed_errors(len(pattern))):
            if len(letters) - end <= 1 and (best is None or distance < best[0]):
                best = (distance, phrase, kind)
    return (best[1], best[2]) if best is not None else None
