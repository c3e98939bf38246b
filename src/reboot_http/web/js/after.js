// After the lecture, for the instructor: the end-of-session job's progress, the note draft
// (edit, save, approve), the insight report with its pulse chart, and the PDFs.
// Until a piece exists its route answers 404; the page just waits for the job to make it.

import { ApiError, api, explain, live, signedIn } from "./api.js";
import { barRow, renderTimeline } from "./charts.js";
import { NoteGuard } from "./note-guard.js";
import { notePreview } from "./note-preview.js";
import { noteRevisions } from "./note-revisions.js";
import { Poller } from "./poller.js";
import { $, busy, download, el, fill, installNetworkBanner, param, percent, show, timeOf, toast } from "./ui.js";

const sessionId = param("session");
const guard = new NoteGuard(sessionId);
const STEP_LABEL = {
  transcript: "강의 음성 정리",
  materials: "강의 자료 읽기",
  note: "통합 노트 초안",
  report: "인사이트 리포트",
  summaries: "학생별 요약",
};
const STATE_ICON = { PENDING: "⏳", RUNNING: "🔄", DONE: "✅", FAILED: "⚠️" };
const JOB_LABEL = { QUEUED: ["대기 중", ""], RUNNING: ["진행 중", "warn"], DONE: ["완료", "ok"], FAILED: ["실패", "warn"] };

let note = null;
let dirty = false;
let haveReport = false;
let poller = null;

