// The note's block tree (parsed on the server by markdown-it-py, see
// reboot_adapters/markdown_blocks.py) as DOM nodes. Every string becomes a text node or an
// attribute the page sets itself, so a note can never inject markup or scripts.

import { el } from "./ui.js";

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;
const INLINE_TAGS = { strong: "strong", em: "em", strike: "s" };

function inline(items) {
  return (items || []).map((item) => {
    if (item.type === "text") return String(item.text);
    if (item.type === "code") return el("code", {}, String(item.text));
    if (item.type === "break") return el("br");
    if (INLINE_TAGS[item.type]) return el(INLINE_TAGS[item.type], {}, inline(item.inline));
    if (item.type === "link") {
      const words = inline(item.inline);
      // the server already keeps only these schemes; checked again so the page never trusts it
      if (!SAFE_LINK.test(String(item.href))) return words;
      return el("a", { href: String(item.href), target: "_blank", rel: "noopener noreferrer" }, words);
    }
    return null;
  });
}

function table(block) {
  const align = block.align || [];
  const cell = (tag, content, index) => {
    const node = el(tag, {}, inline(content));
    if (align[index]) node.style.textAlign = align[index];
    return node;
  };
  const head = el("thead", {}, el("tr", {}, (block.header || []).map((c, i) => cell("th", c, i))));
  const body = el("tbody", {}, (block.rows || []).map((row) => el("tr", {}, row.map((c, i) => cell("td", c, i)))));
  // wide tables scroll inside their own box on a phone instead of widening the page
  return el("div", { class: "table-scroll" }, el("table", {}, head, body));
}

function block(item) {
  switch (item.type) {
    case "heading":
      // the page has its own h1: note headings start one level down
      return el(`h${Math.min(6, Number(item.level) + 1)}`, {}, inline(item.inline));
    case "paragraph":
      return item.tight ? inline(item.inline) : el("p", {}, inline(item.inline));
    case "list": {
      const items = (item.items || []).map((blocks) => el("li", {}, blocks.flatMap(block)));
      if (!item.ordered) return el("ul", {}, items);
      const start = Number(item.start);
      return el("ol", Number.isInteger(start) && start !== 1 ? { start } : {}, items);
    }
    case "code":
      return el("pre", {}, el("code", {}, String(item.text)));
    case "quote":
      return el("blockquote", {}, (item.blocks || []).flatMap(block));
    case "rule":
      return el("hr");
    case "table":
      return table(item);
    default:
      return null;
  }
}

/** A note's block tree -> a DocumentFragment. */
export function renderBlocks(blocks) {
  const out = document.createDocumentFragment();
  for (const item of blocks || []) {
    const node = block(item);
    if (Array.isArray(node)) node.forEach((child) => out.append(child ?? ""));
    else if (node) out.append(node);
  }
  return out;
}
