#!/usr/bin/env python3
"""Seconds the compose stack answers errors after `compose restart app` (the replicas come back
on new addresses): `python3 bench/scale_out_restart.py [--project BAKE] [--timeout 120]`.

Bakes the default answers (deploy=compose) into bench/scale-out-restart.tmp/ (or measures the bake
given with --project, e.g. one of an older template), brings its compose.yaml up under
podman-compose (stand-in base images, scripts/standin_images.py), waits for six 200s from
/api/health/ through nginx, restarts the app service, then asks /api/health/ ten times a second
until six 200s in a row or --timeout. Prints one JSON line: seconds from the restart command's
return to the first and to the last non-200 answer, and the answers counted by status.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bench.load import free_port, request  # noqa: E402
from scripts import bootstrap, standin_images  # noqa: E402

WORK = ROOT / "bench" / "scale-out-restart.tmp"


def health(port: int) -> int | str:
    try:
        return request(port, "GET", "/api/health/", host=f"127.0.0.1:{port}", https=False)[0]
    except OSError as error:
        return type(error).__name__


def until_six_200s(port: int, timeout: float) -> list[tuple[float, int | str]]:
    """(seconds since the call, answer) ten times a second, until six 200s in a row."""
    started, answers = time.monotonic(), []
    while time.monotonic() - started < timeout:
        answers.append((round(time.monotonic() - started, 2), health(port)))
        if [answer for _, answer in answers[-6:]] == [200] * 6:
            break
        time.sleep(0.1)
    return answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a bake to measure instead of a new one")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    project = args.project
    if project is None:
        subprocess.run(["rm", "-rf", str(WORK)], check=True)
        subprocess.run(
            [str(bootstrap.tools_python()), "-m", "cookiecutter", "--no-input", str(ROOT)]
            + [
                "-o",
                str(WORK),
                "create_virtualenv=no",
                "deploy=compose",
                "project_slug=restart_site",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "TEMPLATE_HIDE_NEXT_STEPS": "1"},
        )
        project = WORK / "restart_site"
    port = free_port()
    env = {
        **os.environ,
        **standin_images.ensure(),
        "PROXY_PORT": str(port),
        "BUILDAH_FORMAT": "docker",
    }
    compose = [str(bootstrap.tools_python().parent / "podman-compose"), "-p", "restartbench"]

    def run(*command: str) -> None:
        subprocess.run(
            [*compose, *command], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL
        )

    try:
        run("build")
        run("up", "-d")
        if until_six_200s(port, 180)[-1][1] != 200:
            raise RuntimeError("the compose stack did not become healthy")
        run("restart", "app")
        answers = until_six_200s(port, args.timeout)
        errors = [seconds for seconds, answer in answers if answer != 200]
        print(
            json.dumps(
                {
                    "project": project.name,
                    "recovered": answers[-1][1] == 200,
                    "first_error_s": errors[0] if errors else None,
                    "last_error_s": errors[-1] if errors else None,
                    "answers": dict(collections.Counter(str(a) for _, a in answers)),
                }
            )
        )
    finally:
        subprocess.run(
            [*compose, "down", "-v", "-t", "5"], cwd=project, env=env, capture_output=True
        )
        subprocess.run(["podman", "rmi", "-f", f"{project.name}-app"], env=env, capture_output=True)
        subprocess.run(["podman", "image", "prune", "-f"], env=env, capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
