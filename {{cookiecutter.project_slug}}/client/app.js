// The page: lists posts, and creates, edits and deletes them through the API; with a login
// (AUTH in config.js), it also signs up, logs in and out, and says who is logged in.
// Text from the API or the user only ever reaches the page through textContent and
// attributes, never as HTML, so a post titled "<script>" is shown, not run.

import {
  ApiError,
  createPost,
  currentUser,
  deletePost,
  listPosts,
  logIn,
  logOut,
  refreshCsrfToken,
  signUp,
  updatePost,
} from "./api.js";
import { API_BASE_URL, AUTH, PROJECT_NAME } from "./config.js";
import { describeProblem, messageOf } from "./messages.js";

const $ = (selector) => document.querySelector(selector);

const els = {
  problem: $("#problem"),
  announcer: $("#announcer"),
  form: $("#post-form"),
  formHeading: $("#form-heading"),
  title: $("#title"),
  content: $("#content"),
  formError: $("#form-error"),
  submit: $("#submit-button"),
  cancel: $("#cancel-edit"),
  list: $("#post-list"),
  listStatus: $("#posts-status"),
  refresh: $("#refresh"),
  pager: $("#pager"),
  newer: $("#newer"),
  older: $("#older"),
  pageStatus: $("#page-status"),
  template: $("#post-template"),
  account: $("#account"),
  loggedIn: $("#logged-in"),
  loggedOut: $("#logged-out"),
  whoami: $("#whoami"),
  logOut: $("#log-out"),
  loginForm: $("#login-form"),
  loginError: $("#login-error"),
  signupForm: $("#signup-form"),
  signupError: $("#signup-error"),
};

const fieldInputs = { title: els.title, content: els.content };

// The post being edited, or null while the form creates a new one.
let editing = null;
// The page of posts shown: the API answers a page at a time, page 1 the newest.
let page = 1;

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function start() {
  document.title = `${PROJECT_NAME}: posts`;
  $("#project-name").textContent = PROJECT_NAME;
  $("#page-origin").textContent = window.location.origin;
  $("#api-base").textContent = API_BASE_URL;
  $("#script-check").remove(); // the scripts loaded: drop the "serve this folder" hint

  els.form.addEventListener("submit", onSubmit);
  els.cancel.addEventListener("click", () => setEditing(null));
  els.refresh.addEventListener("click", () => loadPosts());
  els.newer.addEventListener("click", () => loadPosts(page - 1));
  els.older.addEventListener("click", () => loadPosts(page + 1));
  if (AUTH !== "none") {
    startAccount();
  }
  loadPosts();
}

// --- Logging in ---------------------------------------------------------------------------

async function startAccount() {
  els.account.hidden = false;
  els.loginForm.addEventListener("submit", (event) =>
    onAuthForm(event, els.loginForm, els.loginError, () =>
      logIn(els.loginForm.username.value, els.loginForm.password.value),
    ),
  );
  els.signupForm.addEventListener("submit", (event) =>
    onAuthForm(event, els.signupForm, els.signupError, () =>
      signUp(
        els.signupForm.username.value,
        els.signupForm.password1.value,
        els.signupForm.password2.value,
      ),
    ),
  );
  els.logOut.addEventListener("click", onLogOut);
  window.addEventListener("loginended", () => showUser(null));
  try {
    if (AUTH === "session") {
      await refreshCsrfToken(); // sets the csrftoken cookie too
    }
    showUser(await currentUser());
  } catch (error) {
    showUser(null);
    showProblem(error);
  }
}

function showUser(user) {
  els.whoami.textContent = user ? user.username : "";
  els.loggedIn.hidden = !user;
  els.loggedOut.hidden = Boolean(user);
}

