// A small Markdown reader for the integrated note: headings, lists, code blocks, quotes,
// paragraphs, **bold**, *italic* and `code`. It builds DOM nodes from text, so a note can never
// inject markup or scripts; anything it does not know stays plain text.

import { el } from "./ui.js";

// _italic_ only between non-letters, so snake_case names (select_related) stay as they are
const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*|(?<![\p{L}\p{N}_])_[^_\n]+_(?![\p{L}\p{N}_]))/gu;

function inline(text) {
  // split() with one capturing group alternates: plain text at even indexes, marks at odd
  return text.split(INLINE).map((part, index) => {
    if (index % 2 === 0) return part;
    if (part.startsWith("**")) return el("strong", {}, part.slice(2, -2));
    if (part.startsWith("`")) return el("code", {}, part.slice(1, -1));
    return el("em", {}, part.slice(1, -1));
  });
}

/** Markdown text -> a DocumentFragment. */
export function renderMarkdown(source) {
  const out = document.createDocumentFragment();
  const lines = String(source || "").replace(/\r\n?/g, "\n").split("\n");
  let list = null;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) out.append(el("p", {}, inline(paragraph.join(" "))));
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line.trim().startsWith("```")) {
      flush();
      list = null;
      const code = [];
      for (i += 1; i < lines.length && !lines[i].trim().startsWith("```"); i += 1) code.push(lines[i]);
      out.append(el("pre", {}, el("code", {}, code.join("\n"))));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      list = null;
      // the page has its own h1: note headings start one level down
      const level = Math.min(6, heading[1].length + 1);
      out.append(el(`h${level}`, {}, inline(heading[2])));
    } else if (bullet || numbered) {
      flush();
      const tag = bullet ? "ul" : "ol";
      if (!list || list.tagName.toLowerCase() !== tag) {
        list = el(tag);
        out.append(list);
      }
      list.append(el("li", {}, inline((bullet || numbered)[1])));
    } else if (/^\s*>\s?/.test(line)) {
      flush();
      list = null;
      out.append(el("blockquote", {}, inline(line.replace(/^\s*>\s?/, ""))));
    } else if (!line.trim()) {
      flush();
      list = null;
    } else {
      list = null;
      paragraph.push(line.trim());
    }
  }
  flush();
  return out;
}
