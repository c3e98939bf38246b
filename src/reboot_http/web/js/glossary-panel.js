// The lecture's own glossary, edited from the live dashboard: the terms the instructor adds
// (one a line) beside the ones found in the materials, which are shown and used too. Quiz
// drafts, the note's key terms and the self-test use the instructor's terms first.

import { api, explain, live } from "./api.js";
import { $, busy, el, fill, toast } from "./ui.js";

const MAX_TERMS = 300;
const MAX_CHARS = 100;

export function installGlossary(sessionId) {
  const dialog = $("#glossary-dialog");
  const box = $("#glossary-text");
  const error = $("#glossary-error");

  async function url() {
    const lecture = (await api(live(sessionId, "/status"), { role: "instructor" })).data.lecture_id;
    return `/api/learning/lectures/${encodeURIComponent(lecture)}/glossary`;
  }

  function showFound(terms) {
    const list = $("#glossary-found");
    if (!terms.length) return void fill(list, el("li", { class: "muted" }, "자료에서 찾은 용어가 아직 없어요."));
    fill(list, ...terms.map((term) => el("li", { class: "chip" }, term)));
  }

  $("#glossary-open").addEventListener("click", (event) =>
    busy(event.currentTarget, async () => {
      try {
        const glossary = (await api(await url(), { role: "instructor" })).data;
        box.value = glossary.terms.join("\n");
        showFound(glossary.material_terms);
        error.textContent = "";
        dialog.showModal();
        box.focus();
      } catch (err) {
        toast(explain(err), "error");
      }
    }),
  );
  $("#glossary-cancel").addEventListener("click", () => dialog.close());
  $("#glossary-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const terms = box.value.split("\n").map((t) => t.trim()).filter(Boolean);
    if (terms.length > MAX_TERMS) return void (error.textContent = `용어는 ${MAX_TERMS}개까지 적을 수 있어요.`);
    const long = terms.findIndex((t) => t.length > MAX_CHARS);
    if (long >= 0) return void (error.textContent = `${long + 1}번째 용어가 ${MAX_CHARS}자를 넘어요.`);
    busy($("#glossary-save"), async () => {
      try {
        const saved = (await api(await url(), { role: "instructor", method: "PUT", json: { terms } })).data;
        box.value = saved.terms.join("\n");
        dialog.close();
        toast(saved.terms.length ? `용어 ${saved.terms.length}개를 저장했어요` : "추가한 용어를 모두 지웠어요");
      } catch (err) {
        error.textContent = explain(err);
      }
    });
  });
}
