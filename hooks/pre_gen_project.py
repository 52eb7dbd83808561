"""Check the answers once more before any file is rendered; exit 1 makes cookiecutter remove the
project folder. The `validate_answers` filter already checked them at the end of the prompts; this
catches what bypasses the prompts, such as a hand-edited replay file.

The answers arrive as one JSON string literal rendered by `tojson`, never as text pasted into
code, so no answer can break or inject into this script.
"""

import json
import sys

CONTEXT = json.loads({{ cookiecutter | tojson | tojson }})

sys.path.insert(0, {{ template_root | tojson }})
from answers import AnswerErrors, validate  # noqa: E402  (the template root is on the path now)

try:
    validate(CONTEXT)
except AnswerErrors as failure:
    print(failure, file=sys.stderr)
    sys.exit(1)
