// Talks to the posts API and turns every failure into an ApiError that says what went wrong.

import { API_BASE_URL, AUTH, SEND_CREDENTIALS } from "./config.js";

// A request still unanswered after this long is reported instead of spinning forever
// (a server stopped at a breakpoint never answers).
export const TIMEOUT_MS = 15000;

// "same-origin" is fetch's default: no cookies go to another origin such as the API.
const CREDENTIALS = SEND_CREDENTIALS ? "include" : "same-origin";

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

export function apiUrl(path) {
  return API_BASE_URL.replace(/\/+$/, "") + path;
}

// auth=token: the key from logging in, kept in this tab's sessionStorage. Other tabs and a
// restarted browser start logged out, and the key is gone when the tab closes; any script on
// this page could read it, so the page must never run text it did not write (see app.js).
const TOKEN_KEY = "authToken";
// auth=session: the CSRF token that goes with every unsafe request as X-CSRFToken, asked for
// when the page starts (a reload forgets it) and after logging in. GET /api/auth/csrf/ hands it
// over in JSON, which works from any allowed origin; only a page on the API's own host name
// (localhost, whatever the port) could read the csrftoken cookie instead.
let csrfToken = null;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const hasToken = () => AUTH === "token" && sessionStorage.getItem(TOKEN_KEY) !== null;

export async function refreshCsrfToken() {
  csrfToken = (await request("GET", "/api/auth/csrf/")).csrfToken;
}

// Django gives a session a new CSRF token whenever someone logs in: ask again afterwards.
async function loggedIn(data) {
  if (AUTH === "token") {
    sessionStorage.setItem(TOKEN_KEY, data.key);
  } else {
    await refreshCsrfToken();
  }
}

export async function signUp(username, password1, password2) {
  await loggedIn(
    await request("POST", "/api/auth/registration/", { username, password1, password2 }),
  );
}

export async function logIn(username, password) {
  await loggedIn(await request("POST", "/api/auth/login/", { username, password }));
}

export async function logOut() {
  try {
    await request("POST", "/api/auth/logout/", {});
  } finally {
    forgetLogin();
  }
}

export function forgetLogin() {
  sessionStorage.removeItem(TOKEN_KEY);
}

// The logged-in user ({ username, ... }), or null when the API says nobody is.
export async function currentUser() {
  if (AUTH === "token" && !hasToken()) {
    return null;
  }
  try {
    return await request("GET", "/api/auth/user/");
  } catch (error) {
    if (error instanceof ApiError && error.kind === "http" && [401, 403].includes(error.status)) {
      forgetLogin(); // a key the API no longer knows, e.g. after logging out elsewhere
      return null;
    }
    throw error;
  }
}

// One page of posts, newest first: { count, next, previous, results: [post, ...] }.
export const listPosts = (page = 1) =>
  request("GET", page === 1 ? "/api/posts/" : `/api/posts/?page=${page}`);
export const createPost = (post) => request("POST", "/api/posts/", post);
export const updatePost = (id, post) => request("PUT", `/api/posts/${encodeURIComponent(id)}/`, post);
export const deletePost = (id) => request("DELETE", `/api/posts/${encodeURIComponent(id)}/`);

async function request(method, path, body) {
  const url = apiUrl(path);
  // Accept is a CORS-safelisted header, so a GET stays a "simple" request. A JSON body
  // (Content-Type: application/json) or PUT/DELETE makes the browser send a preflight first.
  const headers = { Accept: "application/json" };
  // Authorization is no CORS-safelisted header, so with a key every request is preflighted.
  const token = AUTH === "token" ? sessionStorage.getItem(TOKEN_KEY) : null;
  if (token !== null) {
    headers.Authorization = `Token ${token}`;
  }
  if (AUTH === "session" && UNSAFE.has(method) && csrfToken !== null) {
    headers["X-CSRFToken"] = csrfToken;
  }
  const timeout = new AbortController();
  const init = { method, headers, credentials: CREDENTIALS, signal: timeout.signal };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }

  let response;
  const timer = setTimeout(() => timeout.abort(), TIMEOUT_MS);
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (timeout.signal.aborted) {
      throw new ApiError("timeout", { method, url });
    }
    if (error instanceof TypeError) {
      // fetch() rejects with the same bare TypeError whether nothing answered or CORS hid
      // the answer: the page is deliberately not told which. Ask again to find out.
      throw new ApiError(await diagnoseNetworkError(url), { method, url });
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }

  if (response.status === 401 && token !== null) {
    // The API no longer knows this key (logged out in another tab, say): DRF refuses every
    // request that carries it, reads included. Forget it and ask again as nobody.
    forgetLogin();
    window.dispatchEvent(new Event("loginended"));
    return request(method, path, body);
  }
  const data = await readBody(response);
  if (!response.ok) {
    throw new ApiError("http", {
      method,
      url,
      status: response.status,
      statusText: response.statusText,
      data,
    });
  }
  return data;
}

// A "no-cors" request is exempt from the CORS check: the browser hands back an opaque
// response (no status, no body) whenever the server answered at all, whatever its CORS
// headers. So if it resolves, the server is up and the failed request was blocked by
// CORS; if it rejects too, no server answered. GET is used for the probe because
// no-cors only allows simple requests, and a blocked POST/PUT/DELETE usually died at
// its preflight anyway, before reaching the view.
async function diagnoseNetworkError(url) {
  try {
    await fetch(url, { mode: "no-cors", credentials: CREDENTIALS, cache: "no-store" });
    return "cors";
  } catch {
    return "unreachable";
  }
}

async function readBody(response) {
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
