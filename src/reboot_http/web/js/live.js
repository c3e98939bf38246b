// The instructor's live dashboard, made for the projector: code and QR, counts, the pulse
// gauge, quizzes and their results, the question queue, checkpoint suggestions, the
// microphone (its level, the transcript, warnings), the lecture's checkpoint phrases, and the
// end. One feed request per tick keeps it all current; a suggestion heard by the microphone
// shows at once, from the audio answer.

import { api, explain, live, signedIn } from "./api.js";
import { renderGauge, renderResults } from "./charts.js";
import { installGlossary } from "./glossary-panel.js";
import { findSession, remember } from "./lectures.js";
import { MicStreamer } from "./mic.js";
import { Poller } from "./poller.js";
import { QuizControl } from "./quiz-control.js";
import { renderQuestions } from "./questions.js";
import { SpeechPanel } from "./speech-panel.js";
import { $, busy, el, fill, formatCode, installNetworkBanner, param, show, toast } from "./ui.js";

const STATUS_LABEL = { WAITING: ["시작 전", ""], LIVE: ["진행 중", "live"], ENDED: ["종료", "ok"] };
const sessionId = param("session");
const correctAnswers = new Map(); // quiz id -> correct answer, for marking the result bars
let feed = null;
let poller = null;
const quizControl = new QuizControl(sessionId, $("#quiz-records"));
let mic = null;
let qrLoaded = false;
let shownSuggestion = null;
const speech = sessionId ? new SpeechPanel(sessionId) : null;
if (sessionId) installGlossary(sessionId);

installNetworkBanner();
if (!signedIn("instructor")) {
  window.location.replace(`/instructor?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
} else if (!sessionId) {
  window.location.replace("/instructor");
} else {
  poller = new Poller(live(sessionId, "/feed"), { role: "instructor", onData: onFeed, onError: onFeedError }).start();
  loadQuizzes();
}

function onFeedError(err) {
  if (err.status === 401) {
    window.location.assign(`/instructor?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    return true;
  }
  const message = explain(err, { 403: "이 세션의 강사만 볼 수 있어요.", 404: "세션을 찾을 수 없어요." });
  fill($("#questions"), el("li", { class: "empty" }, message));
  toast(message, "error", 8000);
  return err.status === 403 || err.status === 404;
}

function onFeed(data) {
  feed = data;
  const s = data.session;
  if (s.status === "ENDED") {
    window.location.assign(`/instructor/after?session=${encodeURIComponent(sessionId)}`);
    return;
  }
  document.title = `${s.title || "라이브"} · Re:Boot Live`;
  $("#title").textContent = s.title;
  const [label, kind] = STATUS_LABEL[s.status] || [s.status, ""];
  const chip = $("#status-chip");
  chip.textContent = label;
  chip.className = `chip ${kind}`;
  show(chip);
  show($("#start"), s.status === "WAITING");
  $("#code").textContent = formatCode(s.session_code);
  $("#participants").textContent = String(s.participant_count);
  $("#active").textContent = String(s.active_count);
  if (!qrLoaded) loadQr(s.session_code);
  $("#pulse-window").textContent = `최근 ${data.pulse.window_seconds}초 · 접속 ${s.active_count}명`;
  renderGauge($("#gauge"), data.pulse);
  drawQuestions();
  drawLatestQuiz();
  drawSuggestion();
  quizControl.refresh();
}

// ---------- code, QR ----------

async function loadQr(code) {
  qrLoaded = true;
  const known = findSession(sessionId);
  $("#join-url").textContent = (known && known.session.join_url) || `${window.location.origin}/join?code=${code}`;
  try {
    // the QR route needs the bearer token, so <img src> alone cannot load it
    const image = await api(live(sessionId, "/qr.svg"), { role: "instructor", blob: true });
    $("#qr").src = URL.createObjectURL(image.data);
  } catch (err) {
    qrLoaded = false; // try again on the next tick
  }
}

$("#projector").addEventListener("click", (event) => {
  const on = document.body.classList.toggle("projector");
  event.currentTarget.setAttribute("aria-pressed", String(on));
  event.currentTarget.textContent = on ? "원래 화면으로" : "프로젝터용 크게 보기";
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && document.body.classList.contains("projector")) $("#projector").click();
});

// ---------- start and end ----------

