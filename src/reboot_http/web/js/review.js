// After the lecture, for a student: the approved note, a personal summary, a self-test and
// the gap map. The note is polled (one request per tick) until the instructor approves it;
// the other pieces are loaded once, and again when the note arrives.

import { ApiError, api, explain, live, loadList, saveList, signIn, signOut, signedIn } from "./api.js";
import { barRow } from "./charts.js";
import { joinExtras, rememberJoinToken } from "./join-device.js";
import { renderBlocks } from "./markdown.js";
import { Poller } from "./poller.js";
import { $, busy, el, fill, installNetworkBanner, param, percent, show } from "./ui.js";

const HISTORY = "reboot.student.sessions"; // the sessions this device joined (student.js)
let sessionId = param("session");
let poller = null;
let shownTest = null; // the self-test questions on the page, so a note poll keeps the choices made

installNetworkBanner();
start();

function start() {
  const code = digits(param("code"));
  if (code) {
    // a review link (or a code typed on the landing page): join for review, then show it
    rememberJoinToken(code);
    joinForReview(code).catch((err) => askForCode(explain(err, { 404: "이 코드의 수업을 찾을 수 없어요. 코드를 확인해 주세요." })));
  } else if (sessionId && signedIn("student")) {
    begin();
  } else {
    askForCode(sessionId ? "" : "어떤 수업의 복습인지 알 수 없어요. 수업 코드를 넣어 주세요.");
  }
}

function digits(value) {
  return String(value || "").replace(/\D/g, "").slice(0, 6);
}

function begin() {
  show($("#review-join"), false);
  show($("#page-error"), false);
  const joined = loadList(HISTORY).find((s) => s.id === sessionId);
  if (joined && joined.title) {
    $("#title").textContent = `복습 · ${joined.title}`;
    document.title = `${joined.title} 복습 · Re:Boot Live`;
  }
  poller = new Poller(live(sessionId, "/note"), { role: "student", onData: showNote, onError: onNoteError });
  poller.start();
  loadSummary();
  loadSelfTest();
  loadGapMap();
}

