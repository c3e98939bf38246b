"""How fast is Vosk here? Model load time, real-time factor and per-chunk latency.

Streams ~30 s of espeak-ng Korean speech (with pauses, like a lecture) through one
``VoskSpeechStream`` in 0.25 s chunks, the way a live session feeds it.

    .venv/bin/python bench/vosk_speed.py [--chunk 0.25] [--seconds 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from reboot_adapters.vosk_speech import VoskTranscriber
from reboot_adapters.wav import BYTES_PER_SECOND, duration_of, pcm_from_wav

SENTENCES = (
    "안녕하세요 여러분 오늘은 파이썬의 비동기 프로그래밍을 배워 보겠습니다.",
    "이벤트 루프는 하나의 스레드에서 여러 작업을 번갈아 실행합니다.",
    "이해되셨나요? 질문 있으면 손을 들어 주세요.",
    "다음으로 넘어갈게요. 코루틴과 태스크의 차이를 알아봅시다.",
)


def lecture_audio(seconds: float, workdir: Path) -> bytes:
    """Sentences followed by 0.8 s pauses, repeated until ``seconds`` of audio exist."""
    pieces: list[bytes] = []
    total = 0.0
    while total < seconds:
        for index, sentence in enumerate(SENTENCES):
            raw, wav = workdir / f"raw{index}.wav", workdir / f"s{index}.wav"
            if not wav.exists():
                subprocess.run(["espeak-ng", "-v", "ko", "-w", str(raw), sentence], check=True)
                convert = ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16"]
                # 1 dB of headroom: espeak peaks at full scale and resampling would clip.
                convert += ["-e", "signed-integer", str(wav), "gain", "-1", "pad", "0", "0.8"]
                subprocess.run(convert, check=True)
            pcm = pcm_from_wav(wav.read_bytes())
            pieces.append(pcm)
            total += duration_of(pcm)
            if total >= seconds:
                break
    return b"".join(pieces)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunk", type=float, default=0.25, help="seconds per chunk")
    parser.add_argument("--seconds", type=float, default=30.0, help="audio to stream")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as workdir:
        audio = lecture_audio(args.seconds, Path(workdir))
    transcriber = VoskTranscriber()

    started = time.perf_counter()
    transcriber.preload()
    load = time.perf_counter() - started

    chunk = int(args.chunk * BYTES_PER_SECOND) // 2 * 2
    stream = transcriber.open_stream()
    latencies: list[float] = []
    segments = 0
    for start in range(0, len(audio), chunk):
        began = time.perf_counter()
        segments += len(stream.accept(audio[start : start + chunk]))
        latencies.append(time.perf_counter() - began)
    began = time.perf_counter()
    segments += len(stream.finish())
    flush = time.perf_counter() - began

    seconds = duration_of(audio)
    busy = sum(latencies) + flush
    print(f"model load           {load:8.2f} s")
    print(f"audio streamed       {seconds:8.2f} s in {len(latencies)} chunks of {args.chunk:g} s")
    print(f"processing           {busy:8.2f} s")
    print(f"real-time factor     {busy / seconds:8.3f}")
    print(f"chunk latency p50    {1000 * statistics.median(latencies):8.1f} ms")
    print(f"chunk latency p99    {1000 * percentile(latencies, 0.99):8.1f} ms")
    print(f"chunk latency max    {1000 * max(latencies):8.1f} ms")
    print(f"finish (flush)       {1000 * flush:8.1f} ms")
    print(f"segments             {segments:8d}")


if __name__ == "__main__":
    main()
