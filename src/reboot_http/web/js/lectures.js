// The instructor's lectures and sessions, cached in this browser (titles typed for a lecture
// live only here); server-history.js merges in what the server lists.

import { loadList, saveList, signedIn } from "./api.js";

function key() {
  const auth = signedIn("instructor");
  return `reboot.lectures.${auth ? auth.user_id : "anonymous"}`;
}

export function lectures() {
  return loadList(key());
}

export function saveLectures(list) {
  saveList(key(), list);
}

/** Record (or update) a session answer from create/start/end under its lecture. */
export function remember(session) {
  const list = lectures();
  let lecture = list.find((l) => l.id === session.lecture_id);
  if (!lecture) {
    // a session opened from another browser: keep it anyway, under a bare lecture entry
    lecture = { id: session.lecture_id, title: session.lecture_id, sessions: [] };
    list.push(lecture);
  }
  const known = lecture.sessions.find((s) => s.id === session.id) || {};
  const entry = {
    ...known,
    id: session.id,
    code: session.session_code,
    title: session.title,
    join_url: session.join_url,
    created_at: session.created_at,
    status: session.status,
  };
  lecture.sessions = [...lecture.sessions.filter((s) => s.id !== session.id), entry];
  saveLectures(list);
}

export function findSession(sessionId) {
  for (const lecture of lectures()) {
    const session = lecture.sessions.find((s) => s.id === sessionId);
    if (session) return { lecture, session };
  }
  return null;
}
