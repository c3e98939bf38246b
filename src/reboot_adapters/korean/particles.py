"""Particles after a blank: a fill-in-the-blank sentence must not give its answer away.

Korean particles change with the last sound of the word before them ("평형이라고" but
"상수라고"), so the particle left after a blank tells a student whether the answer ends in
a consonant. Quizzes write both forms, as Korean tests do: "____(이)라고", "____은(는)".
"""

from __future__ import annotations

from reboot_adapters.korean.analysis import attached_after

# a particle's two forms, as written after a blank (the form after a consonant first)
_BOTH = {
    "은": "은(는)", "는": "은(는)",
    "이": "이(가)", "가": "이(가)",
    "을": "을(를)", "를": "을(를)",
    "과": "과(와)", "와": "과(와)",
    "으로": "(으)로", "로": "(으)로",
    "으로서": "(으)로서", "로서": "(으)로서",
    "으로써": "(으)로써", "로써": "(으)로써",
    "이랑": "(이)랑", "랑": "(이)랑",
    "이나": "(이)나", "나": "(이)나",
    "이나마": "(이)나마", "나마": "(이)나마",
    "이란": "(이)란", "란": "(이)란",
}  # fmt: skip

# the copula's forms that differ by the sound before them
_COPULA_BOTH = (("이에요", "(이)에요"), ("예요", "(이)에요"), ("이었", "(이)었"), ("였", "(이)었"))


def blank_out(text: str, start: int, end: int, blank: str) -> str:
    """``text`` with [start, end) replaced by ``blank`` and the particle or copula after it
    written in both of its forms."""
    after = text[end:]
    attached, _ = attached_after(text, end)
    if attached:
        first = attached[0]
        if first.tag.startswith("J") and first.form in _BOTH:
            surface = text[first.start : first.end]
            if surface == first.form:
                after = _BOTH[first.form] + text[first.end :]
        elif first.tag == "VCP":
            after = _copula(after)
    return text[:start] + blank + after


def _copula(after: str) -> str:
    """ "이라고 합니다" / "라고 합니다" -> "(이)라고 합니다"; 입니다 fits either."""
    if after.startswith(("입니", "입시")):
        return after
    for heard, both in (
        ("이에요", "(이)에요"),
        ("예요", "(이)에요"),
        ("이었", "(이)었"),
        ("였", "(이)었"),
    ):
        if after.startswith(heard):
            return both + after[len(heard) :]
    if after.startswith("이") and len(after) > 1 and not after[1].isspace():
        return f"(이){after[1:]}"
    return f"(이){after}"  # the copula was dropped after a vowel: 상수라고
