"""Checkpoints by meaning: Kiwi's morphological analysis of what the lecturer just said
(the ``CheckpointDetector`` port).

A sentence is cut where Kiwi finds a sentence-final ending (EF) that is not quoted ("이해되셨나요
라고 물어보면": an EF followed by a quotative particle, the copula or 하다 is part of a larger
sentence; so is what stands in quotation marks before 하고 / 라고). Only its last clause
counts: a connective ending (면, 고, ...) not followed by an auxiliary verb starts a new
clause, so "이해가 되면 다음 예제를 풀어 보세요" is about the example.
That clause is then

* **understanding** — a question (나요, ㄴ가요, 습니까, 니, 죠 ... or a "?") about 이해, 알다,
  괜찮다, 따라오다, 어렵다, 헷갈리다 — but not whether a fact is known (a question word or an
  embedded question before 알다 without 겠: "왜 틀렸는지 아시나요?");
* **questions** — a question whether there are 질문 / things 궁금한 / 모르는 (있다, 없다, 계시다),
  an invitation to ask (질문하세요, 물어보세요; "질문 있으면 손 들어 주세요") or a promise to
  take them now (질문 받겠습니다), the noun alone ("질문?"), a request to speak if there is
  anything ("있으면 말씀해 주세요") — unless they are put off (나중에, 다음 시간에, 끝나고);
* **moving on** — 넘어가다, whatever is done next (다음 + a noun) or going to a part of the
  lecture ("본론으로 들어가") said as an intention or a proposal (ㄹ게요, 겠, ㅂ시다, ㄹ까요, 죠;
  "자, 넘어간다"), never in the past, never negated, never as a modifier ("넘어갈 내용은").

Speech that is not written prose — a sentence left without a final ending ("질문 있으신 분",
"다음 슬라이드"), a part closed before the next is named, an invitation put as a condition
and a request, loans such as 오케이 — is read by ``_checkpoint_spoken``.

The lecture's phrase list decides which kinds count: each phrase is analysed the same way.
A phrase whose kind cannot be told (a lecturer's own "오케이?") — and any phrase, for a
sentence whose words were misheard (Kiwi reads "질문 잇나요" as 잇다, to join) — is matched by
its letters, tolerating a few wrong ones, but only where it ends a sentence whose ending
asks or intends (so "질문 있나 보네요" and "이해되셨나요라고" do not count).

What the rules still miss — a paraphrase in words they do not know ("감 잡히셨어요?") — is
asked of the meaning classifier (``checkpoint_meaning``), but only for a sentence whose
ending asks or intends and that the rules do not refuse (past, negated, reported,
put off), and only for a kind the lecture's phrase list counts. It is told the sentence's
grammar (``GRAMMAR``) beside its embedding, so it can lean on how a sentence asks rather
than on the words it was trained on.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from reboot_adapters.korean._checkpoint_grammar import GRAMMAR, grammar_of
from reboot_adapters.korean._checkpoint_rules import (
    _GATE,
    GATES,
    _classify,
    _letters_match,
    _meaning_candidate,
    _refused,
)
from reboot_adapters.korean._checkpoint_sentences import (
    _mended,
    _Morpheme,
    _respelt,
    _Sentence,
    _split,
)
from reboot_adapters.korean._kiwi import shared_kiwi
from reboot_adapters.korean.checkpoint_meaning import MeaningClassifier
from reboot_adapters.korean.readable import KiwiReadableText
from reboot_adapters.sentence_embedding import shared_embedder
from reboot_core.domain.checkpoints import Checkpoint, CheckpointKind
from reboot_core.domain.spotting import KeywordDetector
from reboot_core.errors import Unavailable

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

log = logging.getLogger(__name__)

_DEFAULT_CONTEXT = 2


class KiwiCheckpointDetector:
    """``CheckpointDetector`` on kiwipiepy (the shared analyser; load it once per process).

    Args:
        kiwi: returns the analyser (the process-wide one by default).
        context_chunks: how many earlier chunks may hold the beginning of a sentence.
        meaning: tells a checkpoint the rules miss by its meaning (None: rules only).
    """

    def __init__(
        self,
        kiwi: Callable[[], Kiwi] = shared_kiwi,
        *,
        context_chunks: int = _DEFAULT_CONTEXT,
        meaning: MeaningClassifier | None = None,
    ) -> None:
        self._kiwi = kiwi
        self._meaning = meaning if meaning is not None else MeaningClassifier(shared_embedder)
        self._readable = KiwiReadableText(kiwi)
        self._context = context_chunks
        self._kinds_of = functools.lru_cache(maxsize=64)(self._phrase_kinds)
        # the meaning step reads the text again after the rules found nothing in it
        self._sentences = functools.lru_cache(maxsize=32)(self._analyse)

    def find(
        self,
        context: Sequence[str],
        newest: str,
        phrases: Sequence[str],
        *,
        in_progress: bool = False,
    ) -> Checkpoint | None:
        try:
            return self._find(context, newest, phrases, in_progress)
        except Unavailable as error:
            # no analyser (kiwipiepy missing): the phrases by their letters still work
            log.warning("checkpoints by letters only: %s", error.detail)
            return KeywordDetector().find(context, newest, phrases)

    def _find(
        self, context: Sequence[str], newest: str, phrases: Sequence[str], in_progress: bool
    ) -> Checkpoint | None:
        found = self._find_in(context, newest, phrases, in_progress=in_progress)
        if found is not None or not newest.strip() or not phrases:
            return found
        # a recogniser's spacing can cut an ending in two ("이해되셨나 요"): read the words
        # again as the readable transcript joins them
        context = list(context[-self._context :])
        respaced = [self._readable.readable(c) for c in context]
        again = self._readable.readable(newest)
        same = respaced == [" ".join(c.split()) for c in context]
        if not same or again != " ".join(newest.split()):
            found = self._find_in(respaced, again, phrases, in_progress=in_progress)
        if found is not None:
            return found
        return self._find_in(respaced, again, phrases, by_meaning=True, in_progress=in_progress)

    def meaning_candidate(self, text: str, *, gate: str = "") -> bool:
        """Whether the meaning classifier would be asked about the last sentence of ``text``
        (``gate``: another gate to measure, see ``GATES``)."""
        sentences = self._sentences(" ".join(text.split()))
        return bool(sentences) and _meaning_candidate(sentences[-1], gate or _GATE)

    def grammar(self, text: str) -> tuple[float, ...]:
        """The grammar the meaning classifier reads beside the embedding (last sentence)."""
        sentences = self._sentences(" ".join(text.split()))
        return grammar_of(sentences[-1]) if sentences else (0.0,) * len(GRAMMAR)

    def _find_in(
        self,
        context: Sequence[str],
        newest: str,
        phrases: Sequence[str],
        *,
        by_meaning: bool = False,
        in_progress: bool = False,
    ) -> Checkpoint | None:
        newest = " ".join(newest.split())
        if not newest or not phrases:
            return None
        kinds = self._kinds_of(tuple(phrases))
        before = " ".join(" ".join(c.split()) for c in context[-self._context :] if c.strip())
        text = f"{before} {newest}" if before else newest
        newest_from = len(text) - len(newest)
        sentences = [s for s in self._sentences(text) if s.end > newest_from]
        if in_progress and sentences and not sentences[-1].ending:
            # still being said and no final ending yet: what follows may turn it into
            # content ("질문 있으신 분은 끝나고 오세요"); the finished result decides
            sentences.pop()
        if by_meaning:
            return self._by_meaning(text, sentences, kinds)
        for sentence in sentences:
            kind = _classify(sentence)
            if kind is None:
                continue
            said = text[sentence.start : sentence.end]
            # the lecturer's own word for it ("오케이"), when it is what was said, names it
            own = [(phrase, k) for phrase, k in kinds if k is None]
            mine = _letters_match(said, own, sentence.asks) if own else None
            if mine is not None:
                return Checkpoint(mine[0], said.strip(), None)
            chosen = next((phrase for phrase, k in kinds if k is kind), None)
            if chosen is not None:
                return Checkpoint(chosen, said.strip(), kind)
        for sentence in sentences:
            if _refused(sentence):
                continue
            hit = _letters_match(text[sentence.start : sentence.end], kinds, sentence.asks)
            if hit is not None:
                phrase, kind = hit
                return Checkpoint(phrase, text[sentence.start : sentence.end].strip(), kind)
        return None

    def _by_meaning(
        self,
        text: str,
        sentences: Sequence[_Sentence],
        kinds: Sequence[tuple[str, CheckpointKind | None]],
    ) -> Checkpoint | None:
        for sentence in sentences:
            if not _meaning_candidate(sentence):
                continue
            said = text[sentence.start : sentence.end].strip()
            kind = self._meaning.kind(said, grammar_of(sentence))
            chosen = next((p for p, k in kinds if k is kind), None) if kind else None
            if chosen is not None:
                return Checkpoint(chosen, said, kind)
        return None

    def kind_of(self, phrase: str) -> CheckpointKind | None:
        """What kind of checkpoint a phrase is (None: it is matched by its letters only)."""
        return self._kinds_of((phrase,))[0][1]

    def _phrase_kinds(
        self, phrases: tuple[str, ...]
    ) -> tuple[tuple[str, CheckpointKind | None], ...]:
        out = []
        for phrase in phrases:
            kinds = [_classify(s) for s in self._sentences(phrase)]
            out.append((phrase, next((k for k in kinds if k is not None), None)))
        return tuple(out)

    def _analyse(self, text: str) -> tuple[_Sentence, ...]:
        tokens = [
            _Morpheme(t.form, t.tag, t.start, t.start + t.len)
            for t in self._kiwi().tokenize(_respelt(text))
        ]
        return tuple(_split(_mended(tokens), len(text)))


__all__ = ["GATES", "GRAMMAR", "KiwiCheckpointDetector", "grammar_of"]
