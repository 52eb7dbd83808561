// Sign up, log in, log out and who is logged in: login.js (shared with the static client)
// sending through this app's axios instance. The Pinia store (client/src/stores/auth.js) calls these.

import { loginCalls } from "@/login.js";

import { request } from "./index.js";

export const { currentUser, logIn, logOut, refreshCsrfToken, signUp } = loginCalls(request);
