// The instructor's home: sign in (dev login or a pasted token), the lectures kept in this
// browser, their materials, and new sessions. Lectures and sessions come from the server's
// lists (server-history.js) and are cached in localStorage per instructor with local titles.

import { ApiError, api, explain, signIn, signOut, signedIn } from "./api.js";
import { lectures, remember, saveLectures } from "./lectures.js";
import { materialActions } from "./material-actions.js";
import { countsOf, syncFromServer } from "./server-history.js";
import { $, busy, dateOf, el, fill, formatCode, installNetworkBanner, param, show, toast } from "./ui.js";

const ACCEPT = ".pdf,.pptx,.md,.markdown,application/pdf";

installNetworkBanner();
start();

async function start() {
  const auth = signedIn("instructor");
  if (!auth) return showSignIn();
  try {
    const me = (await api("/api/auth/me", { role: "instructor" })).data;
    if (me.role !== "instructor") throw new ApiError(403, null, new Headers());
    signIn("instructor", { ...auth, user_id: me.user_id });
    showLectures();
  } catch (err) {
    if (err instanceof ApiError) {
      signOut("instructor");
      showSignIn(explain(err));
    } else {
      showSignIn("서버에 연결할 수 없습니다. 잠시 후 새로 고쳐 주세요.");
    }
  }
}

// ---------- sign in ----------

function showSignIn(message = "") {
  show($("#lectures-view"), false);
  show($("#who"), false);
  show($("#signin-view"));
  $("#signin-error").textContent = message;
  $("#signin-name").focus();
}

function afterSignIn() {
  const next = param("next");
  // only our own pages: never follow a link elsewhere
  if (next && next.startsWith("/instructor/")) window.location.assign(next);
  else showLectures();
}

$("#signin-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const name = $("#signin-name").value.trim();
  busy($("#signin-button"), async () => {
    try {
      const answer = await api("/api/auth/dev-login", { method: "POST", json: { name, role: "instructor" } });
      signIn("instructor", { token: answer.data.token, user_id: answer.data.user_id });
      afterSignIn();
    } catch (err) {
      $("#signin-error").textContent = explain(err, {
        404: "이 서버는 개발용 로그인이 꺼져 있습니다. 아래 '토큰으로 로그인'을 써 주세요.",
        405: "이 서버는 개발용 로그인이 꺼져 있습니다. 아래 '토큰으로 로그인'을 써 주세요.",
        403: "개발용 강사 로그인은 서버가 돌아가는 컴퓨터에서만 됩니다.",
        422: "이름은 1~64자이고 'guest-'로 시작할 수 없습니다.",
      });
    }
  });
});

$("#token-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  signIn("instructor", { token: $("#token").value.trim() });
  try {
    const me = (await api("/api/auth/me", { role: "instructor" })).data;
    if (me.role !== "instructor") throw new Error("student");
    signIn("instructor", { token: $("#token").value.trim(), user_id: me.user_id });
    afterSignIn();
  } catch (err) {
    signOut("instructor");
    $("#token-error").textContent =
      err instanceof ApiError || err.message === "student" ? "강사용 토큰이 아니거나 만료되었습니다." : explain(err);
  }
});

$("#sign-out").addEventListener("click", () => {
  signOut("instructor");
  showSignIn();
});

// ---------- lectures ----------

function showLectures() {
  show($("#signin-view"), false);
  $("#who-name").textContent = `${signedIn("instructor").user_id} 님`;
  show($("#who"));
  show($("#lectures-view"));
  drawLectures();
  // the server's history (another browser's sessions too); the local list shows meanwhile
  syncFromServer()
    .then(() => drawLectures())
    .catch(() => toast("서버의 강의 기록을 불러오지 못했어요. 이 브라우저의 기록만 보여요.", "error"));
}

function drawLectures(openId = null) {
  const list = lectures();
  if (!list.length) {
    fill($("#lectures"), el("p", { class: "card empty" }, "아직 강의가 없어요. 아래에서 새 강의를 추가하세요."));
    return;
  }
  fill($("#lectures"), list.map((lecture) => lectureCard(lecture, lecture.id === openId || list.length === 1)));
}

$("#lecture-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const title = $("#lecture-title").value.trim();
  const id = $("#lecture-id").value.trim() || `lecture-${Date.now().toString(36)}`;
  const list = lectures();
  if (list.some((l) => l.id === id)) {
    toast("이미 있는 강의 ID입니다.", "error");
    return;
  }
  list.push({ id, title, sessions: [] });
  saveLectures(list);
  event.target.reset();
  drawLectures(id);
});

function lectureCard(lecture, open) {
  const materials = el("ul", { class: "list-plain", "aria-live": "polite" });
  const card = el(
    "details",
    { class: "card lecture", open, "data-lecture": lecture.id },
    el(
      "summary",
      {},
      el("span", {}, lecture.title || lecture.id),
      el("span", { class: "lecture-id" }, lecture.id),
      el("span", { class: "chip" }, `세션 ${lecture.sessions.length}`),
    ),
    el(
      "div",
      { class: "lecture-body" },
      sessionBox(lecture),
      el("div", { class: "subtle-box" }, el("h3", {}, "강의 자료"), materials, uploadForm(lecture, materials)),
      pastSessions(lecture),
      el("div", { class: "row" }, el("span", { class: "spacer" }), el("button", { class: "btn btn-small btn-ghost", type: "button", onclick: () => removeLecture(lecture) }, "목록에서 빼기")),
    ),
  );
  const load = () => loadMaterials(lecture, materials);
  card.addEventListener("toggle", () => card.open && load());
  if (open) load();
  return card;
}

