"""Hypothesis strategies shared by the test suites: Korean text, codes, actors, drafts, timings.

Every generator that the unit tests of more than one aggregate need lives here, so a rule about
what "a valid quiz" or "a typed join code" is has one definition.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

from reboot_core import DEFAULT_TRIGGER_PHRASES, Actor, PulseType, QuizDraft

# --- join codes -----------------------------------------------------------------------------------

DIGITS = "0123456789"
#: what people type between digits: spaces (incl. the ideographic space of Korean IMEs), tabs,
#: dashes, dots and underscores
CODE_SEPARATORS = (" ", "  ", "\t", "-", "--", ".", "_", "\u3000", " - ")

session_codes = st.text(alphabet=DIGITS, min_size=6, max_size=6)


@st.composite
def typed_codes(draw: st.DrawFn, code: str | None = None) -> tuple[str, str]:
    """(canonical code, the code as a person might type it: separators around any digit)."""
    canonical = draw(session_codes) if code is None else code
    gaps = st.lists(st.sampled_from(CODE_SEPARATORS), max_size=2).map("".join)
    typed = "".join(draw(gaps) + digit for digit in canonical) + draw(gaps)
    return canonical, typed


def _with_separators(draw: st.DrawFn, chars: str) -> str:
    gaps = st.lists(st.sampled_from(CODE_SEPARATORS), max_size=1).map("".join)
    return "".join(draw(gaps) + ch for ch in chars) + draw(gaps)


_NON_DIGIT = st.characters(
    categories=["L", "P", "S"], exclude_characters="-_."
)  # letters (Hangul too), punctuation and symbols that are not separators
_FOREIGN_DIGITS = "０１２３４５６７８９٠١٢٣٤٥٦٧٨٩०१२३"  # digits, but not ASCII


@st.composite
def malformed_codes(draw: st.DrawFn) -> str:
    """Strings that are *not* six ASCII digits once separators are dropped."""
    kind = draw(st.sampled_from(["short", "long", "non_digit", "foreign_digit"]))
    if kind == "short":
        return _with_separators(draw, draw(st.text(DIGITS, max_size=5)))
    if kind == "long":
        return _with_separators(draw, draw(st.text(DIGITS, min_size=7, max_size=12)))
    digits = list(draw(session_codes))
    position = draw(st.integers(0, 5))
    bad = _NON_DIGIT if kind == "non_digit" else st.sampled_from(_FOREIGN_DIGITS)
    digits[position] = draw(bad)
    return _with_separators(draw, "".join(digits))


# --- Korean text ----------------------------------------------------------------------------------

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
hangul_syllables = st.characters(min_codepoint=HANGUL_FIRST, max_codepoint=HANGUL_LAST)

#: every syllable used by a default checkpoint phrase
PHRASE_SYLLABLES = frozenset("".join(DEFAULT_TRIGGER_PHRASES).replace(" ", ""))

#: frequent syllables of lecture speech, minus the phrases' own syllables
_COMMON = "".join(
    sorted(
        set(
            "그러면자우리오늘은데이터베이스와장고모델을배워볼텐데요먼저테이블만들고필드가컬럼"
            "된다는점중요합니다쿼리셋게으르고실행때에서반복문돌려야비로소쿼리날아갑니다"
            "트랜잭션원자성보장하는방법도같이봅니다선생님학생강의예제코드한번더보면"
        )
        - PHRASE_SYLLABLES
    )
)

_syllables_free_of_phrases = st.one_of(
    st.sampled_from(_COMMON),
    st.characters(
        min_codepoint=HANGUL_FIRST,
        max_codepoint=HANGUL_LAST,
        exclude_characters="".join(PHRASE_SYLLABLES),
    ),
)

korean_words = st.text(hangul_syllables, min_size=1, max_size=6)
korean_text = st.lists(korean_words, min_size=1, max_size=12).map(" ".join)

_PUNCTUATION = st.sampled_from([" ", " ", " ", ", ", ". ", "? ", "! ", "… ", "~ "])


@st.composite
def korean_text_without_phrases(draw: st.DrawFn, min_words: int = 1, max_words: int = 25) -> str:
    """Korean-looking speech (syllables, spaces, punctuation, a few ASCII terms and digits)
    built from an alphabet that shares no syllable with a default checkpoint phrase — so no
    substring is within a few edits of a phrase, whatever the spotter's tolerance."""
    words = draw(
        st.lists(
            st.one_of(
                st.text(_syllables_free_of_phrases, min_size=1, max_size=6),
                st.sampled_from(["ORM", "SQL", "QuerySet", "migrate", "N+1", "200", "3"]),
            ),
            min_size=min_words,
            max_size=max_words,
        )
    )
    out = []
    for word in words:
        out.append(word)
        out.append(draw(_PUNCTUATION))
    return "".join(out).strip()


