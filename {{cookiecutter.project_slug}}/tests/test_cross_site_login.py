"""A session login from a page on another site than the API, in a real Chromium, beside
corscheck's verdict on it: localhost and 127.0.0.1 are different sites, so the browser keeps none
of the API's cookies there. The login answers 204 and every request after it is anonymous."""

import io

import pytest
from browser_support import PASSWORD, ProbeServer
from django.core.management import call_command

pytestmark = pytest.mark.browser

# What a page's code does: the CSRF token, the login, then who the API says is logged in.
LOG_IN = """async ({api, username, password}) => {
    const call = (method, path, body, token) => fetch(api + path, {
        method,
        credentials: "include",
        headers: {"Content-Type": "application/json", ...(token ? {"X-CSRFToken": token} : {})},
        body: body && JSON.stringify(body),
    });
    const {csrfToken} = await (await call("GET", "/api/auth/csrf/")).json();
    const login = await call("POST", "/api/auth/login/", {username, password}, csrfToken);
    const user = await call("GET", "/api/auth/user/");
    return [login.status, user.status];
}"""


def corscheck(*args):
    out = io.StringIO()
    try:
        call_command("corscheck", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.parametrize(
    ("page_host", "user_status", "verdict"),
    [("127.0.0.1", 200, 0), ("localhost", 403, 1)],
)
def test_a_session_login_holds_only_on_the_apis_site_as_corscheck_says(
    page,
    live_server,
    settings,
    apply_environment,
    django_user_model,
    page_host,
    user_status,
    verdict,
):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    api = live_server.url.replace("://localhost:", "://127.0.0.1:")
    django_user_model.objects.create_user("bob", password=PASSWORD)
    with ProbeServer() as probe:
        # Chromium finds the IPv4-only server under localhost too, after trying ::1.
        origin = probe.origin.replace("127.0.0.1", page_host)
        apply_environment(CORS_ALLOW_ALL_ORIGINS="False", CORS_ALLOWED_ORIGINS=origin)
        page.goto(f"{origin}/")
        login, user = page.evaluate(LOG_IN, {"api": api, "username": "bob", "password": PASSWORD})

    status, output = corscheck(origin, "--credentials", "--api", api)

    assert (login, user) == (204, user_status)
    assert status == verdict, output
    if verdict:
        assert f"the page and the API ({api}) are different sites" in output
