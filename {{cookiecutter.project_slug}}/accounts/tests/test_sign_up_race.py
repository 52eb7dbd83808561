"""Eight sign-ups for one name at once, through a real server (one thread and one database
connection each) on PostgreSQL: one account, and every loser a 400 with the code a slower
second sign-up gets, `username_taken`, never a 500. (SQLite's in-memory test database locks
whole tables between threads: a PostgreSQL bake's test.)"""

import threading

import pytest
import requests

from accounts.models import User

SIGN_UPS = 8
SIGNED_UP = {% if cookiecutter.auth == "token" %}201{% else %}204{% endif %}  # the winner's answer
PASSWORD = "a long pass phrase 1"


def sign_up(url, body, start):
    start.wait()
    response = requests.post(f"{url}/api/auth/registration/", json=body, timeout=30)
    return response.status_code, response.json() if response.content else None


@pytest.mark.parametrize(
    "names",
    [
        ["racer"] * SIGN_UPS,
        # Spellings of one name in the canonical form (accounts/names.py).
        ["Straße", "STRASSE", "strasse", "STRAßE", "Strasse", "straSSe", "strasSE"]
        + ["ＳＴＲＡＳＳＥ"],  # fullwidth letters
    ],
    ids=["one-spelling", "many-spellings"],
)
def test_one_account_and_every_loser_a_400_username_taken(live_server, throttle_rates, names):
    throttle_rates(anonymous_write=None)
    start = threading.Barrier(SIGN_UPS)
    results = [None] * SIGN_UPS

    def run(index):
        body = {"username": names[index], "password1": PASSWORD, "password2": PASSWORD}
        results[index] = sign_up(live_server.url, body, start)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(SIGN_UPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(status for status, _ in results)
    assert statuses == sorted([SIGNED_UP] + [400] * (SIGN_UPS - 1)), results
    for status, body in results:
        if status == 400:
            errors = body["errors"]
            assert [(error["attr"], error["code"]) for error in errors] == [
                ("username", "username_taken")
            ], body
    assert User.objects.count() == 1
