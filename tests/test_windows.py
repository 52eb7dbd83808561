"""What Windows does differently, simulated on this machine where it can be; each test says what
it simulates and how:
- npm exists there only as npm.cmd, which shutil.which finds (PATHEXT) and CreateProcess, given
  the bare name, does not;
- mimetypes reads .js's type from the registry, often text/plain, and Chromium then refuses the
  client's module scripts;
- printed commands are read by PowerShell or cmd, not a POSIX shell;
- Git for Windows checks files out with CRLF (core.autocrlf=true);
- a server's children must stop with it (POSIX path run for real; the Windows one is read).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shlex
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import TEMPLATE_DIR
from frontend_servers import browser_support

from rerun import shell_quote

# Loaded first by every Python started with this folder on PYTHONPATH (site imports it).
WINDOWS_PROGRAM_LOOKUP = '''
"""Windows' program lookup (tests/test_windows.py): shutil.which tries PATHEXT's extensions;
CreateProcess given a bare name finds only NAME or NAME.exe, never NAME.cmd."""
import os
import shutil
import subprocess

_which = shutil.which
_popen_init = subprocess.Popen.__init__


def which(cmd, mode=os.F_OK | os.X_OK, path=None):
    for extension in ("", ".exe", ".bat", ".cmd"):
        found = _which(os.fspath(cmd) + extension, mode, path)
        if found:
            return found
    return None


def popen_init(self, args, *rest, **options):
    program = os.fspath(args[0] if isinstance(args, (list, tuple)) else args)
    if os.sep not in program and not (_which(program) or _which(program + ".exe")):
        raise FileNotFoundError(2, "The system cannot find the file specified", program)
    _popen_init(self, args, *rest, **options)


shutil.which = which
subprocess.Popen.__init__ = popen_init
'''

# The type Windows' registry often gives .js, as mimetypes would read it there.
REGISTRY_JS_TYPE = 'import mimetypes\nmimetypes.add_type("text/plain", ".js")\n'


def site_folder(folder: Path, source: str) -> str:
    """A folder holding `source` as sitecustomize.py, for PYTHONPATH."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(source)
    return str(folder)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def dev_module(project: Path):
    """The baked dev.py, imported (its main() only runs as a script), with the bake's own
    dev_client.py (a module of that name imported from another bake is forgotten first)."""
    spec = importlib.util.spec_from_file_location(f"dev_{id(project)}", project / "dev.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.pop("dev_client", None)
    sys.path.insert(0, str(project))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(project))
    return module


def test_npm_found_only_as_npm_cmd_installs_the_vue_client(cookies, capfd, tmp_path, monkeypatch):
    """Simulated: a stub npm.cmd (a Python script printing Korean) is the only npm on PATH, and
    the hook's Python looks programs up as Windows does (WINDOWS_PROGRAM_LOOKUP)."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    npm_cmd = stubs / "npm.cmd"
    npm_cmd.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "os.makedirs('node_modules/.bin', exist_ok=True)\n"
        "sys.stdout.buffer.write('패키지 0개 추가됨\\n'.encode('utf-8'))\n"
    )
    npm_cmd.chmod(0o755)
    monkeypatch.setenv("PATH", str(stubs))
    monkeypatch.setenv("PYTHONPATH", site_folder(tmp_path / "site", WINDOWS_PROGRAM_LOOKUP))
    monkeypatch.setenv("TEMPLATE_VENV_TOOL", "conda")  # no .venv: fails at once, the bake goes on

    result = cookies.bake(extra_context={"client": "vue", "create_virtualenv": "yes"})
    output = capfd.readouterr()

    assert result.exception is None, output.out + output.err
    assert (result.project_path / "client" / "node_modules").is_dir()
    assert "npm is not on PATH" not in output.out
    assert "`npm install` failed" not in output.out


def test_js_is_served_as_javascript_when_the_registry_says_text_plain(bake, tmp_path):
    """Simulated: the client server's mimetypes maps .js to text/plain, as Windows' registry
    often does. `python dev.py serve-client PORT API` (what dev.py and the README run) still serves
    the client's files with their types, and Chromium runs its module scripts."""
    project = bake()
    port = free_port()
    environment = {
        **os.environ,
        "PYTHONPATH": site_folder(tmp_path / "site", REGISTRY_JS_TYPE),
    }
    server = subprocess.Popen(
        [sys.executable, "dev.py", "serve-client", str(port), "http://localhost:8000"],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_until(lambda: port_answers(port)), "the client server did not start"
        types = {}
        for name in ("app.js", "api.js", "styles.css", "index.html"):
            url = f"http://127.0.0.1:{port}/{name}"
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (local)
                types[name] = response.headers.get_content_type()
        assert types == {
            "app.js": "text/javascript",
            "api.js": "text/javascript",
            "styles.css": "text/css",
            "index.html": "text/html",
        }

        support = browser_support(project)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=support.chromium_executable(), args=support.CHROMIUM_ARGS
            )
            try:
                page = browser.new_page()
                errors = []
                page.on("console", lambda message: errors.append(message.text))
                page.goto(f"http://localhost:{port}/")
                # app.js hides the note that says the scripts did not load.
                page.locator("#script-check").wait_for(state="hidden", timeout=15_000)
                assert page.locator("#page-origin").text_content() == f"http://localhost:{port}"
                assert not [text for text in errors if "MIME type" in text], errors
            finally:
                browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_readme_serves_the_client_with_dev_py_and_gives_the_windows_commands(bake):
    """The README's second-server recipe uses the server that forces the types, not
    `python -m http.server`, which takes them from the registry on Windows; and it says how to
    activate the venv and set a variable in PowerShell and Git Bash."""
    for readme in ("README.md", "README.ko.md"):
        text = (bake() / readme).read_text(encoding="utf-8")
        assert "http.server" not in text, readme
        assert "python dev.py serve-client 4000" in text, readme
        for command in (
            "Set-ExecutionPolicy -Scope CurrentUser RemoteSigned",
            "Set-ExecutionPolicy -Scope Process Bypass",
            ".venv\\Scripts\\Activate.ps1",
            "py -m venv .venv",
            '$env:API_PORT = "8011"; python dev.py',
            "source .venv/Scripts/activate",
        ):
            assert command in text, (readme, command)


