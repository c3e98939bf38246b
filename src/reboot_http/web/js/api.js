// The one way pages talk to the server: bearer tokens kept per role, JSON in and out, and
// the server's {error, detail} bodies turned into ApiError. A failed connection becomes a
// NetworkError and is announced as a "reboot:network" event, which the offline banner follows.

const STORE = window.localStorage; // students come back after the lecture for the note

export class ApiError extends Error {
  constructor(status, body, headers) {
    super((body && body.detail) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.error) || "";
    this.detail = (body && body.detail) || "";
    this.retryAfter = Number(headers.get("retry-after")) || null;
  }
}

export class NetworkError extends Error {}

// --- tokens -------------------------------------------------------------------------------

export function signedIn(role) {
  try {
    return JSON.parse(STORE.getItem(`reboot.${role}`)) || null;
  } catch {
    return null;
  }
}

export function signIn(role, value) {
  STORE.setItem(`reboot.${role}`, JSON.stringify(value));
}

export function signOut(role) {
  STORE.removeItem(`reboot.${role}`);
}

// small JSON lists kept per browser (lectures of an instructor, sessions a student joined)
export function loadList(key) {
  try {
    const value = JSON.parse(STORE.getItem(key));
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

export function saveList(key, list) {
  STORE.setItem(key, JSON.stringify(list));
}

// --- requests -----------------------------------------------------------------------------

let online = true;

function announce(nowOnline) {
  if (nowOnline === online) return;
  online = nowOnline;
  window.dispatchEvent(new CustomEvent("reboot:network", { detail: { online } }));
}

/**
 * Call the API. Options: role (whose token to send), method, json (a body), body (FormData or
 * Blob, sent as is), etag (sent as If-None-Match), blob (answer as a Blob).
 * Returns {status, etag, data}; a 304 has data null.
 */
export async function api(path, { role, method = "GET", json, body, etag, blob, type } = {}) {
  const headers = {};
  const auth = role ? signedIn(role) : null;
  if (auth && auth.token) headers.Authorization = `Bearer ${auth.token}`;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (type) {
    headers["Content-Type"] = type;
  }
  if (etag) headers["If-None-Match"] = etag;
  let response;
  try {
    // no-store: the poller keeps the ETag itself, so a 304 reaches it as a 304
    response = await fetch(path, { method, headers, body, cache: "no-store" });
  } catch (err) {
    announce(false);
    throw new NetworkError(String(err));
  }
  if (isGatewayDown(response)) {
    announce(false);
    throw new NetworkError(`HTTP ${response.status}`);
  }
  announce(true);
  if (response.status === 304) return { status: 304, etag, data: null };
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      // a proxy's HTML error page: the status alone says enough
    }
    throw new ApiError(response.status, problem, response.headers);
  }
  let data = null;
  if (blob) data = await response.blob();
  else if (response.status !== 204) data = await response.json();
  return { status: response.status, etag: response.headers.get("etag"), data };
}

// a reverse proxy answers 502/504 (or a bodiless 503) while the server restarts
function isGatewayDown(response) {
  if (response.status === 502 || response.status === 504) return true;
  const json = (response.headers.get("content-type") || "").includes("json");
  return response.status === 503 && !json;
}

// --- messages -----------------------------------------------------------------------------

const BY_STATUS = {
  400: "요청 형식이 올바르지 않습니다.",
  401: "로그인이 만료되었습니다. 다시 로그인해 주세요.",
  403: "이 작업을 할 권한이 없습니다.",
  404: "찾을 수 없습니다.",
  409: "지금은 할 수 없는 작업입니다.",
  413: "파일이 너무 큽니다.",
  415: "PDF, PPTX, Markdown 파일만 올릴 수 있습니다.",
  422: "입력한 내용을 확인해 주세요.",
  429: "시도가 너무 많습니다. 잠시 후 다시 시도해 주세요.",
  503: "지금은 이 기능을 쓸 수 없습니다. 잠시 후 다시 시도해 주세요.",
};

/** A Korean sentence for a failed call; `overrides` maps a status to a message. */
export function explain(err, overrides = {}) {
  if (err instanceof NetworkError) return "서버에 연결할 수 없습니다. 네트워크를 확인해 주세요.";
  if (!(err instanceof ApiError)) return "알 수 없는 오류가 발생했습니다.";
  if (overrides[err.status]) return overrides[err.status];
  // server details are English, sometimes led by a Korean sentence ("…입니다: …")
  const korean = /[가-힣]/.test(err.detail) ? err.detail.split(/:\s/)[0] : "";
  return korean || BY_STATUS[err.status] || `오류가 발생했습니다 (${err.status}).`;
}

export const live = (sessionId, rest = "") =>
  `/api/learning/live/${encodeURIComponent(sessionId)}${rest}`;
