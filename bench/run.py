#!/usr/bin/env python3
"""What a bake, an install, a test run and a request cost: `python3 bench/run.py [--runs N]`.

Prints a table and writes bench/results.json. Every figure is the median of --runs runs, and every
comparison is a ratio of two things measured in the same run, because numbers on a shared machine
drift by a third between runs. Needs the template's tools venv (made on first use).

`pip_install_alone_vs_manual` and `uv_install_alone_vs_manual` time the installer's own step and
nothing else (requirements.in into a ready venv), paired with the manual recipe: the least a bake
on that installer can cost, whatever the template does around it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Python writes bytecode as it imports, as on users' machines (some shells here turn that off).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from bootstrap import ROOT, generated_python  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bake_venv import ENV, PYTHON, time_bake  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
TARGETS = {
    "bake_vs_floor": ("<=", 1.3),
    "venv_pip_vs_manual": ("<=", 0.6),
    "venv_uv_vs_manual": ("<=", 0.25),
    "generated_tests_vs_check": ("<=", 3.0),
    "template_tests_s": ("<=", 180.0),
    "cors_get_ratio": ("<=", 1.15),
    "suite_per_test_vs_cheapest": ("<=", 2.5),
}
# The cheapest API test of a bake's suite (one GET of an empty /api/posts/), the unit that the
# suite's cost per test is measured in.
CHEAPEST_TEST = "test_no_posts_is_one_empty_page"


def seconds(command: list, cwd: Path | None = None, env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{done.stdout[-3000:]}")
    return elapsed


def floor_template(folder: Path, hooks: bool) -> Path:
    """One file, one variable, and (with hooks) two Python hooks that do nothing."""
    (folder / "{{cookiecutter.name}}").mkdir(parents=True)
    (folder / "cookiecutter.json").write_text('{"name": "floor"}')
    (folder / "{{cookiecutter.name}}" / "README.md").write_text("{{ cookiecutter.name }}\n")
    if hooks:
        (folder / "hooks").mkdir()
        for hook in ("pre_gen_project.py", "post_gen_project.py"):
            (folder / "hooks" / hook).write_text("pass\n")
    return folder


class Bench:
    """Real bakes through bake_venv.time_bake, each into a folder of its own."""

    def __init__(self, work: Path):
        self.work, self.count = work, 0

    def folder(self) -> Path:
        self.count += 1
        return self.work / f"run-{self.count}"

    def bake(self, template: Path, answers: dict | None = None, env: dict | None = None) -> float:
        output = self.folder()
        elapsed = time_bake(answers or {}, env or {}, output, template)
        shutil.rmtree(output)
        return elapsed

    def manual_recipe(self, project: Path) -> float:
        """The course's recipe for the bake's packages, as a user would type it in `project`:
        `python3 -m venv .venv`, `.venv/bin/pip install -r requirements.in`,
        `.venv/bin/pip freeze > requirements.txt`; with the Python the bakes run on."""
        venv = project / ".venv"
        pip = venv / "bin" / "pip"
        quiet = {"cwd": project, "check": True, "stderr": subprocess.DEVNULL}
        start = time.perf_counter()
        subprocess.run([PYTHON, "-m", "venv", venv], **quiet)
        subprocess.run([pip, "install", "-q", "-r", "requirements.in"], **quiet)
        with (project / "requirements.txt").open("w") as requirements:
            subprocess.run([pip, "freeze"], stdout=requirements, **quiet)
        elapsed = time.perf_counter() - start
        shutil.rmtree(venv)
        return elapsed

    def installer_alone(self, project: Path, tool: str) -> float:
        """The least a bake on `tool` must do, timed alone: install requirements.in into a bare
        venv made beforehand; pip without bytecode (and without pip itself), uv with bytecode, as
        the bake needs it. What a bake can gain on the manual recipe is bounded by this."""
        venv = project / ".venv"
        quiet = {"cwd": project, "check": True, "capture_output": True}
        python = venv / "bin" / "python"
        if tool == "uv":
            subprocess.run(["uv", "venv", "--quiet", "--python", PYTHON, venv], env=ENV, **quiet)
            command = ["uv", "pip", "install", "--quiet", "--compile-bytecode", "--python", python]
        else:
            subprocess.run([PYTHON, "-m", "venv", "--without-pip", venv], **quiet)
            command = [PYTHON, "-m", "pip", "--python", python, "install", "-q", "--no-compile"]
        start = time.perf_counter()
        subprocess.run([*command, "-r", "requirements.in"], env=ENV, **quiet)
        elapsed = time.perf_counter() - start
        shutil.rmtree(venv)
        return elapsed

    def startproject(self) -> float:
        target = self.folder()
        target.mkdir()
        elapsed = seconds([PYTHON, "-m", "django", "startproject", "mysite", target])
        shutil.rmtree(target)
        return elapsed


def median_of(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def measure(runs: int) -> dict:
    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        bench = Bench(work)
        floor = floor_template(work / "floor", hooks=True)
        bare = floor_template(work / "floor-bare", hooks=False)
        no_venv = {"create_virtualenv": "no"}
        venv = {"create_virtualenv": "yes"}

        samples: dict[str, list[float]] = {k: [] for k in ("floor", "bare", "bake", "sp", "ratio")}
        for _ in range(runs):
            samples["floor"].append(bench.bake(floor))
            samples["bare"].append(bench.bake(bare))
            samples["bake"].append(bench.bake(ROOT, no_venv))
            samples["sp"].append(bench.startproject())
            samples["ratio"].append(samples["bake"][-1] / samples["floor"][-1])
        results.update(
            floor_s=median_of(samples["floor"]),
            floor_bare_s=median_of(samples["bare"]),
            bake_s=median_of(samples["bake"]),
            bake_vs_floor=median_of(samples["ratio"]),
            startproject_s=median_of(samples["sp"]),
        )

        # The pip path, the uv path and the manual recipe they replace take turns, warm caches.
        time_bake(no_venv, {}, work / "manual")
        manual_project = work / "manual" / "my_blog_api"
        bench.bake(ROOT, venv, env={"TEMPLATE_VENV_TOOL": "pip"})
        bench.bake(ROOT, venv, env={"TEMPLATE_VENV_TOOL": "uv"})
        bench.manual_recipe(manual_project)
        names = ("uv", "pip", "manual", "pip_alone", "uv_alone")
        timed: dict[str, list[float]] = {k: [] for k in names}
        for _ in range(runs):
            timed["uv"].append(bench.bake(ROOT, venv, env={"TEMPLATE_VENV_TOOL": "uv"}))
            timed["pip"].append(bench.bake(ROOT, venv, env={"TEMPLATE_VENV_TOOL": "pip"}))
            timed["manual"].append(bench.manual_recipe(manual_project))
            timed["pip_alone"].append(bench.installer_alone(manual_project, "pip"))
            timed["uv_alone"].append(bench.installer_alone(manual_project, "uv"))
        paired = list(zip(*(timed[name] for name in names), strict=True))
        timed["pip_ratio"] = [pip / manual for _, pip, manual, _, _ in paired]
        timed["uv_ratio"] = [uv / manual for uv, _, manual, _, _ in paired]
        results.update(
            venv_uv_s=median_of(timed["uv"]),
            venv_pip_s=median_of(timed["pip"]),
            manual_recipe_s=median_of(timed["manual"]),
            venv_pip_vs_manual=median_of(timed["pip_ratio"]),
            venv_uv_vs_manual=median_of(timed["uv_ratio"]),
            uv_vs_pip=median_of([uv / pip for uv, pip, *_ in paired]),
            pip_install_alone_vs_manual=median_of([a / m for _, _, m, a, _ in paired]),
            uv_install_alone_vs_manual=median_of([a / m for _, _, m, _, a in paired]),
        )
        # min and max of each figure's runs: how much the machine moved while they ran.
        results["spread"] = {
            name: [round(min(values), 3), round(max(values), 3)]
            for name, values in {**samples, **timed}.items()
        }

        python = generated_python()
        time_bake(no_venv, {}, work / "project")
        project = work / "project" / "my_blog_api"
        suite = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser"]
        tests, check, paired = [], [], []
        for _ in range(runs):
            tests.append(seconds(suite, cwd=project))
            check.append(seconds([python, "manage.py", "check"], cwd=project))
            paired.append(tests[-1] / check[-1])
        results.update(
            generated_tests_s=median_of(tests),
            check_s=median_of(check),
            generated_tests_vs_check=median_of(paired),
        )

        results.update(suite_ratio(python, project, runs))

        cost = subprocess.run(
            [python, ROOT / "bench" / "request_cost.py", "21", "300"],
            cwd=project,
            check=True,
            capture_output=True,
            text=True,
        )
        results.update({k: round(v, 3) for k, v in json.loads(cost.stdout).items()})

    return results


def suite_ratio(python: Path, project: Path, runs: int) -> dict:
    """The bake's suite cost per test, in units of its cheapest API test in the same run."""
    per_test, cheapest, ratio, counted = [], [], [], 0
    for _ in range(runs):
        wall, counted, unit = suite_and_cheapest_test(python, project, project / "times.json")
        per_test.append(wall / counted)
        cheapest.append(unit)
        ratio.append(per_test[-1] / unit)
    return {
        "suite_tests": counted,
        "suite_per_test_ms": round(median_of(per_test) * 1000, 1),
        "cheapest_test_ms": round(median_of(cheapest) * 1000, 1),
        "suite_per_test_vs_cheapest": median_of(ratio),
    }


