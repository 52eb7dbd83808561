"""Reject bad answers before cookiecutter writes a file; it removes the project folder on exit 1.

The answers arrive as one JSON string literal rendered by `tojson`, never as text pasted into
code, so no answer can break or inject into this script.
"""

import json
import sys

CONTEXT = json.loads({{ cookiecutter | tojson | tojson }})

sys.path.insert(0, CONTEXT["_repo_dir"])
from answers import AnswerErrors, validate  # noqa: E402  (the template root is on the path now)

try:
    validate(CONTEXT)
except AnswerErrors as failure:
    for error in failure.errors:
        print(f"error: {error}", file=sys.stderr)
    sys.exit(1)
