"""The live-lecture routes at the bundled server's paths: ``path("", include(
"reboot_django.urls"))`` in the host's URLconf. A trailing slash is optional on every route,
as on the bundled server, so clients of either work with both."""

from __future__ import annotations

import re

from django.urls import URLPattern, re_path

from reboot_django.views import after, classroom, history, materials, sessions, speech

_PARAMETER = re.compile(r"\{(\w+)\}")


def route(path: str, view: type, name: str) -> URLPattern:
    """``path`` with ``{name}`` parameters (one segment each) and an optional trailing slash.

    The pattern keeps ``path`` as ``template`` (the bundled server's spelling of the route),
    which the tests compare with the bundled server's route table.
    """
    parts = _PARAMETER.split(path)
    pattern = "".join(
        f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    found = re_path(rf"^{pattern}/?$", view.as_view(), name=name)
    found.template = f"/{path}"  # type: ignore[attr-defined]
    return found


app_name = "reboot_live"
L = "api/learning/live"

urlpatterns = [
    route(f"{L}/create", sessions.CreateView, "create"),
    route(f"{L}/join", sessions.JoinView, "join"),
    route(f"{L}/{{session_id}}/start", sessions.StartView, "start"),
    route(f"{L}/{{session_id}}/end", sessions.EndView, "end"),
    route(f"{L}/{{session_id}}/qr.png", sessions.QrPngView, "qr-png"),
    route(f"{L}/{{session_id}}/qr.svg", sessions.QrSvgView, "qr-svg"),
    route(f"{L}/{{session_id}}/status", sessions.StatusView, "status"),
    route(f"{L}/{{session_id}}/heartbeat", sessions.HeartbeatView, "heartbeat"),
    route("api/learning/lectures/{lecture_id}/materials", materials.MaterialsView, "materials"),
    route("api/learning/lectures", history.MyLecturesView, "lectures"),
    route("api/learning/lectures/{lecture_id}/sessions", history.LectureSessionsView, "sessions"),
    route(
        "api/learning/lectures/{lecture_id}/materials/{material_id}",
        materials.MaterialView,
        "material",
    ),
    route("api/learning/lectures/{lecture_id}/glossary", materials.GlossaryView, "glossary"),
    route(
        "api/learning/lectures/{lecture_id}/checkpoint-phrases",
        speech.PhrasesView,
        "checkpoint-phrases",
    ),
    route(f"{L}/{{session_id}}/pulse", classroom.PulseView, "pulse"),
    route(f"{L}/{{session_id}}/pulse-stats", classroom.PulseStatsView, "pulse-stats"),
    route(f"{L}/{{session_id}}/quiz", classroom.QuizListView, "quizzes"),
    route(f"{L}/{{session_id}}/quiz/create", classroom.QuizCreateView, "quiz-create"),
    route(f"{L}/{{session_id}}/quiz/generate", classroom.QuizGenerateView, "quiz-generate"),
    route(f"{L}/{{session_id}}/quiz/pending", classroom.QuizPendingView, "quiz-pending"),
    route(f"{L}/{{session_id}}/quiz/suggestions", speech.SuggestionsView, "suggestions"),
    route(
        f"{L}/{{session_id}}/quiz/suggestions/{{suggestion_id}}/dismiss",
        speech.DismissView,
        "suggestion-dismiss",
    ),
    route(
        f"{L}/{{session_id}}/quiz/suggestions/{{suggestion_id}}/draft",
        speech.DraftView,
        "suggestion-draft",
    ),
    route(f"{L}/{{session_id}}/quiz/{{quiz_id}}/answer", classroom.QuizAnswerView, "quiz-answer"),
    route(
        f"{L}/{{session_id}}/quiz/{{quiz_id}}/results", classroom.QuizResultsView, "quiz-results"
    ),
    route(f"{L}/{{session_id}}/quiz/{{quiz_id}}/close", classroom.QuizCloseView, "quiz-close"),
    route(
        f"{L}/{{session_id}}/quiz/{{quiz_id}}/withdraw",
        classroom.QuizWithdrawView,
        "quiz-withdraw",
    ),
    route(f"{L}/{{session_id}}/quiz/records", classroom.QuizRecordsView, "quiz-records"),
    route(
        f"{L}/{{session_id}}/quiz/{{quiz_id}}/my-result",
        classroom.QuizMyResultView,
        "quiz-my-result",
    ),
    route(f"{L}/{{session_id}}/questions", classroom.QuestionsView, "questions"),
    route(f"{L}/{{session_id}}/questions/cluster", classroom.ClusterView, "questions-cluster"),
    route(f"{L}/{{session_id}}/questions/{{question_id}}/upvote", classroom.UpvoteView, "upvote"),
    route(
        f"{L}/{{session_id}}/questions/{{question_id}}/answered",
        classroom.AnsweredView,
        "answered",
    ),
    route(f"{L}/{{session_id}}/feed", classroom.FeedView, "feed"),
    route(f"{L}/{{session_id}}/stt/text", speech.TextChunkView, "stt-text"),
    route(f"{L}/{{session_id}}/stt/transcript", speech.TranscriptView, "stt-transcript"),
    route(f"{L}/{{session_id}}/end/status", after.EndStatusView, "end-status"),
    route(f"{L}/{{session_id}}/end/rerun", after.RerunView, "end-rerun"),
    route(f"{L}/{{session_id}}/note", after.NoteView, "note"),
    route(f"{L}/{{session_id}}/note/preview", after.NotePreviewView, "note-preview"),
    route(f"{L}/{{session_id}}/note/approve", after.ApproveView, "note-approve"),
    route(f"{L}/{{session_id}}/note/withdraw", after.WithdrawView, "note-withdraw"),
    route(f"{L}/{{session_id}}/note/revisions", after.RevisionsView, "note-revisions"),
    route(f"{L}/{{session_id}}/report", after.ReportView, "report"),
    route(f"{L}/{{session_id}}/summary", after.SummaryView, "summary"),
    route(f"{L}/{{session_id}}/self-test", after.SelfTestView, "self-test"),
    route("api/learning/gap-map", after.GapMapView, "gap-map"),
]

# The bundled server's other routes under /api/learning, not served here: what they need
# lives in the bundled server (PDF layout, spreadsheet files, per-process speech recognisers,
# its /review page for absent students). A host can still render PDFs with reboot_adapters.pdf,
# build exports from reboot.exports, post recognised text to stt/text, and share its own
# page's link for review (its users keep their own identity there).
NOT_SERVED = (
    ("GET", f"/{L}/{{session_id}}/note.pdf"),
    ("GET", f"/{L}/{{session_id}}/report.pdf"),
    ("POST", f"/{L}/{{session_id}}/stt/audio"),
    ("POST", f"/{L}/{{session_id}}/questions/transcribe"),
    ("GET", f"/{L}/{{session_id}}/export.csv"),
    ("GET", f"/{L}/{{session_id}}/export.xlsx"),
    ("GET", f"/{L}/{{session_id}}/review-qr.svg"),
    ("GET", f"/{L}/{{session_id}}/links"),
)

__all__ = ["NOT_SERVED", "app_name", "route", "urlpatterns"]
