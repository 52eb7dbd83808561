"""A pytest plugin for bench/run.py: each test's wall time, set-up and tear-down included, in
microseconds rather than the JUnit report's milliseconds (the cheapest test takes 2 to 5 ms).

    PER_TEST_CLOCK=times.json PYTHONPATH=bench python -m pytest -p per_test_clock

writes {"tests": <as many as pytest's summary counts>, "seconds": {"node id": seconds, ...}} to
times.json when the run ends. Schemathesis runs an operation as a sub-test of one item, so the
summary counts more tests than there are items.
"""

import json
import os
import time

import pytest

_times: dict[str, float] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    start = time.perf_counter()
    yield
    # Summed: Schemathesis gives each API operation an item of its own under one node id.
    _times[item.nodeid] = _times.get(item.nodeid, 0.0) + time.perf_counter() - start


def pytest_sessionfinish(session, exitstatus):
    stats = session.config.pluginmanager.get_plugin("terminalreporter").stats
    tests = sum(len(stats.get(outcome, [])) for outcome in ("passed", "failed", "skipped"))
    with open(os.environ["PER_TEST_CLOCK"], "w", encoding="utf-8") as sink:
        json.dump({"tests": tests, "seconds": _times}, sink)