async function onAuthForm(event, form, errorElement, send) {
  event.preventDefault();
  errorElement.textContent = "";
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await send();
    form.reset();
    clearProblem();
    showUser(await currentUser());
    announce(`Logged in as ${els.whoami.textContent}.`);
    await loadPosts();
  } catch (error) {
    if (!(error instanceof ApiError)) {
      throw error;
    }
    // One sentence under the form (messageOf): a 400 names each field's message; anything else
    // is explained at length at the top of the page too.
    if (error.kind === "http" && error.status === 400 && error.errors.length) {
      errorElement.textContent = await messageOf(error);
    } else {
      showProblem(error);
      errorElement.textContent = `Not logged in. ${await messageOf(error)}`;
    }
  } finally {
    button.disabled = false;
  }
}

async function onLogOut() {
  try {
    await logOut();
  } catch (error) {
    showProblem(error);
  }
  showUser(await currentUser().catch(() => null));
  setEditing(null);
  announce("Logged out.");
}

// --- Posts --------------------------------------------------------------------------------

async function loadPosts(wanted = page) {
  els.list.setAttribute("aria-busy", "true");
  els.refresh.disabled = true;
  els.listStatus.textContent = "Loading posts…";
  try {
    let posts;
    try {
      posts = await listPosts(wanted);
    } catch (error) {
      // Past the last page (its last post deleted, say): the API answers 404. Show page 1.
      if (!(isNotFound(error) && wanted > 1)) {
        throw error;
      }
      wanted = 1;
      posts = await listPosts(wanted);
    }
    page = wanted;
    clearProblem();
    renderPosts(posts);
  } catch (error) {
    els.listStatus.textContent = "Posts could not be loaded.";
    showProblem(error);
  } finally {
    els.list.removeAttribute("aria-busy");
    els.refresh.disabled = false;
  }
}

function renderPosts({ count, next, previous, results }) {
  els.list.replaceChildren(...results.map(postItem));
  els.listStatus.textContent =
    count === 0
      ? "No posts yet. Write the first one with the form above."
      : `${count} ${count === 1 ? "post" : "posts"}, newest first.`;
  els.pager.hidden = !next && !previous;
  els.newer.disabled = !previous;
  els.older.disabled = !next;
  els.pageStatus.textContent = `Page ${page}`;
}

function postItem(post) {
  const item = els.template.content.firstElementChild.cloneNode(true);
  item.dataset.postId = post.id;
  item.querySelector(".post-title").textContent = post.title;
  item.querySelector(".post-content").textContent = post.content;
  if (AUTH !== "none") {
    item.querySelector(".post-author").textContent = `by ${post.author ?? "nobody"} · `;
  }

  const time = item.querySelector("time");
  time.dateTime = post.created_at;
  time.textContent = formatDate(post.created_at);
  // created_at and updated_at of a new post differ by microseconds: that is no edit.
  if (Date.parse(post.updated_at) - Date.parse(post.created_at) > 1000) {
    item.querySelector(".post-edited").textContent = ` · edited ${formatDate(post.updated_at)}`;
  }

  // Every post has "Edit" and "Delete" buttons: name the post for screen reader users.
  for (const span of item.querySelectorAll(".post-name")) {
    span.textContent = `: ${post.title}`;
  }
  const deleteButton = item.querySelector(".delete");
  item.querySelector(".edit").addEventListener("click", () => setEditing(post));
  deleteButton.addEventListener("click", () => onDelete(post, deleteButton));
  return item;
}

function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

function setEditing(post) {
  editing = post;
  clearFormErrors();
  els.title.value = post ? post.title : "";
  els.content.value = post ? post.content : "";
  els.formHeading.textContent = post ? "Edit post" : "New post";
  els.submit.textContent = post ? "Save changes" : "Create post";
  els.cancel.hidden = !post;
  if (post) {
    els.form.scrollIntoView({ block: "nearest" });
    els.title.focus();
  }
}

