"""During the lecture: pulses, checkpoint quizzes, anonymous questions and the feed."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.request import Request

from reboot_django.runtime import in_background
from reboot_django.views._base import LiveView, json_response, number_param, polled_json
from reboot_http.schemas.feed import feed_out
from reboot_http.schemas.pulses import PulseIn, pulse_out, pulse_stats_out
from reboot_http.schemas.questions import QuestionIn, question_out
from reboot_http.schemas.quizzes import (
    AnswerIn,
    QuizCreateIn,
    answer_out,
    draft_of,
    draft_out,
    pending_out,
    quiz_out,
    record_out,
    results_out,
)


class PulseView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        data = self.body(request, PulseIn)
        pulse = self.live.pulses.send(self.me, session_id, data.pulse_type)
        return json_response(pulse_out(pulse), 201)


class PulseStatsView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        return polled_json(request, pulse_stats_out(self.live.pulses.stats(self.me, session_id)))


class QuizCreateView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        data = self.body(request, QuizCreateIn)
        quiz = self.live.quizzes.trigger(
            self.me,
            session_id,
            draft_of(data),
            ai_generated=data.is_ai_generated,
            time_limit_seconds=data.time_limit_seconds,
            hide_results=data.hide_results,
        )
        return json_response(quiz_out(quiz), 201)


class QuizGenerateView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        minutes = number_param(request, "minutes")
        draft = self.live.quizzes.generate(self.me, session_id, minutes=minutes)
        return json_response(draft_out(draft))


class QuizListView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        records = self.live.quizzes.records(self.me, session_id)
        return polled_json(request, [quiz_out(r.quiz, r.state) for r in records])


class QuizPendingView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        quizzes = self.live.quizzes.pending(self.me, session_id)
        return polled_json(request, [pending_out(q) for q in quizzes])


class QuizAnswerView(LiveView):
    def post(self, request: Request, session_id: str, quiz_id: str) -> HttpResponse:
        data = self.body(request, AnswerIn)
        result = self.live.quizzes.answer(self.me, session_id, quiz_id, data.answer)
        return json_response(answer_out(result))


class QuizResultsView(LiveView):
    def get(self, request: Request, session_id: str, quiz_id: str) -> HttpResponse:
        results = self.live.quizzes.results(self.me, session_id, quiz_id)
        return polled_json(request, results_out(results))


class QuizCloseView(LiveView):
    def post(self, request: Request, session_id: str, quiz_id: str) -> HttpResponse:
        return json_response(quiz_out(self.live.quizzes.close(self.me, session_id, quiz_id)))


class QuizWithdrawView(LiveView):
    def post(self, request: Request, session_id: str, quiz_id: str) -> HttpResponse:
        return json_response(quiz_out(self.live.quizzes.withdraw(self.me, session_id, quiz_id)))


class QuizRecordsView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        records = self.live.quizzes.records(self.me, session_id)
        return polled_json(request, [record_out(r) for r in records])


class QuizMyResultView(LiveView):
    def get(self, request: Request, session_id: str, quiz_id: str) -> HttpResponse:
        result = self.live.quizzes.my_result(self.me, session_id, quiz_id)
        return polled_json(request, answer_out(result))


class QuestionsView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        views = self.live.questions.list(self.me, session_id)
        return polled_json(request, [question_out(v) for v in views])

    def post(self, request: Request, session_id: str) -> HttpResponse:
        data = self.body(request, QuestionIn)
        view = self.live.questions.ask(self.me, session_id, data.question_text)
        # as the bundled server does: the question is embedded now, not when the instructor
        # asks for the grouping and would wait for every new question at once
        in_background(self.live.questions.prepare_grouping, [view.question_text])
        return json_response(question_out(view), 201)


class UpvoteView(LiveView):
    def post(self, request: Request, session_id: str, question_id: str) -> HttpResponse:
        view = self.live.questions.upvote(self.me, session_id, question_id)
        return json_response(question_out(view))


class AnsweredView(LiveView):
    def post(self, request: Request, session_id: str, question_id: str) -> HttpResponse:
        view = self.live.questions.mark_answered(self.me, session_id, question_id)
        return json_response(question_out(view))


class ClusterView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        views = self.live.questions.cluster(self.me, session_id)
        return json_response([question_out(v) for v in views])


class FeedView(LiveView):
    """Everything a screen needs every 5 s, by the caller's role; a student's poll counts
    as being present. Unchanged feeds answer 304 to If-None-Match."""

    def get(self, request: Request, session_id: str) -> HttpResponse:
        return polled_json(request, feed_out(self.live.feeds.feed(self.me, session_id)))
