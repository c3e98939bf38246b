"""Anonymous questions: ask, upvote, mark answered, group paraphrases."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.question import LiveQuestion, QuestionView
from reboot_core.domain.voice_question import clip_seconds, question_text_of
from reboot_core.errors import NotFound, Unavailable
from reboot_core.ports.language import LectureText
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services._context import (
    Dependencies,
    load_session,
    require_live_participant,
    require_member,
)
from reboot_core.services._lecture_context import LectureContext

# The grouping sees the lecture's recent talk (a 90-minute lecture is ~1,000 chunks) to tell
# which part of it a question is about.
LECTURE_CHUNKS = 2_000


class QuestionService:
    def __init__(self, deps: Dependencies, context: LectureContext | None = None) -> None:
        self._deps = deps
        self._context = context or LectureContext(deps)

    def ask(self, actor: Actor, session_id: str, text: str) -> QuestionView:
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            require_live_participant(uow, session, actor, "asking a question")
            session.require_open("asking a question")
            question = LiveQuestion.ask(
                id=deps.ids.new_id(),
                session_id=session.id,
                asker_id=actor.user_id,
                text=text,
                now=deps.clock.now(),
                max_chars=deps.policy.max_question_chars,
            )
            uow.questions.add(question)
            uow.commit()
            return question.view_for(actor.user_id)

    def prepare_grouping(self, texts: Sequence[str]) -> None:
        """Let the language model get ready to group ``texts`` (the offline model embeds
        them), so the instructor's grouping request later finds the slow part done. An
        optional capability, not part of the port: models without it need nothing. Slow:
        call it off the request path."""
        prepare = getattr(self._deps.language, "prepare_questions", None)
        if prepare is not None:
            prepare(list(texts))

    def check_asker(self, actor: Actor, session_id: str) -> None:
        """Forbidden/Conflict unless ``actor`` may ask a question in the session now."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            require_live_participant(uow, session, actor, "asking a question")
            session.require_open("asking a question")

    def transcribe(self, actor: Actor, session_id: str, pcm: bytes) -> str:
        """The text of a spoken question (16 kHz mono 16-bit PCM, at most 30 s), for the
        student to edit and send with ``ask``. Nothing is stored: the audio is dropped here.
        Blocks for as long as recognition takes: call it from a worker thread."""
        self.check_asker(actor, session_id)
        clip_seconds(len(pcm))
        transcriber = self._deps.transcriber
        if transcriber is None:
            raise Unavailable(
                "이 서버에는 음성 인식이 꺼져 있어요. 질문을 글로 적어 주세요: "
                "speech recognition is off on this server (REBOOT_STT_ENGINE=none)"
            )
        segments = transcriber.transcribe(pcm)
        readable = self._deps.readable
        heard = [attrs.evolve(s, text=readable.readable(s.text)) for s in segments]
        return question_text_of(heard, self._deps.policy.max_question_chars)

    def list(self, actor: Actor, session_id: str) -> list[QuestionView]:
        """Most upvoted first, then oldest; views carry no asker or upvoter ids."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            require_member(uow, session, actor)
            return self.list_in(uow, session_id, actor.user_id)

    @staticmethod
    def list_in(uow: UnitOfWork, session_id: str, viewer_id: str) -> list[QuestionView]:
        return [q.view_for(viewer_id) for q in uow.questions.list_for_session(session_id)]

    def upvote(self, actor: Actor, session_id: str, question_id: str) -> QuestionView:
        """Once per student, never one's own question; Conflict on a repeat."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            require_live_participant(uow, session, actor, "upvoting")
            session.require_open("upvoting")
            question = self._question(uow, session_id, question_id)
            question.upvote(actor.user_id)
            uow.questions.add_upvote(question.id, actor.user_id)
            uow.commit()
            return question.view_for(actor.user_id)

    def mark_answered(self, actor: Actor, session_id: str, question_id: str) -> QuestionView:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            question = self._question(uow, session_id, question_id)
            question.mark_answered()
            uow.questions.update(question)
            uow.commit()
            return question.view_for(actor.user_id)

    def cluster(self, actor: Actor, session_id: str) -> list[QuestionView]:
        """Group paraphrased questions with the language model (instructor only)."""
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            questions = list(uow.questions.list_for_session(session_id))
            materials = list(uow.materials.list_for_lecture(session.lecture_id))
            said = " ".join(
                chunk.text for chunk in uow.transcripts.recent(session_id, LECTURE_CHUNKS)
            )
        if not questions:
            return []
        glossary = self._context.material_terms(materials)
        lecture = LectureText(transcript=said, sections=self._context.sections(materials))
        labels = deps.language.cluster_questions(
            [q.text for q in questions], glossary=glossary, lecture=lecture
        )
        if len(labels) != len(questions):
            raise Unavailable("the language model returned a grouping of the wrong size")
        with deps.uow() as uow:
            for question, label in zip(questions, labels, strict=True):
                stored = uow.questions.get(question.id)
                if stored is not None:
                    stored.cluster_group = int(label)
                    uow.questions.update(stored)
            uow.commit()
            return self.list_in(uow, session_id, actor.user_id)

    @staticmethod
    def _question(uow: UnitOfWork, session_id: str, question_id: str) -> LiveQuestion:
        question = uow.questions.get(question_id)
        if question is None or question.session_id != session_id:
            raise NotFound("no such question in this session")
        return question
