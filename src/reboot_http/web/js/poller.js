// Short polling, one request per tick: GET with If-None-Match, so an unchanged answer is a
// bodiless 304. The next request is scheduled only after the previous one finished (a slow
// server never sees a pile-up), and nothing is sent while the tab is hidden.

import { ApiError, api, NetworkError } from "./api.js";

// 5 s in class; the browser tests set window.REBOOT_TICK_MS before the page loads
export const TICK_MS = Number(window.REBOOT_TICK_MS) || 5000;

export class Poller {
  /**
   * @param {string} path the polled GET
   * @param {object} options role (whose token), onData(data) on every changed answer,
   *   onError(err) on an HTTP error (return true to stop polling), interval in ms
   */
  constructor(path, { role, onData, onError = () => false, interval = TICK_MS }) {
    this.path = path;
    this.role = role;
    this.onData = onData;
    this.onError = onError;
    this.interval = interval;
    this.etag = null;
    this.timer = null;
    this.running = false;
    this.inFlight = false;
    this.onVisibility = () => (document.hidden ? this.pause() : this.now());
    this.onOnline = () => this.now();
  }

  start() {
    if (this.running) return this;
    this.running = true;
    document.addEventListener("visibilitychange", this.onVisibility);
    window.addEventListener("online", this.onOnline);
    this.now();
    return this;
  }

  stop() {
    this.running = false;
    this.pause();
    document.removeEventListener("visibilitychange", this.onVisibility);
    window.removeEventListener("online", this.onOnline);
  }

  /** Poll at once (tab shown again, or the page changed something) and restart the tick. */
  now() {
    this.pause();
    if (this.running && !document.hidden) this.tick();
  }

  /** Forget the last answer, so the next one is delivered even if unchanged. */
  reset() {
    this.etag = null;
  }

  pause() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  async tick() {
    if (this.inFlight) return;
    this.inFlight = true;
    let stop = false;
    try {
      const answer = await api(this.path, { role: this.role, etag: this.etag });
      if (answer.status !== 304) {
        this.etag = answer.etag;
        this.onData(answer.data);
      }
    } catch (err) {
      // network trouble is shown by the banner (api.js); keep ticking to recover
      if (err instanceof ApiError) stop = Boolean(this.onError(err));
      else if (!(err instanceof NetworkError)) console.error(err); // a rendering bug
    } finally {
      this.inFlight = false;
    }
    if (stop) this.stop();
    else if (this.running && !document.hidden) {
      this.pause();
      this.timer = setTimeout(() => this.tick(), this.interval);
    }
  }
}
