// After an LTI launch: keep the token the launch minted for this browser, then open the
// session's page; after a deep link, post the signed answer back to the LMS.
// In an iframe whose storage the browser blocks, the new-window link carries the same
// sign-in in its #fragment (never sent to a server) to /lti/continue.

import { signIn } from "./api.js";

const STUDENT_CURRENT = "reboot.student.current"; // as student.js keeps it

const returnForm = document.getElementById("lti-return");
if (returnForm) {
  returnForm.submit();
} else {
  start();
}

function payload() {
  const box = document.getElementById("lti");
  if (box && box.dataset.token) return { ...box.dataset };
  try {
    return JSON.parse(decodeURIComponent(window.location.hash.slice(1)));
  } catch {
    return null;
  }
}

function start() {
  const data = payload();
  if (!data || !data.token || !data.target || !data.target.startsWith("/")) return;
  const link = document.getElementById("lti-new-window");
  if (link) link.href = `/lti/continue#${encodeURIComponent(JSON.stringify(data))}`;
  try {
    signIn(data.role, { token: data.token, user_id: data.userId });
    if (data.role === "student") {
      const current = { id: data.sessionId, code: data.sessionCode, title: data.sessionTitle };
      window.localStorage.setItem(STUDENT_CURRENT, JSON.stringify(current));
    }
  } catch {
    const blocked = document.getElementById("lti-blocked");
    if (blocked) blocked.hidden = false;
    return;
  }
  window.location.replace(data.target);
}