function removeLecture(lecture) {
  if (!window.confirm(`'${lecture.title}'을(를) 이 목록에서 뺄까요? 서버의 자료와 기록은 그대로 남습니다.`)) return;
  saveLectures(lectures().filter((l) => l.id !== lecture.id));
  drawLectures();
}

// ---------- materials ----------

async function loadMaterials(lecture, list) {
  try {
    const answer = await api(`/api/learning/lectures/${encodeURIComponent(lecture.id)}/materials`, { role: "instructor" });
    drawMaterials(list, answer.data, lecture);
  } catch (err) {
    fill(list, el("li", { class: "muted" }, explain(err, { 403: "다른 강사가 쓰고 있는 강의 ID입니다." })));
  }
}

function drawMaterials(list, materials, lecture) {
  if (!materials.length) {
    fill(list, el("li", { class: "muted small" }, "올린 자료가 없어요. 자료는 수업 후 정리 노트에 쓰여요."));
    return;
  }
  fill(
    list,
    materials.map((m) =>
      el(
        "li",
        { class: "row" },
        el("span", { class: "chip" }, m.file_type),
        el("span", { class: "spacer" }, m.title),
        el("span", { class: "muted small" }, `${Math.max(1, Math.round(m.size / 1024))} KB`),
        materialActions(lecture.id, m, () => loadMaterials(lecture, list)),
      ),
    ),
  );
}

function uploadForm(lecture, list) {
  const fileId = `file-${lecture.id}`;
  const titleId = `mtitle-${lecture.id}`;
  const button = el("button", { class: "btn", type: "submit" }, "자료 올리기");
  const form = el(
    "form",
    { class: "upload-form" },
    el("label", { for: fileId }, "파일 (PDF, PPTX, Markdown)"),
    el("input", { id: fileId, type: "file", name: "file", accept: ACCEPT, required: true }),
    el("label", { for: titleId }, "자료 제목 ", el("span", { class: "muted small" }, "(비우면 파일 이름)")),
    el("input", { id: titleId, name: "title", maxlength: 200 }),
    el("div", { class: "row upload-actions" }, button),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    busy(button, async () => {
      button.textContent = "올리는 중…";
      try {
        await api(`/api/learning/lectures/${encodeURIComponent(lecture.id)}/materials`, {
          role: "instructor",
          method: "POST",
          body: data,
        });
        toast("자료를 올렸어요");
        form.reset();
        await loadMaterials(lecture, list);
      } catch (err) {
        toast(explain(err, { 403: "다른 강사가 쓰고 있는 강의 ID입니다." }), "error");
      } finally {
        button.textContent = "자료 올리기";
      }
    });
  });
  return form;
}

// ---------- sessions ----------

function sessionBox(lecture) {
  const inputId = `stitle-${lecture.id}`;
  const button = el("button", { class: "btn btn-primary", type: "submit" }, "새 라이브 세션 만들기");
  const form = el(
    "form",
    { class: "subtle-box" },
    el("h3", {}, "라이브 세션"),
    el("label", { for: inputId }, "이번 시간 제목"),
    el("input", { id: inputId, maxlength: 200, value: lecture.title || "" }),
    el("div", { class: "row upload-actions" }, button),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(button, async () => {
      try {
        const session = (
          await api("/api/learning/live/create", {
            role: "instructor",
            method: "POST",
            json: { lecture_id: lecture.id, title: $(`#${CSS.escape(inputId)}`).value.trim() },
          })
        ).data;
        remember(session);
        window.location.assign(`/instructor/live?session=${encodeURIComponent(session.id)}`);
      } catch (err) {
        toast(explain(err, { 403: "다른 강사가 쓰고 있는 강의 ID입니다." }), "error");
      }
    });
  });
  return form;
}

function pastSessions(lecture) {
  if (!lecture.sessions.length) return null;
  const rows = [...lecture.sessions].reverse().map((s) =>
    el(
      "li",
      { class: "row" },
      el("span", { class: "spacer" }, el("strong", {}, s.title || "제목 없음"), el("span", { class: "muted small" }, ` · ${dateOf(s.created_at)} · 코드 ${formatCode(s.code)}${countsOf(s)}`)),
      el("a", { class: "btn btn-small", href: `/instructor/live?session=${encodeURIComponent(s.id)}` }, "진행 화면"),
      el("a", { class: "btn btn-small", href: `/instructor/after?session=${encodeURIComponent(s.id)}` }, "수업 후 정리"),
    ),
  );
  return el("div", { class: "subtle-box" }, el("h3", {}, "지난 세션"), el("ul", { class: "list-plain" }, rows));
}
