"""`manage.py wait_for_db [--migrated] [--timeout SECONDS]`: return once the database answers.

A container's start-up order is no promise that its database is ready (and podman-compose
ignores compose's health conditions), so the app waits for it itself: one line per try, and
exit 1 with the last error once the time is up. With --migrated it also waits until every
migration is applied, so replicas serve only after the one `migrate` has finished.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Wait until the database answers (and, with --migrated, has every migration)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=60, help="seconds (default 60)")
        parser.add_argument(
            "--migrated", action="store_true", help="also wait until no migration is unapplied"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, timeout, migrated, database, **options):
        connection = connections[database]
        deadline = time.monotonic() + timeout
        attempt = 0
        while True:
            attempt += 1
            try:
                connection.ensure_connection()
                waiting_for = self.unapplied(connection) if migrated else []
            except DatabaseError as error:
                reason = f"the database does not answer ({str(error).strip() or type(error)})"
                connection.close()
            else:
                if not waiting_for:
                    self.stdout.write(f"The database is ready (try {attempt}).")
                    return
                reason = f"migrations not applied yet: {len(waiting_for)} ({waiting_for[0]} ...)"
            if time.monotonic() >= deadline:
                raise CommandError(f"Gave up after {timeout:g} s: {reason}")
            self.stderr.write(f"Waiting for the database (try {attempt}): {reason}")
            time.sleep(1)

    @staticmethod
    def unapplied(connection) -> list[str]:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
