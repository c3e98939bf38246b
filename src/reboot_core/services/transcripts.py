"""Transcript chunks and the quiz suggestions their checkpoint phrases raise."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.quiz import QuizDraft
from reboot_core.domain.spotting import KeywordSpotter
from reboot_core.domain.transcript import QuizSuggestion, TranscriptChunk, joined_text
from reboot_core.errors import Invalid, NotFound
from reboot_core.ports.speech import RecognizedSegment
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services._context import Dependencies, load_session
from reboot_core.services.quizzes import QuizService


@attrs.frozen
class Recorded:
    chunk: TranscriptChunk
    suggestion: QuizSuggestion | None


class TranscriptService:
    def __init__(self, deps: Dependencies, quizzes: QuizService) -> None:
        self._deps = deps
        self._quizzes = quizzes
        self._spotter = KeywordSpotter(deps.policy.trigger_phrases)

    def add_text(
        self,
        actor: Actor,
        session_id: str,
        text: str,
        start: float | None = None,
        end: float | None = None,
    ) -> Recorded:
        """Store recognised text (seconds since the session started; the server's clock fills
        in missing times) and run the keyword spotter over the recent chunks."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            session.require_open("adding transcript")
            recorded = self._record(uow, session, text, start, end)
            uow.commit()
            return recorded

    def add_segments(
        self, actor: Actor, session_id: str, segments: Sequence[RecognizedSegment]
    ) -> list[Recorded]:
        """Store what a speech recogniser produced, in one transaction."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            session.require_open("adding transcript")
            out = [
                self._record(uow, session, s.text, s.start, s.end)
                for s in segments
                if s.text.strip()
            ]
            uow.commit()
            return out

    def _record(self, uow: UnitOfWork, session, text, start, end) -> Recorded:
        deps = self._deps
        now = deps.clock.now()
        if end is None:
            end = session.offset_of(now)
        if start is None:
            previous = uow.transcripts.recent(session.id, 1)
            start = min(end, previous[-1].end) if previous else max(0.0, end)
        for value in (start, end):
            if not isinstance(value, int | float) or value != value:  # NaN check
                raise Invalid("start and end must be numbers of seconds")
        chunk = TranscriptChunk.record(
            id=deps.ids.new_id(), session_id=session.id, text=text, start=start, end=end, now=now
        )
        uow.transcripts.add(chunk)
        return Recorded(chunk, self._spot(uow, chunk))

    def _spot(self, uow: UnitOfWork, chunk: TranscriptChunk) -> QuizSuggestion | None:
        policy = self._deps.policy
        window = list(uow.transcripts.recent(chunk.session_id, policy.spotter_chunks))
        if not window or window[-1].id != chunk.id:
            return None  # a late chunk from earlier in the lecture is not a live checkpoint
        hits = self._spotter.spot([c.text for c in window])
        if not hits:
            return None
        latest = uow.suggestions.latest(chunk.session_id)
        cooldown = policy.suggestion_cooldown.total_seconds()
        if latest is not None and chunk.end - latest.at_offset < cooldown:
            return None
        suggestion = QuizSuggestion(
            id=self._deps.ids.new_id(),
            session_id=chunk.session_id,
            phrase=min(hits, key=lambda h: h.distance).phrase,
            at_offset=chunk.end,
            window_text=joined_text(window),
            created_at=self._deps.clock.now(),
        )
        uow.suggestions.add(suggestion)
        return suggestion

    def transcript(self, actor: Actor, session_id: str) -> list[TranscriptChunk]:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            return list(uow.transcripts.since(session_id, 0.0))

    def suggestions(self, actor: Actor, session_id: str) -> list[QuizSuggestion]:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            return list(uow.suggestions.pending(session_id))

    def dismiss(self, actor: Actor, session_id: str, suggestion_id: str) -> QuizSuggestion:
        with self._deps.uow() as uow:
            suggestion = self._suggestion(uow, actor, session_id, suggestion_id)
            suggestion.dismiss()
            uow.suggestions.update(suggestion)
            uow.commit()
            return suggestion

    def accept(self, actor: Actor, session_id: str, suggestion_id: str) -> QuizDraft:
        """Turn a suggestion into a quiz draft (not sent: the instructor still confirms)."""
        deps = self._deps
        with deps.uow() as uow:
            suggestion = self._suggestion(uow, actor, session_id, suggestion_id)
            suggestion.require_pending()  # before spending a language-model call
            session = load_session(uow, session_id)
            session.require_open("a new quiz")
        draft = self._quizzes.draft_until(
            actor, session_id, suggestion.at_offset, fallback_text=suggestion.window_text
        )
        with deps.uow() as uow:
            suggestion = self._suggestion(uow, actor, session_id, suggestion_id)
            suggestion.accept()
            uow.suggestions.update(suggestion)
            uow.commit()
        return draft

    @staticmethod
    def _suggestion(
        uow: UnitOfWork, actor: Actor, session_id: str, suggestion_id: str
    ) -> QuizSuggestion:
        session = load_session(uow, session_id)
        session.require_owner(actor)
        suggestion = uow.suggestions.get(suggestion_id)
        if suggestion is None or suggestion.session_id != session_id:
            raise NotFound("no such suggestion in this session")
        return suggestion
