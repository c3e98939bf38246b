// The anonymous question list, for both screens. Questions the language model grouped
// (same cluster_group) are drawn together; the server already orders by upvotes.
// Nothing here can show who asked: the answers carry only `is_mine` about the viewer.

import { el, fill } from "./ui.js";

function groups(questions) {
  const byCluster = new Map();
  const out = [];
  for (const question of questions) {
    const key = question.cluster_group;
    if (key === null || key === undefined) {
      out.push([question]);
    } else if (byCluster.has(key)) {
      byCluster.get(key).push(question);
    } else {
      const group = [question];
      byCluster.set(key, group);
      out.push(group);
    }
  }
  return out;
}

function item(question, { role, onUpvote, onAnswered }) {
  const tags = [];
  if (question.is_mine) tags.push(el("span", { class: "chip" }, "내 질문"));
  if (question.is_answered) tags.push(el("span", { class: "chip ok" }, "답변됨"));
  let action = null;
  if (role === "student" && !question.is_answered) {
    const label = question.upvoted_by_me ? "공감함" : "나도 궁금해요";
    action = el(
      "button",
      {
        class: "btn btn-small upvote",
        "aria-pressed": String(question.upvoted_by_me),
        "aria-label": `${label}: ${question.question_text}`,
        disabled: question.is_mine || question.upvoted_by_me,
        onclick: (event) => onUpvote(question, event.currentTarget),
      },
      "👍 ",
      label,
    );
  } else if (!question.is_answered) {
    action = el(
      "button",
      {
        class: "btn btn-small",
        "aria-label": `답변 완료로 표시: ${question.question_text}`,
        onclick: (event) => onAnswered(question, event.currentTarget),
      },
      "답변 완료",
    );
  }
  return el(
    "li",
    { class: `question${question.is_answered ? " answered" : ""}`, "data-id": question.id },
    el("div", { class: "votes", "aria-label": `공감 ${question.upvote_count}` }, String(question.upvote_count), el("small", {}, "공감")),
    el("div", { class: "text" }, question.question_text, tags.length ? el("div", { class: "meta" }, tags) : null),
    action,
  );
}

/** Draw `questions` into the <ul> `list`. Handlers get (question, button). */
export function renderQuestions(list, questions, handlers) {
  if (!questions.length) {
    fill(list, el("li", { class: "empty" }, "아직 질문이 없어요."));
    return;
  }
  fill(
    list,
    groups(questions).map((group) =>
      group.length === 1
        ? item(group[0], handlers)
        : el(
            "li",
            { class: "cluster" },
            el("p", { class: "cluster-label" }, `비슷한 질문 ${group.length}개`),
            el("ul", { class: "questions" }, group.map((q) => item(q, handlers))),
          ),
    ),
  );
}
