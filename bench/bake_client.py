#!/usr/bin/env python3
"""A fresh client=vue bake against a static one, in one run: `python3 bench/bake_client.py`.

Both bakes install their dependencies (create_virtualenv=yes: .venv and requirements.txt; for vue
also `npm install` in client/, which writes node_modules and package-lock.json), so the
difference is what the Vue client costs a student at bake time. npm must be on PATH. Each figure
is the median of --runs real bakes (`python -m cookiecutter --no-input`), after one warm-up bake
of each so pip's/uv's and npm's caches already hold every package; the two take turns within a
run, so drift on a shared machine hits both alike.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bake_venv import time_bake  # noqa: E402

KINDS = {
    "static": {"client": "static", "create_virtualenv": "yes"},
    "vue": {"client": "vue", "create_virtualenv": "yes"},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    if shutil.which("npm") is None:
        print("npm is not on PATH: a vue bake would make no node_modules", file=sys.stderr)
        return 1
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs + 1):  # run 0 warms the caches and is not counted
            for kind, answers in KINDS.items():
                output = Path(folder) / f"{kind}-{run}"
                seconds = time_bake(answers, {}, output)
                made = (output / "my_blog_api" / "client" / "package-lock.json").exists()
                assert made == (kind == "vue"), f"{kind}: package-lock.json {made=}"
                if run:
                    times[kind].append(seconds)
                shutil.rmtree(output)
    for kind, values in times.items():
        print(
            f"{kind:>6}: median {statistics.median(values):.1f} s "
            f"({', '.join(f'{value:.1f}' for value in values)})"
        )
    extra = statistics.median(times["vue"]) - statistics.median(times["static"])
    print(f"client=vue costs {extra:+.1f} s (median) over client=static")
    return 0


if __name__ == "__main__":
    sys.exit(main())
