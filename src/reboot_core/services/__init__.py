"""Use-case services: what a host platform (or the bundled server) calls."""

from __future__ import annotations

from reboot_core.services._context import Dependencies
from reboot_core.services._lecture_context import LectureContext
from reboot_core.services.end_of_session import (
    EndOfSessionService,
    recording_map_ref,
    recording_ref,
)
from reboot_core.services.exports import ExportService, SessionExport
from reboot_core.services.feeds import FeedService, InstructorFeed, LatestQuiz
from reboot_core.services.glossary import GlossaryService, GlossaryView
from reboot_core.services.history import HistoryService, LectureSummary, SessionSummary
from reboot_core.services.insights import InsightService
from reboot_core.services.learning import LearningService, SelfTestAnswer, SelfTestQuestion
from reboot_core.services.materials import MaterialService
from reboot_core.services.notes import NoteService
from reboot_core.services.pulses import PulseService, TapRequest, parse_pulse_type
from reboot_core.services.questions import QuestionService
from reboot_core.services.quiz_answers import AnswerRequest
from reboot_core.services.quizzes import QuizForStudent, QuizRecord, QuizService
from reboot_core.services.sessions import Joined, SessionOverview, SessionService
from reboot_core.services.student_feed import QuestionMarks, SessionBoard, StudentFeed
from reboot_core.services.transcripts import Heard, PhraseList, Recorded, TranscriptService


class Reboot:
    """Every use case of a live lecture, wired to one set of dependencies."""

    def __init__(self, deps: Dependencies) -> None:
        self.deps = deps
        self.sessions = SessionService(deps)
        self.materials = MaterialService(deps)
        self.pulses = PulseService(deps)
        context = LectureContext(deps)  # materials' sections and terms, read once
        self.quizzes = QuizService(deps, context)
        self.questions = QuestionService(deps, context)
        self.glossary = GlossaryService(deps, context)
        self.transcripts = TranscriptService(deps, self.quizzes)
        self.notes = NoteService(deps, context)
        self.learning = LearningService(deps)
        self.feeds = FeedService(deps, self.sessions, self.pulses)
        self.end_of_session = EndOfSessionService(deps, self.notes)
        self.insights = InsightService(deps)
        self.history = HistoryService(deps)
        self.exports = ExportService(deps)


__all__ = [
    "AnswerRequest",
    "Dependencies",
    "EndOfSessionService",
    "ExportService",
    "FeedService",
    "GlossaryService",
    "GlossaryView",
    "Heard",
    "HistoryService",
    "InsightService",
    "InstructorFeed",
    "Joined",
    "LatestQuiz",
    "LearningService",
    "LectureSummary",
    "MaterialService",
    "NoteService",
    "PhraseList",
    "PulseService",
    "QuestionMarks",
    "QuestionService",
    "QuizForStudent",
    "QuizRecord",
    "QuizService",
    "Reboot",
    "Recorded",
    "SelfTestAnswer",
    "SelfTestQuestion",
    "SessionBoard",
    "SessionExport",
    "SessionOverview",
    "SessionService",
    "SessionSummary",
    "StudentFeed",
    "TapRequest",
    "TranscriptService",
    "parse_pulse_type",
    "recording_map_ref",
    "recording_ref",
]
