"""How soon does live speech become text, and a checkpoint a suggestion?

Synthetic lectures: espeak-ng sentences, each followed by a pause, with sox room noise under
everything at several levels (-70 to -45 dBFS RMS). The audio is streamed in half-second
chunks through what the server runs per chunk (the session's recogniser with its
voice-activity decision, then making the text readable, checkpoint detection and storage in
the core — everything but HTTP), on one CPU core. Time is simulated as the microphone would
deliver it: chunk i is ready when its last sample was captured; the server takes chunks one at
a time, each for as long as it really took here.

* **end of speech -> text**: from the last voiced sample of a sentence to the answer that
  carries its finished text;
* **end of phrase -> suggestion**: each sentence ends with its checkpoint phrase. espeak's
  Korean is gibberish to Vosk, so the detector cannot be the judge: the phrase counts as
  heard at the first answer whose sentence in progress (or finished sentence) already holds
  every word the finished sentence will have, plus the measured cost of detecting it;
* **real-time factor** of that work on one core, beside raw Vosk on the same audio (the
  yardstick: the machine is shared and its speed varies).

    .venv/bin/python bench/speech_latency.py [--runs 3] [--chunk 0.5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.support.audio: the same synthesis the tests use

from tests.support.audio import mixed, room_noise, synthesize  # noqa: E402

from reboot_adapters.korean.checkpoints import KiwiCheckpointDetector  # noqa: E402
from reboot_adapters.korean.readable import KiwiReadableText  # noqa: E402
from reboot_adapters.vosk_speech import VoskTranscriber, default_model_path, shared_model  # noqa: E402
from reboot_adapters.wav import BYTES_PER_SECOND  # noqa: E402
from reboot_core import Actor, in_memory  # noqa: E402
from reboot_core.memory import MemoryFileStorage  # noqa: E402
from reboot_http.speech_streams import SpeechStreams  # noqa: E402

SENTENCES = (
    "오늘은 정렬 알고리즘을 배워 보겠습니다 여기까지 이해되셨나요",
    "피벗을 고르고 배열을 둘로 나눕니다 질문 있나요",
    "시간 복잡도는 평균 엔 로그 엔입니다 다음으로 넘어갈게요",
)
LEVELS = (-70.0, -60.0, -50.0, -45.0)
PAUSES = (0.5, 1.0, 2.0, 5.0)
TEACHER = Actor.instructor("bench")


def voiced_until(pcm: bytes, threshold: int = 300) -> float:
    """Seconds to the last sample louder than ``threshold`` (espeak pads its output)."""
    samples = array("h", pcm)
    last = max((i for i, s in enumerate(samples) if abs(s) > threshold), default=0)
    return (last + 1) / (BYTES_PER_SECOND // 2)


def lecture(speech: list[bytes], level: float, pause: float) -> tuple[bytes, list[float]]:
    """The sentences with ``pause`` seconds between them and noise under all; where each
    sentence's voice ends (seconds)."""
    lead = room_noise(1.0, level)
    gap = room_noise(pause, level)
    audio, ends = lead, []
    for sentence in speech:
        start = len(audio) / BYTES_PER_SECOND
        audio += mixed(sentence, room_noise(len(sentence) / BYTES_PER_SECOND + 0.1, level))
        ends.append(start + voiced_until(sentence))
        audio += gap
    return audio + room_noise(2.0, level), ends


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def stream_one(audio: bytes, ends: list[float], chunk_s: float, live, transcriber) -> dict:
    """Simulated real time over one lecture: latencies and the CPU spent."""
    session = live.sessions.create(TEACHER, f"bench-{time.monotonic_ns()}", "bench")
    live.sessions.start(TEACHER, session.id)
    streams = SpeechStreams(transcriber, MemoryFileStorage())
    size = int(chunk_s * BYTES_PER_SECOND) // 2 * 2
    free_at = 0.0  # when the server is done with the previous chunk (simulated seconds)
    answers = []  # (answer time, finished segments, partial words)
    cpu = 0.0
    for start in range(0, len(audio), size):
        piece = audio[start : start + size]
        ready = (start + len(piece)) / BYTES_PER_SECOND
        began = time.process_time()
        fed = streams.feed(session.id, piece, offset=start / BYTES_PER_SECOND, clock_offset=ready)
        heard = live.transcripts.hear_audio(TEACHER, session.id, fed.segments, fed.partial)
        took = time.process_time() - began
        cpu += took
        done = max(ready, free_at) + took
        free_at = done
        partial = fed.partial.text.split() if fed.partial is not None else []
        answers.append((done, list(fed.segments), partial, heard))
    text_latency, phrase_latency = [], []
    for end in ends:
        finished = next(
            ((t, s) for t, segs, _, _ in answers for s in segs if s.start < end <= s.end + 0.3),
            None,
        )
        if finished is None:
            continue
        at, segment = finished
        text_latency.append(at - end)
        words = set(segment.text.split())
        heard_at = next(
            (t for t, _, partial, _ in answers if t >= end - 1.0 and words <= set(partial)), at
        )
        phrase_latency.append(min(heard_at, at) - end)
    return {
        "text": text_latency,
        "phrase": phrase_latency,
        "missed": len(ends) - len(text_latency),
        "cpu": cpu,
        "seconds": len(audio) / BYTES_PER_SECOND,
    }


