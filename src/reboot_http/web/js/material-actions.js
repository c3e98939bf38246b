// Replace and delete buttons for one lecture material on the instructor's home. The server
// decides the type from the file's bytes; its Korean-first refusal is shown as is.

import { api, explain } from "./api.js";
import { el, toast } from "./ui.js";

const ACCEPT = ".pdf,.pptx,.md,.markdown,.txt,application/pdf,text/markdown,text/plain";

function materialUrl(lectureId, material) {
  return `/api/learning/lectures/${encodeURIComponent(lectureId)}/materials/${encodeURIComponent(material.id)}`;
}

/** Buttons for ``material``; ``reload`` redraws the list after a change. */
export function materialActions(lectureId, material, reload) {
  const picker = el("input", { type: "file", accept: ACCEPT, class: "sr-only", "aria-label": `${material.title} 새 파일` });
  picker.addEventListener("change", async () => {
    const file = picker.files && picker.files[0];
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    try {
      await api(materialUrl(lectureId, material), { role: "instructor", method: "PUT", body });
      toast("자료를 새 파일로 바꿨어요");
      await reload();
    } catch (err) {
      toast(explain(err, { 404: "이미 지워진 자료예요." }), "error");
    } finally {
      picker.value = "";
    }
  });
  const replace = el("button", { class: "btn btn-small", type: "button", onclick: () => picker.click() }, "바꾸기");
  const remove = el(
    "button",
    {
      class: "btn btn-small btn-ghost",
      type: "button",
      onclick: async () => {
        if (!window.confirm(`'${material.title}' 자료를 지울까요? 앞으로 만드는 노트에 쓰이지 않아요.`)) return;
        try {
          await api(materialUrl(lectureId, material), { role: "instructor", method: "DELETE" });
          toast("자료를 지웠어요");
          await reload();
        } catch (err) {
          toast(explain(err, { 404: "이미 지워진 자료예요." }), "error");
        }
      },
    },
    "삭제",
  );
  return el("span", { class: "row material-actions" }, picker, replace, remove);
}
