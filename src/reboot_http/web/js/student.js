// The student's page, phone first: join by code (prefilled from the QR link) -> live
// (pulse buttons, quiz popup, anonymous questions) -> the session-ended screen.
// Everything live comes from one feed request per tick.

import { ApiError, api, explain, live, loadList, saveList, signIn, signOut, signedIn } from "./api.js";
import { joinExtras, rememberJoinToken } from "./join-device.js";
import { Poller, TICK_MS } from "./poller.js";
import { PulseExpiry } from "./pulse-expiry.js";
import { startCountdown } from "./quiz-timer.js";
import { renderQuestions } from "./questions.js";
import { $, busy, el, fill, formatCode, installNetworkBanner, param, show, toast } from "./ui.js";
import { installVoiceQuestion } from "./voice-question.js";

const CURRENT = "reboot.student.current"; // the session joined last: {id, code, title}
const HISTORY = "reboot.student.sessions"; // every session joined, for the review links
const STATUS_LABEL = { WAITING: ["시작 전", ""], LIVE: ["진행 중", "live"], ENDED: ["종료", "ok"] };

const views = { join: $("#join-view"), live: $("#live-view"), ended: $("#ended-view") };
const dialog = $("#quiz-dialog");
let current = null;
let poller = null;
let feed = null;
const answered = new Set(); // answered here, until the feed stops listing them
const later = new Set(); // put off with "나중에 풀기"
const awaiting = new Map(); // quiz id -> question text: answered, result hidden until closed
let stopCountdown = () => {};
let revealTimer = null;
const pulseExpiry = new PulseExpiry(
  { UNDERSTAND: $("#pulse-understand"), CONFUSED: $("#pulse-confused") },
  $("#pulse-expired"),
);

installNetworkBanner();
start();

function start() {
  const code = digits(param("code"));
  rememberJoinToken(code);
  const stored = readCurrent();
  $("#code").value = formatCode(code);
  if (code && stored && stored.code === code && signedIn("student")) {
    // back on the same link (a reload, or the phone woke up): join again silently
    join(code, null).catch(() => showJoin(code));
  } else {
    showJoin(code);
  }
}

function digits(value) {
  return String(value || "").replace(/\D/g, "").slice(0, 6);
}

function readCurrent() {
  try {
    return JSON.parse(localStorage.getItem(CURRENT));
  } catch {
    return null;
  }
}

function switchTo(name) {
  for (const [key, view] of Object.entries(views)) show(view, key === name);
}

// ---------- join ----------

function showJoin(code) {
  switchTo("join");
  (code.length === 6 ? $("#name") : $("#code")).focus();
}

$("#code").addEventListener("input", (event) => {
  const value = digits(event.target.value);
  event.target.value = value.length > 3 ? `${value.slice(0, 3)} ${value.slice(3)}` : value;
});

$("#join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const code = digits($("#code").value);
  const error = $("#join-error");
  if (code.length !== 6) {
    error.textContent = "수업 코드는 숫자 6자리입니다.";
    $("#code").focus();
    return;
  }
  error.textContent = "";
  busy($("#join-button"), () =>
    join(code, $("#name").value.trim() || null).catch((err) => {
      const wait = err instanceof ApiError && err.retryAfter ? ` (${err.retryAfter}초 후)` : "";
      error.textContent = explain(err, {
        404: "이 코드로 진행 중인 수업이 없어요. 코드를 다시 확인해 주세요.",
        422: "수업 코드는 숫자 6자리입니다.",
        429: `잘못된 코드를 너무 많이 입력했어요. 잠시 후 다시 시도해 주세요${wait}.`,
      });
    }),
  );
});

