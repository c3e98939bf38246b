// The dashboard's list of every quiz of the session: its state, its results, and the
// instructor's two controls (마감 = stop taking answers, 철회 = take a mis-sent quiz back).
// Withdrawn quizzes stay listed, struck through, so the record of what was sent is kept.

import { api, explain, live } from "./api.js";
import { busy, el, fill, percent, show, toast } from "./ui.js";

const STATE_LABEL = { OPEN: ["진행 중", "live"], CLOSED: ["마감", "ok"], WITHDRAWN: ["철회됨", "warn"] };

export class QuizControl {
  constructor(sessionId, list) {
    this.sessionId = sessionId;
    this.list = list;
    this.etag = null;
    this.loading = false;
  }

  // Reads the list again (a 304 when nothing changed) and draws it.
  async refresh() {
    if (this.loading) return;
    this.loading = true;
    try {
      const answer = await api(live(this.sessionId, "/quiz/records"), { role: "instructor", etag: this.etag });
      if (answer.status !== 304) {
        this.etag = answer.etag;
        this.draw(answer.data);
      }
    } catch {
      // the next tick tries again; the list keeps what it showed
    } finally {
      this.loading = false;
    }
  }

  draw(records) {
    show(this.list, records.length > 0);
    fill(this.list, ...records.slice().reverse().map((record) => this.row(record)));
  }

  row({ quiz, results }) {
    const [label, kind] = STATE_LABEL[quiz.state] || [quiz.state, ""];
    const facts = [`응답 ${results.response_count}/${results.participant_count}명`];
    if (results.response_count) facts.push(`정답률 ${percent(results.correct_ratio)}`);
    if (quiz.time_limit_seconds) facts.push(`제한 ${quiz.time_limit_seconds}초`);
    if (quiz.hide_results) facts.push("마감 후 결과 공개");
    const actions = el("div", { class: "quiz-actions" });
    if (quiz.state === "OPEN") {
      actions.append(this.button("마감", "close", quiz, "퀴즈를 마감했어요"));
    }
    if (quiz.state !== "WITHDRAWN") {
      actions.append(this.button("철회", "withdraw", quiz, "퀴즈를 철회했어요", true));
    }
    return el(
      "li",
      { class: `quiz-record ${quiz.state.toLowerCase()}`, "data-quiz": quiz.id },
      el("span", { class: `chip quiz-state ${kind}` }, label),
      el("span", { class: "quiz-record-question" }, quiz.question_text),
      el("span", { class: "muted small" }, facts.join(" · ")),
      actions,
    );
  }

  button(text, action, quiz, done, confirmFirst = false) {
    const button = el("button", { class: "btn btn-small", type: "button" }, text);
    button.setAttribute("aria-label", `${text}: ${quiz.question_text}`);
    button.addEventListener("click", () => {
      if (confirmFirst && !window.confirm("이 퀴즈를 철회할까요? 학생 화면과 정리 노트, 셀프 테스트에서 빠져요.")) return;
      busy(button, async () => {
        try {
          await api(live(this.sessionId, `/quiz/${quiz.id}/${action}`), { role: "instructor", method: "POST" });
          toast(done);
          this.etag = null;
          await this.refresh();
        } catch (err) {
          toast(explain(err, { 409: "철회된 퀴즈는 마감할 수 없어요." }), "error");
        }
      });
    });
    return button;
  }
}
