"""The real server process with its default speech engine (Vosk): synthesised Korean speech is
posted in one-second WAV chunks, then a text chunk raises a quiz suggestion.

espeak-ng's Korean is gibberish to Vosk, so this checks plumbing — chunks stored with growing
offsets and non-empty text, the recording holding every sample — never accuracy.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import httpx
import pytest

from reboot_adapters.wav import BYTES_PER_SECOND, wav_from_pcm
from tests.e2e.test_server_process import (
    bearer,
    cli_token,
    free_port,
    ok,
    running_server,
    server_env,
)
from tests.support.audio import chunks, require_speech_tools, silence, synthesize

pytestmark = pytest.mark.slow

SENTENCES = (
    "안녕하세요 여러분, 오늘은 장고 ORM을 배웁니다.",
    "쿼리셋은 게으르게 실행됩니다.",
    "마이그레이션 파일은 꼭 커밋하세요.",
)


def test_lecture_audio_is_recognised_by_vosk_over_http(tmp_path: Path) -> None:
    require_speech_tools()
    # silence after each sentence lets the recogniser close an utterance (endpointing)
    pcm = b"".join(synthesize(s, tmp_path / "speech", pad_after=1.0) for s in SENTENCES)
    pcm += silence(1.0)
    total = len(pcm) / BYTES_PER_SECOND
    data_dir = tmp_path / "data"
    env = server_env(data_dir, None)
    env["REBOOT_STT_ENGINE"] = "vosk"  # the embedded default, spelled out

    with (
        running_server(env, free_port()) as base,
        httpx.Client(base_url=base, timeout=60) as http,
    ):
        teacher = bearer(cli_token(env, "t1", "instructor"))
        session = ok(
            http.post(
                "/api/learning/live/create/",
                headers=teacher,
                json={"lecture_id": "django-101", "title": "ORM 음성"},
            ),
            201,
        )
        sid = session["id"]
        ok(http.post(f"/api/learning/live/{sid}/start/", headers=teacher))

        bodies = []
        for index, piece in enumerate(chunks(pcm, BYTES_PER_SECOND)):
            response = http.post(
                f"/api/learning/live/{sid}/stt/audio/",
                params={"offset": index},
                content=wav_from_pcm(piece),
                headers={**teacher, "Content-Type": "audio/wav"},
            )
            bodies.append(ok(response))

        # a client doing its own recognition, right after the audio
        said = ok(
            http.post(
                f"/api/learning/live/{sid}/stt/text/",
                headers=teacher,
                json={"text": "자, 질문 있나요?", "start": total, "end": total + 2},
            ),
            201,
        )
        feed = ok(http.get(f"/api/learning/live/{sid}/feed/", headers=teacher))
        listed = ok(http.get(f"/api/learning/live/{sid}/quiz/suggestions/", headers=teacher))

    assert [b["offset"] for b in bodies] == [float(i) for i in range(len(bodies))]
    assert bodies[-1]["next_offset"] == pytest.approx(total)
    assert [b["restarted"] for b in bodies] == [True] + [False] * (len(bodies) - 1)
    segments = [s for b in bodies for s in b["segments"]]
    assert segments, "Vosk recognised nothing in the synthesised speech"
    assert all(s["text"].strip() and s["id"] for s in segments)
    assert all(0 <= s["start"] <= s["end"] <= total for s in segments)
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(segments))

    recording = data_dir / "files" / f"recording-{sid}.pcm"
    assert recording.stat().st_size == len(pcm)

    assert said["suggestion"]["phrase"] == "질문 있나요"
    assert [s["id"] for s in feed["suggestions"]] == [said["suggestion"]["id"]]
    assert [s["id"] for s in listed] == [said["suggestion"]["id"]]
