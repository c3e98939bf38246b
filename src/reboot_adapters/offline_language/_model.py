"""The built-in language model: the port's jobs, offline, on Kiwi and a bundled embedding."""

from __future__ import annotations

from collections.abc import Sequence

from reboot_adapters.offline_language import _clustering, _glossary, _note, _pairs, _quiz
from reboot_adapters.offline_language._clustering import Embedder
from reboot_adapters.offline_language._vocabulary import Vocabulary
from reboot_core.domain.quiz import QuizDraft
from reboot_core.ports.language import (
    LectureText,
    MaterialSection,
    NoteRequest,
    QuizRequest,
    Term,
)


class OfflineLanguageModel:
    """A LanguageModel with no network: Korean analysis by Kiwi, question meaning by a
    sentence embedding shipped in a wheel, the lecture's own glossary instead of word lists.

    ``embedder`` defaults to the process's shared sentence embedding (e5, else USE); ``None``
    leaves meaning out (grouping by concepts and spelling only). ``grouping="pairs"`` (the
    default) groups by the learned pair probability (_pairs); ``"cut"`` by the weighted
    similarity's cut, as before 3 December. Same input, same output.
    """

    def __init__(
        self,
        *,
        embedder: Embedder | str | None = "shared",
        cluster_cut_sd: float = _clustering.CUT_SD,
        grouping: str = "pairs",
    ) -> None:
        if not -3.0 <= cluster_cut_sd <= 3.0:
            raise ValueError("cluster_cut_sd must be in [-3, 3]")
        if grouping not in ("cut", "pairs"):
            raise ValueError("grouping must be 'cut' or 'pairs'")
        # "pairs" became the default after it beat the cut on both held-out subjects
        # (docs/language.md, question grouping); without an embedder it falls back to the cut
        self._pairs = _pairs.shipped_model() if grouping == "pairs" else None
        if embedder == "shared":
            from reboot_adapters.sentence_embedding import shared_embedder

            embedder = shared_embedder()
        self._embedder: Embedder | None = embedder  # type: ignore[assignment]
        self._cut_sd = cluster_cut_sd

    def draft_quiz(self, request: QuizRequest) -> QuizDraft:
        return _quiz.draft_quiz(request)

    def draft_note(self, request: NoteRequest) -> str:
        return _note.draft_note(request)

    def cluster_questions(
        self,
        questions: Sequence[str],
        *,
        glossary: Sequence[Term] = (),
        lecture: LectureText | None = None,
    ) -> list[int]:
        return _clustering.cluster(
            list(questions),
            vocabulary=Vocabulary(glossary),
            embedder=self._embedder,
            lecture=lecture,
            cut_sd=self._cut_sd,
            pairs=self._pairs,
        )

    def prepare_questions(self, questions: Sequence[str]) -> None:
        """Embed new questions ahead of a grouping (call it off the request path): the
        grouping then finds them cached and never waits on the model."""
        prepare = getattr(self._embedder, "prepare", None)
        if prepare is not None:
            prepare([" ".join(_clustering.normalize(q).split()) for q in questions])

    def lecture_terms(self, sections: Sequence[MaterialSection]) -> list[Term]:
        return _glossary.lecture_terms(sections)
