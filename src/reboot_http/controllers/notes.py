"""The integrated note: read (polled), edit and approve; PDF download."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, SkipValidation

from reboot_adapters.markdown_blocks import parse_blocks
from reboot_core import IntegratedNote, Reboot
from reboot_core.domain.note import MAX_NOTE_CHARS
from reboot_core.errors import Invalid
from reboot_core.ports.documents import QrEncoder
from reboot_http.controllers._common import NOT_MODIFIED, actor_of, refusals, run_core, run_slow
from reboot_http.links import base_url
from reboot_http.polling import Concerns, PollCache
from reboot_http.report_pdf import note_pdf, pdf_response, review_url
from reboot_http.schemas.notes import (
    NoteIn,
    NoteOut,
    NotePreviewOut,
    NoteRevisionOut,
    note_out,
    revision_out,
)


def _encoded(note: IntegratedNote) -> bytes:
    return msgspec.json.encode(note_out(note))


# Parsing a note's Markdown is CPU work (tens of milliseconds for a long note): it runs on the
# slow threads, never on the event loop where run_core may run calls inline.
class NoteController(Controller):
    path = "/api/learning/live/{session_id:str}"
    tags = ("notes",)

    @get("/note", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def read(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[NoteOut]:
        """The session's instructor gets the draft (404 until the job has written it).
        Students of the lecture, whether they joined or not, get it once approved and 404
        before. Send If-None-Match with the last ETag: an unchanged note answers 304."""
        actor = actor_of(request)

        async def compute() -> bytes:
            note = await run_core(request, reboot.notes.read, actor, session_id)
            return await run_slow(request, _encoded, note)

        return await polls.answer(request, ("note", session_id, actor), session_id, compute)

    @put(
        "/note",
        status_code=200,
        concerns=Concerns.INSTRUCTOR,  # a draft: students read the note once approved
        responses=refusals(400, 403, 404, 409, 422),
    )
    async def edit(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        data: JSONBody[NoteIn],
        reboot: NamedDependency[Reboot],
    ) -> NoteOut:
        """Replace the draft's Markdown (the session's instructor); 409 once approved."""
        note = await run_core(
            request, reboot.notes.edit, actor_of(request), session_id, data.content_text
        )
        return await run_slow(request, note_out, note)

    @post(
        "/note/preview",
        status_code=200,
        concerns=Concerns.NOBODY,  # nothing is stored
        responses=refusals(400, 403, 404),
    )
    async def preview(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        data: JSONBody[NoteIn],
        reboot: NamedDependency[Reboot],
    ) -> NotePreviewOut:
        """The block tree of the posted Markdown, for the editor's live preview (the session's
        instructor; nothing is saved)."""
        await run_core(request, reboot.notes.check_editor, actor_of(request), session_id)
        if len(data.content_text) > MAX_NOTE_CHARS:
            raise Invalid(f"note content is longer than {MAX_NOTE_CHARS} characters")
        blocks = await run_slow(request, parse_blocks, data.content_text)
        return NotePreviewOut(content_blocks=blocks)

    @post(
        "/note/approve",
        status_code=200,
        concerns=Concerns.EVERYONE,
        responses=refusals(403, 404, 409, 503),
    )
    async def approve(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> NoteOut:
        """Approve the draft: students can read it from now on, and self-test questions are
        drafted from it (language model, hence the slow threads). 409 when already approved."""
        actor = actor_of(request)
        return await run_slow(request, lambda: note_out(reboot.notes.approve(actor, session_id)))

    @post(
        "/note/withdraw",
        status_code=200,
        concerns=Concerns.EVERYONE,  # students' note disappears again
        responses=refusals(403, 404, 409),
    )
    async def withdraw(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> NoteOut:
        """Take the approved note back to a draft to correct it (the session's instructor):
        students get 404 again, as before approval, until it is approved anew. 409 for a
        draft."""
        note = await run_core(request, reboot.notes.withdraw, actor_of(request), session_id)
        return await run_slow(request, note_out, note)

    @get("/note/revisions", responses=refusals(403, 404))
    async def revisions(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> list[NoteRevisionOut]:
        """Every kept save and approval of the note, oldest first (the session's instructor)."""
        kept = await run_core(request, reboot.notes.revisions, actor_of(request), session_id)
        return [revision_out(revision) for revision in kept]

    @get(
        "/note.pdf",
        media_type="application/pdf",
        responses=refusals(403, 404, 503),
    )
    async def pdf(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        qr: NamedDependency[SkipValidation[QrEncoder]],
    ) -> Response[bytes]:
        """The note as an A4 PDF with an embedded Korean font and a QR code to the students'
        review page. Who may download it is who may read the note (drafts: the instructor)."""
        note = await run_core(request, reboot.notes.read, actor_of(request), session_id)
        public_url = request.app.state.container.settings.public_url
        link = review_url(base_url(request, public_url), session_id)

        def render() -> bytes:
            return note_pdf(note, qr_png=qr.png(link))

        data = await run_slow(request, render)
        return pdf_response(data, f"note-{session_id}.pdf")
