// Talks to the posts API with axios and turns every failure into an ApiError that says what
// went wrong: the browser blocked the answer (CORS), nothing answered, no answer in time, or
// the API answered with an error status.

import axios from "axios";

import { API_BASE_URL, AUTH, SEND_CREDENTIALS } from "./config.js";
import { ApiError, TIMEOUT_MS, diagnoseNetworkError } from "./errors.js";

// The page catches ApiError from here, beside the calls that throw it.
export { ApiError };

const api = axios.create({
  baseURL: API_BASE_URL,
  timeout: TIMEOUT_MS,
  // Accept is a CORS-safelisted header, so a GET stays a "simple" request. A JSON body
  // (Content-Type: application/json) or PUT/DELETE makes the browser send a preflight first.
  headers: { Accept: "application/json" },
  withCredentials: SEND_CREDENTIALS,
});

// auth=token: the key from logging in, kept in this tab's sessionStorage. Other tabs and a
// restarted browser start logged out, and the key is gone when the tab closes; any script on
// this page could read it, so the page never renders text as HTML (Vue's text interpolation never does).
const TOKEN_KEY = "authToken";
// auth=session: the CSRF token that goes with every unsafe request as X-CSRFToken. It lives in
// this module only, so a reload loses it: the app asks for it when it starts, and again after
// logging in (Django gives a session a new token then). GET /api/auth/csrf/ hands it over as
// JSON, which works for a page on any allowed origin; a page on the API's own host name
// (localhost and localhost, whatever the ports) could also read the csrftoken cookie.
let csrfToken = null;
const UNSAFE = new Set(["post", "put", "patch", "delete"]);

api.interceptors.request.use((config) => {
  // Authorization is no CORS-safelisted header, so with a key every request is preflighted.
  const token = AUTH === "token" ? sessionStorage.getItem(TOKEN_KEY) : null;
  if (token !== null) {
    config.headers.Authorization = `Token ${token}`;
  }
  if (AUTH === "session" && UNSAFE.has(config.method) && csrfToken !== null) {
    config.headers["X-CSRFToken"] = csrfToken;
  }
  return config;
});

export const hasToken = () => AUTH === "token" && sessionStorage.getItem(TOKEN_KEY) !== null;

export async function refreshCsrfToken() {
  csrfToken = (await request("get", "/api/auth/csrf/")).csrfToken;
}

async function loggedIn(data) {
  if (AUTH === "token") {
    sessionStorage.setItem(TOKEN_KEY, data.key);
  } else {
    await refreshCsrfToken();
  }
}

export async function signUp(username, password1, password2) {
  await loggedIn(
    await request("post", "/api/auth/registration/", { username, password1, password2 }),
  );
}

export async function logIn(username, password) {
  await loggedIn(await request("post", "/api/auth/login/", { username, password }));
}

export async function logOut() {
  try {
    await request("post", "/api/auth/logout/", {});
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
    return await request("get", "/api/auth/user/");
  } catch (error) {
    if (error instanceof ApiError && error.kind === "http" && [401, 403].includes(error.status)) {
      forgetLogin(); // a key the API no longer knows, e.g. after logging out elsewhere
      return null;
    }
    throw error;
  }
}

// One page of posts, newest first: { count, next, previous, results: [post, ...] }.
// search: words the API looks for in titles and contents ("" for every post).
export function listPosts(page = 1, search = "") {
  const params = {};
  if (page > 1) params.page = page;
  if (search) params.search = search;
  return request("get", "/api/posts/", undefined, params);
}
export const createPost = (post) => request("post", "/api/posts/", post);
export const updatePost = (id, post) => request("put", `/api/posts/${encodeURIComponent(id)}/`, post);
export const deletePost = (id) => request("delete", `/api/posts/${encodeURIComponent(id)}/`);

async function request(method, path, data, params) {
  const url = API_BASE_URL.replace(/\/+$/, "") + path;
  const shown = method.toUpperCase();
  const hadToken = hasToken();
  let response;
  try {
    response = await api.request({ method, url: path, data, params });
  } catch (error) {
    if (!error.response) {
      if (error.code === "ECONNABORTED" || error.code === "ETIMEDOUT") {
        throw new ApiError("timeout", { method: shown, url });
      }
      // axios says "Network Error" whether nothing answered or CORS hid the answer: the
      // browser deliberately does not tell the page which. Ask again to find out.
      throw new ApiError(await diagnoseNetworkError(url), { method: shown, url });
    }
    response = error.response;
    if (response.status === 401 && hadToken) {
      // The API no longer knows this key (logged out in another tab, say): DRF refuses every
      // request that carries it, reads included. Forget it and ask again as nobody.
      forgetLogin();
      window.dispatchEvent(new Event("loginended"));
      return request(method, path, data, params);
    }
    throw new ApiError("http", {
      method: shown,
      url,
      status: response.status,
      statusText: response.statusText,
      data: typeof response.data === "object" ? response.data : null,
    });
  }
  return response.status === 204 ? null : response.data;
}
