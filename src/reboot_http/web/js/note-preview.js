// The note editor's live preview: the server parses the Markdown (the same parser as the
// student's page and the PDF) and answers a block tree; a slower older answer never
// overwrites a newer one.

import { api, live } from "./api.js";
import { renderBlocks } from "./markdown.js";
import { fill } from "./ui.js";

export function notePreview(sessionId, target) {
  let asked = 0;
  return {
    /** Show blocks the server already sent (a saved or approved note). */
    show(blocks) {
      asked += 1;
      fill(target, renderBlocks(blocks));
    },
    /** Parse text still being typed, then show it. */
    async text(contentText) {
      const mine = (asked += 1);
      const answer = await api(live(sessionId, "/note/preview"), {
        role: "instructor",
        method: "POST",
        json: { content_text: contentText },
      });
      if (mine === asked) fill(target, renderBlocks(answer.data.content_blocks));
    },
  };
}
