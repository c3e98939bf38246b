// The landing page: a code form (a plain GET to /join, so it works before any script loads)
// and links back to the sessions this browser joined before.

import { loadList } from "./api.js";
import { $, dateOf, el, fill, show } from "./ui.js";

const past = loadList("reboot.student.sessions").slice(-5).reverse();
if (past.length) {
  fill(
    $("#past-list"),
    past.map((s) =>
      el(
        "li",
        {},
        el("a", { href: `/review?session=${encodeURIComponent(s.id)}` }, s.title || "제목 없는 수업"),
        el("span", { class: "muted small" }, ` · ${dateOf(s.joined_at)}`),
      ),
    ),
  );
  show($("#past"));
}

// typing "123456" shows "123 456"; the server ignores spaces and dashes
$("#code").addEventListener("input", (event) => {
  const digits = event.target.value.replace(/\D/g, "").slice(0, 6);
  event.target.value = digits.length > 3 ? `${digits.slice(0, 3)} ${digits.slice(3)}` : digits;
});
