"""Transcript text recognised by the client, and the quiz suggestions it raises."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.request import Request

from reboot_django.views._base import (
    LiveView,
    int_param,
    json_response,
    number_param,
    polled_json,
)
from reboot_http.schemas.feed import suggestion_out
from reboot_http.schemas.quizzes import draft_out
from reboot_http.schemas.speech import (
    PhrasesIn,
    TextChunkIn,
    chunk_out,
    phrases_out,
    text_chunk_out,
)


class TextChunkView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        data = self.body(request, TextChunkIn)
        recorded = self.live.transcripts.add_text(
            self.me, session_id, data.text, data.start, data.end
        )
        return json_response(text_chunk_out(recorded), 201)


class TranscriptView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        limit = int_param(request, "limit", 20, 1, 200)
        lines = self.live.transcripts.recent_lines(self.me, session_id, limit)
        return json_response([chunk_out(chunk) for chunk in lines])


class PhrasesView(LiveView):
    def get(self, request: Request, lecture_id: str) -> HttpResponse:
        return json_response(phrases_out(self.live.transcripts.phrases(self.me, lecture_id)))

    def put(self, request: Request, lecture_id: str) -> HttpResponse:
        data = self.body(request, PhrasesIn)
        listed = self.live.transcripts.set_phrases(self.me, lecture_id, data.phrases)
        return json_response(phrases_out(listed))


class SuggestionsView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        pending = self.live.transcripts.suggestions(self.me, session_id)
        return polled_json(request, [suggestion_out(s) for s in pending])


class DismissView(LiveView):
    def post(self, request: Request, session_id: str, suggestion_id: str) -> HttpResponse:
        suggestion = self.live.transcripts.dismiss(self.me, session_id, suggestion_id)
        return json_response(suggestion_out(suggestion))


class DraftView(LiveView):
    def post(self, request: Request, session_id: str, suggestion_id: str) -> HttpResponse:
        minutes = number_param(request, "minutes")
        draft = self.live.transcripts.accept(self.me, session_id, suggestion_id, minutes=minutes)
        return json_response(draft_out(draft))
