#!/usr/bin/env python3
"""Bake a demo project with the default answers and start it: `python3 scripts/demo.py [folder]`.

The project lands in ./demo/my_blog_api (or FOLDER/my_blog_api); a second run starts it again.
"""

import os
import subprocess
import sys
from pathlib import Path

from bootstrap import ROOT, tools_python


def project_python(project: Path) -> Path:
    """The .venv the bake made; the project's freeze.py makes it if the bake could not."""
    python = project / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        subprocess.run([sys.executable, "freeze.py"], cwd=project, check=True)
    return python


def main() -> int:
    output = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "demo"
    project = output / "my_blog_api"
    if not project.exists():
        bake = [tools_python(), "-m", "cookiecutter", "--no-input", str(ROOT), "-o", str(output)]
        subprocess.run(bake, check=True)
    python = project_python(project)
    for command in (["migrate", "--verbosity", "0"], ["loaddata", "sample_posts"]):
        subprocess.run([python, "manage.py", *command], cwd=project, check=True)
    print(f"\nDemo project: {project}\nOpen the client in your browser; Ctrl-C stops both servers.")
    return subprocess.run([python, "dev.py"], cwd=project).returncode


if __name__ == "__main__":
    sys.exit(main())
