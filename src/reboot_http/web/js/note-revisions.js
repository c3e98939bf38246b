// A published note can be taken back ("공개 취소") to correct it, and every save and approval
// stays listed, so the instructor can see what students read before the correction.

import { api, explain, live } from "./api.js";
import { busy, el, fill, show, timeOf, toast } from "./ui.js";

const WITHDRAW_QUESTION =
  "학생에게 공개한 노트를 내릴까요? 다시 승인할 때까지 학생들은 노트를 볼 수 없어요. 내린 뒤 고쳐서 다시 공개할 수 있어요.";

function revisionItem(revision) {
  const kind = revision.is_approved ? "승인 · 공개" : revision.saved_by ? "저장" : "자동 생성 초안";
  const firstLine = revision.content_text.split("\n").find((line) => line.trim()) || "";
  return el(
    "li",
    { "data-revision": revision.number },
    el("strong", {}, `${revision.number}회차`),
    ` · ${kind} · ${timeOf(revision.saved_at)}`,
    el(
      "details",
      {},
      el("summary", { class: "muted small" }, firstLine.slice(0, 80)),
      // the kept Markdown as plain text: a revision is read, not rendered
      el("pre", { class: "subtle-box small" }, revision.content_text),
    ),
  );
}

/**
 * Adds the "공개 취소" button after ``approveButton`` and a revisions list after ``editor``.
 * ``onWithdrawn(note)`` gets the note as the server returns it (a draft again).
 */
export function noteRevisions(sessionId, { approveButton, editor, onWithdrawn }) {
  const withdraw = el("button", { class: "btn", id: "note-withdraw", type: "button", hidden: true }, "공개 취소");
  const list = el("ol", { class: "revision-list", id: "note-revisions" });
  const box = el("details", { class: "note-revisions" }, el("summary", {}, "수정 기록"), list);
  approveButton.after(withdraw);
  editor.append(box);

  async function refresh() {
    try {
      const kept = (await api(live(sessionId, "/note/revisions"), { role: "instructor" })).data;
      fill(list, [...kept].reverse().map(revisionItem));
    } catch (err) {
      fill(list, el("li", { class: "muted" }, explain(err)));
    }
  }

  withdraw.addEventListener("click", (event) => {
    if (!window.confirm(WITHDRAW_QUESTION)) return;
    busy(event.currentTarget, async () => {
      try {
        const note = (await api(live(sessionId, "/note/withdraw"), { role: "instructor", method: "POST" })).data;
        onWithdrawn(note);
        toast("공개를 취소했어요. 고친 뒤 다시 승인해 주세요.");
      } catch (err) {
        toast(explain(err, { 409: "공개된 노트가 아니에요." }), "error");
      }
    });
  });

  return {
    /** Follow the note's state: the button on an approved note, the list kept current. */
    showFor(note) {
      show(withdraw, note.is_approved);
      refresh();
    },
  };
}
