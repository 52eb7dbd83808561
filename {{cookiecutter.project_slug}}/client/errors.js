// What a failed request is: an ApiError says what went wrong, in a way the page can explain
// (messages.js); a request gets TIMEOUT_MS to be answered; what a request that failed without
// a response means: a CORS block, or no server at all; and toApiError, which makes an ApiError
// of whatever a failed fetch() or axios call gave.

import { API_BASE_URL, SEND_CREDENTIALS } from "./config.js";

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
  constructor(kind, { method, url, status = null, statusText = "", data = null, retryAfter = null }) {
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
    // Seconds to wait before asking again (429, 503), from the Retry-After header when the
    // page may read it, else from the API's words ("Expected available in 12 seconds.").
    const said = /(\d+) seconds?/.exec(this.detail ?? "");
    this.retryAfter = Number.parseInt(retryAfter ?? said?.[1], 10) || null;
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

// The body of a fetch() Response: JSON, text, or null for none.
export async function readBody(response) {
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  return await response.text();
}

const joinUrl = (base, path) =>
  /^[a-z][a-z0-9+.-]*:/i.test(path ?? "") ? path : (base ?? "").replace(/\/+$/, "") + (path ?? "");

/**
 * An ApiError for what a failed request gave, whoever sent it:
 * - an ApiError (returned as it is);
 * - an axios error (error.response, error.config, error.code);
 * - a fetch() Response that is not ok (`if (!response.ok) throw response;`);
 * - what fetch() rejected with: a TypeError (no answer the page may read: asks again to tell a
 *   CORS block from a server that is down) or an AbortError/TimeoutError (given up waiting).
 * `request` ({ method, url }) names the request where the error cannot: fetch's errors don't.
 * Anything else (a bug in the page, say) is no failed request: it is thrown again.
 */
export async function toApiError(error, request = {}) {
  if (error instanceof ApiError) {
    return error;
  }
  const url = request.url ?? `${API_BASE_URL.replace(/\/+$/, "")}/api/`;
  const method = (request.method ?? "GET").toUpperCase();
  if (error?.isAxiosError) {
    const config = error.config ?? {};
    const sent = {
      method: (config.method ?? method).toUpperCase(),
      url: config.url === undefined ? url : joinUrl(config.baseURL, config.url),
    };
    const { response } = error;
    if (response) {
      const data = typeof response.data === "object" ? response.data : null;
      const retryAfter = response.headers?.["retry-after"] ?? null;
      const { status, statusText } = response;
      return new ApiError("http", { ...sent, status, statusText, data, retryAfter });
    }
    if (["ECONNABORTED", "ETIMEDOUT"].includes(error.code)) {
      return new ApiError("timeout", sent);
    }
    // axios says "Network Error" whether nothing answered or CORS hid the answer.
    return new ApiError(await diagnoseNetworkError(sent.url), sent);
  }
  if (typeof Response !== "undefined" && error instanceof Response) {
    const sent = { method, url: request.url ?? error.url };
    const data = await readBody(error);
    return new ApiError("http", {
      ...sent,
      status: error.status,
      statusText: error.statusText,
      data: typeof data === "object" ? data : null,
      retryAfter: error.headers.get("Retry-After"),
    });
  }
  if (error?.name === "AbortError" || error?.name === "TimeoutError") {
    return new ApiError("timeout", { method, url });
  }
  if (error instanceof TypeError) {
    // fetch() rejects with the same bare TypeError whether nothing answered or CORS hid the
    // answer: the page is deliberately not told which. Ask again to find out.
    return new ApiError(await diagnoseNetworkError(url), { method, url });
  }
  throw error;
}