async function onSubmit(event) {
  event.preventDefault();
  clearFormErrors();
  const post = { title: els.title.value, content: els.content.value };
  const label = els.submit.textContent;
  els.submit.disabled = true;
  els.submit.textContent = "Saving…";
  try {
    if (editing) {
      await updatePost(editing.id, post);
      announce("Post updated.");
    } else {
      await createPost(post);
      announce("Post created.");
      page = 1; // newest first: the new post is on page 1
    }
    setEditing(null);
    await loadPosts();
  } catch (error) {
    if (isNotFound(error)) {
      await loadPosts(); // the post was deleted meanwhile: show the list as it is now
    }
    await showFormError(error);
  } finally {
    els.submit.disabled = false;
    if (els.submit.textContent === "Saving…") {
      els.submit.textContent = label;
    }
  }
}

async function onDelete(post, button) {
  if (!window.confirm(`Delete the post "${post.title}"?`)) {
    return;
  }
  button.disabled = true;
  try {
    await deletePost(post.id);
    if (editing && editing.id === post.id) {
      setEditing(null);
    }
    announce("Post deleted.");
    await loadPosts();
    // The focused button is gone with its post: keep keyboard users in the list.
    $("#posts-heading").focus();
  } catch (error) {
    button.disabled = false;
    if (isNotFound(error)) {
      await loadPosts();
    }
    showProblem(error);
  }
}

function isNotFound(error) {
  return error instanceof ApiError && error.kind === "http" && error.status === 404;
}

// The API answers a rejected form with 400 and errors [{"attr": "title", "detail": ...}, ...]:
// put each message under its field; anything else (non_field_errors, ...) goes above the buttons.
async function showFormError(error) {
  if (!(error instanceof ApiError)) {
    throw error;
  }
  if (error.kind !== "http" || error.status !== 400 || !error.errors.length) {
    showProblem(error);
    els.formError.textContent = `Not saved. ${await messageOf(error)}`;
    return;
  }
  const byField = new Map();
  const other = [];
  for (const { attr, detail } of error.errors) {
    if (Object.hasOwn(fieldInputs, attr)) {
      byField.set(attr, [...(byField.get(attr) || []), detail]);
    } else {
      other.push(detail);
    }
  }
  for (const [field, messages] of byField) {
    fieldInputs[field].setAttribute("aria-invalid", "true");
    showFieldError(field, messages.join(" "));
  }
  els.formError.textContent = other.length
    ? `Not saved: ${other.join(" ")}`
    : "Not saved: check the fields marked above.";
  const firstInvalid = els.form.querySelector('[aria-invalid="true"]');
  (firstInvalid || els.title).focus();
}

function clearFormErrors() {
  els.formError.textContent = "";
  for (const [field, input] of Object.entries(fieldInputs)) {
    input.removeAttribute("aria-invalid");
    showFieldError(field, "");
  }
}

// Field errors are tied to their input with aria-describedby, so they are read with it.
function showFieldError(field, text) {
  const element = document.getElementById(`${field}-error`);
  element.textContent = text;
  element.hidden = text === "";
}

function showProblem(error) {
  if (!(error instanceof ApiError)) {
    throw error;
  }
  const { title, blocks } = describeProblem(error);
  const heading = document.createElement("h2");
  heading.textContent = title;
  els.problem.replaceChildren(heading, ...blocks.map(renderBlock));
  els.problem.dataset.kind = error.kind;
}

function clearProblem() {
  els.problem.replaceChildren();
  delete els.problem.dataset.kind;
}

function renderBlock(block) {
  if (block.command !== undefined) {
    const pre = document.createElement("pre");
    const codeEl = document.createElement("code");
    codeEl.textContent = block.command;
    pre.append(codeEl);
    return pre;
  }
  const paragraph = document.createElement("p");
  for (const part of block.text) {
    if (typeof part === "string") {
      paragraph.append(part);
    } else {
      const codeEl = document.createElement("code");
      codeEl.textContent = part.code;
      paragraph.append(codeEl);
    }
  }
  return paragraph;
}

// A live region announces a change of its text; setting the same text twice says
// nothing, so clear it first and set the new text a moment later.
function announce(text) {
  els.announcer.textContent = "";
  setTimeout(() => {
    els.announcer.textContent = text;
  }, 100);
}

start();