async function join(code, name) {
  let answer;
  try {
    answer = await api("/api/learning/live/join", {
      role: "student",
      method: "POST",
      json: { session_code: code, display_name: name, ...joinExtras(code) },
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && signedIn("student")) {
      signOut("student"); // a token from another server or an expired one: join as a new guest
      return join(code, name);
    }
    const stored = readCurrent();
    if (err instanceof ApiError && err.status === 404 && stored && stored.code === code) {
      // ended sessions free their code: show what happened to the one we were in
      current = stored;
      return enterLive();
    }
    throw err;
  }
  const joined = answer.data;
  signIn("student", { token: joined.token, user_id: joined.user_id });
  if (joined.review_only) {
    // the session ended before this student came: review it (note, self-test, gap map)
    const history = loadList(HISTORY).filter((s) => s.id !== joined.live_session_id);
    history.push({ id: joined.live_session_id, title: joined.title, joined_at: new Date().toISOString(), review_only: true });
    saveList(HISTORY, history.slice(-20));
    window.location.replace(`/review?session=${encodeURIComponent(joined.live_session_id)}`);
    return;
  }
  current = { id: joined.live_session_id, code, title: joined.title };
  localStorage.setItem(CURRENT, JSON.stringify(current));
  const history = loadList(HISTORY).filter((s) => s.id !== current.id);
  history.push({ id: current.id, title: current.title, joined_at: new Date().toISOString() });
  saveList(HISTORY, history.slice(-20));
  window.history.replaceState(null, "", `/join?code=${code}`);
  return enterLive();
}

// ---------- live ----------

function enterLive() {
  $("#session-title").textContent = current.title || "";
  $("#review-link").href = `/review?session=${encodeURIComponent(current.id)}`;
  switchTo("live");
  poller = new Poller(live(current.id, "/feed"), { role: "student", onData: onFeed, onError: onFeedError });
  poller.start();
}

function onFeedError(err) {
  if (err.status === 401 || err.status === 403) {
    toast("다시 입장해 주세요.", "error");
    showJoin(current.code);
    return true;
  }
  if (err.status === 404) {
    toast("수업을 찾을 수 없어요.", "error");
    showJoin("");
    return true;
  }
  return false;
}

function onFeed(data) {
  feed = data;
  $("#session-title").textContent = data.title || "";
  const [label, kind] = STATUS_LABEL[data.status] || [data.status, ""];
  const chip = $("#status-chip");
  chip.textContent = label;
  chip.className = `chip ${kind}`;
  show(chip);
  if (data.status === "ENDED") {
    showEnded(data);
    return;
  }
  switchTo("live");
  $("#hint-text").textContent =
    data.status === "WAITING"
      ? "수업이 곧 시작돼요. 시작하면 아래 버튼으로 이해도를 알려 주세요."
      : "수업을 듣다가 언제든 아래 버튼으로 지금 이해도를 알려 주세요. 강사에게는 인원수만 보여요.";
  drawQuestions();
  pulseExpiry.fromFeed(data.my_pulse, data.my_pulse_expires_at);
  showNextQuiz();
}

function drawQuestions() {
  renderQuestions($("#questions"), feed.questions, { role: "student", onUpvote: upvote });
}

// ---------- pulse ----------

for (const [id, type] of [["#pulse-understand", "UNDERSTAND"], ["#pulse-confused", "CONFUSED"]]) {
  $(id).addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      try {
        const sent = await api(live(current.id, "/pulse"), { role: "student", method: "POST", json: { pulse_type: type } });
        pulseExpiry.tapped(type, sent.data && sent.data.created_at);
        toast(type === "UNDERSTAND" ? "✅ 이해했다고 알렸어요" : "❓ 헷갈린다고 알렸어요", "info", 2000);
      } catch (err) {
        toast(explain(err, { 409: "수업이 진행 중일 때만 보낼 수 있어요." }), "error");
      }
    }),
  );
}

// ---------- questions ----------

$("#ask-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("#ask").value.trim();
  if (!text) return;
  busy($("#ask-button"), async () => {
    try {
      const answer = await api(live(current.id, "/questions"), { role: "student", method: "POST", json: { question_text: text } });
      $("#ask").value = "";
      toast("질문을 익명으로 보냈어요");
      if (feed) {
        feed.questions = [...feed.questions.filter((q) => q.id !== answer.data.id), answer.data];
        drawQuestions();
      }
    } catch (err) {
      toast(explain(err), "error");
    }
  });
});

installVoiceQuestion({
  button: $("#voice-button"),
  status: $("#voice-status"),
  sessionId: () => current.id,
  onText: (text) => {
    $("#ask").value = text;
    $("#ask").focus();
  },
});

async function upvote(question, button) {
  await busy(button, async () => {
    try {
      const answer = await api(live(current.id, `/questions/${question.id}/upvote`), { role: "student", method: "POST" });
      feed.questions = feed.questions.map((q) => (q.id === question.id ? answer.data : q));
      drawQuestions();
    } catch (err) {
      toast(explain(err, { 409: "이미 공감한 질문이에요." }), "error");
    }
  });
}

// ---------- quizzes ----------

function showNextQuiz() {
  const pending = feed.pending_quizzes.filter((q) => !answered.has(q.id));
  const shown = dialog.open ? dialog.dataset.quiz : null;
  if (shown && !answered.has(shown) && !pending.some((q) => q.id === shown)) {
    // closed, timed out or withdrawn by the instructor: it leaves the screen
    later.delete(shown);
    dialog.close();
    toast("퀴즈가 마감되었거나 선생님이 거둬들였어요", "info", 3000);
    return;
  }
  show($("#open-quiz"), pending.length > 0 && !dialog.open);
  if (dialog.open) return;
  const next = pending.find((q) => !later.has(q.id));
  if (next) openQuiz(next);
}

$("#open-quiz").addEventListener("click", () => {
  later.clear();
  showNextQuiz();
});

