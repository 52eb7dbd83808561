"""On PostgreSQL, trigram indexes for ?search= (PostViewSet.search_fields): DRF's search asks
`UPPER(column::text) LIKE UPPER('%word%')` for every word, which without an index reads every
post in full, seconds on a large table. A GIN index of pg_trgm over that same expression answers
it for any word of three or more letters. pg_trgm is a trusted extension (PostgreSQL 13+): the
database's owner may create it, no superuser needed. SQLite keeps its plain table: nothing here
runs there (and the model's state is untouched, so `makemigrations --check` stays clean)."""

from django.db import migrations

SEARCHED = ["title", "content"]  # PostViewSet.search_fields


def index_name(column: str) -> str:
    return f"posts_post_{column}_search_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Indexing a large table outlasts DATABASE_STATEMENT_TIMEOUT_MS, which is for the API's
    # queries: lift it for this migration's transaction only.
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    table = apps.get_model("posts", "Post")._meta.db_table
    for column in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(column)} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(column)}")


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
