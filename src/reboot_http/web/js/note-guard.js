// Unsaved note edits survive a reload: the browser asks before leaving the page while an
// edit is unsaved, and every edit is also kept on this device until the server has it.

const PREFIX = "reboot.note-draft.";

export class NoteGuard {
  constructor(sessionId) {
    this.key = PREFIX + sessionId;
    this.dirty = false;
    window.addEventListener("beforeunload", (event) => {
      if (!this.dirty) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers show their own "leave site?" only with this
    });
  }

  // An edit that is not saved yet: kept here, and leaving the page asks first.
  edited(text) {
    this.dirty = true;
    try {
      localStorage.setItem(this.key, JSON.stringify({ text, at: Date.now() }));
    } catch {
      // storage full or disabled: the leave-page question still guards the edit
    }
  }

  saved() {
    this.dirty = false;
    localStorage.removeItem(this.key);
  }

  // The text kept on this device when it differs from the server's, else null.
  recover(serverText) {
    let kept = null;
    try {
      kept = JSON.parse(localStorage.getItem(this.key) || "null");
    } catch {
      kept = null;
    }
    if (!kept || typeof kept.text !== "string" || kept.text === serverText) {
      localStorage.removeItem(this.key);
      return null;
    }
    this.dirty = true;
    return kept.text;
  }
}
