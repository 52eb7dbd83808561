#!/usr/bin/env python3
"""Run the template's whole test suite: `python3 scripts/test.py [pytest arguments]`.

Makes its own venv (.venv) on first use. Bakes run in parallel with pytest-xdist; each baked
combination stays on one worker (--dist loadgroup) so it is baked once.
"""

import subprocess
import sys

from bootstrap import ROOT, tools_python

if __name__ == "__main__":
    python = tools_python()
    command = [str(python), "-m", "pytest", "-n", "auto", "--dist", "loadgroup", *sys.argv[1:]]
    sys.exit(subprocess.run(command, cwd=ROOT).returncode)
