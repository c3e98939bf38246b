// Small DOM helpers shared by the pages: element building (text only, never HTML strings, so
// nothing a student types can become markup), toasts, the offline banner, URL parameters.

export const $ = (selector, root = document) => root.querySelector(selector);

/** el("button", {class: "btn", onclick}, "text", child) — attributes, then children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export function show(node, visible = true) {
  node.hidden = !visible;
}

export function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

/** "123456" -> "123 456", easier to read off a projector. */
export function formatCode(code) {
  const digits = String(code || "").replace(/\D/g, "");
  return digits.length === 6 ? `${digits.slice(0, 3)} ${digits.slice(3)}` : digits;
}

export function percent(ratio) {
  return `${Math.round((ratio || 0) * 100)}%`;
}

let toastArea = null;

/** A short message at the bottom of the screen, also read out by screen readers. */
export function toast(message, kind = "info", ms = 3500) {
  if (!toastArea) {
    toastArea = el("div", { class: "toast-area", role: "status", "aria-live": "polite" });
    document.body.append(toastArea);
  }
  // one at a time: a burst of taps must not stack messages over the page
  const item = el("div", { class: `toast ${kind}` }, message);
  toastArea.replaceChildren(item);
  makeRoomForToast();
  setTimeout(() => {
    item.remove();
    makeRoomForToast();
  }, ms);
}

// A toast lets taps through (CSS) and the page grows by its height while it shows, so
// whatever it floats over can always be scrolled clear of it.
function makeRoomForToast() {
  const height = toastArea.childElementCount ? toastArea.getBoundingClientRect().height : 0;
  document.body.style.setProperty("--toast-room", `${Math.ceil(height)}px`);
  document.body.classList.toggle("has-toast", height > 0);
}

/**
 * The "server unreachable" banner at the top of every page. api.js raises reboot:network
 * events; polling keeps going, so the first answer after an outage hides the banner again.
 */
export function installNetworkBanner() {
  const banner = el("div", { class: "net-banner", role: "status", "aria-live": "assertive", hidden: true });
  document.body.prepend(banner);
  let hideTimer = null;
  window.addEventListener("reboot:network", (event) => {
    clearTimeout(hideTimer);
    if (!event.detail.online) {
      banner.classList.remove("recovered");
      banner.textContent = "서버에 연결할 수 없습니다. 자동으로 다시 연결하는 중…";
      show(banner);
    } else {
      banner.classList.add("recovered");
      banner.textContent = "다시 연결되었습니다.";
      hideTimer = setTimeout(() => show(banner, false), 2500);
    }
  });
  return banner;
}

/** Disable a button while an async action runs, so a double tap sends once. */
export async function busy(button, action) {
  if (button.disabled) return undefined;
  button.disabled = true;
  try {
    return await action();
  } finally {
    button.disabled = false;
  }
}

/** Save a Blob under a file name (PDFs fetched with the bearer token). */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function timeOf(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : date.toLocaleTimeString("ko-KR", { hour: "2-digit", minute: "2-digit" });
}

export function dateOf(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : date.toLocaleString("ko-KR", { month: "long", day: "numeric", hour: "2-digit", minute: "2-digit" });
}
