"""The integrated note: drafted at the end of a session, edited and approved by its instructor."""

from __future__ import annotations

import re

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.note import IntegratedNote
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Forbidden, Invalid, NotFound, Unavailable
from reboot_core.services import _artifacts as artifacts
from reboot_core.services._context import Dependencies, load_session

SELF_TEST_FROM_NOTE = 3
_HEADING = re.compile(r"^#{1,6}\s", re.M)
_MARKUP = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|[*_`]+", re.M)
# sections that restate quizzes or list questions make poor new questions
_NOT_FOR_QUESTIONS = ("퀴즈", "질문", "quiz", "question")


@attrs.frozen
class NoteQuestion:
    """A self-test question drafted from the approved note."""

    id: str
    draft: QuizDraft


def note_sections(markdown: str) -> list[str]:
    """Plain text of the note's content sections (split at headings), longest first: they
    make the best questions. Quiz and question sections are left out."""
    sections = []
    for part in _HEADING.split(markdown):
        heading, _, body = part.strip().partition("\n")
        if any(word in heading.lower() for word in _NOT_FOR_QUESTIONS):
            continue
        text = _MARKUP.sub("", body).strip()
        if len(text) >= 80:
            sections.append(text)
    return sorted(sections, key=len, reverse=True)


class NoteService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def put_draft(self, session_id: str, content: str) -> IntegratedNote:
        """Store a generated draft (the end-of-session job). Replaces an earlier draft;
        Conflict when the note was already approved."""
        deps = self._deps
        with deps.uow() as uow:
            load_session(uow, session_id)
            now = deps.clock.now()
            note = uow.notes.get_for_session(session_id)
            if note is None:
                note = IntegratedNote.draft(
                    id=deps.ids.new_id(), session_id=session_id, content=content, now=now
                )
                uow.notes.add(note)
            else:
                note.redraft(content, now)
                uow.notes.update(note)
            uow.commit()
            return note

    def read(self, actor: Actor, session_id: str) -> IntegratedNote:
        """The owner sees the draft; students of the lecture (joined or not) see it only once
        approved — before that it does not exist for them (NotFound)."""
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            note = uow.notes.get_for_session(session_id)
        if session.owned_by(actor):
            if note is None:
                raise NotFound("the note has not been drafted yet")
            return note
        if actor.is_instructor:
            raise Forbidden("only this session's instructor may see its draft note")
        if not deps.roster.is_student_of(actor.user_id, session.lecture_id):
            raise Forbidden("you are not a student of this lecture")
        if note is None or not note.is_approved:
            raise NotFound("the note is not available yet")
        return note

    def edit(self, actor: Actor, session_id: str, content: str) -> IntegratedNote:
        return self._change(actor, session_id, lambda note, now: note.edit(content, now))

    def approve(self, actor: Actor, session_id: str) -> IntegratedNote:
        """Approve the draft; students can read it from now on. Self-test questions are then
        drafted from the note's sections (best effort: the live quizzes remain otherwise)."""
        note = self._change(actor, session_id, lambda n, now: n.approve(actor.user_id, now))
        self._draft_self_test(session_id, note.content)
        return note

    def _draft_self_test(self, session_id: str, markdown: str) -> None:
        drafts: list[NoteQuestion] = []
        for index, section in enumerate(note_sections(markdown)):
            if len(drafts) == SELF_TEST_FROM_NOTE:
                break
            try:
                draft = self._deps.language.draft_quiz(section)
            except (Invalid, Unavailable):
                continue
            drafts.append(NoteQuestion(f"note-{index + 1}", draft))
        with self._deps.uow() as uow:
            uow.artifacts.put(session_id, artifacts.SELF_TEST, artifacts.dumps(drafts))
            uow.commit()

    def _change(self, actor: Actor, session_id: str, change) -> IntegratedNote:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            note = uow.notes.get_for_session(session_id)
            if note is None:
                raise NotFound("the note has not been drafted yet")
            change(note, self._deps.clock.now())
            uow.notes.update(note)
            uow.commit()
            return note
