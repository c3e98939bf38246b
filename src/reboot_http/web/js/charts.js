// Drawings built from data: the pulse gauge, result bars, the per-minute pulse chart. Plain
// SVG and divs; every drawing also has a text equivalent for screen readers.

import { el, fill, percent } from "./ui.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  node.append(...children);
  return node;
}

// a point on the gauge's half circle: ratio 0 is the left end, 1 the right end
function onArc(ratio, radius = 80) {
  const angle = Math.PI * (1 - ratio);
  return [100 + radius * Math.cos(angle), 100 - radius * Math.sin(angle)];
}

function arc(from, to, color) {
  const [x1, y1] = onArc(from);
  const [x2, y2] = onArc(to);
  return svg("path", {
    d: `M ${x1.toFixed(2)} ${y1.toFixed(2)} A 80 80 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`,
    fill: "none",
    stroke: color,
    "stroke-width": 24,
  });
}

/**
 * The pulse gauge: a half circle split into understood (green, from the left) and confused
 * (orange), the understood share in the middle. `stats` is a pulse-stats answer.
 */
export function renderGauge(container, stats) {
  const total = stats.total || 0;
  const understood = total ? stats.understand_ratio : 0;
  const drawing = svg(
    "svg",
    { viewBox: "0 0 200 118", role: "img", "aria-hidden": "true" },
    arc(0, 1, "#e6e9f0"),
  );
  if (total) {
    if (understood > 0) drawing.append(arc(0, understood, "#17915a"));
    if (understood < 1) drawing.append(arc(understood, 1, "#e0611a"));
  }
  const big = svg("text", { x: 100, y: 92, "text-anchor": "middle", class: "value" });
  big.textContent = total ? percent(understood) : "–";
  const caption = svg("text", { x: 100, y: 112, "text-anchor": "middle", class: "caption" });
  caption.textContent = total ? "이해했어요" : "아직 응답이 없어요";
  drawing.append(big, caption);

  const spoken = total
    ? `이해 ${stats.understand}명, 헷갈림 ${stats.confused}명 (최근 ${stats.window_seconds}초)`
    : "아직 이해도 응답이 없습니다";
  fill(
    container,
    drawing,
    el(
      "p",
      { class: "legend" },
      el("span", { class: "u" }, `✅ 이해 ${stats.understand || 0}`),
      el("span", { class: "c" }, `❓ 헷갈림 ${stats.confused || 0}`),
    ),
    el("p", { class: "sr-only" }, spoken),
  );
  container.dataset.understand = String(stats.understand || 0);
  container.dataset.confused = String(stats.confused || 0);
}

/** One labelled horizontal bar: label, count text, share of the widest. */
export function barRow(label, countText, share, extraClass = "") {
  const bar = el("div", { class: "bar-fill" });
  bar.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  return el(
    "div",
    { class: `bar-row ${extraClass}`.trim() },
    el("span", { class: "bar-label" }, label),
    el("span", { class: "bar-count" }, countText),
    el("div", { class: "bar-track", "aria-hidden": "true" }, bar),
  );
}

/** Quiz results: one bar per option (the correct one marked), then response and correct rates. */
export function renderResults(container, results, correctAnswer) {
  const counts = Object.entries(results.option_counts || {});
  const responses = results.response_count || 0;
  fill(
    container,
    el(
      "div",
      { class: "bars" },
      counts.map(([option, count]) =>
        barRow(option, `${count}명`, responses ? count / responses : 0, option === correctAnswer ? "correct" : ""),
      ),
    ),
    el(
      "p",
      { class: "results-summary" },
      el("span", {}, `응답 ${responses}/${results.participant_count}명 (${percent(results.response_rate)})`),
      el("span", {}, `정답률 ${percent(results.correct_ratio)}`),
    ),
  );
}

/**
 * The report's pulse chart: per minute of the lecture, understood (green) stacked under
 * confused (orange). `timeline` is [{minute, understand, confused}].
 */
export function renderTimeline(container, timeline) {
  if (!timeline.length) {
    fill(container, el("p", { class: "empty" }, "기록된 이해도 응답이 없습니다."));
    return;
  }
  const width = 600;
  const height = 180;
  const bottom = 150;
  const peak = Math.max(1, ...timeline.map((m) => m.understand + m.confused));
  const step = (width - 40) / timeline.length;
  const barWidth = Math.max(2, Math.min(28, step * 0.7));
  const drawing = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  const title = svg("title");
  title.textContent = "분당 이해도 응답 (초록: 이해, 주황: 헷갈림)";
  drawing.append(title, svg("line", { x1: 30, y1: bottom, x2: width - 5, y2: bottom, stroke: "#c5ccda" }));
  const labelEvery = Math.ceil(timeline.length / 12);
  timeline.forEach((m, i) => {
    const x = 35 + i * step;
    const uh = (m.understand / peak) * (bottom - 20);
    const ch = (m.confused / peak) * (bottom - 20);
    drawing.append(
      svg("rect", { x, y: bottom - uh, width: barWidth, height: uh, fill: "#17915a", rx: 2 }),
      svg("rect", { x, y: bottom - uh - ch, width: barWidth, height: ch, fill: "#e0611a", rx: 2 }),
    );
    if (i % labelEvery === 0) {
      const label = svg("text", { x: x + barWidth / 2, y: bottom + 16, "text-anchor": "middle", class: "axis" });
      label.textContent = `${m.minute}분`;
      drawing.append(label);
    }
  });
  const top = svg("text", { x: 26, y: 24, "text-anchor": "end", class: "axis" });
  top.textContent = String(peak);
  drawing.append(top);
  const rows = timeline.map((m) => `${m.minute}분: 이해 ${m.understand}, 헷갈림 ${m.confused}`);
  fill(container, drawing, el("p", { class: "sr-only" }, rows.join("; ")));
}