def suite_and_cheapest_test(python: Path, project: Path, report: Path) -> tuple[float, int, float]:
    """One `pytest --all` of the bake's whole suite (the browser tests included, as its CI runs
    it; bench/edit_loop.py times the plain `pytest`): (wall seconds, tests run, seconds of
    CHEAPEST_TEST in that same run, with its set-up and tear-down, clocked by
    bench/per_test_clock.py)."""
    wall = seconds(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "per_test_clock", "--all"],
        cwd=project,
        env={"CI": "true", "PER_TEST_CLOCK": str(report), "PYTHONPATH": str(ROOT / "bench")},
    )
    clocked = json.loads(report.read_text())
    unit = next(t for node, t in clocked["seconds"].items() if node.endswith(f"::{CHEAPEST_TEST}"))
    return wall, clocked["tests"], unit


def template_tests_seconds() -> float:
    """The whole template suite on 2 workers, as CI runs it: PostgreSQL started and handed to
    the tests the way .ci/run does, nothing allowed to skip (CI=true)."""
    database = (
        os.environ.get("TEST_DATABASE_URL")
        or subprocess.run(
            ["bash", ROOT / "scripts" / "postgres.sh"], check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    command = [sys.executable, ROOT / "scripts" / "test.py", "-q", "-n", "2"]
    return round(seconds(command, cwd=ROOT, env={"TEST_DATABASE_URL": database, "CI": "true"}), 1)


def machine() -> dict:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def table(results: dict) -> str:
    lines = ["| figure | value | target |", "| --- | --- | --- |"]
    for key, value in results.items():
        if key in ("machine", "runs", "spread"):
            continue
        op, limit = TARGETS.get(key, ("", None))
        verdict = ""
        if limit is not None:
            met = value <= limit
            verdict = f"{op} {limit:.3g} {'met' if met else 'MISSED'}"
        lines.append(f"| `{key}` | {value} | {verdict} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument(
        "--skip-template-tests",
        action="store_true",
        help="leave out template_tests_s (the whole suite, minutes)",
    )
    parser.add_argument(
        "--suite-ratio-only",
        action="store_true",
        help="measure suite_per_test_vs_cheapest alone and update it in results.json",
    )
    args = parser.parse_args()
    if args.suite_ratio_only:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            time_bake({"create_virtualenv": "no"}, {}, Path(tmp))
            figures = suite_ratio(generated_python(), Path(tmp) / "my_blog_api", args.runs)
        results = {**json.loads(RESULTS.read_text()), **figures, "machine": machine()}
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
        print(table(figures))
        return
    # The suite first: it is the one figure that can fail, and it should not waste the others.
    suite = {} if args.skip_template_tests else {"template_tests_s": template_tests_seconds()}
    results = {**measure(args.runs), **suite}
    results["runs"] = args.runs
    results["machine"] = machine()
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))
    print(f"\nmachine: {results['machine']}\nwritten: {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