$("#start").addEventListener("click", (event) =>
  busy(event.currentTarget, async () => {
    try {
      remember((await api(live(sessionId, "/start"), { role: "instructor", method: "POST" })).data);
      toast("수업을 시작했어요");
      poller.now();
    } catch (err) {
      toast(explain(err, { 409: "이미 시작했거나 끝난 수업이에요." }), "error");
    }
  }),
);

$("#end").addEventListener("click", () => $("#end-dialog").showModal());
$("#end-cancel").addEventListener("click", () => $("#end-dialog").close());
$("#end-confirm").addEventListener("click", (event) =>
  busy(event.currentTarget, async () => {
    try {
      if (mic) await stopMic();
      remember((await api(live(sessionId, "/end"), { role: "instructor", method: "POST" })).data);
      window.location.assign(`/instructor/after?session=${encodeURIComponent(sessionId)}`);
    } catch (err) {
      $("#end-dialog").close();
      toast(explain(err, { 409: "이미 끝난 수업이에요." }), "error");
    }
  }),
);

// ---------- questions ----------

function drawQuestions() {
  const open = feed.questions.filter((q) => !q.is_answered).length;
  $("#question-count").textContent = String(open);
  renderQuestions($("#questions"), feed.questions, { role: "instructor", onAnswered: markAnswered });
}

async function markAnswered(question, button) {
  await busy(button, async () => {
    try {
      const answer = await api(live(sessionId, `/questions/${question.id}/answered`), { role: "instructor", method: "POST" });
      feed.questions = feed.questions.map((q) => (q.id === question.id ? answer.data : q));
      drawQuestions();
    } catch (err) {
      toast(explain(err), "error");
    }
  });
}

$("#cluster").addEventListener("click", (event) =>
  busy(event.currentTarget, async () => {
    try {
      feed.questions = (await api(live(sessionId, "/questions/cluster"), { role: "instructor", method: "POST" })).data;
      drawQuestions();
      toast("비슷한 질문끼리 묶었어요");
    } catch (err) {
      toast(explain(err), "error");
    }
  }),
);

// ---------- quizzes ----------

async function loadQuizzes() {
  try {
    const quizzes = (await api(live(sessionId, "/quiz"), { role: "instructor" })).data;
    for (const quiz of quizzes) correctAnswers.set(quiz.id, quiz.correct_answer);
    if (feed) drawLatestQuiz();
  } catch {
    // the bars still show counts; only the correct mark is missing
  }
}

function drawLatestQuiz() {
  const latest = feed.latest_quiz;
  if (!latest) return;
  if (!correctAnswers.has(latest.id)) loadQuizzes();
  $("#latest-question").textContent = latest.question_text;
  $("#latest-question").className = "";
  renderResults($("#results"), latest.results, correctAnswers.get(latest.id));
}

let aiDraft = false;

function optionRow(text = "", correct = false) {
  const row = el("div", { class: "option-edit" });
  const index = () => [...$("#quiz-options").children].indexOf(row) + 1;
  const radio = el("input", { type: "radio", name: "correct", checked: correct });
  const input = el("input", { class: "option-text", maxlength: 300, value: text, required: true });
  const remove = el("button", { class: "btn btn-small btn-ghost", type: "button", onclick: () => row.remove() }, "삭제");
  row.append(radio, input, remove);
  // labels follow the row's position, which changes when rows are removed
  row.addEventListener("focusin", () => {
    radio.setAttribute("aria-label", `보기 ${index()}을 정답으로`);
    input.setAttribute("aria-label", `보기 ${index()}`);
    remove.setAttribute("aria-label", `보기 ${index()} 삭제`);
  });
  radio.setAttribute("aria-label", "이 보기를 정답으로");
  input.setAttribute("aria-label", "보기");
  return row;
}

function fillQuizForm(draft = null) {
  $("#quiz-question").value = draft ? draft.question_text : "";
  $("#quiz-explanation").value = draft ? draft.explanation : "";
  $("#quiz-tags").value = draft ? draft.concept_tags.join(", ") : "";
  const options = draft ? draft.options : ["", "", ""];
  fill($("#quiz-options"), options.map((o) => optionRow(o, draft ? o === draft.correct_answer : false)));
  $("#quiz-error").textContent = "";
}

function selectTab(ai) {
  $("#tab-manual").setAttribute("aria-selected", String(!ai));
  $("#tab-ai").setAttribute("aria-selected", String(ai));
}

function openQuizDialog(draft = null, note = "") {
  aiDraft = Boolean(draft);
  selectTab(aiDraft);
  fillQuizForm(draft);
  $("#ai-state").textContent = note;
  $("#quiz-dialog").showModal();
  $("#quiz-question").focus();
}

