"""The report-lint server (checker/server.py, checker/launch.py): a command it runs prints, exits and sees
its folder, environment and input exactly as the command run in its own process; it refuses what it must
not answer for, and stops when asked, when idle and when its code changes.

Every server here lives in a socket folder of the test's own (XDG_RUNTIME_DIR), so none meets a server
the developer runs, and each is stopped at the end."""

from __future__ import annotations

import datetime as dt
import os
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
EXAMPLES = ["examples/mazhu-2020.txt", "examples/linxi-2022.txt"]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the server forks (POSIX only)")


def _run(argv: list[str], env: dict[str, str], cwd: Path = ROOT, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *argv], cwd=cwd, env=env, capture_output=True,
                          timeout=120, **kwargs)


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.here = {**env, launch.SERVER_ENV: "off"}

    def commands(self) -> int | None:
        """How many commands the server has run; None when none answers."""
        done = _run(["server", "status"], self.env)
        if done.returncode != 0:
            return None
        return int(done.stdout.decode().split("执行了 ")[1].split(" ")[0])


@pytest.fixture
def server():
    # a short folder: a socket's path may not be longer than about 100 bytes
    runtime = tempfile.mkdtemp(prefix="rl-")
    # the server the fixture starts answers; after a test stops it, commands run in the caller, starting none
    env = {**os.environ, "XDG_RUNTIME_DIR": runtime, launch.SERVER_ENV: "manual"}
    started = _run(["server", "start", "--idle", "10"], env)
    assert started.returncode == 0, started.stderr.decode()
    assert "已启动" in started.stdout.decode()
    yield Server(env)
    _run(["server", "stop"], env)
    shutil.rmtree(runtime, ignore_errors=True)


@pytest.mark.parametrize("argv", [
    ["check", *EXAMPLES],
    ["check", "--format", "json", *EXAMPLES],
    ["check", "--format", "sarif", "examples/linxi-2022.json"],
    ["extract", "examples/mazhu-2020.txt"],
    ["rules"],
    ["explain", "R1"],
    ["check", "no-such-report.txt"],          # exit 2, a Chinese message
    ["check", "--no-such-option", "x"],       # a usage error: argparse exits 2
    ["--version"],                            # argparse exits 0
    ["explain", "NO-SUCH-RULE"],
])
def test_a_command_answers_as_it_would_here(server, argv):
    before = server.commands()
    there = _run(argv, server.env)
    here = _run(argv, server.here)
    assert (there.returncode, there.stdout, there.stderr) == (here.returncode, here.stdout, here.stderr)
    assert server.commands() == before + 1   # the server ran it, not the caller


