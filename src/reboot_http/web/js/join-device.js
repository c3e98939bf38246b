// What a join sends besides the code, so a hall behind one NAT address is not locked out by
// one mistyping phone: a device id (a cookie the server counts wrong codes by) and the QR
// link's join token (joins that carry it are never counted as guesses).

const COOKIE = "reboot_device";
const DEVICE = "reboot.device";
const TOKEN = "reboot.student.join_token"; // {code, token} of the last QR link opened

function randomId() {
  // getRandomValues works on plain-http LAN addresses, where randomUUID does not
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function ensureDeviceId() {
  // kept in localStorage: a cookie scoped to the join route is invisible to this page's
  // document.cookie, so reading it back would mint a new id (a new bucket) every time
  let id = localStorage.getItem(DEVICE);
  if (!id || !/^[0-9a-f]{32}$/.test(id)) {
    id = randomId();
    localStorage.setItem(DEVICE, id);
  }
  document.cookie = `${COOKIE}=${id}; path=/api/learning/live/join; max-age=31536000; samesite=strict`;
  return id;
}

// the token of the page's QR link, remembered for silent re-joins after the URL is tidied
export function rememberJoinToken(code) {
  const token = new URLSearchParams(window.location.search).get("t");
  if (token && code) sessionStorage.setItem(TOKEN, JSON.stringify({ code, token }));
}

export function joinExtras(code) {
  ensureDeviceId();
  try {
    const kept = JSON.parse(sessionStorage.getItem(TOKEN));
    if (kept && kept.code === code) return { join_token: kept.token };
  } catch {
    // nothing kept: join by code alone
  }
  return {};
}
