#!/usr/bin/env python3
"""Is a bake's plain `pytest` an edit-test loop? `python3 bench/edit_loop.py [--runs N]`.

Bakes the default answers, then times, in turns within one run, (a) the bake's plain `pytest`
as a student types it and (b) `pytest` of a throwaway file of 100 plain
`client.get("/api/posts/")` tests in the same bake: the reference. Prints both wall times, the
ratio (a)/(b) per turn and its median with min and max, and writes them to bench/results.json
as `edit_loop`. Target: the ratio at most 3.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from run import RESULTS, generated_python, machine, median_of, seconds, time_bake

TARGET = 3.0
REFERENCE = "test_reference_gets.py"
REFERENCE_TESTS = 100


def reference_file() -> str:
    tests = "\n".join(
        f'def test_get_{number}(client):\n    assert client.get("/api/posts/").status_code == 200\n'
        for number in range(REFERENCE_TESTS)
    )
    return f"import pytest\n\npytestmark = pytest.mark.django_db\n\n\n{tests}"


def measure(runs: int) -> dict:
    python = generated_python()
    pytest = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    plain, reference, ratios = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-edit-loop-") as tmp:
        time_bake({"create_virtualenv": "no"}, {}, Path(tmp))
        project = Path(tmp) / "my_blog_api"
        # Bytecode written first, as on a student's machine after the first run.
        seconds([python, "manage.py", "check"], cwd=project)
        for _ in range(runs):
            plain.append(seconds(pytest, cwd=project))
            # The file exists only while (b) runs, so (a) never collects it.
            (project / REFERENCE).write_text(reference_file())
            reference.append(seconds([*pytest, REFERENCE], cwd=project))
            (project / REFERENCE).unlink()
            ratios.append(plain[-1] / reference[-1])
    spread = {
        name: [round(min(values), 2), round(max(values), 2)]
        for name, values in {"plain": plain, "reference": reference, "ratio": ratios}.items()
    }
    return {
        "plain_pytest_s": median_of(plain),
        "reference_100_gets_s": median_of(reference),
        "plain_vs_reference": median_of(ratios),
        "target": TARGET,
        "runs": runs,
        "spread": spread,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="turns of (a) and (b)")
    args = parser.parse_args()
    figures = measure(args.runs)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["edit_loop"] = {**figures, "machine": machine()}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    verdict = "met" if figures["plain_vs_reference"] <= TARGET else "MISSED"
    print(json.dumps(figures, indent=2))
    print(f"plain pytest / 100 plain gets: {figures['plain_vs_reference']} (<= {TARGET} {verdict})")


if __name__ == "__main__":
    main()
