"""Aggregates, value objects and pure rules of a live lecture."""

from reboot_core.domain.actor import Actor, Role
from reboot_core.domain.checkpoints import (
    Checkpoint,
    CheckpointKind,
    LecturePhrases,
    clean_phrases,
)
from reboot_core.domain.lecture import Lecture
from reboot_core.domain.mastery import ConceptMastery, GapMap
from reboot_core.domain.material import FileType, LectureMaterial, detect_file_type
from reboot_core.domain.note import IntegratedNote, NoteRevision, NoteStatus
from reboot_core.domain.participant import LiveParticipant
from reboot_core.domain.policy import DEFAULT_TRIGGER_PHRASES, LivePolicy
from reboot_core.domain.pulse import PulseCheck, PulseStats, PulseType
from reboot_core.domain.question import LiveQuestion, QuestionView
from reboot_core.domain.quiz import (
    AnswerResult,
    LiveQuiz,
    QuizDraft,
    QuizResponse,
    QuizResults,
    QuizState,
)
from reboot_core.domain.self_test import SelfTestAttempt, SelfTestRecord
from reboot_core.domain.session import LiveSession, SessionStatus, normalize_code
from reboot_core.domain.spotting import Hit, KeywordSpotter
from reboot_core.domain.transcript import (
    ChunkSource,
    QuizSuggestion,
    SuggestionStatus,
    TranscriptChunk,
)

__all__ = [
    "DEFAULT_TRIGGER_PHRASES",
    "Actor",
    "AnswerResult",
    "Checkpoint",
    "CheckpointKind",
    "ChunkSource",
    "ConceptMastery",
    "FileType",
    "GapMap",
    "Hit",
    "IntegratedNote",
    "KeywordSpotter",
    "Lecture",
    "LectureMaterial",
    "LecturePhrases",
    "LiveParticipant",
    "LivePolicy",
    "LiveQuestion",
    "LiveQuiz",
    "LiveSession",
    "NoteRevision",
    "NoteStatus",
    "PulseCheck",
    "PulseStats",
    "PulseType",
    "QuestionView",
    "QuizDraft",
    "QuizResponse",
    "QuizResults",
    "QuizState",
    "QuizSuggestion",
    "Role",
    "SelfTestAttempt",
    "SelfTestRecord",
    "SessionStatus",
    "SuggestionStatus",
    "TranscriptChunk",
    "clean_phrases",
    "detect_file_type",
    "normalize_code",
]
