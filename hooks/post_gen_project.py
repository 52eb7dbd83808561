"""Finish the baked project: write .env with a fresh secret key, then say what to run next."""

import secrets
from pathlib import Path

PLACEHOLDER = "DJANGO_SECRET_KEY=change-me"


def write_env_file(project: Path) -> None:
    """.env is .env.example with a secret key made for this project only (it is git-ignored)."""
    example = (project / ".env.example").read_text()
    secret = f"DJANGO_SECRET_KEY={secrets.token_urlsafe(50)}"
    (project / ".env").write_text(example.replace(PLACEHOLDER, secret, 1))


def main() -> None:
    project = Path.cwd()
    write_env_file(project)


if __name__ == "__main__":
    main()
