// The one axios instance of the app: the API's address (VITE_API_URL, see config.js), the key
// or the CSRF token on each request (login.js), and a timeout. Use it in your own code too:
//   import { api } from "@/api";
//   const { data } = await api.get("/api/posts/");
// and, when it fails, `await messageOf(error)` (messages.js) says why in plain words.

import axios from "axios";

import { API_BASE_URL, SEND_CREDENTIALS } from "@/config.js";
import { TIMEOUT_MS, toApiError } from "@/errors.js";
import { authHeaders, forgetLogin } from "@/login.js";

export const api = axios.create({
  baseURL: API_BASE_URL,
  timeout: TIMEOUT_MS,
  // Accept is a CORS-safelisted header, so a GET stays a "simple" request. A JSON body
  // (Content-Type: application/json) or PUT/DELETE makes the browser send a preflight first.
  headers: { Accept: "application/json" },
  // Cookies go to the API only with credentials (auth=session needs them).
  withCredentials: SEND_CREDENTIALS,
});

api.interceptors.request.use((config) => {
  // Who is asking, as of now: a retry after a refused key goes without it.
  config.headers.delete("Authorization");
  config.headers.delete("X-CSRFToken");
  for (const [name, value] of Object.entries(authHeaders(config.method))) {
    config.headers.set(name, value);
  }
  return config;
});

api.interceptors.response.use(undefined, (error) => {
  const { config, response } = error;
  if (response?.status === 401 && config?.headers?.has("Authorization") && !config.retried) {
    // The API no longer knows this key (logged out in another tab, say): DRF refuses every
    // request that carries it, reads included. Forget it and ask again as nobody.
    forgetLogin();
    return api.request({ ...config, retried: true });
  }
  return Promise.reject(error);
});

// The app's calls: the answer's body, or an ApiError (errors.js) that says what went wrong.
export async function request(method, path, data, params) {
  try {
    const response = await api.request({ method, url: path, data, params });
    return response.status === 204 ? null : response.data;
  } catch (error) {
    throw await toApiError(error);
  }
}
