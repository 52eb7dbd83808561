// What a failed request is: an ApiError says what went wrong, in a way the page can explain
// (messages.js); a request gets TIMEOUT_MS to be answered; and what a fetch() that failed
// without a response means: a CORS block, or no server at all.

import { SEND_CREDENTIALS } from "./config.js";

// A request still unanswered after this long is reported instead of spinning forever
// (a server stopped at a breakpoint never answers).
export const TIMEOUT_MS = 15000;

/**
 * kind is one of:
 *   "unreachable" - no HTTP response at all: the server is down, or on another host or port;
 *   "cors"        - the server answered, but the browser hid the answer from this page
 *                   because the response did not allow this page's origin;
 *   "timeout"     - no answer within TIMEOUT_MS;
 *   "http"        - the API answered with an error status; `status` and `data` hold it.
 */
export class ApiError extends Error {
  constructor(kind, { method, url, status = null, statusText = "", data = null }) {
    super(`${method} ${url} failed: ${kind}${status === null ? "" : ` ${status}`}`);
    this.name = "ApiError";
    this.kind = kind;
    this.method = method;
    this.url = url;
    this.status = status;
    this.statusText = statusText;
    this.data = data;
    // The API answers every error as {"type": ..., "errors": [{code, detail, attr}, ...]}:
    // attr names the field a message is about, or is null.
    this.errors = Array.isArray(data?.errors) ? data.errors : [];
  }

  // The messages that are about no field, as one text ("" if there are none).
  get detail() {
    return this.errors
      .filter((error) => !error.attr)
      .map((error) => error.detail)
      .join(" ");
  }

  // The codes of those messages, e.g. ["not_authenticated"]: what a page branches on.
  get codes() {
    return this.errors.filter((error) => !error.attr).map((error) => error.code);
  }
}

// A "no-cors" request is exempt from the CORS check: the browser hands back an opaque
// response (no status, no body) whenever the server answered at all, whatever its CORS
// headers. So if it resolves, the server is up and the failed request was blocked by
// CORS; if it rejects too, no server answered. GET is used for the probe because
// no-cors only allows simple requests, and a blocked POST/PUT/DELETE usually died at
// its preflight anyway, before reaching the view.
export async function diagnoseNetworkError(url) {
  try {
    const credentials = SEND_CREDENTIALS ? "include" : "same-origin";
    await fetch(url, { mode: "no-cors", credentials, cache: "no-store" });
    return "cors";
  } catch {
    return "unreachable";
  }
}
