// A front end as the course's students write one: axios, a Vite dev server on its own origin,
// the API's address from VITE_API_URL. The tests read what it shows and call window.frontend.
import axios from "axios";

const baseURL = import.meta.env.VITE_API_URL;
// How the API wants us to log in: token (Authorization header), session (cookies + CSRF), none.
const auth = import.meta.env.VITE_AUTH || "none";
const api = axios.create({ baseURL, timeout: 5000, withCredentials: auth === "session" });
const state = { token: null, csrfToken: null, sendCsrf: true };

api.interceptors.request.use((config) => {
  if (state.token) config.headers.Authorization = `Token ${state.token}`;
  const unsafe = !["get", "head", "options"].includes(config.method);
  if (unsafe && state.csrfToken && state.sendCsrf) config.headers["X-CSRFToken"] = state.csrfToken;
  return config;
});

// A page on another origin cannot read the API's csrftoken cookie: the API hands it over as JSON.
async function refreshCsrf() {
  if (auth === "session") state.csrfToken = (await api.get("/api/auth/csrf/")).data.csrfToken;
}

async function signUp(username, password) {
  await refreshCsrf();
  const data = { username, password1: password, password2: password };
  const answer = await request("post", "/api/auth/registration/", { data });
  if (auth === "token" && answer.status === 201) state.token = answer.data.key;
  await refreshCsrf(); // logging in rotates the CSRF token
  return answer;
}

// Every request made the way a page does, answering with what the page can see of it.
async function request(method, path, { data, headers } = {}) {
  try {
    const response = await api.request({ method, url: path, data, headers });
    return { status: response.status, data: response.data };
  } catch (error) {
    // No response at all: the browser blocked it (CORS) or the API is down.
    if (!error.response) return { status: 0, error: error.message };
    return { status: error.response.status, data: error.response.data };
  }
}

// body goes as JSON; raw is sent as it is (with the Content-Type in headers), e.g. broken JSON.
async function fetchJson(method, path, { body, raw, headers } = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  if (raw !== undefined) {
    init.body = raw;
  }
  try {
    const response = await fetch(new URL(path, baseURL), init);
    const type = response.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await response.json() : await response.text();
    return { status: response.status, type, data };
  } catch (error) {
    return { status: 0, error: String(error) };
  }
}

window.frontend = { request, fetchJson, signUp, state };

const status = document.querySelector("#status");
const list = document.querySelector("#posts");
const shown = await request("get", "/api/posts/");
if (shown.status === 200) {
  const posts = Array.isArray(shown.data) ? shown.data : shown.data.results;
  for (const post of posts) {
    const item = document.createElement("li");
    item.textContent = post.title;
    list.append(item);
  }
  status.textContent = `${posts.length} posts`;
} else {
  status.textContent = `Failed: ${shown.error || shown.status}`;
}
