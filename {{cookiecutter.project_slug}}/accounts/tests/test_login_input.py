"""A login whose username no account can hold (a NUL, which PostgreSQL refuses; a lone
surrogate, which no encoding writes) is a 400 from the login's own validation, never a 500 from
the login guard in front of it (accounts/login_guard.py)."""

import pytest
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.html import escape

pytestmark = pytest.mark.django_db
{%- if cookiecutter.auth != "none" %}


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("\ud800x", "surrogate_characters_not_allowed"),
        ("\udfff", "surrogate_characters_not_allowed"),
        ("al\x00ice", "null_characters_not_allowed"),
    ],
)
def test_the_api_login_answers_a_400(client, username, code):
    # Imported here, in auth bakes' only test that uses them: no import of them above.
    import json

    from api.tests.error_shape import error_codes

    # As a browser sends it: JSON escapes a lone surrogate as \ud800.
    body = json.dumps({"username": username, "password": "y"})

    response = client.post("/api/auth/login/", body, content_type="application/json")

    assert error_codes(response, 400) == [("username", code)]
{%- endif %}


def test_the_admin_login_form_answers_with_its_error(client):
    response = client.post("/admin/login/", {"username": "al\x00ice", "password": "y"})

    assert response.status_code == 200
    # In the project's language (LANGUAGE_CODE), as the admin shows it.
    assert escape(str(ProhibitNullCharactersValidator.message)) in response.content.decode()
