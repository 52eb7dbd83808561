"""Start the API and the client together for development; Ctrl-C stops both.

    python dev.py

The API runs on http://localhost:{{ cookiecutter.api_port | port }} and the client on its own origin,
http://localhost:{{ cookiecutter.client_port | port }}, so the browser treats every API call as cross-origin.
API_PORT and CLIENT_PORT in the environment choose other ports.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

API_PORT = int(os.environ.get("API_PORT", {{ cookiecutter.api_port | port }}))
CLIENT_PORT = int(os.environ.get("CLIENT_PORT", {{ cookiecutter.client_port | port }}))
PROJECT_DIR = Path(__file__).resolve().parent
CLIENT_DIR = PROJECT_DIR / "client"


def start(command: list[str]) -> subprocess.Popen:
    # A session of its own, so stopping it also stops the children (runserver's reloader).
    posix = os.name == "posix"
    return subprocess.Popen(command, cwd=PROJECT_DIR, start_new_session=posix)  # noqa: S603


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
    process.wait()


def stop_on_first_ctrl_c(signum, frame) -> None:
    # Ctrl-C is often pressed twice: a second KeyboardInterrupt would cut the stopping short and
    # leave a server running, so every press after the first is ignored.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def main() -> int:
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if started ignoring it
        signal.signal(signal.SIGINT, stop_on_first_ctrl_c)
    api = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{API_PORT}"]
    client = [sys.executable, "-m", "http.server", str(CLIENT_PORT), "--bind", "127.0.0.1"]
    processes: list[subprocess.Popen] = []
    try:
        processes.append(start(api))
        processes.append(start([*client, "--directory", str(CLIENT_DIR)]))
        print(f"API:    http://localhost:{API_PORT}/api/posts/")
        print(f"Client: http://localhost:{CLIENT_PORT}/  (Ctrl-C stops both)", flush=True)
        while all(process.poll() is None for process in processes):
            time.sleep(0.2)
    except KeyboardInterrupt:
        return 0
    finally:
        for process in processes:
            stop(process)
    # One server stopped on its own (a port in use, a broken setting); the other is stopped too.
    print("A server stopped unexpectedly; see its output above.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
