"""A command that finds no report-lint server leaves one for the next command (checker/launch.py): the
command itself answers exactly as before and keeps none of its caller's pipes open; the next command is
answered by the server; commands started together leave one server; REPORT_LINT_SERVER=manual or off,
or a socket folder others may enter, leave none.

Every test runs its commands with a socket folder of its own (XDG_RUNTIME_DIR) and ends every process
started with it."""

from __future__ import annotations

import os
import pty
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from checker import launch

ROOT = Path(__file__).resolve().parent.parent
REPORT = "examples/mazhu-2020.txt"
pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="watches processes in /proc (Linux)")


def _run(argv: list[str], env: dict[str, str], cwd: Path = ROOT, **kwargs) -> subprocess.CompletedProcess:
    """`report-lint ARGV` through the entry point a user's command goes through (checker/__main__.py: launch)."""
    return subprocess.run([sys.executable, "-m", "checker", *argv], cwd=cwd, env=env, capture_output=True,
                          timeout=120, **kwargs)


@pytest.fixture
def runtime():
    folder = tempfile.mkdtemp(prefix="rl-")   # short: a socket's path may not be longer than about 100 bytes
    yield folder
    _run(["server", "stop"], _env(folder, "manual"))
    for pid in _started_with(folder):   # a starter still waiting, or a server that should not be
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _env(folder: str, mode: str | None = None) -> dict[str, str]:
    env = {**os.environ, "XDG_RUNTIME_DIR": folder}
    env.pop(launch.SERVER_ENV, None)   # tests/conftest.py sets it off for every other test
    if mode is not None:
        env[launch.SERVER_ENV] = mode
    return env


def _started_with(folder: str) -> list[int]:
    """The processes whose environment has this XDG_RUNTIME_DIR: the commands' starters and servers (with
    their spares, which are forks of a server)."""
    wanted = f"XDG_RUNTIME_DIR={folder}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and wanted in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            pass
    return sorted(found)


def _roots(folder: str) -> list[int]:
    """Those of them not started by another of them: starters and servers, not a server's spares."""
    pids = set(_started_with(folder))
    roots = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[1]) not in pids:
            roots.append(pid)
    return sorted(roots)


def _served(folder: str) -> dict | None:
    """The status of the server answering in this folder, waiting up to a minute for one to."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = _run(["server", "status"], _env(folder, "manual"))
        if done.returncode == 0:
            text = done.stdout.decode()
            return {"pid": int(text.split("进程 ")[1].split("，")[0]),
                    "commands": int(text.split("执行了 ")[1].split(" ")[0])}
        time.sleep(0.2)
    return None


def _one_server_left(folder: str) -> list[int]:
    """The starters end once their server answers them: wait for that (up to a minute)."""
    deadline = time.monotonic() + 60
    while len(_roots(folder)) > 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    return _roots(folder)


def test_a_command_that_finds_no_server_leaves_one_for_the_next(runtime):
    here = _run(["check", "--format", "json", REPORT], _env(runtime, "off"))
    first = _run(["check", "--format", "json", REPORT], _env(runtime))   # returns: it holds no pipe open
    assert (first.returncode, first.stdout, first.stderr) == (here.returncode, here.stdout, here.stderr)
    server = _served(runtime)
    assert server is not None and server["commands"] == 0
    second = _run(["check", "--format", "json", REPORT], _env(runtime))
    assert (second.returncode, second.stdout, second.stderr) == (here.returncode, here.stdout, here.stderr)
    assert _served(runtime) == {"pid": server["pid"], "commands": 1}   # the server answered it
    assert _one_server_left(runtime) == [server["pid"]]


def test_commands_started_together_leave_one_server(runtime):
    callers = [subprocess.Popen([sys.executable, "-m", "checker", "check", REPORT], cwd=ROOT, env=_env(runtime),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(4)]
    assert [caller.wait(timeout=120) for caller in callers] == [0] * 4
    server = _served(runtime)
    assert server is not None
    assert _one_server_left(runtime) == [server["pid"]]


@pytest.mark.parametrize("mode", ["manual", "off"])
def test_manual_and_off_start_no_server(runtime, mode):
    done = _run(["check", REPORT], _env(runtime, mode))
    assert done.returncode == 0
    # a starter would be running now: it is made before the command's process ends, and lives on
    assert _started_with(runtime) == []


def test_no_server_is_started_where_others_may_enter_its_folder(runtime):
    folder = Path(runtime) / f"report-lint-{os.getuid()}"
    folder.mkdir()
    folder.chmod(0o755)
    assert _run(["check", REPORT], _env(runtime)).returncode == 0
    assert _started_with(runtime) == []
    assert folder.stat().st_mode & 0o777 == 0o755 and list(folder.iterdir()) == []


def test_the_server_command_starts_none_by_itself(runtime):
    assert _run(["server", "status"], _env(runtime)).returncode == 1
    assert _started_with(runtime) == []


def test_a_terminal_is_told_a_server_was_started(runtime):
    """On a terminal one line says so (in Chinese), after the command's own output; piped, nothing is
    added (the first test compares the bytes)."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "checker", "check", REPORT], cwd=ROOT, env=_env(runtime),
                              stdout=subprocess.PIPE, stderr=follower, timeout=120)
        os.close(follower)
        said = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:   # the terminal's other end closed, all read
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0 and "[通过]" in done.stdout.decode()
    assert "已在后台启动 report-lint 服务" in said.decode()
    assert _served(runtime) is not None


