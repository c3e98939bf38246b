// The instructor's lectures and sessions as the server keeps them, merged into this browser's
// list: a second browser or a new laptop shows the same history. Titles typed for a lecture
// stay local (the server knows lectures by id only); sessions, statuses and counts come from
// the server and win.

import { api } from "./api.js";
import { lectures, saveLectures } from "./lectures.js";

function sessionEntry(known, s) {
  return {
    ...known,
    id: s.id,
    code: s.session_code,
    title: s.title,
    join_url: s.join_url,
    created_at: s.created_at,
    status: s.status,
    participant_count: s.participant_count,
    answer_count: s.answer_count,
  };
}

/** Fetch the server's history and merge it into the local list; resolves to that list. */
export async function syncFromServer() {
  const mine = (await api("/api/learning/lectures/", { role: "instructor" })).data || [];
  const perLecture = await Promise.all(
    mine.map((lec) =>
      api(`/api/learning/lectures/${encodeURIComponent(lec.lecture_id)}/sessions/`, { role: "instructor" })
        .then((answer) => answer.data || [])
        .catch(() => []),
    ),
  );
  const list = lectures();
  mine.forEach((lec, index) => {
    let local = list.find((l) => l.id === lec.lecture_id);
    if (!local) {
      local = { id: lec.lecture_id, title: lec.lecture_id, sessions: [] };
      list.push(local);
    }
    // server lists are newest first; the local list keeps oldest first
    const fromServer = [...perLecture[index]].reverse();
    const merged = fromServer.map((s) => sessionEntry(local.sessions.find((k) => k.id === s.id) || {}, s));
    const onlyLocal = local.sessions.filter((k) => !fromServer.some((s) => s.id === k.id));
    local.sessions = [...onlyLocal, ...merged];
  });
  saveLectures(list);
  return list;
}

/** "참여 12명 · 응답 30개" for a session entry that has the server's counts. */
export function countsOf(session) {
  if (session.participant_count === undefined) return "";
  return ` · 참여 ${session.participant_count}명 · 응답 ${session.answer_count}개`;
}
