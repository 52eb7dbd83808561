"""posts.W001: an API anyone may write to, in production, is a warning of `check --deploy` until
OPEN_API_IN_PRODUCTION=True says it is meant."""

from posts.checks import check_writes_need_a_login
{%- if cookiecutter.auth == "none" %}


def test_open_api_in_production_warns_until_confirmed(deploy_check):
    unconfirmed = deploy_check(OPEN_API_IN_PRODUCTION="False")
    confirmed = deploy_check(OPEN_API_IN_PRODUCTION="True")

    assert not unconfirmed[0]
    assert "posts.W001" in unconfirmed[1]
    assert "Anyone may create, change and delete posts" in unconfirmed[1]
    assert confirmed[0], confirmed[1]


def test_open_api_check(settings):
    settings.OPEN_API_IN_PRODUCTION = False
    assert [warning.id for warning in check_writes_need_a_login(None)] == ["posts.W001"]

    settings.OPEN_API_IN_PRODUCTION = True
    assert check_writes_need_a_login(None) == []
{%- else %}


def test_writes_need_a_login_so_no_open_api_warning(settings):
    settings.OPEN_API_IN_PRODUCTION = False

    assert check_writes_need_a_login(None) == []
{%- endif %}
