"""The integrated note: drafted at the end of a session, edited and approved by its instructor."""

from __future__ import annotations

import re

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.note import IntegratedNote, NoteRevision, key_terms_of, prose_of
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Conflict, Forbidden, Invalid, NotFound, Unavailable
from reboot_core.ports.language import QuizRequest, Term
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services import _artifacts as artifacts
from reboot_core.services._context import Dependencies, load_session
from reboot_core.services._lecture_context import LectureContext, merged

SELF_TEST_FROM_NOTE = 5
MIN_SECTION_CHARS = 80
_HEADING = re.compile(r"^#{1,6}\s", re.M)
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
        text = prose_of(body).strip()
        if len(text) >= MIN_SECTION_CHARS:
            sections.append(text)
    return sorted(sections, key=len, reverse=True)


def _key(text: str) -> str:
    return "".join(text.split()).casefold()


def concept_tags(draft: QuizDraft, concepts: list[str]) -> tuple[str, ...]:
    """The draft's tags that are concepts of the lecture (written as the note writes them):
    a gap map lists concepts, never an arbitrary answer."""
    known = {_key(concept): concept for concept in concepts}
    return tuple(dict.fromkeys(known[_key(t)] for t in draft.concept_tags if _key(t) in known))


class NoteService:
    def __init__(self, deps: Dependencies, context: LectureContext | None = None) -> None:
        self._deps = deps
        self._context = context or LectureContext(deps)

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
            uow.notes.add_revision(note.revision_record(None))
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

    def check_editor(self, actor: Actor, session_id: str) -> None:
        """Forbidden unless ``actor`` is the instructor who may edit this session's note."""
        with self._deps.uow() as uow:
            load_session(uow, session_id).require_owner(actor)

    def edit(self, actor: Actor, session_id: str, content: str) -> IntegratedNote:
        return self._change(actor, session_id, lambda note, now: note.edit(content, now))

    def approve(self, actor: Actor, session_id: str) -> IntegratedNote:
        """Approve the draft; students can read it from now on. Self-test questions are then
        drafted from the note's sections (best effort: the live quizzes remain otherwise)."""
        note = self._change(actor, session_id, lambda n, now: n.approve(actor.user_id, now))
        self._draft_self_test(session_id, note.content)
        return note

    def withdraw(self, actor: Actor, session_id: str) -> IntegratedNote:
        """Take the approved note back to a draft (its instructor): students get NotFound
        again, as before approval, until it is corrected and approved anew. 409 for a draft."""
        with self._deps.uow() as uow:
            note = _owned_note(uow, actor, session_id)
            note.withdraw(self._deps.clock.now())
            uow.notes.update(note)
            # the questions drafted from the withdrawn text leave the self-test with it; the
            # next approval drafts them anew from the corrected note
            uow.artifacts.put(session_id, artifacts.SELF_TEST, artifacts.dumps([]))
            uow.commit()
            return note

    def revisions(self, actor: Actor, session_id: str) -> list[NoteRevision]:
        """Every kept save and approval of the note, oldest first (its instructor only)."""
        with self._deps.uow() as uow:
            load_session(uow, session_id).require_owner(actor)
            if uow.notes.get_for_session(session_id) is None:
                raise NotFound("the note has not been drafted yet")
            return list(uow.notes.revisions(session_id))

    def _draft_self_test(self, session_id: str, markdown: str) -> None:
        """Questions on the note's concepts (its key terms, then the materials' terms),
        one concept each, from its longest sections."""
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            materials = list(uow.materials.list_for_lecture(session.lecture_id))
            own_terms = uow.glossary.get(session.lecture_id)
        key_terms = [Term(term, source="instructor") for term in key_terms_of(markdown)]
        glossary = merged(key_terms, self._context.glossary(own_terms, materials))
        concepts = [term.text for term in glossary]
        drafts: list[NoteQuestion] = []
        asked: list[str] = []
        for index, section in enumerate(note_sections(markdown)):
            if len(drafts) == SELF_TEST_FROM_NOTE:
                break
            request = QuizRequest(
                window=section, glossary=glossary, avoid=tuple(asked), attempt=index
            )
            try:
                draft = deps.language.draft_quiz(request)
            except (Invalid, Conflict, Unavailable):
                continue
            tags = concept_tags(draft, concepts)
            if not tags or tags[0] in asked:
                continue  # not about a concept of the lecture, or one already asked
            asked.append(tags[0])
            drafts.append(NoteQuestion(f"note-{index + 1}", attrs.evolve(draft, concept_tags=tags)))
        with deps.uow() as uow:
            uow.artifacts.put(session_id, artifacts.SELF_TEST, artifacts.dumps(drafts))
            uow.commit()

    def _change(self, actor: Actor, session_id: str, change) -> IntegratedNote:
        """Apply ``change`` to the note and keep the result as a revision."""
        with self._deps.uow() as uow:
            note = _owned_note(uow, actor, session_id)
            change(note, self._deps.clock.now())
            uow.notes.update(note)
            uow.notes.add_revision(note.revision_record(actor.user_id))
            uow.commit()
            return note


def _owned_note(uow: UnitOfWork, actor: Actor, session_id: str) -> IntegratedNote:
    """The session's note, for its instructor only; NotFound before it is drafted."""
    load_session(uow, session_id).require_owner(actor)
    note = uow.notes.get_for_session(session_id)
    if note is None:
        raise NotFound("the note has not been drafted yet")
    return note
