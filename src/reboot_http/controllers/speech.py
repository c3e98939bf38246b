"""Speech to text: audio chunks (recognised here), text chunks (recognised by the client), and
the quiz suggestions their checkpoint phrases raise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, Router, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIType, RequestBody, Schema
from litestar.openapi.spec.operation import Operation
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter, SkipValidation

from reboot_adapters.wav import BYTES_PER_SECOND, REQUIRED_FORMAT, pcm_from_wav
from reboot_core import Actor, Conflict, Reboot, Unavailable
from reboot_core.services import Heard
from reboot_http.bootstrap import Container
from reboot_http.controllers._common import (
    NOT_MODIFIED,
    actor_of,
    instructor_only,
    refusals,
    run_core,
    run_slow,
)
from reboot_http.polling import Concerns, PollCache
from reboot_http.schemas.feed import SuggestionOut, suggestion_out
from reboot_http.schemas.quizzes import QuizDraftOut, draft_out
from reboot_http.schemas.speech import (
    AudioChunkOut,
    ChunkOut,
    PhrasesIn,
    PhrasesOut,
    TextChunkIn,
    TextChunkOut,
    audio_chunk_out,
    chunk_out,
    phrases_out,
    text_chunk_out,
)
from reboot_http.speech_streams import Fed, SpeechStreams

# A chunk is meant to be a second or two; 30 s is generous and keeps one request's
# recognition short. The slack covers the WAV header and any extra RIFF chunks (LIST, fact).
MAX_CHUNK_SECONDS = 30
AUDIO_BODY_LIMIT = MAX_CHUNK_SECONDS * BYTES_PER_SECOND + 16 * 1024

NO_ENGINE = (
    "speech recognition is off on this server (REBOOT_STT_ENGINE=none): post recognised "
    "text to stt/text/ instead, or set REBOOT_STT_ENGINE=vosk (offline) or openai"
)


def speech_router(container: Container) -> Router:
    """The audio route, with its own body limit and this process's recognisers."""
    deps = container.reboot.deps
    streams = None if deps.transcriber is None else SpeechStreams(deps.transcriber, deps.files)
    return Router(
        path="/",
        route_handlers=[AudioController],
        request_max_body_size=AUDIO_BODY_LIMIT,
        dependencies={
            "speech_streams": Provide(lambda: streams, use_cache=True, sync_to_thread=False)
        },
    )


@dataclass
class _WavBodyOperation(Operation):
    """The audio route reads its body itself (Litestar has no raw-bytes body parameter), so
    its OpenAPI request body is declared here."""

    def __post_init__(self) -> None:
        binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        self.request_body = RequestBody(
            content={"audio/wav": OpenAPIMediaType(schema=binary)},
            required=True,
            description=f"One chunk of lecture audio as the raw body: {REQUIRED_FORMAT}, "
            f"at most {MAX_CHUNK_SECONDS} s.",
        )


def _audio_target(reboot: Reboot, actor: Actor, session_id: str) -> float:
    """Check the actor may add transcript to the session; seconds since it started, now."""
    session = reboot.sessions.get(actor, session_id)
    session.require_owner(actor)
    session.require_open("adding transcript")
    return session.offset_of(reboot.deps.clock.now())


async def _recognise(
    request: Request[Any, Any, Any],
    reboot: Reboot,
    streams: SpeechStreams,
    session_id: str,
    offset: float | None,
) -> tuple[Fed, Heard | None]:
    actor = actor_of(request)
    clock_offset = await run_core(request, _audio_target, reboot, actor, session_id)
    # the body is read only now: students were refused by the guard, strangers by the core
    pcm = pcm_from_wav(await request.body())
    fed = await run_slow(
        request, streams.feed, session_id, pcm, offset=offset, clock_offset=clock_offset
    )
    if not fed.segments and fed.partial is None:
        return fed, None
    # on a worker thread too: making Korean readable and spotting checkpoints is CPU work
    heard = await run_slow(
        request, reboot.transcripts.hear_audio, actor, session_id, fed.segments, fed.partial
    )
    return fed, heard


class AudioController(Controller):
    path = "/api/learning/live/{session_id:str}/stt"
    tags = ("speech",)

    @post(
        "/audio",
        status_code=200,
        guards=[instructor_only],
        concerns=Concerns.INSTRUCTOR,  # the transcript and its suggestions are the instructor's
        responses=refusals(400, 403, 404, 409, 413, 415, 422, 503),
        operation_class=_WavBodyOperation,
    )
    async def audio(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        speech_streams: NamedDependency[SkipValidation[SpeechStreams | None]],
        offset: Annotated[
            float | None,
            QueryParameter(
                name="offset",
                ge=0,
                description="Seconds since the session started where this chunk begins. "
                "Optional: without it the server places the chunk (docs/speech.md).",
            ),
        ] = None,
    ) -> AudioChunkOut:
        """Recognise one chunk of the instructor's microphone (instructor). The body is a WAV
        file (16 kHz, mono, 16-bit PCM; anything else is refused with 415). The audio is kept
        for the final transcript; recognised text is stored with its times and may raise a
        quiz suggestion. 503 when this server has no speech engine: post text chunks then."""
        if speech_streams is None:
            # who may post here is decided first: others get 403/404 as on every route
            await run_core(request, _audio_target, reboot, actor_of(request), session_id)
            raise Unavailable(NO_ENGINE)
        try:
            fed, heard = await _recognise(request, reboot, speech_streams, session_id, offset)
        except Conflict:
            speech_streams.drop(session_id)  # the session ended: its recogniser is done
            raise
        return audio_chunk_out(fed.offset, fed.next_offset, fed.restarted, heard)


