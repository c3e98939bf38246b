// "CSV" and "엑셀" download buttons in the header of the instructor's live and after pages:
// the session's export (a row per student, the questions, the figures), live or after.

import { api, explain, live } from "./api.js";
import { $, busy, download, el, param, toast } from "./ui.js";

const FORMATS = [
  ["csv", "CSV 내보내기"],
  ["xlsx", "엑셀 내보내기"],
];

function exportButton(sessionId, ext, label) {
  return el(
    "button",
    {
      class: "btn btn-small btn-ghost",
      type: "button",
      "data-export": ext,
      onclick: (event) =>
        busy(event.currentTarget, async () => {
          try {
            const file = await api(live(sessionId, `/export.${ext}`), { role: "instructor", blob: true });
            download(file.data, `수업기록-${sessionId}.${ext}`);
          } catch (err) {
            toast(explain(err, { 404: "세션을 찾을 수 없어요." }), "error");
          }
        }),
    },
    label,
  );
}

const sessionId = param("session");
const actions = $(".app-header .actions");
if (sessionId && actions) {
  actions.prepend(...FORMATS.map(([ext, label]) => exportButton(sessionId, ext, label)));
}