def test_folder_environment_and_input_are_the_callers(server, tmp_path):
    report = (ROOT / EXAMPLES[0]).read_bytes()
    (tmp_path / "in-here.txt").write_bytes(report)
    env = {**server.env, "REPORT_LINT_DEBUG": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    there = _run(["check", "--format", "json", "in-here.txt"], env, cwd=tmp_path)
    assert there.returncode == 0 and b'"in-here.txt"' in there.stdout
    assert (tmp_path / "cache" / "report-lint").is_dir()   # the rule cache went where the caller's XDG says
    extracted = _run(["extract", "-"], server.env, input=report)
    assert extracted.returncode == 0 and "马渚镇".encode() in extracted.stdout
    assert extracted.stdout == _run(["extract", "-"], server.here, input=report).stdout


def test_a_configuration_changed_between_commands_is_read_again(server, tmp_path):
    """The spare warms up in the last command's folder, reading its configuration; a change after that,
    even one that keeps the file's size and modification time, is seen by the next command."""
    (tmp_path / "a.txt").write_bytes((ROOT / EXAMPLES[1]).read_bytes())
    config = tmp_path / "report-lint.toml"
    good, bad = 'fail-on = "error"\n', 'fail-on = "errorr\n'
    assert len(good) == len(bad)
    config.write_text(good)
    argv = ["check", "--format", "json", "a.txt"]
    for text in (good, bad, good, bad):
        stamp = config.stat()
        config.write_text(text)
        os.utime(config, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        time.sleep(1)   # the spare warmed up in this folder, with the configuration as it was
        there, here = _run(argv, server.env, cwd=tmp_path), _run(argv, server.here, cwd=tmp_path)
        assert (there.returncode, there.stdout, there.stderr) == (here.returncode, here.stdout, here.stderr)
        assert (there.returncode == 2) == (text == bad)


def test_files_written_take_the_callers_umask_and_time_zone(server, tmp_path):
    before = server.commands()
    for where, env in (("there", server.env), ("here", server.here)):
        done = _run(["check", "--write-baseline", str(tmp_path / f"{where}.json"), EXAMPLES[0]], env, umask=0o077)
        assert done.returncode == 0, done.stderr.decode()
        shanghai = [(dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H")]
        html = _run(["check", "--format", "html", EXAMPLES[0]], {**env, "TZ": "Asia/Shanghai"}).stdout.decode()
        shanghai.append((dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=8)).strftime("%Y-%m-%d %H"))
        assert any(hour in html for hour in shanghai), where   # the caller's zone, not the server's
    assert (tmp_path / "there.json").stat().st_mode & 0o777 == (tmp_path / "here.json").stat().st_mode & 0o777 == 0o600
    assert server.commands() == before + 2


def test_a_spare_gone_is_replaced(server):
    """The fork waiting for the next command is killed: the server runs the command in a fork made then,
    and makes a new spare."""
    pid = int(_run(["server", "status"], server.env).stdout.decode().split("进程 ")[1].split("，")[0])
    for _ in range(2):
        time.sleep(1)   # the spare warmed up
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            os.kill(int(child), signal.SIGKILL)
        before = server.commands()
        done = _run(["check", "--format", "json", EXAMPLES[0]], server.env)
        assert done.returncode == 0 and done.stdout == _run(["check", "--format", "json", EXAMPLES[0]], server.here).stdout
        assert server.commands() == before + 1


def test_other_interpreter_settings_are_refused_and_run_here(server):
    before = server.commands()
    env = {**server.env, "PYTHONHASHSEED": "7"}
    done = _run(["check", "--format", "json", EXAMPLES[0]], env)
    assert done.returncode == 0 and done.stdout == _run(["check", "--format", "json", EXAMPLES[0]], server.here).stdout
    assert server.commands() == before


def test_another_locale_is_refused_and_run_here(server):
    """The locale of the character type fixed the server's encoding of file names when it started: a
    caller in another one runs the command itself. (LC_ALL here: a caller's LC_CTYPE or LANG naming a
    locale the machine lacks is rewritten to C.UTF-8 by Python's locale coercion before the caller sends
    its environment, and the caller then does read names as UTF-8.)"""
    env = {**server.env, "LC_ALL": "zh_CN.GB18030" if server.env.get("LC_ALL") != "zh_CN.GB18030" else "C.UTF-8"}
    before = server.commands()
    done = _run(["check", "--format", "json", EXAMPLES[0]], env)
    assert done.returncode == 0 and done.stdout == _run(["check", "--format", "json", EXAMPLES[0]], server.here).stdout
    assert server.commands() == before


def test_other_resource_limits_are_refused_and_run_here(server):
    """A caller under a ulimit (here fewer open files) must run within it: the server's forks would not."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    lower = min(soft, 1000) - 1

    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (lower, hard))

    before = server.commands()
    done = _run(["check", "--format", "json", EXAMPLES[0]], server.env, preexec_fn=capped)
    assert done.returncode == 0 and done.stdout == _run(["check", "--format", "json", EXAMPLES[0]], server.here).stdout
    assert server.commands() == before
    assert _run(["check", EXAMPLES[0]], server.env).returncode == 0
    assert server.commands() == before + 1   # the same limits as the server's: answered


def test_changed_code_is_refused_and_the_server_stops(server):
    module = ROOT / "checker" / "spec_ids.py"
    stamp = module.stat()
    try:
        os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
        done = _run(["check", EXAMPLES[0]], server.env)
    finally:
        os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert done.returncode == 0 and "[通过]" in done.stdout.decode()   # run here instead
    assert server.commands() is None


def test_bytecode_written_is_no_change_of_code(server, tmp_path):
    """Importing writes __pycache__ folders and files into the package: the code is the same."""
    folder = ROOT / "checker" / "readers" / "__pycache__"
    moved = tmp_path / "__pycache__"
    if folder.exists():
        shutil.move(folder, moved)
    try:
        assert _run(["check", EXAMPLES[0]], server.env).returncode == 0
        folder.mkdir(exist_ok=True)
        (folder / "written-by-test.pyc").write_bytes(b"")
        before = server.commands()
        assert _run(["check", EXAMPLES[0]], server.env).returncode == 0
        assert server.commands() == before + 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if moved.exists():
            shutil.move(moved, folder)


def test_stop_status_and_idle(server):
    assert server.commands() == 0
    assert "已在运行" in _run(["server", "start"], server.env).stdout.decode()
    stopped = _run(["server", "stop"], server.env)
    assert stopped.returncode == 0 and "已停止" in stopped.stdout.decode()
    status = _run(["server", "status"], server.env)
    assert status.returncode == 1 and "没有在运行" in status.stdout.decode()
    assert _run(["check", EXAMPLES[0]], server.env).returncode == 0   # no server: runs here
    assert _run(["server", "start", "--idle", "0.02"], server.env).returncode == 0   # 1.2 seconds
    deadline = time.monotonic() + 30
    while server.commands() is not None and time.monotonic() < deadline:
        time.sleep(0.5)
    assert server.commands() is None


def test_a_spare_falling_due_while_a_command_runs_never_stops_the_server(monkeypatch):
    """The next spare is due 50 ms after a command; a command that took longer (a busy machine) once left
    the server a wait of 0, which made its listening socket non-blocking, and the BlockingIOError of its
    accept ended the server: the next `status` found none. Here the spare is overdue when the loop starts."""
    import signal as signals
    import threading

    from checker import server as server_module
    from checker import server_socket

    runtime = tempfile.mkdtemp(prefix="rl-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", runtime)
    made: list = []

    class Spare:   # stands in for the fork: only when it is made matters here
        gone = False

        def __init__(self, listener, folder) -> None:
            made.append(folder)

        def close(self) -> None:
            pass

    monkeypatch.setattr(server_module, "_Spare", Spare)
    server_socket.prepare_folder()
    serving = server_module._Server(server_socket.listen(), 0, [])
    serving.spare_due = time.monotonic() - 1
    answers: list = []

    def ask() -> None:
        deadline = time.monotonic() + 30
        while len(made) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        answers.append(server_socket.ask(b"status"))
        server_socket.ask(b"stop")

    saved = {number: signals.getsignal(number) for number in (signals.SIGCHLD, signals.SIGTERM)}
    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    try:
        serving.run()   # here: it sets signal handlers, which only the main thread may
    finally:
        for number, handler in saved.items():
            signals.signal(number, handler)
        asking.join(timeout=30)
        shutil.rmtree(runtime, ignore_errors=True)
    assert len(made) == 2   # the first spare, then the overdue one
    assert answers and answers[0] is not None and answers[0]["commands"] == "0"


def test_a_batch_with_workers_answers_as_it_would_here(server, tmp_path):
    """Enough reports for two workers: the server's command forks them from itself (checker/workers.py),
    the caller's own process from a fork server; the output is the same."""
    for number in range(240):
        os.link(ROOT / EXAMPLES[number % 2], tmp_path / f"{number:03d}.txt")
    argv = ["check", "--jobs", "2", "--format", "json", str(tmp_path)]
    before = server.commands()
    there = _run(argv, server.env)
    here = _run(argv, server.here)
    assert (there.returncode, there.stdout, there.stderr) == (here.returncode, here.stdout, here.stderr)
    assert there.stdout.count(b'"path"') == 240
    assert server.commands() == before + 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_in_the_caller_stops_the_command_there(server, tmp_path, jobs):
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(3000):
        os.link(ROOT / EXAMPLES[0], folder / f"{number}.txt")
    # run in that folder: every process of the command works in it, the caller, the server's fork that runs
    # the command and its workers (forked from that fork, which took the caller's folder)
    caller = subprocess.Popen([sys.executable, "-m", "checker", "check", "--jobs", jobs, "--format", "json", "."],
                              cwd=folder, env=server.env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = 2 if jobs == "1" else 4   # under way: with workers, once they run
    deadline = time.monotonic() + 60
    while len(_working_in(folder)) < started and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(_working_in(folder)) >= started
    time.sleep(0.5)
    caller.send_signal(signal.SIGINT)
    assert caller.wait(timeout=60) == 130
    assert b"Traceback" not in caller.stderr.read()
    deadline = time.monotonic() + 30   # the worker processes go too
    while _working_in(folder) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _working_in(folder) == []


_POOL_LEFT_BEHIND = """
import atexit, multiprocessing, os, sys
from concurrent.futures import ProcessPoolExecutor
from checker.server_command import _end_threads

pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver"))
print(pool.submit(os.getpid).result(), flush=True)   # a worker of the fork server, waiting for more
_end_threads()   # then as the server's command ends (server_command._main, run)
atexit._run_exitfuncs()
os._exit(0)
"""


def test_a_command_ending_with_os_exit_still_ends_its_worker_pool():
    """The server's command ends with os._exit, which skips what a whole process's exit does for its threads:
    concurrent.futures' hook telling a pool's waiting workers to stop. A worker the fork server had just
    started when a Ctrl-C came (Ctrl-C still ignored) then waited for ever, and held the caller's stderr
    open with the fork server; the command now runs that part of an exit itself."""
    with tempfile.TemporaryFile() as errors:
        command = subprocess.Popen([sys.executable, "-c", _POOL_LEFT_BEHIND], stdout=subprocess.PIPE,
                                   stderr=errors, cwd=ROOT)
        worker = int(command.stdout.readline())   # not to the end: a worker left behind holds it open
        assert command.wait(timeout=60) == 0
        command.stdout.close()
        errors.seek(0)
        assert errors.read() == b""
    deadline = time.monotonic() + 20
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _alive(worker)
    if left:
        os.kill(worker, signal.SIGKILL)
    assert not left


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _working_in(folder: Path) -> list[int]:
    """The processes whose working folder is `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and os.readlink(entry / "cwd") == str(folder):
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def test_a_socket_path_too_long_is_said_in_chinese(tmp_path):
    runtime = tmp_path / ("x" * 120)
    runtime.mkdir()
    done = _run(["server", "start"], {**os.environ, "XDG_RUNTIME_DIR": str(runtime)})
    assert done.returncode == 2 and "无法启动 report-lint 服务：socket 路径太长" in done.stderr.decode()
    assert b"Traceback" not in done.stderr


def test_a_folder_others_may_enter_is_not_used(tmp_path):
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    assert not launch.private_folder(str(folder))
    os.chmod(folder, 0o700)
    assert launch.private_folder(str(folder))
    assert not launch.private_folder(str(tmp_path / "missing"))


def test_the_launcher_loads_nothing_before_asking_the_server():
    probe = ("import sys\nbefore = set(sys.modules)\nimport checker.launch\n"
             "print(sorted(set(sys.modules) - before))\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['checker', 'checker.launch']"
