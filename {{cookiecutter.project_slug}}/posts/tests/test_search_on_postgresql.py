"""?search= on PostgreSQL: the query reads the trigram indexes (posts/migrations/0002), not every
post, and only a few searches run at once (api/search_slots.py), so slow ones cannot take every
worker while a plain GET waits."""

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.tests.error_shape import error_codes
from posts.models import Post

pytestmark = pytest.mark.django_db

LIST_URL = "/api/posts/"


def plan(sql: str) -> str:
    """PostgreSQL's plan for the query with sequential scans priced out: on a handful of rows
    the planner would read the table anyway, so this asks whether an index can answer at all."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def trigram_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [Post._meta.db_table, "%gin_trgm_ops%"],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_search_reads_trigram_indexes_of_title_and_content(api_client):
    Post.objects.create(title="Found", content="a zzzzq in the text")
    Post.objects.create(title="Other", content="nothing")

    with CaptureQueriesContext(connection) as queries:
        response = api_client.get(LIST_URL, {"search": "zzzzq"})

    assert [post["title"] for post in response.json()["results"]] == ["Found"]
    searches = [query["sql"] for query in queries if "LIKE" in query["sql"]]
    assert searches, [query["sql"] for query in queries]
    for sql in searches:  # as sent, the words in place
        explained = plan(sql)
        assert "Seq Scan" not in explained, explained
        used = {name for name in trigram_indexes() if name in explained}
        assert len(used) == 2, explained  # one for the title, one for the content


@pytest.fixture
def slots(monkeypatch):
    """The slot cap set to 2, and hold(n): n other database sessions each holding one slot, as
    running searches do."""
    from api.search_slots import SearchSlots

    monkeypatch.setattr(SearchSlots, "search_slots", 2)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    holders = []

    def hold(count: int) -> None:
        for slot in range(count):
            holder = psycopg.connect(**params, autocommit=True)
            holder.execute("SELECT pg_advisory_lock(%s, %s)", [SearchSlots.SLOT_LOCK_KEY, slot])
            holders.append(holder)

    yield hold
    for holder in holders:
        holder.close()


def held_by_this_session() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def test_a_search_beyond_the_slots_is_a_503_while_a_plain_get_answers(api_client, slots):
    Post.objects.create(title="Hello", content="world")
    slots(2)

    refused = api_client.get(LIST_URL, {"search": "hello"})
    plain = api_client.get(LIST_URL)

    assert error_codes(refused, 503) == [(None, "search_busy")]
    assert int(refused["Retry-After"]) > 0
    assert plain.status_code == 200
    assert plain.json()["count"] == 1


def test_a_search_frees_its_slot_when_it_answers(api_client, slots):
    Post.objects.create(title="Hello", content="world")
    slots(1)  # one slot left

    answers = [api_client.get(LIST_URL, {"search": "hello"}) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert [answer.json()["count"] for answer in answers] == [1, 1, 1]
    assert held_by_this_session() == 0
