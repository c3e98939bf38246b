"""The live transcript, the quiz suggestions its checkpoints raise, and each lecture's
checkpoint phrases."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.checkpoints import CheckpointKind, LecturePhrases
from reboot_core.domain.quiz import QuizDraft
from reboot_core.domain.session import LiveSession
from reboot_core.domain.transcript import ChunkSource, QuizSuggestion, TranscriptChunk
from reboot_core.errors import Invalid, NotFound
from reboot_core.ports.speech import RecognizedSegment
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services._context import Dependencies, claim_lecture, load_session
from reboot_core.services.quizzes import QuizService


@attrs.frozen
class Recorded:
    chunk: TranscriptChunk
    suggestion: QuizSuggestion | None


@attrs.frozen
class Heard:
    """What a piece of live audio produced: finished sentences, stored as chunks, and the
    sentence still being spoken (readable text; a checkpoint in it is suggested at once)."""

    recorded: tuple[Recorded, ...]
    partial_text: str = ""
    partial_suggestion: QuizSuggestion | None = None

    @property
    def suggestions(self) -> list[QuizSuggestion]:
        found = [r.suggestion for r in self.recorded if r.suggestion is not None]
        return [*found, self.partial_suggestion] if self.partial_suggestion else found


@attrs.frozen
class PhraseList:
    """A lecture's checkpoint phrases; ``is_default`` when the lecture has no list of its own."""

    lecture_id: str
    phrases: tuple[str, ...]
    is_default: bool
    default_phrases: tuple[str, ...]


