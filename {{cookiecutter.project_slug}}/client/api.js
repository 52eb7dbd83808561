// Talks to the posts API and turns every failure into an ApiError that says what went wrong.

import { API_BASE_URL, AUTH, SEND_CREDENTIALS } from "./config.js";
import { ApiError, TIMEOUT_MS, diagnoseNetworkError } from "./errors.js";

// "same-origin" is fetch's default: no cookies go to another origin such as the API.
const CREDENTIALS = SEND_CREDENTIALS ? "include" : "same-origin";

// The page catches ApiError from here, beside the calls that throw it.
export { ApiError };

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
