#!/usr/bin/env python3
"""Bake time with create_virtualenv, via uv and via pip, warm caches: `python3 bench/bake_venv.py`.

Each figure is the median of --runs real bakes (`python -m cookiecutter --no-input`, the hook's
output thrown away), after one warm-up bake of each kind so pip's and uv's caches already hold
every package. The kinds take turns within a run, so drift on a shared machine hits all alike;
a bake without venv is the floor. After each venv bake it also times adding requirements-dev.txt
to that .venv with the same tool: what installing the dev tools in every bake would cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from bootstrap import ROOT, tools_python  # noqa: E402

PYTHON = tools_python()
# uv from the tools venv (requirements-test.txt) when the machine has none on PATH.
ENV = {**os.environ, "PATH": f"{PYTHON.parent}{os.pathsep}{os.environ.get('PATH', '')}"}

KINDS = {
    "no venv": ({"create_virtualenv": "no"}, {}),
    "venv via uv": ({"create_virtualenv": "yes"}, {"TEMPLATE_VENV_TOOL": "uv"}),
    "venv via pip": ({"create_virtualenv": "yes"}, {"TEMPLATE_VENV_TOOL": "pip"}),
}


def time_bake(
    answers: dict[str, str], env: dict[str, str], output: Path, template: Path = ROOT
) -> float:
    """Seconds one real bake of `template` takes with these answers (and environment).

    Fails if the bake did not do what was asked: a venv bake that fell back to no .venv (no
    index, no uv) would otherwise look fast.
    """
    command = [PYTHON, "-m", "cookiecutter", "--no-input", "-o", output, template]
    command += [f"{key}={value}" for key, value in answers.items()]
    start = time.perf_counter()
    subprocess.run(command, env={**ENV, **env}, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    made_venv = any(output.glob("*/.venv/pyvenv.cfg"))
    if made_venv != (answers.get("create_virtualenv") == "yes"):
        made = "a .venv" if made_venv else "no .venv"
        raise SystemExit(f"the bake with {answers} and {env} made {made}")
    return elapsed


def time_dev_tools(project: Path, tool: str) -> float:
    """Seconds to add requirements-dev.txt to a baked .venv, as the bake would if it did."""
    python = project / ".venv" / "bin" / "python"
    if tool == "uv":
        command = ["uv", "pip", "install", "--quiet", "--python", python]
    else:
        command = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "-r", "requirements-dev.txt"], cwd=project, env=ENV, capture_output=True
    )
    if done.returncode != 0:
        raise SystemExit(f"installing the dev tools with {tool} failed:\n{done.stderr.decode()}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="bakes per kind (median)")
    args = parser.parse_args()

    samples: dict[str, list[float]] = {}
    for run in range(args.runs + 1):  # run 0 warms the caches and is not counted
        for kind, (answers, env) in KINDS.items():
            with tempfile.TemporaryDirectory(prefix="bake-venv-") as output:
                figures = {kind: time_bake(answers, env, Path(output))}
                if "TEMPLATE_VENV_TOOL" in env:
                    tool = env["TEMPLATE_VENV_TOOL"]
                    project = next(Path(output).iterdir())
                    figures[f"+ dev tools via {tool}"] = time_dev_tools(project, tool)
            for name, value in figures.items():
                samples.setdefault(name, []).extend([value] if run else [])

    print(f"Bake time, median of {args.runs} (min-max), Python {sys.version.split()[0]}:")
    for name, values in samples.items():
        low, high = min(values), max(values)
        print(f"  {name:20} {statistics.median(values):5.2f} s  ({low:.2f}-{high:.2f})")
    uv_pip = zip(samples["venv via uv"], samples["venv via pip"], strict=True)
    paired = [pip / uv for uv, pip in uv_pip]
    print(f"  {'pip / uv':20} {statistics.median(paired):5.1f} x  (median of paired runs)")


if __name__ == "__main__":
    main()