def _seconds(value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or value != value:
        raise Invalid("start and end must be numbers of seconds")  # NaN fails value == value
    return float(value)


class TranscriptService:
    """The session's transcript as it is heard, and the checkpoint suggestions it raises.

    Spotting runs ``deps.detector`` (morphological analysis in the bundled server): call
    these methods from a worker thread when the detector is a heavy one.
    """

    def __init__(self, deps: Dependencies, quizzes: QuizService) -> None:
        self._deps = deps
        self._quizzes = quizzes

    def add_text(
        self,
        actor: Actor,
        session_id: str,
        text: str,
        start: float | None = None,
        end: float | None = None,
    ) -> Recorded:
        """Store text the client recognised or typed (seconds since the session started; the
        server's clock fills in missing times) and look for a checkpoint in it. Text chunks
        are kept as posted: the end-of-session pass never replaces them."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            session.require_open("adding transcript")
            recorded = self._record(uow, session, text, start, end, ChunkSource.TEXT, "")
            uow.commit()
            return recorded

    def add_segments(
        self, actor: Actor, session_id: str, segments: Sequence[RecognizedSegment]
    ) -> list[Recorded]:
        """Store what a speech recogniser produced, in one transaction."""
        return list(self.hear_audio(actor, session_id, segments).recorded)

    def hear_audio(
        self,
        actor: Actor,
        session_id: str,
        segments: Sequence[RecognizedSegment],
        partial: RecognizedSegment | None = None,
    ) -> Heard:
        """Store the finished segments of live audio (made readable, the recogniser's words
        kept beside them) and look for checkpoints in them and in the sentence still being
        spoken. One sentence raises one suggestion, whether it was first recognised in
        progress or only when finished."""
        readable = self._deps.readable.readable
        finished = [(readable(s.text), s) for s in segments if s.text.strip()]
        in_progress = readable(partial.text) if partial is not None and partial.text else ""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            session.require_open("adding transcript")
            recorded = tuple(
                self._record(uow, session, text, s.start, s.end, ChunkSource.LIVE, s.text)
                for text, s in finished
                if text
            )
            suggestion = None
            if in_progress and partial is not None:
                start, end = _seconds(partial.start), _seconds(partial.end)
                suggestion = self._spot(uow, session, in_progress, start, end, chunk_id=None)
            uow.commit()
        return Heard(recorded, in_progress, suggestion)

    def _record(
        self, uow: UnitOfWork, session, text, start, end, source: ChunkSource, raw: str
    ) -> Recorded:
        deps = self._deps
        now = deps.clock.now()
        if end is None:
            end = session.offset_of(now)
        if start is None:
            previous = uow.transcripts.recent(session.id, 1)
            start = min(end, previous[-1].end) if previous else max(0.0, end)
        start, end = _seconds(start), _seconds(end)
        chunk = TranscriptChunk.record(
            id=deps.ids.new_id(),
            session_id=session.id,
            text=text,
            start=start,
            end=end,
            now=now,
            source=source,
            raw_text=raw,
        )
        uow.transcripts.add(chunk)
        suggestion = self._spot(uow, session, chunk.text, start, end, chunk_id=chunk.id)
        return Recorded(chunk, suggestion)

    def _spot(
        self,
        uow: UnitOfWork,
        session: LiveSession,
        newest: str,
        start: float,
        end: float,
        *,
        chunk_id: str | None,
    ) -> QuizSuggestion | None:
        """A suggestion when ``newest`` (a stored chunk, or the sentence in progress when
        ``chunk_id`` is None) completes a checkpoint."""
        deps = self._deps
        policy = deps.policy
        window = list(uow.transcripts.recent(session.id, policy.spotter_chunks))
        if chunk_id is not None:
            if not window or window[-1].id != chunk_id:
                return None  # a late chunk from earlier in the lecture is not a live checkpoint
            window.pop()
        phrases = self._phrases_of(uow, session.lecture_id)
        if not phrases:
            return None
        latest = uow.suggestions.latest(session.id)
        cooldown = policy.suggestion_cooldown.total_seconds()
        # one sentence, one suggestion: heard while in progress, it is not suggested again
        # when it is finished; and the cooldown keeps one pause from raising several
        if latest is not None and (latest.at_offset > start or end - latest.at_offset < cooldown):
            return None
        found = deps.detector.find(
            [c.text for c in window], newest, phrases, in_progress=chunk_id is None
        )
        if found is None:
            return None
        if found.kind is CheckpointKind.MOVING_ON and end < policy.lecture_opening.total_seconds():
            return None  # "이제 시작해 볼게요" opens the lecture: nothing was taught to ask about
        suggestion = QuizSuggestion(
            id=deps.ids.new_id(),
            session_id=session.id,
            phrase=found.phrase,
            at_offset=end,
            window_text=" ".join([*(c.text for c in window), newest]),
            created_at=deps.clock.now(),
            kind=found.kind.value if found.kind is not None else "",
            heard_text=found.heard_text,
        )
        uow.suggestions.add(suggestion)
        return suggestion

    def _phrases_of(self, uow: UnitOfWork, lecture_id: str) -> tuple[str, ...]:
        own = uow.phrases.get(lecture_id)
        return own.phrases if own is not None else self._deps.policy.trigger_phrases

    # the lecture's phrase list

    def phrases(self, actor: Actor, lecture_id: str) -> PhraseList:
        """The lecture's checkpoint phrases (its instructor; any instructor for a lecture
        nobody has claimed yet, who sees the default)."""
        actor.require_instructor()
        with self._deps.uow() as uow:
            lecture = uow.lectures.get(lecture_id)
            if lecture is not None:
                lecture.require_owner(actor)
            return self._list(lecture_id, uow.phrases.get(lecture_id))

    def set_phrases(self, actor: Actor, lecture_id: str, phrases: Sequence[str]) -> PhraseList:
        """Replace the lecture's phrase list (claims an unclaimed lecture, as uploads do).

        Raises Invalid for an empty or over-long entry (100 characters) or more than 50
        entries; an empty list turns suggestions off for the lecture.
        """
        deps = self._deps
        chosen = LecturePhrases.choose(lecture_id, phrases, deps.clock.now())
        with deps.uow() as uow:
            claim_lecture(uow, actor, lecture_id, deps.clock.now())
            uow.phrases.put(chosen)
            uow.commit()
        return self._list(lecture_id, chosen)

    def _list(self, lecture_id: str, own: LecturePhrases | None) -> PhraseList:
        default = tuple(self._deps.policy.trigger_phrases)
        if own is None:
            return PhraseList(lecture_id, default, True, default)
        return PhraseList(lecture_id, own.phrases, False, default)

    def recent_lines(self, actor: Actor, session_id: str, limit: int = 20) -> list[TranscriptChunk]:
        """The last chunks of the live transcript, oldest first (the session's instructor)."""
        if not isinstance(limit, int) or not 1 <= limit <= 200:
            raise Invalid("limit must be between 1 and 200 lines")
        with self._deps.reader() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            return list(uow.transcripts.recent(session_id, limit))

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

    def accept(
        self, actor: Actor, session_id: str, suggestion_id: str, *, minutes: float | None = None
    ) -> QuizDraft:
        """Turn a suggestion into a quiz draft (not sent: the instructor still confirms) from
        the last ``minutes`` of transcript before it (the quiz window by default; Invalid
        outside 1..90, as quiz/generate)."""
        deps = self._deps
        self._quizzes.window_seconds(minutes)  # a bad window is refused before anything
        with deps.uow() as uow:
            suggestion = self._suggestion(uow, actor, session_id, suggestion_id)
            suggestion.require_pending()  # before spending a language-model call
            session = load_session(uow, session_id)
            session.require_open("a new quiz")
        draft = self._quizzes.draft_until(
            actor,
            session_id,
            suggestion.at_offset,
            minutes=minutes,
            fallback_text=suggestion.window_text,
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
