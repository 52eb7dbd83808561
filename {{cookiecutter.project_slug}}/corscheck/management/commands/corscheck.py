"""`python manage.py corscheck ORIGIN`: would a browser let a page on ORIGIN read this API? Exit
status 0 when it would, 1 when it blocks the response, 2 when there is nothing to ask."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from corscheck.diagnosis import BadInput, ask, diagnose, report


class Command(BaseCommand):
    help = (
        "Send what a browser sends for a page on ORIGIN through this project, and explain whether "
        "the page may read the response and which setting decided. Exit status: 0 allowed, "
        "1 blocked, 2 bad input."
    )
    # Broken CORS settings are when this command is needed most: it explains them instead of
    # stopping at the system checks (corsheaders.E013/E014 would abort it with exit status 1).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("origin", help="the page's origin, e.g. http://localhost:3000")
        parser.add_argument(
            "--method", default="GET", help="the request's method (default GET), e.g. POST"
        )
        parser.add_argument(
            "--header",
            action="append",
            default=[],
            metavar="NAME",
            help="a header the page sets, e.g. content-type (taken as JSON); repeat for more",
        )
        parser.add_argument(
            "--credentials",
            action="store_true",
            help='the page sends cookies or Authorization (fetch credentials: "include")',
        )
        parser.add_argument(
            "--path", default="/api/posts/", help="the path requested (default /api/posts/)"
        )
        # dev.py serves the API on API_PORT; the page calls it by the URL in its own code.
        api = f"http://localhost:{os.environ.get('API_PORT', '{{ cookiecutter.api_port | port }}')}"
        parser.add_argument(
            "--api",
            default=api,
            help=f"the API's origin as the page calls it (default {api}); with --credentials, "
            "a page on another site gets no cookies from it",
        )

    def execute(self, *args, **options):
        # An origin's host may hold characters the console's encoding lacks (Korean Windows'
        # cp949 has no ß): shown escaped, as \xdf, in the report and in errors, never a crash.
        for stream in (sys.stdout, sys.stderr):
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="backslashreplace")
        return super().execute(*args, **options)

    def handle(self, *args, **options):
        try:
            names = ("origin", "method", "header", "credentials", "path", "api")
            diagnosis = diagnose(ask(*(options[name] for name in names)))
        except BadInput as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(report(diagnosis), ending="")
        if diagnosis.refusal:
            raise SystemExit(1)
