// The lecture microphone: captures audio in the browser, converts it to 16 kHz 16-bit mono
// WAV chunks of half a second and posts them, one at a time and in order, to the session's
// STT endpoint. The server recognises speech and spots checkpoints; each answer carries what
// was heard (finished sentences, the sentence in progress, suggestions) for the dashboard.

import { api, live } from "./api.js";
import { TARGET_RATE, downsample, levelDb, toInt16, wavBlob } from "./wav.js";

// Half a second: a sentence's text comes back about end_silence (0.6 s) plus half a chunk
// after the lecturer stops, and a checkpoint while it is said (bench/speech_latency.py).
// Longer chunks add their length to every delay; shorter ones only add requests.
const CHUNK_SECONDS = 0.5;
// chunks waiting while the network is slow (4 s); older ones are dropped rather than delayed
const MAX_QUEUE = 8;
// how often the level meter is told (ms)
const LEVEL_EVERY = 100;

export function micSupported() {
  return Boolean(window.isSecureContext && navigator.mediaDevices && window.AudioContext);
}

export class MicStreamer {
  /** onError(err) hears of each chunk that failed (ApiError or NetworkError); streaming goes
   * on until stop(), so a short network outage loses only the chunks sent during it.
   * onChunk(answer) gets each answer of the server; onLevel(dB) the input level. */
  constructor(sessionId, { onError = () => {}, onChunk = () => {}, onLevel = () => {} } = {}) {
    this.path = live(sessionId, "/stt/audio");
    this.onError = onError;
    this.onChunk = onChunk;
    this.onLevel = onLevel;
    this.buffer = [];
    this.buffered = 0;
    this.queue = [];
    this.sending = false;
    this.context = null;
    this.stream = null;
    this.node = null;
    // where the first chunk was placed by the server (seconds since the session started);
    // later chunks are placed from it by the samples captured since, dropped ones included
    this.origin = null;
    this.captured = 0;
    this.levelAt = 0;
    this.peak = -120;
  }

  async start() {
    if (!micSupported()) {
      throw new Error("마이크는 HTTPS 주소나 이 컴퓨터(localhost)에서만 쓸 수 있습니다.");
    }
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
    });
    this.context = new AudioContext();
    const source = this.context.createMediaStreamSource(this.stream);
    const sink = this.context.createGain();
    sink.gain.value = 0; // the graph must reach the speakers to be pulled, but silently
    sink.connect(this.context.destination);
    if (this.context.audioWorklet) {
      await this.context.audioWorklet.addModule("/static/js/mic-worklet.js");
      const node = new AudioWorkletNode(this.context, "reboot-capture");
      node.port.onmessage = (event) => this.collect(event.data);
      source.connect(node).connect(sink);
      this.node = node;
    } else {
      // older browsers: the deprecated processor on the main thread still works
      const node = this.context.createScriptProcessor(4096, 1, 1);
      node.onaudioprocess = (event) => this.collect(event.inputBuffer.getChannelData(0).slice(0));
      source.connect(node).connect(sink);
      this.node = node;
    }
  }

  async stop() {
    if (this.node) this.node.disconnect();
    this.node = null;
    this.flush();
    if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
    if (this.context) await this.context.close();
    this.stream = null;
    this.context = null;
  }

  collect(samples) {
    if (!this.context) return; // blocks still queued on the audio thread after stop()
    const block = downsample(samples, this.context.sampleRate, TARGET_RATE);
    this.buffer.push(block);
    this.buffered += block.length;
    this.peak = Math.max(this.peak, levelDb(block));
    const now = performance.now();
    if (now - this.levelAt >= LEVEL_EVERY) {
      this.onLevel(this.peak);
      this.peak = -120;
      this.levelAt = now;
    }
    if (this.buffered >= CHUNK_SECONDS * TARGET_RATE) this.flush();
  }

  flush() {
    if (!this.buffered) return;
    const joined = new Float32Array(this.buffered);
    let at = 0;
    for (const part of this.buffer) {
      joined.set(part, at);
      at += part.length;
    }
    this.queue.push({ wav: wavBlob(toInt16(joined)), first: this.captured });
    this.captured += this.buffered;
    this.buffer = [];
    this.buffered = 0;
    if (this.queue.length > MAX_QUEUE) this.queue.shift();
    this.send();
  }

  async send() {
    if (this.sending) return;
    this.sending = true;
    while (this.queue.length) {
      const chunk = this.queue.shift();
      try {
        // bytes rather than the Blob: some tools (and proxies' request logs) see no Blob bodies
        const body = await chunk.wav.arrayBuffer();
        const at = this.origin === null ? "" : `?offset=${(this.origin + chunk.first / TARGET_RATE).toFixed(3)}`;
        const answer = (await api(this.path + at, { role: "instructor", method: "POST", body, type: "audio/wav" })).data;
        if (this.origin === null) this.origin = answer.offset - chunk.first / TARGET_RATE;
        this.onChunk(answer);
      } catch (err) {
        this.onError(err);
      }
    }
    this.sending = false;
  }
}