#: what a recogniser may put between syllables of a phrase
spoken_gaps = st.lists(st.sampled_from(["", " ", "  ", ",", ".", "?", "!", "…", "-"]), max_size=2)


@st.composite
def garbled_spacing(draw: st.DrawFn, phrase: str) -> str:
    """The phrase with its spaces moved, dropped or doubled and punctuation sprinkled in."""
    syllables = phrase.replace(" ", "")
    return "".join(syllable + "".join(draw(spoken_gaps)) for syllable in syllables)


# --- actors ---------------------------------------------------------------------------------------

# fixed prefix + lowercase letters: never a substring of Korean text, dates, codes or "id-N" ids
_tokens = st.text(string.ascii_lowercase, min_size=6, max_size=10)
student_ids = _tokens.map(lambda t: f"stu_{t}")
instructor_ids = _tokens.map(lambda t: f"ins_{t}")
students = student_ids.map(Actor.student)
instructors = instructor_ids.map(Actor.instructor)


def distinct_students(min_size: int = 1, max_size: int = 6) -> st.SearchStrategy[list[Actor]]:
    return st.lists(student_ids, min_size=min_size, max_size=max_size, unique=True).map(
        lambda ids: [Actor.student(i) for i in ids]
    )


# --- quiz drafts ----------------------------------------------------------------------------------

_option_chars = st.characters(categories=["L", "N"], max_codepoint=HANGUL_LAST)
option_texts = st.text(_option_chars, min_size=1, max_size=12)
question_texts = st.one_of(korean_text, st.text(_option_chars, min_size=1, max_size=40))


@st.composite
def draft_inputs(draw: st.DrawFn, min_options: int = 2, max_options: int = 6) -> dict:
    """Keyword arguments of a valid ``QuizDraft.create`` call."""
    options = draw(st.lists(option_texts, min_size=min_options, max_size=max_options, unique=True))
    return {
        "question_text": draw(question_texts),
        "options": options,
        "correct_answer": draw(st.sampled_from(options)),
        "explanation": draw(st.one_of(st.just(""), korean_text)),
        "concept_tags": draw(st.lists(st.sampled_from(["orm", "migration", "n+1", "tx"]))),
    }


quiz_drafts = draft_inputs().map(lambda kwargs: QuizDraft.create(**kwargs))

# --- timings --------------------------------------------------------------------------------------

#: seconds between two events; strictly positive so no two events of one person share an instant
time_steps = st.floats(min_value=0.001, max_value=90.0, allow_nan=False, allow_infinity=False)
short_steps = st.floats(min_value=0.001, max_value=5.0, allow_nan=False, allow_infinity=False)
pulse_types = st.sampled_from(list(PulseType))


@st.composite
def taps(
    draw: st.DrawFn, n_students: int, max_size: int = 30
) -> list[tuple[int, PulseType, float]]:
    """A timeline of (student index, pulse type, seconds waited before the tap)."""
    return draw(
        st.lists(
            st.tuples(
                st.integers(0, n_students - 1), pulse_types, st.one_of(short_steps, time_steps)
            ),
            max_size=max_size,
        )
    )


# one step of a lecture (tests.unit.core._world.apply_step); indexes are taken modulo what exists
lecture_steps = st.one_of(
    st.tuples(st.just("tap"), st.integers(0, 5), pulse_types),
    st.tuples(st.just("ask"), st.integers(0, 5), korean_text),
    st.tuples(st.just("upvote"), st.integers(0, 5), st.integers(0, 9)),
    st.tuples(st.just("quiz"), quiz_drafts),
    st.tuples(st.just("answer"), st.integers(0, 5), st.integers(0, 9), st.integers(0, 5)),
    st.tuples(st.just("close"), st.integers(0, 9)),
    st.tuples(st.just("mark"), st.integers(0, 9)),
    st.tuples(st.just("wait"), st.floats(0.5, 30.0)),
)
# answers need a quiz first: a few quizzes at the start make answered quizzes common
lectures = st.tuples(
    st.lists(st.tuples(st.just("quiz"), quiz_drafts), max_size=3), st.lists(lecture_steps)
).map(lambda parts: [*parts[0], *parts[1]])
