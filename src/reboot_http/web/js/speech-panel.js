// What the instructor sees of the microphone on the live dashboard: the input level, the last
// transcript lines (folded until opened), the sentence being recognised, and a warning in
// Korean when the level stays flat or nothing is recognised for 30 seconds.

import { api, live } from "./api.js";
import { $, el, fill, show } from "./ui.js";

const LINES = 8;
// tests shorten the 30 s (window.REBOOT_SPEECH_QUIET_MS), as they do the poll interval
const QUIET_MS = window.REBOOT_SPEECH_QUIET_MS || 30_000;
// a live microphone moves by more than this within 30 s; a muted or dead one does not
const FLAT_DB = 3;
const SILENT_DB = -85;

export const WARN_FLAT =
  "마이크 소리가 30초 동안 변하지 않았어요. 마이크가 음소거되었거나 다른 입력 장치가 선택되지 않았는지 확인해 주세요.";
export const WARN_UNHEARD =
  "30초 동안 인식된 말이 없어요. 마이크 가까이에서 말하고 있는지, 다른 소리가 크지 않은지 확인해 주세요.";

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export class SpeechPanel {
  constructor(sessionId) {
    this.sessionId = sessionId;
    this.lines = [];
    this.levels = []; // [time, dB] of the last 30 s
    this.on = false;
    this.startedAt = 0;
    this.heardAt = 0;
    this.timer = null;
    $("#transcript-card").addEventListener("toggle", () => {
      if ($("#transcript-card").open) this.reload();
    });
  }

  /** The microphone went on (true) or off. */
  listening(on) {
    this.on = on;
    this.levels = [];
    this.startedAt = this.heardAt = Date.now();
    show($("#mic-level-box"), on);
    clearInterval(this.timer);
    this.timer = on ? setInterval(() => this.check(), 1000) : null;
    if (!on) {
      this.warn("");
      $("#transcript-partial").textContent = "";
    }
    $("#transcript-state").textContent = on ? "듣는 중" : "마이크 꺼짐";
  }

  level(db) {
    const now = Date.now();
    $("#mic-level").value = Math.max(-90, Math.min(0, db));
    this.levels.push([now, db]);
    while (this.levels.length && now - this.levels[0][0] > QUIET_MS) this.levels.shift();
  }

  /** One answer of the audio route: finished sentences and the sentence in progress. */
  heard(answer) {
    if (answer.segments.length || answer.partial_text) this.heardAt = Date.now();
    for (const line of answer.segments) this.add(line);
    $("#transcript-partial").textContent = answer.partial_text ? `… ${answer.partial_text}` : "";
    if (answer.segments.length) this.draw();
  }

  add(line) {
    if (this.lines.some((known) => known.id === line.id)) return;
    this.lines.push(line);
    this.lines.sort((a, b) => a.start - b.start || a.end - b.end);
    this.lines = this.lines.slice(-LINES);
  }

  async reload() {
    try {
      const lines = (await api(live(this.sessionId, `/stt/transcript?limit=${LINES}`), { role: "instructor" })).data;
      lines.forEach((line) => this.add(line));
      this.draw();
    } catch {
      // the panel keeps what the microphone answers brought; the next opening tries again
    }
  }

  draw() {
    const items = this.lines.map((line) =>
      el(
        "li",
        { class: line.source === "text" ? "typed" : "", title: line.raw_text ? `인식 원문: ${line.raw_text}` : "" },
        el("time", {}, clock(line.start)),
        el("span", {}, line.text),
      ),
    );
    fill($("#transcript-lines"), items.length ? items : el("li", { class: "empty" }, "아직 인식된 말이 없어요."));
  }

  check() {
    if (!this.on || Date.now() - this.startedAt < QUIET_MS) return;
    const values = this.levels.map(([, db]) => db);
    const flat = !values.length || Math.max(...values) - Math.min(...values) < FLAT_DB || Math.max(...values) < SILENT_DB;
    if (flat) this.warn(WARN_FLAT);
    else if (Date.now() - this.heardAt > QUIET_MS) this.warn(WARN_UNHEARD);
    else this.warn("");
  }

  warn(message) {
    $("#mic-warning").textContent = message;
    show($("#mic-warning"), Boolean(message));
  }
}