$("#quiz-open").addEventListener("click", () => openQuizDialog());
$("#quiz-cancel").addEventListener("click", () => $("#quiz-dialog").close());
$("#add-option").addEventListener("click", () => {
  if ($("#quiz-options").children.length >= 6) return toast("보기는 6개까지예요.", "error");
  $("#quiz-options").append(optionRow());
  $("#quiz-options").lastElementChild.querySelector(".option-text").focus();
});
$("#tab-manual").addEventListener("click", () => {
  aiDraft = false;
  selectTab(false);
  $("#ai-state").textContent = "";
});
$("#tab-ai").addEventListener("click", (event) =>
  busy(event.currentTarget, async () => {
    selectTab(true);
    $("#ai-state").textContent = "최근 강의 내용으로 초안을 만드는 중…";
    try {
      const draft = (await api(live(sessionId, "/quiz/generate"), { role: "instructor", method: "POST" })).data;
      fillQuizForm(draft);
      aiDraft = true;
      $("#ai-state").textContent = "AI 초안이에요. 고칠 곳을 고친 뒤 보내세요.";
    } catch (err) {
      $("#ai-state").textContent = explain(err, { 503: "AI 초안을 지금 만들 수 없어요. 직접 입력해 주세요." });
    }
  }),
);

$("#quiz-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const rows = [...$("#quiz-options").children];
  const options = rows.map((r) => r.querySelector(".option-text").value.trim());
  const chosen = rows.findIndex((r) => r.querySelector("input[type=radio]").checked);
  const error = $("#quiz-error");
  if (!$("#quiz-question").value.trim()) return void (error.textContent = "질문을 입력해 주세요.");
  if (options.length < 2 || options.some((o) => !o)) return void (error.textContent = "보기를 2개 이상, 빈칸 없이 입력해 주세요.");
  if (new Set(options).size !== options.length) return void (error.textContent = "보기가 서로 달라야 해요.");
  if (chosen < 0) return void (error.textContent = "정답 보기를 골라 주세요.");
  const body = {
    question_text: $("#quiz-question").value.trim(),
    options,
    correct_answer: options[chosen],
    explanation: $("#quiz-explanation").value.trim(),
    concept_tags: $("#quiz-tags").value.split(",").map((t) => t.trim()).filter(Boolean),
    is_ai_generated: aiDraft,
    time_limit_seconds: $("#quiz-time-limit").value ? Number($("#quiz-time-limit").value) : null,
    hide_results: $("#quiz-hide-results").checked,
  };
  busy($("#quiz-send"), async () => {
    try {
      const quiz = (await api(live(sessionId, "/quiz/create"), { role: "instructor", method: "POST", json: body })).data;
      correctAnswers.set(quiz.id, quiz.correct_answer);
      $("#quiz-dialog").close();
      toast("퀴즈를 보냈어요");
      quizControl.refresh();
    } catch (err) {
      error.textContent = explain(err, { 409: "수업이 진행 중일 때만 퀴즈를 낼 수 있어요." });
    }
  });
});

// ---------- checkpoint suggestions ----------

function drawSuggestion() {
  const suggestion = feed.suggestions[feed.suggestions.length - 1] || null;
  shownSuggestion = suggestion;
  show($("#suggestion"), Boolean(suggestion));
  if (!suggestion) return;
  // what was said ("이해가 되시나요?"), not only the list's phrase it stands for
  const heard = suggestion.heard_text || suggestion.phrase;
  $("#suggestion-title").textContent = `🎤 “${heard}” — 체크포인트 문구가 들렸어요`;
  $("#suggestion-prompt").textContent = suggestion.prompt || "이 시점에 퀴즈를 내보시겠습니까?";
}

$("#suggestion-dismiss").addEventListener("click", (event) =>
  busy(event.currentTarget, async () => {
    const suggestion = shownSuggestion;
    show($("#suggestion"), false);
    try {
      await api(live(sessionId, `/quiz/suggestions/${suggestion.id}/dismiss`), { role: "instructor", method: "POST" });
    } catch (err) {
      toast(explain(err), "error");
    }
  }),
);

