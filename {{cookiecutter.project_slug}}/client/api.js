// Talks to the posts API with fetch() and turns every failure into an ApiError that says what
// went wrong. Logging in is login.js, shared with the Vue client.

import { API_BASE_URL, SEND_CREDENTIALS } from "./config.js";
import { ApiError, TIMEOUT_MS, readBody, toApiError } from "./errors.js";
import { authHeaders, forgetLogin, loginCalls } from "./login.js";

// "same-origin" is fetch's default: no cookies go to another origin such as the API.
const CREDENTIALS = SEND_CREDENTIALS ? "include" : "same-origin";

// The page catches ApiError from here, beside the calls that throw it.
export { ApiError };

const apiUrl = (path) => API_BASE_URL.replace(/\/+$/, "") + path;

export const { currentUser, logIn, logOut, refreshCsrfToken, signUp } = loginCalls(request);

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
  const headers = { Accept: "application/json", ...authHeaders(method) };
  const init = {
    method,
    headers,
    credentials: CREDENTIALS,
    // A request still unanswered after TIMEOUT_MS is given up (a TimeoutError).
    signal: AbortSignal.timeout(TIMEOUT_MS),
  };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw await toApiError(error, { method, url });
  }
  if (response.status === 401 && headers.Authorization) {
    // The API no longer knows this key (logged out in another tab, say): DRF refuses every
    // request that carries it, reads included. Forget it and ask again as nobody.
    forgetLogin();
    return request(method, path, body);
  }
  if (!response.ok) {
    throw await toApiError(response, { method, url });
  }
  return await readBody(response);
}
