"""The instructor's history from the host's database: my lectures, and a lecture's sessions."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.request import Request

from reboot_django.views._base import LiveView, json_response
from reboot_django.views.sessions import join_url
from reboot_http.schemas.history import lecture_item, session_item


class MyLecturesView(LiveView):
    def get(self, request: Request) -> HttpResponse:
        return json_response([lecture_item(s) for s in self.live.history.my_lectures(self.me)])


class LectureSessionsView(LiveView):
    def get(self, request: Request, lecture_id: str) -> HttpResponse:
        summaries = self.live.history.lecture_sessions(self.me, lecture_id)
        return json_response(
            [session_item(s, join_url(self, request, s.session.session_code)) for s in summaries]
        )
