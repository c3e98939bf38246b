// The phone's tap agrees with the instructor's gauge: once the gauge stops counting a tap
// (the feed's my_pulse_expires_at), the button is no longer shown pressed and the student
// is asked to tap again. The expiry is the server's time: the phone compares it with its own
// clock shifted by how far the server's clock was off when the student's last tap was stored
// (a phone whose clock is wrong would otherwise expire taps early or late).

import { show } from "./ui.js";

export class PulseExpiry {
  constructor(buttons, notice) {
    this.buttons = buttons; // {UNDERSTAND: button, CONFUSED: button}
    this.notice = notice;
    this.timer = null;
    this.expiresAt = null;
    this.offset = 0; // server clock minus this phone's clock, in ms
  }

  // The feed's view of the student's latest tap.
  fromFeed(myPulse, expiresAt) {
    if (expiresAt === this.expiresAt && this.timer) return;
    this.clear();
    this.expiresAt = expiresAt;
    if (!myPulse || !expiresAt) return this.press(null, false);
    const left = Date.parse(expiresAt) - (Date.now() + this.offset);
    if (left <= 0) return this.press(null, true);
    this.press(myPulse, false);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.press(null, true);
    }, left);
  }

  // A tap just sent: pressed until the next feed says when it expires.
  tapped(type, createdAt) {
    if (createdAt) this.offset = Date.parse(createdAt) - Date.now();
    this.clear();
    this.expiresAt = null;
    this.press(type, false);
  }

  press(type, expired) {
    for (const [kind, button] of Object.entries(this.buttons)) {
      button.setAttribute("aria-pressed", String(kind === type));
    }
    show(this.notice, expired);
  }

  clear() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
