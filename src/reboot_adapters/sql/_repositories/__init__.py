"""One SQL repository per storage port, each module holding one aggregate's statements.

``_executor`` has what they share: the unit of work's connection (``Executor``, which turns
driver errors into domain errors) and the builders for by-id reads, updates and guarded inserts.
"""

from reboot_adapters.sql._repositories._executor import Executor
from reboot_adapters.sql._repositories.artifacts import SqlArtifactRepository
from reboot_adapters.sql._repositories.end_jobs import SqlEndJobRepository
from reboot_adapters.sql._repositories.lectures import SqlLectureRepository
from reboot_adapters.sql._repositories.mastery import SqlMasteryRepository
from reboot_adapters.sql._repositories.materials import SqlMaterialRepository
from reboot_adapters.sql._repositories.notes import SqlNoteRepository
from reboot_adapters.sql._repositories.participants import SqlParticipantRepository
from reboot_adapters.sql._repositories.pulses import SqlPulseRepository
from reboot_adapters.sql._repositories.questions import SqlQuestionRepository
from reboot_adapters.sql._repositories.quizzes import SqlQuizRepository
from reboot_adapters.sql._repositories.self_tests import SqlSelfTestAttemptRepository
from reboot_adapters.sql._repositories.sessions import SqlSessionRepository
from reboot_adapters.sql._repositories.suggestions import SqlSuggestionRepository
from reboot_adapters.sql._repositories.transcripts import SqlTranscriptRepository

__all__ = [
    "Executor",
    "SqlArtifactRepository",
    "SqlEndJobRepository",
    "SqlLectureRepository",
    "SqlMasteryRepository",
    "SqlMaterialRepository",
    "SqlNoteRepository",
    "SqlParticipantRepository",
    "SqlPulseRepository",
    "SqlQuestionRepository",
    "SqlQuizRepository",
    "SqlSelfTestAttemptRepository",
    "SqlSessionRepository",
    "SqlSuggestionRepository",
    "SqlTranscriptRepository",
]
