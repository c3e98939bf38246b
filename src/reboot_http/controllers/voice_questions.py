"""Spoken questions: a participant's clip becomes text to edit and send; nothing is kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, Router, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import TooManyRequestsException
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIType, RequestBody, Schema
from litestar.openapi.spec.operation import Operation
from litestar.params import FromPath, SkipValidation

from reboot_adapters.wav import BYTES_PER_SECOND, REQUIRED_FORMAT, pcm_from_wav
from reboot_core import Reboot
from reboot_core.domain.voice_question import MAX_VOICE_SECONDS
from reboot_core.errors import UnsupportedType
from reboot_http.controllers._common import actor_of, refusals, run_core, run_slow
from reboot_http.polling import Concerns
from reboot_http.rate_limit import FailureLimiter
from reboot_http.schemas.voice_questions import VoiceQuestionOut

# the WAV header and any extra RIFF chunks on top of 30 s of samples
VOICE_BODY_LIMIT = MAX_VOICE_SECONDS * BYTES_PER_SECOND + 16 * 1024
# recognition is seconds of CPU per clip: a participant gets a few tries a minute, plenty
# for asking, far too few to keep a worker busy
VOICE_TRIES = 6
VOICE_WINDOW_SECONDS = 60.0


def voice_question_router() -> Router:
    # every try counts as a "failure" here: the limiter's window is exactly what is needed
    tries = FailureLimiter(VOICE_TRIES, VOICE_WINDOW_SECONDS)
    return Router(
        path="/",
        route_handlers=[VoiceQuestionController],
        request_max_body_size=VOICE_BODY_LIMIT,
        dependencies={"voice_tries": Provide(lambda: tries, use_cache=True, sync_to_thread=False)},
    )


@dataclass
class _WavBodyOperation(Operation):
    def __post_init__(self) -> None:
        binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
        self.request_body = RequestBody(
            content={"audio/wav": OpenAPIMediaType(schema=binary)},
            required=True,
            description=f"The spoken question as the raw body: {REQUIRED_FORMAT}, "
            f"at most {MAX_VOICE_SECONDS} s.",
        )


class VoiceQuestionController(Controller):
    path = "/api/learning/live/{session_id:str}/questions"
    tags = ("questions",)

    @post(
        "/transcribe/",
        status_code=200,
        concerns=Concerns.NOBODY,  # nothing is stored: the question is sent separately
        responses=refusals(400, 403, 404, 409, 413, 415, 422, 429, 503),
        operation_class=_WavBodyOperation,
    )
    async def transcribe(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        voice_tries: NamedDependency[SkipValidation[FailureLimiter]],
    ) -> VoiceQuestionOut:
        """The words of a spoken question (participants of a live session), for the student
        to edit and send to ``questions/``. The body is a WAV file (16 kHz, mono, 16-bit PCM;
        else 415) of at most 30 s (else 413); no speech heard gives 422. The audio is
        recognised and dropped, never stored. A few tries a minute per participant (429)."""
        actor = actor_of(request)
        # who may ask is decided before the body is read or a try is counted
        await run_core(request, reboot.questions.check_asker, actor, session_id)
        key = f"{session_id}:{actor.user_id}"
        wait = voice_tries.retry_after(key)
        if wait is not None:
            raise TooManyRequestsException(
                f"음성 질문을 너무 자주 보냈어요. {wait}초 뒤에 다시 해 주세요: "
                "too many spoken questions, try again later",
                headers={"Retry-After": str(wait)},
            )
        voice_tries.failed(key)
        try:
            pcm = pcm_from_wav(await request.body())
        except UnsupportedType as exc:
            raise UnsupportedType(
                f"녹음 형식을 읽을 수 없어요 (16 kHz 모노 WAV만 받아요): {exc.detail}"
            ) from exc
        text = await run_slow(request, reboot.questions.transcribe, actor, session_id, pcm)
        return VoiceQuestionOut(
            question_text=text, duration_seconds=round(len(pcm) / BYTES_PER_SECOND, 2)
        )
