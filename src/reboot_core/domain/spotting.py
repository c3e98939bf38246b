"""Keyword spotting of checkpoint phrases in recognised speech.

Speech recognition splits and garbles Korean phrases ("질문 있 나요", "이해 되 셨나요"), so
matching ignores spacing and punctuation and tolerates a few character errors (approximate
substring search, Sellers' algorithm). A phrase may span chunk boundaries; a hit is reported
only when every acceptable end of the occurrence lies in the newest chunk, so each spoken
phrase is reported once — when it first becomes recognisable — no matter how many later chunks
still hold it in the window.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import attrs

from reboot_core.domain.checkpoints import Checkpoint


def normalize(text: str) -> str:
    """NFC, lower case, letters and digits only."""
    text = unicodedata.normalize("NFC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def allowed_errors(length: int) -> int:
    """Character errors tolerated for a phrase of ``length`` normalised characters."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    return 2


@attrs.frozen
class Hit:
    phrase: str
    distance: int
    chunk_index: int  # index into the chunk texts given to the spotter


def match_ends(pattern: str, text: str, k: int) -> list[tuple[int, int]]:
    """(end position, edit distance) of every approximate occurrence with distance <= k."""
    m = len(pattern)
    column = list(range(m + 1))
    ends: list[tuple[int, int]] = []
    for j, ch in enumerate(text, start=1):
        previous_diag = column[0]  # D[0][j-1]; the top row is free (a match may start anywhere)
        column[0] = 0
        for i in range(1, m + 1):
            current = column[i]
            column[i] = min(
                column[i] + 1,
                column[i - 1] + 1,
                previous_diag + (pattern[i - 1] != ch),
            )
            previous_diag = current
        if column[m] <= k:
            ends.append((j, column[m]))
    return ends


@attrs.frozen
class KeywordSpotter:
    phrases: tuple[str, ...] = attrs.field(converter=tuple)

    def spot(self, chunk_texts: Sequence[str]) -> list[Hit]:
        """Phrases whose best occurrence ends inside the last of ``chunk_texts``."""
        if not chunk_texts:
            return []
        text_parts: list[str] = []
        owner: list[int] = []
        for index, chunk in enumerate(chunk_texts):
            part = normalize(chunk)
            text_parts.append(part)
            owner.extend([index] * len(part))
        text = "".join(text_parts)
        newest = len(chunk_texts) - 1
        hits: list[Hit] = []
        for phrase in self.phrases:
            pattern = normalize(phrase)
            if not pattern:
                continue
            best = self._best_in_newest(pattern, text, owner, newest)
            if best is not None:
                hits.append(Hit(phrase, best, newest))
        return hits

    @staticmethod
    def _best_in_newest(pattern: str, text: str, owner: list[int], newest: int) -> int | None:
        ends = match_ends(pattern, text, allowed_errors(len(pattern)))
        # Adjacent end positions belong to one occurrence. An occurrence with any end in an
        # earlier chunk already matched when that chunk was the newest, so it was reported then.
        found: int | None = None
        run: list[tuple[int, int]] = []
        for end in [*ends, (-10, 0)]:
            if run and end[0] != run[-1][0] + 1:
                if all(owner[position - 1] == newest for position, _ in run):
                    best = min(distance for _, distance in run)
                    found = best if found is None else min(found, best)
                run = []
            run.append(end)
        return found


@attrs.frozen
class KeywordDetector:
    """The core's own ``CheckpointDetector``: the phrases by their letters, nothing more.

    Library users without a Korean analyser get this; it knows no paraphrases and cannot
    tell "다음으로 넘어갈게요" from "다음으로 넘어갈 내용은 ..." (the bundled server uses the
    morphological detector in ``reboot_adapters.korean``).
    """

    def find(
        self,
        context: Sequence[str],
        newest: str,
        phrases: Sequence[str],
        *,
        in_progress: bool = False,
    ) -> Checkpoint | None:
        # the phrases are whole questions ("이해되셨나요"): their letters are already the end
        hits = KeywordSpotter(tuple(phrases)).spot([*context, newest])
        if not hits:
            return None
        best = min(hits, key=lambda hit: hit.distance)
        return Checkpoint(phrase=best.phrase, heard_text=" ".join(newest.split()))
