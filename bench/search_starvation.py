#!/usr/bin/env python3
"""Do slow searches starve a plain GET on PostgreSQL? `python3 bench/search_starvation.py`.

    TEST_DATABASE_URL=postgres://USER:PW@127.0.0.1:5432/postgres \\
    python3 bench/search_starvation.py [--template DIR] [--posts 40000] [--phase-seconds 30]

Bakes --template (default: this one; give an export of another commit to compare, e.g.
`git archive main | tar -x -C /tmp/main-template`) with database=postgresql auth=none, fills a
fresh database with --posts posts of about 8 KB, applies the migrations (indexes built on the
full table, as an upgrade would), and runs the README's production recipe (gunicorn, 3 sync
workers) on 127.0.0.1. Then, phase by phase, one prober sends a plain `GET /api/posts/` every
0.1 s and records its latency:

- quiet: nothing else;
- for each --search: six searchers (--searchers) send that `?search=` in turns, one request a
  second in all (--search-rate), each waiting for its answer.

It prints each phase's prober median, quartiles and maximum, the ratio of its median to the
quiet one, and what the searches got (status counts, median time). The database is dropped at
the end. The default searches: the issue's (`zzzzq` is rare enough for a trigram index to find
at once) and one whose words are all too short for a trigram index.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from bootstrap import ROOT, generated_python, tools_python  # noqa: E402
from load import LIST_URL, fresh_postgres_database, request, serve_recipe  # noqa: E402

SEARCHES = ["0 1 2 3 4 5 6 7 8 zzzzq", "0 1 2 3 4 5 6 7 8 zq"]
PROBE_EVERY = 0.1  # seconds between the prober's GETs

# Run with the bake's Python: posts of about `size` characters, words from a skewed vocabulary
# of hex words (digits included, as the issue's `0 1 2 ...` expects), sent with COPY.
FILL = r"""
import random, sys, psycopg
url, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(29)
vocabulary = [f"{rng.getrandbits(40):x}"[: 3 + n % 7] for n in range(3000)]
chunks = [" ".join(vocabulary[int(len(vocabulary) * rng.random() ** 3)] for _ in range(40))
          for _ in range(400)]
with psycopg.connect(url) as connection, connection.cursor() as cursor:
    with cursor.copy("COPY posts_post (title, content, created_at, updated_at) FROM STDIN") as copy:
        for number in range(count):
            text = []
            while sum(map(len, text)) < size:
                text.append(rng.choice(chunks))
            copy.write_row((f"Post {number}", " ".join(text)[:size], "now", "now"))
    cursor.execute("ANALYZE posts_post")
