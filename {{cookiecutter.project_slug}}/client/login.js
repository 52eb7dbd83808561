{#- One file for both clients: with client=vue, hooks/post_gen_project.py moves it into the
    Vue app (client/src/), where the Pinia store (src/stores/auth.js) uses it. #}
// Logging in, the same for every client of this API: where the key is kept (auth=token), the
// CSRF token (auth=session), the headers a request needs, and the calls that sign up, log in,
// log out and ask who is logged in. The client brings its own way of sending a request.

import { AUTH } from "./config.js";
import { ApiError } from "./errors.js";

// auth=token: the key from logging in, kept in localStorage, so a reload and other tabs stay
// logged in until "Log out" (or the API forgets the key). Any script running on this page
// could read it: the page must never turn text it did not write into HTML (see README).
const TOKEN_KEY = "authToken";
// auth=session: the CSRF token that goes with every unsafe request as X-CSRFToken, asked for
// when the page starts (a reload forgets it) and after logging in. GET /api/auth/csrf/ hands it
// over in JSON, which works from any allowed origin; only a page on the API's own host name
// (localhost, whatever the port) could read the csrftoken cookie instead.
let csrfToken = null;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export const storedToken = () => (AUTH === "token" ? localStorage.getItem(TOKEN_KEY) : null);

// The login is over (logged out, or a key the API no longer knows): the page hears of it.
export function forgetLogin() {
  if (AUTH === "token" && storedToken() !== null) {
    localStorage.removeItem(TOKEN_KEY);
    window.dispatchEvent(new Event("loginended"));
  }
}

// The headers that say who sends a request: Authorization is no CORS-safelisted header, so
// with a key every request is preflighted.
export function authHeaders(method) {
  const headers = {};
  const token = storedToken();
  if (token !== null) {
    headers.Authorization = `Token ${token}`;
  }
  if (AUTH === "session" && UNSAFE.has(method.toUpperCase()) && csrfToken !== null) {
    headers["X-CSRFToken"] = csrfToken;
  }
  return headers;
}

// send(method, path, body) is the client's own request (fetch or axios): it resolves to the
// answer's JSON body and throws an ApiError when the request fails.
export function loginCalls(send) {
  async function refreshCsrfToken() {
    csrfToken = (await send("GET", "/api/auth/csrf/")).csrfToken;
  }

  // Django gives a session a new CSRF token whenever someone logs in: ask again afterwards.
  async function loggedIn(data) {
    if (AUTH === "token") {
      localStorage.setItem(TOKEN_KEY, data.key);
    } else {
      await refreshCsrfToken();
    }
  }

  return {
    refreshCsrfToken,

    async signUp(username, password1, password2) {
      const body = { username, password1, password2 };
      await loggedIn(await send("POST", "/api/auth/registration/", body));
    },

    async logIn(username, password) {
      await loggedIn(await send("POST", "/api/auth/login/", { username, password }));
    },

    async logOut() {
      try {
        await send("POST", "/api/auth/logout/", {});
      } finally {
        forgetLogin();
      }
    },

    // The logged-in user ({ username, ... }), or null when the API says nobody is.
    async currentUser() {
      if (AUTH === "none" || (AUTH === "token" && storedToken() === null)) {
        return null;
      }
      try {
        return await send("GET", "/api/auth/user/");
      } catch (error) {
        if (error instanceof ApiError && error.kind === "http" && [401, 403].includes(error.status)) {
          forgetLogin(); // a key the API no longer knows, e.g. after logging out elsewhere
          return null;
        }
        throw error;
      }
    },
  };
}
