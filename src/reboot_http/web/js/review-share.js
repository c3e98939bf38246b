// The after page's "복습 링크" card: once the session has ended, the link and QR that let absent
// students open the approved note, the self-test and their gap map (a review-only join, which
// is not attendance), with a copy button. The link carries the session's join token, so it is
// read from the server (GET live/{id}/links), never built here.

import { api, live, signedIn } from "./api.js";
import { TICK_MS } from "./poller.js";
import { $, show, toast } from "./ui.js";

const sessionId = new URLSearchParams(window.location.search).get("session");
let qrShown = false;

async function copyLink(link) {
  try {
    await navigator.clipboard.writeText(link);
  } catch {
    // no clipboard permission (plain http on a LAN name): select it for Ctrl+C instead
    const field = $("#review-link");
    field.focus();
    field.select();
    toast("링크를 선택했어요. Ctrl+C로 복사해 주세요.", "info");
    return;
  }
  toast("복습 링크를 복사했어요. 결석한 학생에게 보내 주세요.", "info");
}

async function showQr() {
  try {
    // the QR route needs the bearer token, so <img src> alone cannot load it
    const image = await api(live(sessionId, "/review-qr.svg"), { role: "instructor", blob: true });
    $("#review-qr").src = URL.createObjectURL(image.data);
    qrShown = true;
  } catch {
    // the link is there to copy; the QR is asked for again on the next look
  }
}

async function look() {
  let session;
  try {
    session = (await api(live(sessionId, "/links"), { role: "instructor" })).data;
  } catch (err) {
    // not this instructor's session, or none: the job card says so; asking again won't help
    if (![401, 403, 404].includes(err.status)) window.setTimeout(look, TICK_MS);
    return;
  }
  if (session.status !== "ENDED" || !session.review_url) {
    window.setTimeout(look, TICK_MS); // the link is for after the end
    return;
  }
  const field = $("#review-link");
  field.value = session.review_url;
  $("#review-open").href = session.review_url;
  show($("#review-share"));
  if (!qrShown) await showQr();
}

const card = $("#review-share");
if (card && sessionId && signedIn("instructor")) {
  $("#review-copy").addEventListener("click", () => copyLink($("#review-link").value));
  look();
}
