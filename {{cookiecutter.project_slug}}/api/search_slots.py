"""At most SearchSlots.search_slots searches at once on PostgreSQL, counted across every worker
and server that shares the database. A word the trigram indexes (posts/migrations/0002) help
little with, shorter than three letters or found in nearly every post, still reads every post:
seconds on a large table. Without a cap a few clients asking such searches take every worker,
and a plain GET waits behind them; with it, a search beyond the cap is a 503 with Retry-After at
once, and the other workers stay free.

A slot is a PostgreSQL advisory lock, held by the search's database session for the request
and released after it; a worker that dies frees its slot with its connection. On SQLite
(DATABASE_URL=sqlite://...) there is no cap."""

from django.db import DatabaseError, connection

from config.env import env

from .exceptions import ServiceUnavailable


class SearchBusy(ServiceUnavailable):
    """Logged and answered as the database's other 503s are, Retry-After included."""

    default_detail = "Too many searches are running. Try again in a few seconds."
    default_code = "search_busy"


class SearchSlots:
    """A mixin for a view whose list has a SearchFilter: a list with ?search= words holds one of
    search_slots slots while it runs, or is a 503 when all are taken."""

    # How many searches may run at once (API_SEARCH_SLOTS): each can keep a worker and one of
    # the database's cores busy for up to DATABASE_STATEMENT_TIMEOUT_MS.
    search_slots = env.int("API_SEARCH_SLOTS", default=2)
    # The first key of the advisory locks (the second is the slot's number): a number of its
    # own, so that no other user of advisory locks in this database takes these.
    SLOT_LOCK_KEY = 0x5EA4C4

    def list(self, request, *args, **kwargs):
        if not self.is_search(request) or connection.vendor != "postgresql":
            return super().list(request, *args, **kwargs)
        slot = self.take_search_slot()
        if slot is None:
            raise SearchBusy()
        try:
            return super().list(request, *args, **kwargs)
        finally:
            self.free_search_slot(slot)

    def is_search(self, request) -> bool:
        params = [getattr(backend, "search_param", None) for backend in self.filter_backends]
        return any(request.query_params.get(param, "").strip() for param in params if param)

    def take_search_slot(self) -> int | None:
        """The number of a free slot, now held by this database session; None if all are taken."""
        with connection.cursor() as cursor:
            for slot in range(self.search_slots):
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [self.SLOT_LOCK_KEY, slot])
                if cursor.fetchone()[0]:
                    return slot
        return None

    def free_search_slot(self, slot: int) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [self.SLOT_LOCK_KEY, slot])
        except DatabaseError:
            # A session that cannot unlock (lost, or in a failed transaction) is closed, which
            # frees the slot too; the search's own error is the one the client hears.
            connection.close()
