"""One transcript: text chunks, live audio, pauses and stream restarts in any order, then the
end-of-session batch pass. Text is never lost or moved; batch audio lands where it was spoken.

Drives the process's speech streams (recording, map, live recognition) and the core services
directly, without HTTP, so hypothesis can try many lectures quickly.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.fake_speech import ScriptedTranscriber
from reboot_core import Actor, ChunkSource, in_memory
from reboot_core.domain.transcript import speaking_order
from reboot_core.memory import (
    ManualClock,
    MemoryFileStorage,
    RecordingJobQueue,
    ScriptedLanguageModel,
)
from reboot_core.services.end_of_session import final_chunks
from reboot_http.speech_streams import SpeechStreams
from tests.support.audio import silence

TEACHER = Actor.instructor("t")

events = st.lists(
    st.one_of(
        st.tuples(st.just("text"), st.sampled_from([0.5, 1.0, 2.5])),
        st.tuples(st.just("audio"), st.sampled_from([0.5, 1.0, 1.5, 2.0])),
        st.tuples(st.just("pause"), st.floats(0.5, 40.0)),
        st.tuples(st.just("restart"), st.just(0.0)),
    ),
    max_size=25,
)


@given(lecture=events)
def test_batch_pass_replaces_audio_only_and_keeps_every_text_chunk(lecture) -> None:
    clock, files, jobs = (
        ManualClock(datetime(2026, 3, 2, 9, tzinfo=UTC)),
        MemoryFileStorage(),
        RecordingJobQueue(),
    )
    engine = ScriptedTranscriber(["말씀", "", "강의"])
    language = ScriptedLanguageModel()
    language.notes.append("# 노트")
    live = in_memory(clock=clock, files=files, jobs=jobs, transcriber=engine, language=language)
    streams = SpeechStreams(engine, files)
    session = live.sessions.create(TEACHER, "lecture", "음성")
    live.sessions.start(TEACHER, session.id)

    at = 0.0
    typed, spans = [], []
    for index, (kind, amount) in enumerate(lecture):
        if kind == "text":
            chunk = live.transcripts.add_text(TEACHER, session.id, f"입력 {index}", at, at + amount)
            typed.append(chunk.chunk)
            at += amount
        elif kind == "audio":
            fed = streams.feed(session.id, silence(amount), offset=at, clock_offset=at + amount)
            live.transcripts.hear_audio(TEACHER, session.id, fed.segments, fed.partial)
            if spans and abs(spans[-1][1] - at) < 1e-9:
                spans[-1] = (spans[-1][0], at + amount)  # continuous audio is one span
            else:
                spans.append((at, at + amount))
            at += amount
        elif kind == "pause":
            at += amount
        else:
            streams.drop(session.id)  # another process, or a restarted one, takes the next chunk
    clock.advance(at + 1)
    live.sessions.end(TEACHER, session.id)
    jobs.run_pending(live)

    with live.deps.uow() as uow:
        final = final_chunks(uow, session.id)
        batch = list(uow.transcripts.all(session.id, ChunkSource.BATCH))
    by_id = {chunk.id: chunk for chunk in final}
    # no text chunk is lost or moved
    assert all(by_id.get(chunk.id) == chunk for chunk in typed)
    # the batch pass stands in for live audio; its words lie inside the audio that was sent
    if batch:
        assert not any(chunk.source is ChunkSource.LIVE for chunk in final)
    for chunk in batch:
        assert any(start - 1e-6 <= chunk.start <= chunk.end <= end + 1e-6 for start, end in spans)
    assert final == sorted(final, key=speaking_order)
    assert {c.source for c in final} <= {ChunkSource.TEXT, ChunkSource.LIVE, ChunkSource.BATCH}