@pytest.mark.parametrize(
    ("word", "powershell_and_cmd", "posix"),
    [
        ("my_blog_api", "my_blog_api", "my_blog_api"),
        (r"C:\Users\민수\My Projects\blog", r'"C:\Users\민수\My Projects\blog"', None),
        ("project_name=Tea & Co", '"project_name=Tea & Co"', "'project_name=Tea & Co'"),
        # A comma makes an array in PowerShell; $ and ` expand inside its double quotes.
        (
            "cors_allowed_origins=http://a,http://b",
            '"cors_allowed_origins=http://a,http://b"',
            None,
        ),
        ("description=costs $5", "'description=costs $5'", "'description=costs $5'"),
        ('author_name=O\'Brien "Bo"', "'author_name=O''Brien \"Bo\"'", None),
        # Programs read \" as a quote: a trailing backslash is doubled inside the quotes.
        ("C:\\My Output\\", '"C:\\My Output\\\\"', None),
    ],
)
def test_printed_commands_are_quoted_for_the_users_shell(word, powershell_and_cmd, posix):
    assert shell_quote(word, windows=True) == powershell_and_cmd
    assert shell_quote(word, windows=False) == (posix or shlex.quote(word))
    assert shlex.split(shell_quote(word, windows=False)) == [word]


def test_the_cd_line_reads_as_one_path_in_the_shell(tmp_path):
    """A project outside the current folder is named by its whole path, which may hold spaces
    and Hangul (POSIX here; shell_quote's Windows branch is tested above)."""
    output_dir = tmp_path / "내 프로젝트들"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    bake = [sys.executable, "-m", "cookiecutter", "--no-input", "-o", output_dir, TEMPLATE_DIR]
    done = subprocess.run(
        [*map(str, bake), "create_virtualenv=no"],
        cwd=elsewhere,
        env={**os.environ, "PWD": str(elsewhere)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr

    cd_line = next(line for line in done.stdout.splitlines() if line.strip().startswith("cd "))
    assert shlex.split(cd_line) == ["cd", str(output_dir / "my_blog_api")]


def test_a_clone_under_core_autocrlf_true_keeps_lf_line_endings(bake, tmp_path):
    """Git for Windows' default, core.autocrlf=true, set here on the clone: the bake's
    .gitattributes keeps every text file LF, so pre-commit's checks find nothing to rewrite."""
    project = bake()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    repository = tmp_path / "bake"
    subprocess.run(["cp", "-r", str(project), str(repository)], check=True)
    subprocess.run([*git, "init", "-q"], cwd=repository, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repository, check=True)
    subprocess.run([*git, "commit", "-qm", "bake"], cwd=repository, check=True)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "-c", "core.autocrlf=true", "clone", "-q", str(repository), str(clone)],
        check=True,
    )
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=clone, capture_output=True, check=True
    ).stdout.split(b"\0")
    crlf = [name for name in tracked if name and b"\r\n" in (clone / name.decode()).read_bytes()]
    assert crlf == []


def test_stopping_a_server_stops_the_child_left_holding_its_port(bake, tmp_path):
    """runserver's reloader, say: the server has died, its child still listens. dev.py's stop()
    stops the child too (the POSIX path, a process group; Windows' taskkill /T is read only)."""
    dev = dev_module(bake())
    port = free_port()
    leaves_a_child = textwrap.dedent(
        f"""
        import subprocess, sys
        child = (
            "import socket; s = socket.socket(); s.bind(('127.0.0.1', {port})); s.listen()\\n"
            "while True: s.accept()[0].close()"
        )
        subprocess.Popen([sys.executable, "-c", child])
        """
    )
    server = dev.start([sys.executable, "-c", leaves_a_child], cwd=tmp_path)
    try:
        assert wait_until(lambda: port_answers(port)), "the child never listened"
        server.wait(timeout=20)  # the server is gone, its child is not
        assert port_answers(port)

        dev.stop(server)

        assert wait_until(lambda: not port_answers(port), timeout=10), "the child still listens"
    finally:
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)


def test_a_taken_port_is_moved_with_the_syntax_of_the_users_shell(bake, monkeypatch):
    """Simulated: os.name is "nt" while dev.py words its advice (PowerShell has no
    `NAME=value command`)."""
    dev = dev_module(bake())
    posix = dev.with_variable("API_PORT", 8001)
    monkeypatch.setattr(os, "name", "nt")
    windows = dev.with_variable("API_PORT", 8001)
    monkeypatch.undo()

    assert posix == "API_PORT=8001 python dev.py"
    assert windows == "$env:API_PORT = 8001; python dev.py"