"""


def manage(project: Path, python: Path, database_url: str, *arguments: str) -> None:
    environment = {**os.environ, "DATABASE_URL": database_url, "DATABASE_STATEMENT_TIMEOUT_MS": "0"}
    subprocess.run([str(python), "manage.py", *arguments], cwd=project, env=environment, check=True)


def fill(project: Path, python: Path, database_url: str, posts: int, size: int) -> float:
    """Posts in the table as of migration posts 0001, then every migration; seconds taken."""
    began = time.perf_counter()
    manage(project, python, database_url, "migrate", "--verbosity", "0", "posts", "0001")
    subprocess.run([str(python), "-c", FILL, database_url, str(posts), str(size)], check=True)
    manage(project, python, database_url, "migrate", "--verbosity", "0")
    return time.perf_counter() - began


def probe(port: int, seconds: float) -> list[float]:
    """Plain GETs of the list, one at a time, PROBE_EVERY apart; their latencies."""
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        began = time.perf_counter()
        status, _, _ = request(port, "GET", LIST_URL)
        if status != 200:
            raise SystemExit(f"a plain GET answered {status}")
        latencies.append(time.perf_counter() - began)
        time.sleep(PROBE_EVERY)
    return latencies


def search_load(port: int, words: str, searchers: int, rate: float, stop: threading.Event):
    """`searchers` threads sending `?search=words`, `rate` requests a second in all; returns
    the threads and a list that fills with (status, seconds)."""
    path = f"{LIST_URL}?{urlencode({'search': words})}"
    answers: list[tuple[int | str, float]] = []
    every = searchers / rate  # each searcher's period

    def searcher(number: int) -> None:
        due = time.monotonic() + number / rate  # staggered: one a 1/rate s in all
        while not stop.is_set():
            if stop.wait(max(0.0, due - time.monotonic())):
                return
            due += every
            began = time.perf_counter()
            try:
                status, _, body = request(port, "GET", path)
            except OSError as error:
                status, body = type(error).__name__, b""
            if status != 200 and body:  # 503: query_timeout or search_busy
                status = f"{status} {json.loads(body)['errors'][0]['code']}"
            answers.append((status, time.perf_counter() - began))

    threads = [threading.Thread(target=searcher, args=(n,)) for n in range(searchers)]
    for thread in threads:
        thread.start()
    return threads, answers


def summary(latencies: list[float]) -> str:
    quartiles = statistics.quantiles(latencies, n=4)
    return (
        f"median {statistics.median(latencies) * 1000:6.0f} ms  quartiles "
        f"{quartiles[0] * 1000:.0f}-{quartiles[2] * 1000:.0f} ms  max "
        f"{max(latencies) * 1000:.0f} ms  ({len(latencies)} GETs)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template", type=Path, default=ROOT, help="the template to bake")
    parser.add_argument("--posts", type=int, default=40000)
    parser.add_argument("--post-size", type=int, default=8000, help="characters of content")
    parser.add_argument("--phase-seconds", type=float, default=30.0, help="at most 120")
    parser.add_argument("--searchers", type=int, default=6)
    parser.add_argument("--search-rate", type=float, default=1.0, help="searches a second")
    parser.add_argument("--search", action="append", help=f"repeatable; default {SEARCHES}")
    args = parser.parse_args()
    if not (0 < args.phase_seconds <= 120 and 0 < args.searchers <= 32 and args.posts <= 200000):
        parser.error("keep it bounded: phase-seconds <= 120, searchers <= 32, posts <= 200000")
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        parser.error("needs TEST_DATABASE_URL=postgres://USER:PW@127.0.0.1:5432/postgres")

    work = ROOT / "bench" / "search-starvation.tmp"
    shutil.rmtree(work, ignore_errors=True)
    answers = ["database=postgresql", "auth=none", "create_virtualenv=no"]
    bake = [tools_python(), "-m", "cookiecutter", "--no-input", "-o", work, args.template]
    subprocess.run([*map(str, bake), *answers], check=True, stdout=subprocess.DEVNULL)
    project = work / "my_blog_api"
    python = generated_python()
    os.environ["OPEN_API_IN_PRODUCTION"] = "True"  # auth=none: check --deploy needs it said
    # One address sends everything here: lift the per-address read limit.
    variables = {"API_ANONYMOUS_READ_RATE": "1000000/minute"}

    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(fresh_postgres_database(server_url, python))
        seconds = fill(project, python, database_url, args.posts, args.post_size)
        print(f"{args.posts} posts of {args.post_size} characters, migrated: {seconds:.0f} s")
        port = stack.enter_context(
            serve_recipe(
                project,
                python,
                database_url=database_url,
                log=work / "server.log",
                variables=variables,
            )
        )
        probe(port, 3)  # warm up: connections, caches
        quiet = probe(port, args.phase_seconds)
        print(f"quiet{'':32} {summary(quiet)}")
        for words in args.search or SEARCHES:
            stop = threading.Event()
            threads, searched = search_load(port, words, args.searchers, args.search_rate, stop)
            time.sleep(min(10.0, args.phase_seconds / 3))  # the searchers settle in
            loaded = probe(port, args.phase_seconds)
            stop.set()
            for thread in threads:
                thread.join()
            ratio = statistics.median(loaded) / statistics.median(quiet)
            statuses = Counter(status for status, _ in searched)
            search_median = statistics.median(seconds for _, seconds in searched)
            print(f"{args.searchers} searching {words!r:25} {summary(loaded)}  x{ratio:.1f}")
            print(f"{'':7}searches: {dict(statuses.most_common())}, median {search_median:.2f} s")
            time.sleep(6)  # the last statement timeouts run out before the next phase
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