installNetworkBanner();
if (!signedIn("instructor")) {
  window.location.replace(`/instructor?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
} else if (!sessionId) {
  window.location.replace("/instructor");
} else {
  poller = new Poller(live(sessionId, "/end/status"), { role: "instructor", onData: onJob, onError: onJobError });
  poller.start();
}

// ---------- job ----------

function onJobError(err) {
  if (err.status === 401 || err.status === 403) {
    toast(explain(err), "error", 8000);
    return true;
  }
  // 404: the session has not ended yet, or the job is not recorded yet; keep asking
  $("#job-chip").textContent = err.status === 404 ? "수업이 끝나면 시작돼요" : explain(err);
  return false;
}

function onJob(job) {
  const [label, kind] = JOB_LABEL[job.status] || [job.status, ""];
  $("#job-chip").textContent = label;
  $("#job-chip").className = `chip ${kind}`;
  const steps = job.steps || [];
  $("#job-progress").value = Math.round((job.progress || 0) * 100);
  fill(
    $("#job-steps"),
    steps.map((s) =>
      el(
        "li",
        { "data-status": s.status },
        el("span", { class: "state", "aria-hidden": "true" }, STATE_ICON[s.status] || "•"),
        el("span", {}, STEP_LABEL[s.step] || s.step),
        s.error ? el("span", { class: "muted small" }, ` — ${s.error}`) : null,
      ),
    ),
  );
  // each piece is asked for once its step is done, so a tick stays one request otherwise
  const finished = (step) => job.status === "DONE" || steps.some((s) => s.step === step && s.status === "DONE");
  if (!note && finished("note")) loadNote();
  if (!haveReport && finished("report")) loadReport();
  // a finished job changes nothing more: stop asking once both pieces are here
  if ((job.status === "DONE" || job.status === "FAILED") && note && haveReport) poller.stop();
}

// ---------- note ----------

async function loadNote() {
  try {
    showNote((await api(live(sessionId, "/note"), { role: "instructor" })).data);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) $("#note-empty").textContent = explain(err);
  }
}

function showNote(data) {
  note = data;
  const approved = data.is_approved;
  show($("#note-empty"), false);
  show($("#note-editor"));
  if (!dirty) {
    const kept = approved ? null : guard.recover(data.content_text);
    $("#note-text").value = kept === null ? data.content_text : kept;
    if (kept !== null) {
      dirty = true;
      $("#note-saved").textContent = "저장하지 않은 변경을 이 기기에서 되살렸어요. 저장해 주세요.";
    }
  }
  $("#note-text").readOnly = approved;
  if (dirty) preview();
  else previewer.show(data.content_blocks);
  $("#note-chip").textContent = approved ? "승인됨 · 학생에게 공개" : "초안";
  $("#note-chip").className = `chip ${approved ? "ok" : "warn"}`;
  show($("#note-save"), !approved);
  show($("#note-approve"), !approved);
  revisions.showFor(data);
  $("#note-pdf").disabled = false;
}

const revisions = noteRevisions(sessionId, {
  approveButton: $("#note-approve"),
  editor: $("#note-editor"),
  onWithdrawn: showNote,
});

const previewer = notePreview(sessionId, $("#note-preview"));

function preview() {
  // a failed preview only leaves the last one showing: saving reports its own errors
  previewer.text($("#note-text").value).catch(() => {});
}

let previewTimer = null;
$("#note-text").addEventListener("input", () => {
  dirty = true;
  guard.edited($("#note-text").value);
  $("#note-saved").textContent = "저장하지 않은 변경이 있어요";
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 250);
});

async function save() {
  const data = (await api(live(sessionId, "/note"), { role: "instructor", method: "PUT", json: { content_text: $("#note-text").value } })).data;
  dirty = false;
  guard.saved();
  $("#note-saved").textContent = `${timeOf(new Date().toISOString())}에 저장됨`;
  showNote(data);
}

$("#note-save").addEventListener("click", (event) =>
  busy(event.currentTarget, () => save().catch((err) => toast(explain(err, { 409: "승인된 노트는 고칠 수 없어요." }), "error"))),
);

$("#note-approve").addEventListener("click", (event) => {
  const question = "노트를 승인하고 학생에게 공개할까요? 공개한 뒤에는 학생들이 바로 읽고 셀프 테스트를 풀 수 있어요.";
  if (!window.confirm(question)) return;
  busy(event.currentTarget, async () => {
    try {
      if (dirty) await save();
      showNote((await api(live(sessionId, "/note/approve"), { role: "instructor", method: "POST" })).data);
      toast("노트를 승인했어요. 이제 학생들이 볼 수 있어요.");
    } catch (err) {
      toast(explain(err, { 409: "이미 승인된 노트예요." }), "error");
    }
  });
});

// ---------- report ----------

async function loadReport() {
  let report;
  try {
    report = (await api(live(sessionId, "/report"), { role: "instructor" })).data;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404) $("#report-empty").textContent = explain(err);
    return;
  }
  haveReport = true;
  $("#report-pdf").disabled = false;
  if (report.title) $("#title").textContent = `${report.title} · 수업 후 정리`;
  show($("#report-empty"), false);
  show($("#report"));
  const chart = el("div", { class: "chart" });
  fill(
    $("#report"),
    el(
      "div",
      { class: "stats counts" },
      stat(`${report.duration_minutes ?? 0}분`, "수업 시간"),
      stat(report.participant_count ?? 0, "참여 학생"),
      stat(report.pulse_count ?? 0, "이해도 응답"),
      stat(report.question_count ?? 0, "질문"),
    ),
    el("h3", {}, "분당 이해도"),
    chart,
    el("p", { class: "legend small" }, el("span", { class: "u" }, "■ 이해"), el("span", { class: "c" }, "■ 헷갈림")),
    peaks(report.confusion_peaks || []),
    quizzes(report.quizzes || []),
    clusters(report.question_clusters || []),
  );
  renderTimeline(chart, report.timeline || []);
}

function stat(value, label) {
  return el("div", { class: "count" }, el("strong", {}, String(value)), el("span", {}, label));
}

function peaks(list) {
  if (!list.length) return null;
  return el(
    "div",
    {},
    el("h3", {}, "헷갈림이 많았던 순간"),
    el(
      "ol",
      { class: "peaks" },
      list.map((p) =>
        el("li", {}, el("strong", {}, `${p.minute}분`), ` · ${p.confused}명 (${percent(p.confused_ratio)})`, p.excerpt ? el("p", { class: "muted small" }, `“${p.excerpt}”`) : null),
      ),
    ),
  );
}

function quizzes(list) {
  if (!list.length) return null;
  return el(
    "div",
    {},
    el("h3", {}, "퀴즈 정답률"),
    el(
      "div",
      { class: "bars" },
      // correct_ratio is null when nobody answered: "0%" would claim what the data does not
      list.map((q) =>
        barRow(q.question_text, q.correct_ratio === null ? "응답 없음" : `정답률 ${percent(q.correct_ratio)} · ${q.response_count}명`, q.correct_ratio || 0, "correct-fill"),
      ),
    ),
  );
}

function clusters(list) {
  if (!list.length) return null;
  return el(
    "div",
    {},
    el("h3", {}, "질문 묶음"),
    el(
      "ul",
      { class: "list-plain" },
      list.map((c) => el("li", {}, c.representative, el("span", { class: "muted small" }, ` · ${c.size}개 · 공감 ${c.upvote_count} · 답변 ${c.answered}`))),
    ),
  );
}

// ---------- PDFs ----------

for (const [id, file, name] of [["#note-pdf", "/note.pdf", "정리노트"], ["#report-pdf", "/report.pdf", "리포트"]]) {
  $(id).addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      try {
        const pdf = await api(live(sessionId, file), { role: "instructor", blob: true });
        download(pdf.data, `${name}-${sessionId}.pdf`);
      } catch (err) {
        toast(explain(err, { 404: "아직 PDF를 만들 수 없어요." }), "error");
      }
    }),
  );
}
