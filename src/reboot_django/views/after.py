"""After the lecture: the end-of-session job, the note, reports, self-tests, the gap map."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.request import Request

from reboot_adapters.markdown_blocks import parse_blocks
from reboot_core.domain.note import MAX_NOTE_CHARS
from reboot_core.errors import Invalid
from reboot_django.views._base import LiveView, json_response, polled_json
from reboot_http.schemas.end_job import end_job_out
from reboot_http.schemas.learning import (
    SelfTestIn,
    gap_map_out,
    self_test_out,
    self_test_result_out,
)
from reboot_http.schemas.notes import NoteIn, NotePreviewOut, note_out, revision_out
from reboot_http.schemas.reports import report_out, summary_out


class EndStatusView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        job = self.live.end_of_session.status(self.me, session_id)
        return polled_json(request, end_job_out(job))


class RerunView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        return json_response(end_job_out(self.live.end_of_session.rerun(self.me, session_id)), 202)


class NoteView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        return polled_json(request, note_out(self.live.notes.read(self.me, session_id)))

    def put(self, request: Request, session_id: str) -> HttpResponse:
        data = self.body(request, NoteIn)
        return json_response(note_out(self.live.notes.edit(self.me, session_id, data.content_text)))


class ApproveView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        return json_response(note_out(self.live.notes.approve(self.me, session_id)))


class WithdrawView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        return json_response(note_out(self.live.notes.withdraw(self.me, session_id)))


class RevisionsView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        kept = self.live.notes.revisions(self.me, session_id)
        return json_response([revision_out(revision) for revision in kept])


class ReportView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        return json_response(report_out(self.live.insights.report(self.me, session_id)))


class SummaryView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        return json_response(summary_out(self.live.insights.summary(self.me, session_id)))


class SelfTestView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        questions = self.live.learning.self_test(self.me, session_id)
        return json_response(self_test_out(session_id, questions))

    def post(self, request: Request, session_id: str) -> HttpResponse:
        data = self.body(request, SelfTestIn)
        graded = self.live.learning.submit_self_test(self.me, session_id, data.answers)
        return json_response(self_test_result_out(graded))


class GapMapView(LiveView):
    def get(self, request: Request) -> HttpResponse:
        return json_response(gap_map_out(self.live.learning.gap_map(self.me)))


class NotePreviewView(LiveView):
    """The block tree of unsaved Markdown for the editor's preview; nothing is stored."""

    def post(self, request: Request, session_id: str) -> HttpResponse:
        self.live.notes.check_editor(self.me, session_id)
        data = self.body(request, NoteIn)
        if len(data.content_text) > MAX_NOTE_CHARS:
            raise Invalid(f"note content is longer than {MAX_NOTE_CHARS} characters")
        return json_response(NotePreviewOut(content_blocks=parse_blocks(data.content_text)))
