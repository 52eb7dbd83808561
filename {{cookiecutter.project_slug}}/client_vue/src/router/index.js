// The pages: each URL and its view. A page that writes needs a login (meta.login): the guard
// sends nobody to the login page first, and back after logging in (?next=).

import { START_LOCATION, createRouter, createWebHistory } from "vue-router";

import { AUTH } from "@/config.js";
import { useAuthStore } from "@/stores/auth.js";
import { useProblemStore } from "@/stores/problem.js";
import PostDetailView from "@/views/PostDetailView.vue";
import PostFormView from "@/views/PostFormView.vue";
import PostListView from "@/views/PostListView.vue";

const routes = [
  { path: "/", name: "posts", component: PostListView },
  { path: "/posts/new", name: "new-post", component: PostFormView, meta: { login: true } },
  { path: "/posts/:id", name: "post", component: PostDetailView, props: true },
  {
    path: "/posts/:id/edit",
    name: "edit-post",
    component: PostFormView,
    props: true,
    meta: { login: true },
  },
  // Loaded when first visited: a page of its own in the build.
  { path: "/login", name: "login", component: () => import("@/views/LogInView.vue") },
  { path: "/signup", name: "signup", component: () => import("@/views/SignUpView.vue") },
  { path: "/:unknown(.*)*", redirect: { name: "posts" } },
];

const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });

router.beforeEach(async (to, from) => {
  const auth = useAuthStore();
  await auth.start();
  const problem = useProblemStore();
  problem.clear(); // a new page: the last one's problem is over
  if (from === START_LOCATION && auth.startProblem) await problem.show(auth.startProblem);
  if (AUTH !== "none" && to.meta.login && !auth.isLoggedIn) {
    return { name: "login", query: { next: to.fullPath } };
  }
  return true;
});

export default router;