$("#suggestion-draft").addEventListener("click", (event) =>
  busy(event.currentTarget, async () => {
    const suggestion = shownSuggestion;
    try {
      const draft = (await api(live(sessionId, `/quiz/suggestions/${suggestion.id}/draft`), { role: "instructor", method: "POST" })).data;
      show($("#suggestion"), false);
      openQuizDialog(draft, "강의 내용으로 만든 AI 초안이에요. 고칠 곳을 고친 뒤 보내세요.");
    } catch (err) {
      // no draft (no model, too little transcript): open the form empty instead
      openQuizDialog(null, explain(err, { 503: "AI 초안을 지금 만들 수 없어요. 직접 입력해 주세요." }));
    }
  }),
);

// ---------- microphone ----------

let lastMicError = 0;

async function stopMic() {
  const stopping = mic;
  mic = null;
  await stopping.stop();
  speech.listening(false);
  $("#mic").setAttribute("aria-pressed", "false");
  $("#mic").textContent = "🎙️ 마이크 켜기";
}

function onHeard(answer) {
  speech.heard(answer);
  if (!answer.suggestions.length || !feed) return;
  // the checkpoint was just said: show it now rather than at the next feed tick
  const known = new Set(feed.suggestions.map((s) => s.id));
  feed.suggestions = [...feed.suggestions, ...answer.suggestions.filter((s) => !known.has(s.id))];
  drawSuggestion();
  poller.now();
}

$("#mic").addEventListener("click", (event) =>
  busy(event.currentTarget, async () => {
    if (mic) return stopMic();
    const streamer = new MicStreamer(sessionId, {
      onChunk: onHeard,
      onLevel: (db) => speech.level(db),
      onError: (err) => {
        if (err.status === 503 || err.status === 409) {
          // no speech engine on this server, or the session ended: sending more is pointless
          if (mic === streamer) stopMic();
          toast(explain(err, { 503: "이 서버는 음성 인식이 꺼져 있어 마이크를 껐어요." }), "error", 6000);
          return;
        }
        // one message per 10 s: a failing endpoint must not flood the screen
        if (Date.now() - lastMicError > 10_000) toast(`음성 전송 실패: ${explain(err)}`, "error");
        lastMicError = Date.now();
      },
    });
    try {
      await streamer.start();
    } catch (err) {
      await streamer.stop().catch(() => {});
      const denied = err && err.name === "NotAllowedError";
      toast(denied ? "마이크 권한이 거부되었어요. 브라우저 설정에서 허용해 주세요." : err.message || "마이크를 켤 수 없어요.", "error", 6000);
      return undefined;
    }
    mic = streamer;
    speech.listening(true);
    $("#mic").setAttribute("aria-pressed", "true");
    $("#mic").textContent = "🔴 듣는 중 · 끄기";
    return undefined;
  }),
);

window.addEventListener("pagehide", () => mic && mic.stop());


// ---------- the lecture's checkpoint phrases ----------

let phrasesOf = null; // {lecture_id, phrases, default_phrases, ...}

async function phrasesUrl() {
  const lecture = (await api(live(sessionId, "/status"), { role: "instructor" })).data.lecture_id;
  return `/api/learning/lectures/${encodeURIComponent(lecture)}/checkpoint-phrases`;
}

$("#phrases-open").addEventListener("click", (event) =>
  busy(event.currentTarget, async () => {
    try {
      phrasesOf = (await api(await phrasesUrl(), { role: "instructor" })).data;
      $("#phrases-text").value = phrasesOf.phrases.join("\n");
      $("#phrases-error").textContent = "";
      $("#phrases-dialog").showModal();
      $("#phrases-text").focus();
    } catch (err) {
      toast(explain(err), "error");
    }
  }),
);
$("#phrases-cancel").addEventListener("click", () => $("#phrases-dialog").close());
$("#phrases-default").addEventListener("click", () => {
  if (phrasesOf) $("#phrases-text").value = phrasesOf.default_phrases.join("\n");
});
$("#phrases-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const phrases = $("#phrases-text").value.split("\n").map((p) => p.trim()).filter(Boolean);
  const error = $("#phrases-error");
  if (phrases.length > 50) return void (error.textContent = "문구는 50개까지 적을 수 있어요.");
  if (phrases.some((p) => p.length > 100)) return void (error.textContent = "문구 하나는 100자까지예요.");
  busy($("#phrases-save"), async () => {
    try {
      phrasesOf = (await api(await phrasesUrl(), { role: "instructor", method: "PUT", json: { phrases } })).data;
      $("#phrases-dialog").close();
      toast(phrases.length ? "체크포인트 문구를 저장했어요" : "체크포인트 제안을 껐어요");
    } catch (err) {
      error.textContent = explain(err, { 422: "비어 있거나 너무 긴 문구가 있어요." });
    }
  });
});
