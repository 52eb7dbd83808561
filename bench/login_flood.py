#!/usr/bin/env python3
"""Reads while a crowd guesses passwords: `python3 bench/login_flood.py`.

    python3 bench/login_flood.py [--rounds 5] [--reads 40] [--guessers 8] [--proxy]

Bakes the template (auth=token, SQLite) into bench/login-flood.tmp/, runs the generated README's
production recipe there (gunicorn with 3 workers, the default password hasher), signs up one
account per guesser, and then, in each round, times --reads sequential `GET /api/posts/` twice:
quiet, and while --guessers processes send wrong passwords for their own account as fast as
they can, each from its own client address (X-Forwarded-For, as the recipe's one proxy sets it).
Quiet and flooded medians are paired in one round, so the machine's other load hits both alike.
With --proxy every request goes through nginx configured as the README's recipe (its login limit:
1 a second per address, 10 more queued, the rest 429; bench/scale_out.py).

The login guard (django-axes) locks each account out from its guesser's address after
AXES_FAILURE_LIMIT failures; later guesses are 429s answered without hashing a password. The
anonymous write and read limits are lifted so that the guard alone is measured. Target: the
flooded median within 2x of the quiet one. Uses the template tests' shared venv
(.cache/generated-venv-*).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import load  # noqa: E402

from bench.scale_out import nginx_in_front  # noqa: E402

PASSWORD = "a long pass phrase 1"


def timed_reads(port: int, count: int) -> list[float]:
    """Milliseconds of `count` sequential GETs of the list, each asserted to be a 200."""
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, _, _ = load.request(port, "GET", load.LIST_URL)
        times.append((time.perf_counter() - started) * 1000)
        assert status == 200, status
    return times


def guess(port: int, account: str, address: str, stop, results) -> None:
    """One guesser, in a process of its own (threads would take the GIL from the timed reads):
    wrong passwords for `account` from `address` until `stop`, then its answers' statuses."""
    body = {"username": account, "password": "wrong guess"}
    statuses: Counter = Counter()
    while not stop.is_set():
        status, _, _ = load.request(
            port, "POST", "/api/auth/login/", body=body, extra={"X-Forwarded-For": address}
        )
        statuses[status] += 1
    results.put(statuses)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds, at most 20")
    parser.add_argument("--reads", type=int, default=40, help="reads per phase, at most 500")
    parser.add_argument("--guessers", type=int, default=8, help="guessing threads, at most 32")
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="everything through nginx as the README's recipe sets it up (its login rate limit)",
    )
    args = parser.parse_args()
    if not (0 < args.rounds <= 20 and 0 < args.reads <= 500 and 0 < args.guessers <= 32):
        parser.error("keep the load bounded: rounds <= 20, reads <= 500, guessers <= 32")

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from bootstrap import ROOT, generated_python, tools_python

    work = ROOT / "bench" / "login-flood.tmp"
    shutil.rmtree(work, ignore_errors=True)
    bake = [tools_python(), "-m", "cookiecutter", "--no-input", "-o", work, ROOT]
    subprocess.run(
        [*map(str, bake), "auth=token", "create_virtualenv=no"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    project = work / "my_blog_api"
    python = generated_python()
    variables = {
        "API_ANONYMOUS_WRITE_RATE": "1000000/hour",
        "API_ANONYMOUS_READ_RATE": "1000000/hour",
    }
    rounds = []
    statuses: Counter = Counter()
    with contextlib.ExitStack() as stack:
        port = stack.enter_context(
            load.serve_recipe(project, python, log=work / "server.log", variables=variables)
        )
        if args.proxy:
            port = stack.enter_context(nginx_in_front(work / "nginx", [port]))
        accounts = [f"guessed{n}" for n in range(args.guessers)]
        for account in accounts:
            body = {"username": account, "password1": PASSWORD, "password2": PASSWORD}
            status, _, answer = load.request(port, "POST", "/api/auth/registration/", body=body)
            assert status == 201, (status, answer)
        timed_reads(port, 5)  # warm every worker's connection and caches
        for _ in range(args.rounds):
            quiet = statistics.median(timed_reads(port, args.reads))
            processes = multiprocessing.get_context("fork")
            stop, results = processes.Event(), processes.Queue()
            guessers = [
                processes.Process(
                    target=guess, args=(port, account, f"198.51.100.{n + 1}", stop, results)
                )
                for n, account in enumerate(accounts)
            ]
            for guesser in guessers:
                guesser.start()
            time.sleep(0.5)  # let the flood start
            flooded = statistics.median(timed_reads(port, args.reads))
            stop.set()
            for _ in guessers:
                statuses.update(results.get(timeout=60))
            for guesser in guessers:
                guesser.join()
            rounds.append((quiet, flooded))
            print(f"round: quiet {quiet:.1f} ms, flooded {flooded:.1f} ms", flush=True)

    ratios = [flooded / quiet for quiet, flooded in rounds]
    quiet_all = statistics.median(q for q, _ in rounds)
    flooded_all = statistics.median(f for _, f in rounds)
    workers = load.recipe_environment(python)["WEB_CONCURRENCY"]
    print(
        f"login flood, SQLite, gunicorn {workers} workers, {args.guessers} guessers, "
        f"{args.rounds} rounds x {args.reads} reads, {os.cpu_count()} CPUs\n"
        f"GET {load.LIST_URL} median: quiet {quiet_all:.1f} ms, flooded {flooded_all:.1f} ms\n"
        f"flooded/quiet per round: median {statistics.median(ratios):.2f}, "
        f"min {min(ratios):.2f}, max {max(ratios):.2f} (target <= 2.00)\n"
        f"guesses answered: {dict(sorted(statuses.items()))}"
    )
    return 0 if statistics.median(ratios) <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
