"""Checkpoints: the moments a lecturer checks on the class, and each lecture's phrase list.

A checkpoint is the lecturer asking whether the class follows ("이해되셨나요"), inviting
questions now ("질문 있나요") or announcing a move on as a closing ("다음으로 넘어갈게요").
The phrase list of a lecture tells which of these to listen for; a detector (a port) decides
whether a sentence is one, by its meaning where it can and by the letters of a phrase where
it cannot. The plan's four phrases are the default list.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterable
from datetime import datetime

import attrs

from reboot_core.errors import Invalid

MAX_PHRASES = 50
MAX_PHRASE_CHARS = 100


class CheckpointKind(enum.StrEnum):
    UNDERSTANDING = "understanding"  # does the class follow?
    QUESTIONS = "questions"  # any questions, now?
    MOVING_ON = "moving_on"  # closing a part: on to the next


@attrs.frozen
class Checkpoint:
    """A checkpoint heard in a sentence.

    ``phrase`` is the entry of the phrase list it answers to (for a meaning match, the first
    entry of the same kind), ``kind`` is None when only the letters of a phrase matched, and
    ``heard_text`` is the sentence as it was heard.
    """

    phrase: str
    heard_text: str
    kind: CheckpointKind | None = None


def clean_phrases(phrases: Iterable[object]) -> tuple[str, ...]:
    """A lecture's phrase list, checked: each entry is text of 1-100 characters (spaces
    trimmed and collapsed), at most 50 entries; repeats are dropped, first kept.

    Raises Invalid naming the entry that breaks a rule. An empty list is allowed: it turns
    checkpoint suggestions off for the lecture.
    """
    if isinstance(phrases, str) or not isinstance(phrases, Iterable):
        raise Invalid("phrases must be a list of texts")
    entries = list(phrases)
    if len(entries) > MAX_PHRASES:
        raise Invalid(
            f"at most {MAX_PHRASES} checkpoint phrases per lecture ({len(entries)} given)"
        )
    kept: list[str] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, str):
            raise Invalid(f"phrase {number} must be text")
        phrase = " ".join(unicodedata.normalize("NFC", entry).split())
        if not phrase:
            raise Invalid(f"phrase {number} is empty")
        if len(phrase) > MAX_PHRASE_CHARS:
            raise Invalid(f"phrase {number} is longer than {MAX_PHRASE_CHARS} characters")
        if phrase not in seen:
            seen.add(phrase)
            kept.append(phrase)
    return tuple(kept)


@attrs.frozen
class LecturePhrases:
    """The checkpoint phrases an instructor chose for one lecture."""

    lecture_id: str
    phrases: tuple[str, ...]
    updated_at: datetime

    @classmethod
    def choose(cls, lecture_id: str, phrases: Iterable[object], now: datetime) -> LecturePhrases:
        return cls(lecture_id, clean_phrases(phrases), now)
