"""Ports: what the core needs from the outside world, as typing.Protocol classes."""

from reboot_core.ports.documents import FileStorage, QrEncoder, TextExtractor
from reboot_core.ports.language import LanguageModel, MaterialSection, NoteRequest
from reboot_core.ports.speech import RecognizedSegment, SpeechStream, Transcriber
from reboot_core.ports.storage import (
    ArtifactRepository,
    EndJobRepository,
    LectureRepository,
    MasteryRepository,
    MaterialRepository,
    NoteRepository,
    ParticipantRepository,
    PulseRepository,
    QuestionRepository,
    QuizRepository,
    SessionRepository,
    SuggestionRepository,
    TranscriptRepository,
    UnitOfWork,
)
from reboot_core.ports.system import (
    Clock,
    CodeGenerator,
    IdGenerator,
    JobQueue,
    LearningSessionHook,
    Roster,
)

__all__ = [
    "ArtifactRepository",
    "Clock",
    "CodeGenerator",
    "EndJobRepository",
    "FileStorage",
    "IdGenerator",
    "JobQueue",
    "LanguageModel",
    "LearningSessionHook",
    "LectureRepository",
    "MasteryRepository",
    "MaterialRepository",
    "MaterialSection",
    "NoteRepository",
    "NoteRequest",
    "ParticipantRepository",
    "PulseRepository",
    "QrEncoder",
    "QuestionRepository",
    "QuizRepository",
    "RecognizedSegment",
    "Roster",
    "SessionRepository",
    "SpeechStream",
    "SuggestionRepository",
    "TextExtractor",
    "Transcriber",
    "TranscriptRepository",
    "UnitOfWork",
]
