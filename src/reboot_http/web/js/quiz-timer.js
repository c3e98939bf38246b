// A quiz's countdown on the phone. The server decides when a quiz is over (from its own
// clock); this only shows the time left, never longer than the quiz's limit, so a phone
// whose clock runs ahead or behind cannot show more time than the class has.

import { show } from "./ui.js";

// Starts counting down in `node` to `quiz.deadline`; calls onExpire once at zero.
// Returns a function that stops the countdown (and hides `node`).
export function startCountdown(node, quiz, onExpire) {
  if (!quiz.deadline || !quiz.time_limit_seconds) {
    show(node, false);
    return () => {};
  }
  const limitEnd = Date.now() + quiz.time_limit_seconds * 1000;
  const end = Math.min(Date.parse(quiz.deadline), limitEnd);
  let timer = null;
  const tick = () => {
    const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    node.textContent = left > 0 ? `⏱ 남은 시간 ${formatSeconds(left)}` : "⏱ 시간이 끝났어요";
    node.classList.toggle("urgent", left <= 10);
    if (left === 0) {
      clearInterval(timer);
      onExpire();
    }
  };
  show(node);
  timer = setInterval(tick, 250);
  tick();
  return () => {
    clearInterval(timer);
    show(node, false);
  };
}

function formatSeconds(total) {
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes ? `${minutes}분 ${String(seconds).padStart(2, "0")}초` : `${seconds}초`;
}
