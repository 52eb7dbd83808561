// Who is logged in, for every view: `const auth = useAuthStore()`, then `auth.user`,
// `auth.isLoggedIn`, `await auth.logIn(name, password)`...
// auth=token: the key is kept in localStorage (login.js), so it outlives a reload; `token`
// here mirrors it. auth=session: the session cookie is the login (the page cannot read it), so
// after a reload `start()` asks the API who it is (GET /api/auth/user/) and fetches a CSRF token.

import { defineStore } from "pinia";
import { computed, ref } from "vue";

import * as calls from "@/api/auth.js";
import { AUTH } from "@/config.js";
import { storedToken } from "@/login.js";

export const useAuthStore = defineStore("auth", () => {
  const user = ref(null);
  const token = ref(storedToken());
  // Why the start failed (an ApiError: the API down, a CORS block...), or null.
  const startProblem = ref(null);
  let started = null;

  const isLoggedIn = computed(() => user.value !== null);

  async function loadUser() {
    user.value = await calls.currentUser();
    token.value = storedToken();
  }

  // Once, when the app starts (the router's guard waits for it): the CSRF token and the user.
  function start() {
    started ??= (async () => {
      if (AUTH === "none") return;
      try {
        if (AUTH === "session") await calls.refreshCsrfToken();
        await loadUser();
      } catch (error) {
        startProblem.value = error;
      }
    })();
    return started;
  }

  async function logIn(username, password) {
    await calls.logIn(username, password);
    await loadUser();
  }

  async function signUp(username, password1, password2) {
    await calls.signUp(username, password1, password2);
    await loadUser();
  }

  async function logOut() {
    try {
      await calls.logOut();
    } finally {
      user.value = null;
      token.value = null;
    }
  }

  // A key the API refused, or a log-out in login.js: nobody is logged in any more.
  window.addEventListener("loginended", () => {
    user.value = null;
    token.value = null;
  });

  return { user, token, startProblem, isLoggedIn, start, loadUser, logIn, signUp, logOut };
});
