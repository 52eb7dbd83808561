"""The cache backend for CACHE_URL=redis://...: Django's own, that keeps counting while Redis
does not answer.

The API's limits (api/throttling.py), the login guard (django-axes, accounts/login_guard.py) and
allauth's sign-up limits all count in the cache. Without this, a Redis that is down or
unreachable makes each of those requests a 500. Here a failed call to Redis is answered from this
process's memory instead (a LocMemCache): the limits still hold, per process, until Redis
answers again. Redis is asked again RETRY_SECONDS after a failure, so an outage costs no wait per
request. The outage is logged at most once a minute per process, and /api/health/ reports it
(api/health.py) so that a load balancer stops sending traffic here.
"""

import logging
import time

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60
# Redis that does not answer within this many seconds counts as down (redis-py waits forever).
SOCKET_TIMEOUT_SECONDS = 1


class RedisCache(django_redis.RedisCache):
    # Per process, shared by every thread's backend: when to ask Redis again, when it was logged.
    outage = {"retry_at": 0.0, "logged_at": float("-inf")}

    def __init__(self, server, params):
        options = {
            "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS,
            "socket_timeout": SOCKET_TIMEOUT_SECONDS,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        # LocMemCache instances of one name share their memory: every thread counts together.
        self.local = LocMemCache("redis-fallback", params)

    def check(self) -> None:
        """A round trip to Redis itself; raises RedisError when it does not answer."""
        self._cache.get_client().ping()

    def _either(self, name, *args, **kwargs):
        outage = self.outage
        if time.monotonic() >= outage["retry_at"]:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                note_outage(outage, error)
            else:
                if outage["retry_at"]:
                    outage["retry_at"] = 0.0
                    logger.warning("The cache (CACHE_URL) answers again.")
                return result
        return getattr(self.local, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._either("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._either("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._either("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._either("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._either("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._either("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._either("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._either("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._either("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._either("delete_many", *args, **kwargs)

    def clear(self):
        return self._either("clear")


def note_outage(outage: dict, error: RedisError) -> None:
    now = time.monotonic()
    outage["retry_at"] = now + RETRY_SECONDS
    if now - outage["logged_at"] >= LOG_EVERY_SECONDS:
        outage["logged_at"] = now
        logger.error(
            "The cache (CACHE_URL) does not answer, so limits are counted in this process's "
            "memory until it does: %s",
            error,
        )