function openQuiz(quiz) {
  $("#quiz-question").textContent = quiz.question_text;
  fill($("#quiz-result"));
  show($("#quiz-later"));
  show($("#quiz-close"), false);
  stopCountdown();
  fill(
    $("#quiz-options"),
    quiz.options.map((option) =>
      el("button", { class: "option-btn", type: "button", onclick: () => answer(quiz, option) }, option),
    ),
  );
  dialog.dataset.quiz = quiz.id;
  dialog.dataset.hideResults = String(Boolean(quiz.hide_results));
  show($("#open-quiz"), false);
  dialog.showModal();
  stopCountdown = startCountdown($("#quiz-timer"), quiz, () => {
    if (answered.has(quiz.id)) return;
    [...$("#quiz-options").children].forEach((b) => (b.disabled = true));
    fill($("#quiz-result"), el("p", {}, "시간이 끝나 더 이상 답할 수 없어요."));
    answered.add(quiz.id);
    finishQuiz();
  });
}

async function answer(quiz, option) {
  const buttons = [...$("#quiz-options").children];
  buttons.forEach((b) => (b.disabled = true));
  let graded;
  try {
    graded = (await api(live(current.id, `/quiz/${quiz.id}/answer`), { role: "student", method: "POST", json: { answer: option } })).data;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 409) {
      buttons.forEach((b) => (b.disabled = false));
      fill($("#quiz-result"), el("p", { class: "form-error" }, explain(err)));
      return;
    }
    answered.add(quiz.id);
    fill($("#quiz-result"), el("p", {}, "이미 답했거나 마감된 퀴즈예요."));
    finishQuiz();
    return;
  }
  answered.add(quiz.id);
  stopCountdown();
  if (graded.results_hidden) {
    awaiting.set(quiz.id, quiz.question_text);
    scheduleReveal();
    buttons.find((b) => b.textContent === option)?.classList.add("chosen");
    fill($("#quiz-result"), el("p", {}, "답을 보냈어요. 정답은 퀴즈가 마감되면 알려 드릴게요."));
    finishQuiz();
    return;
  }
  for (const button of buttons) {
    if (button.textContent === graded.correct_answer) button.classList.add("correct");
    else if (button.textContent === option) button.classList.add("wrong");
  }
  fill(
    $("#quiz-result"),
    el("p", { class: `verdict ${graded.is_correct ? "good" : "bad"}` }, graded.is_correct ? "⭕ 정답이에요!" : "❌ 아쉬워요, 오답이에요"),
    graded.is_correct ? null : el("p", {}, "정답: ", el("strong", {}, graded.correct_answer)),
    graded.explanation ? el("p", { class: "explanation" }, graded.explanation) : null,
  );
  finishQuiz();
}

// Results hidden until the quiz closes: asked again each tick until they are shown (the
// feed does not change when a quiz the student already answered closes).
async function revealAwaited() {
  for (const [id, question] of [...awaiting]) {
    let result;
    try {
      result = (await api(live(current.id, `/quiz/${id}/my-result`), { role: "student" })).data;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.status === 404)) awaiting.delete(id);
      continue;
    }
    if (result.results_hidden || !awaiting.has(id)) continue;
    awaiting.delete(id);
    $("#quiz-revealed").append(
      el(
        "p",
        { class: `verdict ${result.is_correct ? "good" : "bad"}` },
        `${result.is_correct ? "⭕ 정답" : "❌ 오답"} · ${question}`,
        result.is_correct ? null : el("span", {}, ` (정답: ${result.correct_answer})`),
      ),
    );
  }
  revealTimer = null;
  if (awaiting.size && feed && feed.status !== "ENDED") scheduleReveal();
}

function scheduleReveal() {
  if (!revealTimer) revealTimer = setTimeout(revealAwaited, TICK_MS);
}

function finishQuiz() {
  show($("#quiz-later"), false);
  show($("#quiz-close"));
  $("#quiz-close").focus();
}

$("#quiz-later").addEventListener("click", () => {
  later.add(dialog.dataset.quiz);
  dialog.close();
});
$("#quiz-close").addEventListener("click", () => dialog.close());
dialog.addEventListener("close", () => {
  stopCountdown();
  // Esc before answering counts as "later"
  if (!answered.has(dialog.dataset.quiz)) later.add(dialog.dataset.quiz);
  if (feed && feed.status !== "ENDED") showNextQuiz();
});

// ---------- ended ----------

function showEnded(data) {
  if (dialog.open) dialog.close();
  switchTo("ended");
  const state = $("#note-state");
  state.textContent = data.note_available ? "📘 정리 노트가 준비되었어요" : "노트 준비 중…";
  state.className = `chip ${data.note_available ? "ok" : ""}`;
  if (data.note_available) poller.stop(); // nothing else can change now
}