def raw_vosk_rtf(audio: bytes, chunk_s: float) -> float:
    import vosk

    recognizer = vosk.KaldiRecognizer(shared_model(default_model_path()), 16000.0)
    size = int(chunk_s * BYTES_PER_SECOND) // 2 * 2
    began = time.process_time()
    for start in range(0, len(audio), size):
        recognizer.AcceptWaveform(audio[start : start + size])
    recognizer.FinalResult()
    return (time.process_time() - began) / (len(audio) / BYTES_PER_SECOND)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chunk", type=float, default=0.5, help="seconds per chunk")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    transcriber = VoskTranscriber()
    transcriber.preload()
    live = in_memory(detector=KiwiCheckpointDetector(), readable=KiwiReadableText())
    KiwiReadableText().readable("준비 운동")  # load Kiwi before anything is timed
    with tempfile.TemporaryDirectory() as workdir:
        speech = [synthesize(s, Path(workdir)) for s in SENTENCES]
    lectures = {(lv, p): lecture(speech, lv, p) for lv in LEVELS for p in PAUSES}

    rows: dict[tuple[float, float], list[dict]] = {key: [] for key in lectures}
    yardsticks, rtfs = [], []
    for run in range(args.runs):
        cpu = seconds = 0.0
        for key, (audio, ends) in lectures.items():
            result = stream_one(audio, ends, args.chunk, live, transcriber)
            rows[key].append(result)
            cpu += result["cpu"]
            seconds += result["seconds"]
        rtfs.append(cpu / seconds)
        yardsticks.append(raw_vosk_rtf(lectures[(LEVELS[1], PAUSES[2])][0], args.chunk))
        print(f"run {run + 1}: RTF {rtfs[-1]:.3f} (raw Vosk {yardsticks[-1]:.3f})", flush=True)

    print(
        f"\nchunks of {args.chunk:g} s, {args.runs} runs; seconds (median / p95 over the "
        "sentences of a run; min-max of that over runs)"
    )
    print(
        f"{'noise dBFS':>10} {'pause s':>7} | {'speech->text med':>17} {'p95':>11} | "
        f"{'phrase->sugg. med':>17} {'p95':>11} | joined"
    )

    def span(values: list[float]) -> str:
        return f"{min(values):.2f}-{max(values):.2f}" if values else "-"

    everything_text, everything_phrase = [], []
    for (level, pause), results in rows.items():
        med_t = [statistics.median(r["text"]) for r in results if r["text"]]
        p95_t = [percentile(r["text"], 0.95) for r in results if r["text"]]
        med_p = [statistics.median(r["phrase"]) for r in results if r["phrase"]]
        p95_p = [percentile(r["phrase"], 0.95) for r in results if r["phrase"]]
        joined = sum(r["missed"] for r in results)
        if pause >= 1.0:
            everything_text += [v for r in results for v in r["text"]]
            everything_phrase += [v for r in results for v in r["phrase"]]
        print(
            f"{level:10.0f} {pause:7.1f} | {span(med_t):>17} {span(p95_t):>11} | "
            f"{span(med_p):>17} {span(p95_p):>11} | {joined}"
        )
    text, phrase = everything_text, everything_phrase
    print(
        f"\npauses >= 1 s, all levels and runs: speech->text median "
        f"{statistics.median(text):.2f} s, p95 {percentile(text, 0.95):.2f} s, "
        f"max {max(text):.2f} s; phrase->suggestion median "
        f"{statistics.median(phrase):.2f} s, p95 {percentile(phrase, 0.95):.2f} s"
    )
    print(
        f"real-time factor on one core: {min(rtfs):.3f}-{max(rtfs):.3f} "
        f"(raw Vosk in the same runs: {min(yardsticks):.3f}-{max(yardsticks):.3f})"
    )
    print(
        "'joined': sentences whose pause was too short to end them (their text came with "
        "the next sentence's)"
    )


if __name__ == "__main__":
    main()
