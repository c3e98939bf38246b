"""Each lecture's own glossary: terms its instructor adds beside what the materials name.

The materials are the glossary by default (their headings, bold terms, table headers);
an instructor adds the concepts the materials leave implicit ("혼잡 제어" said but never
written). These terms come first wherever the lecture's concepts are used: quiz drafts,
the note's key terms and the self-test.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime

import attrs

from reboot_core.errors import Invalid

MAX_TERMS = 300
MAX_TERM_CHARS = 100


def clean_terms(terms: object) -> tuple[str, ...]:
    """A lecture's glossary, checked: each entry is text of 1-100 characters (spaces trimmed
    and collapsed, Unicode NFC), at most 300 entries; repeats (ignoring spaces and case) are
    dropped, first kept. Raises Invalid naming the entry that breaks a rule."""
    if isinstance(terms, str) or not isinstance(terms, Sequence):
        raise Invalid("용어집은 용어 목록이어야 합니다 (terms must be a list of texts)")
    entries = list(terms)
    if len(entries) > MAX_TERMS:
        raise Invalid(
            f"용어는 강의당 {MAX_TERMS}개까지입니다 ({len(entries)}개) "
            f"(at most {MAX_TERMS} glossary terms per lecture)"
        )
    kept: list[str] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, str):
            raise Invalid(f"{number}번째 용어가 글자가 아닙니다 (term {number} must be text)")
        term = " ".join(unicodedata.normalize("NFC", entry).split())
        if not term:
            raise Invalid(f"{number}번째 용어가 비어 있습니다 (term {number} is empty)")
        if len(term) > MAX_TERM_CHARS:
            raise Invalid(
                f"{number}번째 용어가 {MAX_TERM_CHARS}자를 넘습니다 "
                f"(term {number} is longer than {MAX_TERM_CHARS} characters)"
            )
        key = term_key(term)
        if key not in seen:
            seen.add(key)
            kept.append(term)
    return tuple(kept)


def term_key(text: str) -> str:
    """How two spellings of a term are told to be the same ("흐름제어" = "흐름 제어")."""
    return "".join(text.split()).casefold()


@attrs.frozen
class LectureGlossary:
    """The terms an instructor added to one lecture, in the order they were given."""

    lecture_id: str
    terms: tuple[str, ...]
    updated_at: datetime

    @classmethod
    def choose(cls, lecture_id: str, terms: object, now: datetime) -> LectureGlossary:
        return cls(lecture_id, clean_terms(terms), now)