_TAKE_THE_LOCK = ("from checker.server_socket import Busy, hold_lock\n"
                  "try:\n    hold_lock()\nexcept Busy:\n    print('busy')\nelse:\n    print('taken')\n")


def test_a_running_server_holds_the_lock_and_leaves_it_when_it_stops(runtime):
    """The lock decides which of several servers started at once listens: held while one runs (its spares
    hold none), free once it stops."""
    env = _env(runtime, "manual")
    assert _run(["server", "start"], env).returncode == 0
    take = [sys.executable, "-c", _TAKE_THE_LOCK]
    assert subprocess.run(take, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60).stdout == "busy\n"
    assert _run(["server", "stop"], env).returncode == 0
    deadline = time.monotonic() + 30
    while _started_with(runtime) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert subprocess.run(take, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60).stdout == "taken\n"


def test_a_server_that_could_not_start_is_not_started_again_within_the_hour(runtime, tmp_path):
    """A server whose start fails (here a module it loads is broken on purpose, as a damaged installation
    would have it) leaves its reason: `server status` shows it, and commands start no other server for an
    hour instead of paying a failed start each."""
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "tomllib.py").write_text("raise ImportError('broken on purpose')\n")
    work = tmp_path / "work"   # no configuration file here or above: the command itself loads no tomllib
    work.mkdir()
    (work / "r.txt").write_bytes((ROOT / REPORT).read_bytes())
    env = {**_env(runtime), "PYTHONPATH": str(broken)}
    assert _run(["check", "r.txt"], env, cwd=work).returncode == 0
    deadline = time.monotonic() + 60
    while _started_with(runtime) and time.monotonic() < deadline:   # the starter, failing
        time.sleep(0.1)
    assert _started_with(runtime) == []
    status = _run(["server", "status"], env, cwd=work)
    assert status.returncode == 1
    assert "上次启动失败" in status.stdout.decode() and "broken on purpose" in status.stdout.decode()
    assert _run(["check", "r.txt"], env, cwd=work).returncode == 0
    assert _started_with(runtime) == []   # a starter would be running now


def test_a_server_whose_socket_is_gone_stops(runtime):
    """Its folder deleted (a temporary TMPDIR, a session's XDG_RUNTIME_DIR at logout), no command can reach
    the server: it stops within seconds instead of idling for half an hour."""
    from checker.server import _LOOK_EVERY

    env = _env(runtime, "manual")
    assert _run(["server", "start"], env).returncode == 0
    server = _served(runtime)
    assert server is not None
    time.sleep(_LOOK_EVERY + 1)   # it has looked at its socket at least once, found it its own, and runs on
    assert _served(runtime)["pid"] == server["pid"]
    socket = next((Path(runtime) / f"report-lint-{os.getuid()}").glob("*.sock"))
    assert _run(["server", "stop"], env).returncode == 0
    deadline = time.monotonic() + 30
    while _roots(runtime) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not socket.exists()   # a server that stops removes its own socket
    assert _run(["server", "start"], env).returncode == 0
    assert _served(runtime) is not None
    shutil.rmtree(Path(runtime) / f"report-lint-{os.getuid()}")
    deadline = time.monotonic() + 30
    while _roots(runtime) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _roots(runtime) == []