class TranscriptController(Controller):
    path = "/api/learning/live/{session_id:str}/stt"
    tags = ("speech",)

    @post(
        "/text",
        status_code=201,
        concerns=Concerns.INSTRUCTOR,
        responses=refusals(400, 403, 404, 409, 422),
    )
    async def text(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        data: JSONBody[TextChunkIn],
        reboot: NamedDependency[Reboot],
    ) -> TextChunkOut:
        """Store a chunk of text recognised or typed by the client (instructor). ``start``/
        ``end`` are seconds since the session started; the server's clock fills in missing
        ones. A checkpoint in it raises a quiz suggestion for the instructor. Text chunks stay
        in the transcript as posted: the end-of-session pass replaces only recognised audio."""
        # a worker thread: the checkpoint detector analyses the sentence (CPU work)
        recorded = await run_slow(
            request,
            reboot.transcripts.add_text,
            actor_of(request),
            session_id,
            data.text,
            data.start,
            data.end,
        )
        return text_chunk_out(recorded)

    @get("/transcript", responses=refusals(400, 403, 404, 422))
    async def transcript(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        limit: Annotated[
            int,
            QueryParameter(name="limit", ge=1, le=200, description="How many lines (1-200)."),
        ] = 20,
    ) -> list[ChunkOut]:
        """The last lines of the live transcript, oldest first (instructor): what the
        dashboard shows, readable, with the recogniser's own words in ``raw_text``."""
        lines = await run_core(
            request, reboot.transcripts.recent_lines, actor_of(request), session_id, limit
        )
        return [chunk_out(chunk) for chunk in lines]


class PhrasesController(Controller):
    path = "/api/learning/lectures/{lecture_id:str}/checkpoint-phrases"
    tags = ("speech",)

    @get("/", responses=refusals(403))
    async def get_phrases(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> PhrasesOut:
        """The phrases that make a checkpoint in this lecture (its instructor). Sentences of
        the same kind count too ("이해가 되시나요" for "이해되셨나요"); see docs/speech.md."""
        listed = await run_core(request, reboot.transcripts.phrases, actor_of(request), lecture_id)
        return phrases_out(listed)

    @put(
        "/",
        status_code=200,
        concerns=Concerns.NOBODY,  # read when sentences arrive, not shown by any poll
        responses=refusals(400, 403, 422),
    )
    async def put_phrases(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        data: JSONBody[PhrasesIn],
        reboot: NamedDependency[Reboot],
    ) -> PhrasesOut:
        """Replace the lecture's phrase list (its instructor): at most 50 entries of 1-100
        characters (422 otherwise); [] turns suggestions off; the default list restores it."""
        listed = await run_core(
            request, reboot.transcripts.set_phrases, actor_of(request), lecture_id, data.phrases
        )
        return phrases_out(listed)


class SuggestionController(Controller):
    path = "/api/learning/live/{session_id:str}/quiz/suggestions"
    tags = ("quizzes",)

    @get("/", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def list_suggestions(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[list[SuggestionOut]]:
        """Pending "이 시점에 퀴즈를 내보시겠습니까?" suggestions, oldest first (instructor).
        Nothing reaches students until the instructor sends a quiz."""
        actor = actor_of(request)

        async def compute() -> bytes:
            pending = await run_core(request, reboot.transcripts.suggestions, actor, session_id)
            return msgspec.json.encode([suggestion_out(s) for s in pending])

        key = ("suggestions", session_id, actor)
        return await polls.answer(request, key, session_id, compute)

    @post(
        "/{suggestion_id:str}/dismiss",
        status_code=200,
        concerns=Concerns.INSTRUCTOR,  # suggestions never reach students
        responses=refusals(403, 404, 409),
    )
    async def dismiss(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        suggestion_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> SuggestionOut:
        """Not now: the suggestion leaves the feed (409 when already dismissed or drafted)."""
        suggestion = await run_core(
            request, reboot.transcripts.dismiss, actor_of(request), session_id, suggestion_id
        )
        return suggestion_out(suggestion)

    @post(
        "/{suggestion_id:str}/draft",
        status_code=200,
        concerns=Concerns.INSTRUCTOR,  # the suggestion leaves the feed; nothing is sent
        responses=refusals(400, 403, 404, 409, 422, 503),
    )
    async def draft(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        suggestion_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        minutes: FromQuery[float | None] = None,
    ) -> QuizDraftOut:
        """Turn the suggestion into a quiz draft from the last ``minutes`` of transcript
        before it (default: the server's quiz window; 1..90, 422 otherwise, as quiz/generate).
        Nothing is sent: post the (edited) draft to quiz/create/ with is_ai_generated=true."""
        draft = await run_slow(
            request,
            reboot.transcripts.accept,
            actor_of(request),
            session_id,
            suggestion_id,
            minutes=minutes,
        )
        return draft_out(draft)


__all__ = [
    "AUDIO_BODY_LIMIT",
    "MAX_CHUNK_SECONDS",
    "AudioController",
    "PhrasesController",
    "SuggestionController",
    "TranscriptController",
    "speech_router",
]
