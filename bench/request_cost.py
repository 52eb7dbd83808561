"""Cost of CORS on a request, in-process through Django's WSGI handler (run inside a baked project).

    python request_cost.py ROUNDS BATCH   (cwd: the baked project, with its venv's Python)

Prints JSON: the median over rounds of paired ratios, each round timing BATCH requests through
the full middleware stack against the same stack without CorsMiddleware, in alternating order.
"""

import io
import json
import os
import statistics
import sys
import tempfile
import time

ROUNDS, BATCH = int(sys.argv[1]), int(sys.argv[2])
sys.path.insert(0, os.getcwd())  # the baked project, not this script's folder
DATABASE = os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DATABASE_URL=f"sqlite:///{DATABASE}",
    DJANGO_DEBUG="False",  # no query log; production-like
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402
from posts.models import Post  # noqa: E402

call_command("migrate", verbosity=0)
Post.objects.bulk_create(Post(title=f"Post {n}", content="Some text. " * 20) for n in range(20))

CORS = "corsheaders.middleware.CorsMiddleware"
ORIGIN = (list(settings.CORS_ALLOWED_ORIGINS) or ["http://localhost:3000"])[0]
with_cors = WSGIHandler()
with override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != CORS]):
    without_cors = WSGIHandler()


def environ(method, **headers):
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": "/api/posts/",
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "443",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost",
        "HTTP_ACCEPT": "application/json",
        "wsgi.url_scheme": "https",  # so production's SSL redirect does not answer instead
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }


def batch_seconds(handler, request):
    statuses = []
    start = time.perf_counter()
    for _ in range(BATCH):
        response = handler(request(), lambda status, headers: statuses.append(status))
        b"".join(response)
        response.close()
    elapsed = time.perf_counter() - start
    assert all(status.startswith("200") for status in statuses), set(statuses)
    return elapsed


def paired_ratio(handler_a, request_a, handler_b, request_b):
    ratios = []
    for round_number in range(ROUNDS):
        if round_number % 2:
            b = batch_seconds(handler_b, request_b)
            a = batch_seconds(handler_a, request_a)
        else:
            a = batch_seconds(handler_a, request_a)
            b = batch_seconds(handler_b, request_b)
        ratios.append(a / b)
    return statistics.median(ratios)


def get():
    return environ("GET", origin=ORIGIN)


def preflight():
    return environ(
        "OPTIONS",
        origin=ORIGIN,
        access_control_request_method="POST",
        access_control_request_headers="content-type",
    )


def drf_options():
    return environ("OPTIONS")


batch_seconds(with_cors, get), batch_seconds(without_cors, get)  # warm up both stacks
print(
    json.dumps(
        {
            "cors_get_ratio": paired_ratio(with_cors, get, without_cors, get),
            "preflight_ratio": paired_ratio(with_cors, preflight, without_cors, drf_options),
            "get_us": 1e6 * batch_seconds(with_cors, get) / BATCH,
        }
    )
)