// The device's student token is sent when it has one, so a student keeps one identity across
// the sessions of a lecture and the gap map accumulates; without one a guest token is issued.
async function joinForReview(code) {
  let answer;
  try {
    answer = await api("/api/learning/live/join", {
      role: "student",
      method: "POST",
      json: { session_code: code, ...joinExtras(code) },
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && signedIn("student")) {
      signOut("student"); // a token from another server or an expired one: a new guest
      return joinForReview(code);
    }
    throw err;
  }
  const joined = answer.data;
  signIn("student", { token: joined.token, user_id: joined.user_id });
  sessionId = joined.live_session_id;
  const history = loadList(HISTORY).filter((s) => s.id !== sessionId);
  history.push({ id: sessionId, title: joined.title, joined_at: new Date().toISOString(), review_only: joined.review_only });
  saveList(HISTORY, history.slice(-20));
  window.history.replaceState(null, "", `/review?session=${encodeURIComponent(sessionId)}`);
  begin();
}

function askForCode(message) {
  if (poller) poller.stop();
  const form = $("#review-join");
  show(form);
  if (message) fail(message);
  const waiting = el("p", { class: "muted" }, "수업 코드를 넣으면 보여 드려요.");
  fill($("#summary"), waiting.cloneNode(true));
  fill($("#test-form"), waiting.cloneNode(true));
  fill($("#gap-map"), waiting);
  form.onsubmit = (event) => {
    event.preventDefault();
    const code = digits($("#review-code").value);
    const error = $("#review-join-error");
    if (code.length !== 6) {
      error.textContent = "수업 코드 6자리를 넣어 주세요.";
      return;
    }
    error.textContent = "";
    busy($("#review-join-button"), () =>
      joinForReview(code).catch((err) => {
        error.textContent = explain(err, { 404: "이 코드의 수업을 찾을 수 없어요. 코드를 확인해 주세요." });
      }),
    );
  };
}

function fail(message) {
  $("#page-error").textContent = message;
  show($("#page-error"));
}

function onNoteError(err) {
  if (err.status === 404) {
    // not approved yet, or withdrawn by the instructor to correct it: keep asking
    if (!$("#note").hidden) {
      show($("#note"), false);
      show($("#note-empty"));
      $("#note-chip").textContent = "수정 중";
      $("#note-chip").className = "chip warn";
    }
    return false;
  }
  if (err.status === 401 || err.status === 403) {
    // not this device's session (or an expired token): the code lets an absent student in
    askForCode("이 기기에서는 이 수업에 들어온 적이 없어요. 수업 코드를 넣으면 복습할 수 있어요.");
    return true;
  }
  fail(explain(err));
  return true;
}

function showNote(note) {
  // polling goes on (304 while unchanged): the instructor may withdraw and correct the note
  fill($("#note"), renderBlocks(note.content_blocks));
  show($("#note"));
  show($("#note-empty"), false);
  $("#note-chip").textContent = "승인됨";
  $("#note-chip").className = "chip ok";
  // approval adds self-test questions drafted from the note, and finishes the summaries
  loadSummary();
  loadSelfTest();
}

// ---------- personal summary ----------

async function loadSummary() {
  let summary;
  try {
    summary = (await api(live(sessionId, "/summary"), { role: "student" })).data;
  } catch (err) {
    const waiting = err instanceof ApiError && err.status === 404;
    fill($("#summary"), el("p", { class: "muted" }, waiting ? "요약이 아직 준비되지 않았어요." : explain(err)));
    return;
  }
  const quizzes = summary.quizzes || [];
  const correct = quizzes.filter((q) => q.is_correct).length;
  const entry = loadList(HISTORY).find((s) => s.id === sessionId);
  fill(
    $("#summary"),
    entry && entry.review_only
      ? el("p", { class: "muted" }, "수업이 끝난 뒤 복습으로 들어왔어요. 수업 중 퀴즈는 아래 셀프 테스트에서 풀어 볼 수 있어요.")
      : null,
    el(
      "div",
      { class: "counts" },
      el("div", { class: "count" }, el("strong", {}, `✅ ${summary.understand_count}`), el("span", {}, "이해했어요")),
      el("div", { class: "count" }, el("strong", {}, `❓ ${summary.confused_count}`), el("span", {}, "헷갈렸어요")),
    ),
    quizzes.length ? el("p", {}, `퀴즈 ${quizzes.length}개 중 ${correct}개를 맞혔어요.`) : el("p", { class: "muted" }, "이번 수업에는 퀴즈가 없었어요."),
    el(
      "ul",
      { class: "list-plain" },
      quizzes.map((q) =>
        el(
          "li",
          {},
          el("strong", {}, `${q.is_correct ? "⭕" : "❌"} ${q.question_text}`),
          el("p", { class: "muted small" }, q.answer === null ? "답하지 않았어요" : `내 답: ${q.answer}`, q.is_correct ? "" : ` · 정답: ${q.correct_answer}`),
        ),
      ),
    ),
    (summary.concepts_to_review || []).length
      ? el("p", {}, "다시 볼 개념: ", summary.concepts_to_review.map((c) => el("span", { class: "chip warn" }, c)))
      : null,
  );
}

// ---------- self-test ----------

async function loadSelfTest() {
  const form = $("#test-form");
  let questions;
  try {
    const answer = (await api(live(sessionId, "/self-test"), { role: "student" })).data;
    questions = Array.isArray(answer) ? answer : answer.questions || [];
  } catch (err) {
    shownTest = null;
    fill(form, el("p", { class: "muted" }, explain(err, { 404: "셀프 테스트가 아직 준비되지 않았어요." })));
    return;
  }
  if (!questions.length) {
    shownTest = null;
    fill(form, el("p", { class: "muted" }, "아직 풀 문제가 없어요. 노트가 승인되면 문제가 생겨요."));
    return;
  }
  // every changed note answer reloads the test: the same questions stay as they are, with the
  // student's choices and grades, and only new or changed questions redraw the form
  const key = JSON.stringify(questions.map((q) => [q.id, q.question_text, q.options]));
  if (key === shownTest) return;
  shownTest = key;
  const submit = el("button", { class: "btn btn-primary btn-block", type: "submit" }, "채점하기");
  fill(
    form,
    questions.map((q, i) =>
      el(
        "fieldset",
        { "data-question": q.id },
        el("legend", {}, `${i + 1}. ${q.question_text}`),
        q.options.map((option) =>
          el("label", { class: "choice" }, el("input", { type: "radio", name: `q-${q.id}`, value: option }), option),
        ),
        el("p", { class: "graded", "aria-live": "polite" }),
      ),
    ),
    el("p", { class: "form-error", role: "alert" }),
    submit,
  );
  form.onsubmit = (event) => {
    event.preventDefault();
    const answers = {};
    for (const q of questions) {
      const chosen = form.querySelector(`input[name="q-${CSS.escape(q.id)}"]:checked`);
      if (chosen) answers[q.id] = chosen.value;
    }
    const error = form.querySelector(".form-error");
    if (!Object.keys(answers).length) {
      error.textContent = "한 문제 이상 답을 골라 주세요.";
      return;
    }
    error.textContent = "";
    busy(submit, async () => {
      try {
        const graded = (await api(live(sessionId, "/self-test"), { role: "student", method: "POST", json: { answers } })).data;
        showGrades(form, Array.isArray(graded) ? graded : graded.results || []);
        loadGapMap();
      } catch (err) {
        error.textContent = explain(err);
      }
    });
  };
}

function showGrades(form, graded) {
  for (const g of graded) {
    const box = form.querySelector(`fieldset[data-question="${CSS.escape(g.question_id)}"] .graded`);
    if (!box) continue;
    box.className = `graded ${g.is_correct ? "good" : "bad"}`;
    box.textContent = g.is_correct ? `⭕ 정답! ${g.explanation || ""}` : `❌ 정답은 '${g.correct_answer}' ${g.explanation || ""}`;
  }
}

// ---------- gap map ----------

async function loadGapMap() {
  let map;
  try {
    map = (await api("/api/learning/gap-map", { role: "student" })).data;
  } catch (err) {
    fill($("#gap-map"), el("p", { class: "muted" }, explain(err, { 404: "개념 지도가 아직 없어요." })));
    return;
  }
  const concepts = Array.isArray(map) ? map : map.concepts || [];
  if (!concepts.length) {
    fill($("#gap-map"), el("p", { class: "muted" }, "퀴즈나 셀프 테스트를 풀면 개념 지도가 생겨요."));
    return;
  }
  fill(
    $("#gap-map"),
    concepts.map((c) =>
      barRow(`${c.is_weak ? "⚠️ " : ""}${c.concept}`, `${percent(c.mastery)} · ${c.correct}/${c.attempts}`, c.mastery, c.is_weak ? "weak" : "strong"),
    ),
  );
}
