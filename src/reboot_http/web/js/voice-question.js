// Hold to speak a question: while the button is held the phone records, on release the clip
// (16 kHz mono WAV, at most 30 s) goes to the server, which recognises it and keeps nothing.
// The words land in the question box for the student to read, fix and send as usual.

import { ApiError, api, explain, live } from "./api.js";
import { downsample, toInt16, wavBlob } from "./wav.js";

const MAX_SECONDS = 30;
const MESSAGES = {
  413: "녹음은 30초까지예요. 질문을 짧게 나눠 말해 주세요.",
  415: "녹음 형식을 읽을 수 없어요. 다시 눌러 말해 주세요.",
  422: "말소리를 알아듣지 못했어요. 조금 더 크게 다시 말해 주세요.",
  503: "이 서버에서는 음성 질문을 쓸 수 없어요. 질문을 글로 적어 주세요.",
};

export function voiceSupported() {
  return Boolean(window.isSecureContext && navigator.mediaDevices?.getUserMedia && window.AudioContext);
}

class Recorder {
  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
    });
    this.context = new AudioContext();
    this.blocks = [];
    const source = this.context.createMediaStreamSource(this.stream);
    const sink = this.context.createGain();
    sink.gain.value = 0; // the graph must reach the speakers to be pulled, but silently
    sink.connect(this.context.destination);
    if (this.context.audioWorklet) {
      await this.context.audioWorklet.addModule("/static/js/mic-worklet.js");
      this.node = new AudioWorkletNode(this.context, "reboot-capture");
      this.node.port.onmessage = (event) => this.blocks.push(event.data);
    } else {
      this.node = this.context.createScriptProcessor(4096, 1, 1);
      this.node.onaudioprocess = (event) => this.blocks.push(event.inputBuffer.getChannelData(0).slice(0));
    }
    source.connect(this.node).connect(sink);
  }

  /** Stop and give the clip as a WAV Blob. */
  async stop() {
    const rate = this.context.sampleRate;
    this.node.disconnect();
    this.stream.getTracks().forEach((track) => track.stop());
    await this.context.close();
    const length = this.blocks.reduce((sum, block) => sum + block.length, 0);
    const all = new Float32Array(length);
    let at = 0;
    for (const block of this.blocks) {
      all.set(block, at);
      at += block.length;
    }
    this.blocks = [];
    return wavBlob(toInt16(downsample(all, rate)));
  }
}

/**
 * Wire the hold-to-speak button. `sessionId()` gives the live session; `onText(text)` gets
 * the recognised words; `status` is a polite live region for what is going on.
 */
export function installVoiceQuestion({ button, status, sessionId, onText }) {
  if (!voiceSupported()) return;
  button.hidden = false;
  let recorder = null;
  let starting = null;
  let limit = null;

  const say = (text) => {
    status.textContent = text;
  };

  async function begin(event) {
    event.preventDefault();
    if (recorder || starting || button.disabled) return;
    button.setPointerCapture?.(event.pointerId);
    const next = new Recorder();
    starting = next.start();
    try {
      await starting;
    } catch {
      starting = null;
      say("마이크를 쓸 수 없어요. 브라우저에서 마이크 권한을 허용해 주세요.");
      return;
    }
    starting = null;
    recorder = next;
    button.classList.add("recording");
    button.setAttribute("aria-pressed", "true");
    say("듣고 있어요… 다 말하면 손을 떼세요.");
    limit = setTimeout(finish, MAX_SECONDS * 1000);
  }

  async function finish() {
    if (starting) await starting.catch(() => {});
    if (!recorder) return;
    clearTimeout(limit);
    const current = recorder;
    recorder = null;
    button.classList.remove("recording");
    button.setAttribute("aria-pressed", "false");
    button.disabled = true;
    say("말한 내용을 글로 바꾸는 중이에요…");
    try {
      const clip = await current.stop();
      const answer = await api(live(sessionId(), "/questions/transcribe/"), {
        role: "student",
        method: "POST",
        body: clip,
        type: "audio/wav",
      });
      onText(answer.data.question_text);
      say("들은 내용을 질문 칸에 넣었어요. 고친 다음 보내 주세요.");
    } catch (err) {
      say(err instanceof ApiError ? explain(err, MESSAGES) : explain(err));
      if (err instanceof ApiError && err.status === 503) button.hidden = true;
    } finally {
      button.disabled = false;
    }
  }

  button.addEventListener("pointerdown", begin);
  for (const name of ["pointerup", "pointercancel"]) button.addEventListener(name, finish);
  // the keyboard holds it too: Space or Enter down to record, up to send
  button.addEventListener("keydown", (event) => {
    if ((event.key === " " || event.key === "Enter") && !event.repeat) begin(event);
  });
  button.addEventListener("keyup", (event) => {
    if (event.key === " " || event.key === "Enter") finish();
  });
  button.addEventListener("contextmenu", (event) => event.preventDefault()); // long press
}
