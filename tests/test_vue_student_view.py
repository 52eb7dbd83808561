"""A view the course's way, added to a client=vue bake as a student adds one: a file in
src/views/ and a route in src/router/index.js, importing the login store as `@/stores/auth`, the
app's axios instance as `@/api` and the error helper as `@/messages`. `npm run build` makes it,
and in Chromium its own axios and fetch calls' failures read as sentences: a 400 with each
field's message, a 401, and, opened on an origin the API does not allow, a CORS block that
names the origin to allow."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess

import pytest
from conftest import skip_unless_ci
from frontend_servers import api_dev_server, browser_support, running

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("vue-student-view")]

STUDENT_VIEW = """\
<script setup>
import { onMounted, ref } from "vue";

import { api } from "@/api";
import { API_BASE_URL } from "@/config";
import { messageOf } from "@/messages";
import { useAuthStore } from "@/stores/auth";

const auth = useAuthStore();
const axiosMessage = ref("");
const fetchMessage = ref("");

onMounted(async () => {
  try {
    await api.post("/api/auth/registration/", { username: "", password1: "", password2: "" });
  } catch (error) {
    axiosMessage.value = await messageOf(error);
  }
  const url = `${API_BASE_URL}/api/posts/`;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ title: "mine" }),
    });
    if (!response.ok) throw response;
  } catch (error) {
    fetchMessage.value = await messageOf(error, { method: "POST", url });
  }
});
</script>

<template>
  <h2>My view</h2>
  <p id="who">{{ auth.isLoggedIn ? auth.user.username : "nobody" }}</p>
  <p id="axios-message">{{ axiosMessage }}</p>
  <p id="fetch-message">{{ fetchMessage }}</p>
</template>
"""
STUDENT_ROUTE = '  { path: "/mine", component: () => import("@/views/MyView.vue") },\n'


@pytest.fixture(scope="module")
def student_client(bake, tmp_path_factory):
    """The bake's client/ with the student's view and route, its packages installed."""
    if shutil.which("npm") is None:
        skip_unless_ci("the Vue student-view test", "npm is not installed (Node.js 20 brings it)")
    project = bake(client="vue")
    client = tmp_path_factory.mktemp("student") / "client"
    shutil.copytree(project / "client", client, ignore=shutil.ignore_patterns("node_modules"))
    (client / "src" / "views" / "MyView.vue").write_text(STUDENT_VIEW)
    router = client / "src" / "router" / "index.js"
    source = router.read_text()
    assert "const routes = [\n" in source
    router.write_text(source.replace("const routes = [\n", "const routes = [\n" + STUDENT_ROUTE))
    npm = shutil.which("npm")
    install = [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(install, cwd=client, check=True, capture_output=True)  # noqa: S603
    return project, client


def test_a_students_view_builds_with_the_at_alias(student_client):
    _, client = student_client
    built = subprocess.run(  # noqa: S603
        [shutil.which("npm"), "run", "build"], cwd=client, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr
    bundle = "".join(path.read_text() for path in (client / "dist" / "assets").glob("*.js"))
    assert "axios-message" in bundle  # the student's view is in the build


def test_a_students_calls_fail_in_sentences_and_a_cors_block_names_the_origin(
    student_client, generated_python, tmp_path
):
    project, client = student_client
    support = browser_support(project)
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        skip_unless_ci("the Vue student-view test", "Playwright is not installed")
    api_port, vite_port = support.free_port(), support.free_port()
    allowed = f"http://localhost:{vite_port}"
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CORS_ALLOWED_ORIGINS": allowed}
    with contextlib.ExitStack() as stack:
        api = stack.enter_context(
            api_dev_server(project, generated_python, api_port, env, tmp_path / "api.log")
        )
        vite = [str(client / "node_modules" / ".bin" / "vite"), "--host", "127.0.0.1"]
        vite += ["--port", str(vite_port), "--strictPort"]
        vite_env = {**os.environ, "VITE_API_URL": api, "BROWSER": "none"}
        stack.enter_context(
            running(
                vite,
                cwd=client,
                env=vite_env,
                url=f"http://127.0.0.1:{vite_port}/",
                log=tmp_path / "vite.log",
            )
        )
        playwright = stack.enter_context(sync_playwright())
        browser = support.launch_chromium(playwright)
        stack.callback(browser.close)
        expect.set_options(timeout=20_000)  # Vite compiles each module on its first request
        page = browser.new_page()

        page.goto(f"{allowed}/mine")
        expect(page.locator("#who")).to_have_text("nobody")
        axios_message = page.locator("#axios-message")
        expect(axios_message).to_contain_text("The API refused what was sent: ")
        for field in ("username", "password1", "password2"):  # each field's message
            expect(axios_message).to_contain_text(f"{field}: This field may not be blank.")
        expect(page.locator("#fetch-message")).to_have_text(
            "You are not logged in (or your login has ended): log in, then try again."
        )

        # The same page on 127.0.0.1: another origin, which the API does not allow.
        blocked = f"http://127.0.0.1:{vite_port}"
        page.goto(f"{blocked}/mine")
        expect(page.locator("#axios-message")).to_have_text(
            f"The browser blocked the API's answer to POST {api}/api/auth/registration/ (CORS): "
            f"add {blocked} to CORS_ALLOWED_ORIGINS in the API's .env and restart the API."
        )
        expect(page.locator("#fetch-message")).to_contain_text(
            f"(CORS): add {blocked} to CORS_ALLOWED_ORIGINS"
        )
