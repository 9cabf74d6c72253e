"""A resident report-lint: `report-lint server start | stop | status`.

Starting report-lint (Python's own modules, ours, the compiled rules) costs many times what checking one
report does. A server started once keeps all of that loaded: `server start` starts one, and so does any
command that finds none, as it ends (checker/launch.py; REPORT_LINT_SERVER=manual or off says not to). Each command the `report-lint` entry point
hands it (checker/launch.py) runs in a fresh fork of the server, in the caller's working folder, with the
caller's arguments, environment and standard streams (received as file descriptors): its output, colours,
progress bar and exit code are the ones the caller's own process would have produced, and nothing one
command does is seen by the next.

The server answers only its own user (its socket is in a folder only that user may enter) and only callers
of the same installation and interpreter (the socket's name says which). It refuses a command, which then
runs in the caller as usual, when the caller's interpreter settings (PYTHON* variables, the locale of
its character type) or resource limits differ from its own
or when its own code has changed on disk since it started; in that last case it also stops. It stops by
itself after `--idle` minutes without a command.
"""

from __future__ import annotations

import os
import signal
import socket
import time

from checker import server_command
from checker.launch import resource_limits, socket_path
from checker.server_socket import (Busy, ServerError, ask, clear_failure, hold_lock, last_failure, listen,
                                   note_failure, prepare_folder)


def start(idle_minutes: float) -> int:
    """Start a server in the background and return once it answers; 0 also when one is already running."""
    running = status()
    if running is not None:
        print(f"report-lint 服务已在运行（进程 {running['pid']}），无需再次启动。")
        return 0
    prepare_folder()
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:   # the first child: a new session, then the server in a grandchild, so no terminal owns it
        os.close(ready_read)
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        _daemon(ready_write, idle_minutes)   # never returns
    os.close(ready_write)
    os.waitpid(pid, 0)
    with os.fdopen(ready_read, "rb") as ready:
        answer = ready.read().decode("utf-8", "replace")
    if answer.startswith("internal "):
        raise RuntimeError(f"report-lint 服务启动时出错：\n{answer[9:]}")
    if answer.startswith("busy"):   # another command started one just now: it answers once it is warm
        running = ask(b"status", timeout=60)
        if running is None:
            raise ServerError(None, f"另一个 report-lint 服务正在启动，但一分钟内没有应答（socket：{socket_path()}）")
        print(f"report-lint 服务已在运行（进程 {running['pid']}），无需再次启动。")
        return 0
    if not answer.startswith("ready"):
        raise ServerError(None, f"{answer.strip() or '原因不明'}（socket：{socket_path()}）")
    limit = f"闲置 {idle_minutes:g} 分钟后自动停止" if idle_minutes > 0 else "不会因闲置而停止"
    print(f"report-lint 服务已启动（进程 {answer.split()[1]}），{limit}；"
          f"之后的 report-lint 命令都由它执行。停止：report-lint server stop")
    return 0


def stop() -> int:
    running = ask(b"stop")
    if running is None:
        print("report-lint 服务没有在运行。")
        return 0
    print(f"report-lint 服务（进程 {running['pid']}）已停止。")
    return 0


def show_status() -> int:
    running = status()
    if running is None:
        print(f"report-lint 服务没有在运行（启动：report-lint server start）。socket：{socket_path()}")
        failed = last_failure()
        if failed is not None:
            print(f"上次启动失败（{failed[1]}）：{failed[0]}；一小时内命令不会再自动启动服务")
        return 1
    print(f"report-lint 服务正在运行：进程 {running['pid']}，已运行 {running['uptime']} 秒，"
          f"执行了 {running['commands']} 条命令；socket：{socket_path()}")
    return 0


def status() -> dict | None:
    return ask(b"status")


def _daemon(ready: int, idle_minutes: float) -> None:
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        if devnull > 2:
            os.close(devnull)
        os.chdir("/")
        code = _code_stamps()   # before anything is imported: a change from here on is one the server refuses
        hold_lock()   # for the server's life
        listener = listen()
        _preload()
    except BaseException as exc:   # noqa: BLE001: a server that cannot start says why to `start`, then ends
        if isinstance(exc, Busy):
            os.write(ready, b"busy\n")
            os._exit(1)
        if isinstance(exc, OSError):   # the socket's folder or path: the machine's, said as such
            reason = exc.strerror or ("socket 路径太长，请把 XDG_RUNTIME_DIR 设为较短的文件夹" if "too long" in str(exc)
                                      else str(exc))
            answer = f"{reason}\n"
        else:   # report-lint's own bug: its traceback, for `start` to report as one
            import traceback

            reason = f"内部错误：{traceback.format_exception_only(exc)[-1].strip()}"
            answer = "internal " + traceback.format_exc()
        note_failure(reason)   # commands start no other server for an hour; `server status` says why
        os.write(ready, answer.encode())
        os._exit(1)
    clear_failure()
    os.write(ready, f"ready {os.getpid()}\n".encode())
    os.close(ready)
    try:
        _Server(listener, idle_minutes * 60, code).run()
    finally:
        os._exit(0)


# What commands import as they run, beside readers' libraries and jsonschema: tomllib (pyproject.toml), rich
_PRELOAD = ("checker.cli", "checker.check_command", "checker.lint", "checker.summary", "checker.output.text",
            "tomllib", "rich.console", "rich.table", "rich.text")


def _preload() -> None:
    """Import what commands use and run them once, so a command's fork starts with all of it."""
    import gc
    import importlib

    from checker.readers import form_specs

    for name in _PRELOAD:
        importlib.import_module(name)
    for spec in form_specs():   # every form's reader module and the libraries it reads with
        for library in spec.libraries:
            importlib.import_module(library)
    _warm_up()
    importlib.import_module("checker.schemas").prepare_explanations()   # the examples break no schema
    gc.collect()
    gc.freeze()   # the forks' garbage collections never walk what the server loaded


def _warm_up(folder: str | None = None) -> None:
    """Run the commands once on the shipped example reports (output to nowhere): what report-lint
    prepares on first use (the rules and the rule catalogue from the rule cache, compiled patterns, label
    and organ indexes) is then ready in every fork. A spare runs them in the folder the last command ran
    in, where the next one most likely runs: that folder's configuration and rule packs are then ready
    too (changed by then, they are read again as usual)."""
    from checker.cli import main
    from checker.resources import data_dir

    examples = data_dir("examples")
    reports = sorted(os.path.join(examples, name) for name in os.listdir(examples) if name.endswith(".txt"))
    try:
        os.chdir(folder or "/")
    except OSError:
        pass
    for arguments in (["check", "--format", "json", *reports], ["check", *reports], ["rules"], ["explain", "R1"]):
        main(arguments)
    os.chdir("/")   # a waiting spare holds no one's folder (a USB drive could not be removed)


class _Stopped(Exception):
    pass


def _stop_now(*_) -> None:
    raise _Stopped


class _Spare:
    """The fork waiting for the next command (server_command.spare), and this end of its socket pair."""

    def __init__(self, listener: socket.socket, folder: str | None) -> None:
        self.socket, theirs = socket.socketpair()
        self.ready = self.gone = False
        if os.fork() == 0:
            listener.close()
            self.socket.close()
            server_command.spare(theirs, lambda: _warm_up(folder))   # never returns
        theirs.close()

    def take(self, connection: socket.socket, message: server_command.Message) -> bool:
        """Hand the command over, if the spare has finished warming up; False leaves it to the caller."""
        if not self.ready:
            try:
                said = self.socket.recv(1, socket.MSG_DONTWAIT)
            except BlockingIOError:   # still warming up
                return False
            except OSError:
                said = b""
            self.ready = said == b"R"
            self.gone = not self.ready   # it ended (its warm-up failed): the server makes another
        if not self.ready:
            return False
        try:
            socket.send_fds(self.socket, [message.raw], [connection.fileno(), *message.fds])
        except OSError:
            self.gone = True
            return False
        return True

    def close(self) -> None:
        """A waiting spare sees the end of its socket and exits; a warming one, once it is warm. (No
        signal: its process id may belong to another process by then.)"""
        self.socket.close()


# The next spare is made once no command has come for this long: forking the server and warming up take
# tens of ms of CPU, which would otherwise compete with the command just handed over (and a burst of
# commands is answered by forks made on the spot meanwhile)
_SPARE_AFTER = 0.05
_LOOK_EVERY = 5.0   # seconds between looks at the socket's path


class _Server:
    def __init__(self, listener: socket.socket, idle_seconds: float, code: list[str]) -> None:
        self.listener = listener
        self.idle = idle_seconds
        self.started = time.monotonic()
        self.commands = 0
        self.last_command = self.started
        self.code = code   # report-lint's code as the server found it when it started (_code_stamps)
        self.interpreter = _interpreter_settings(os.environ)
        self.limits = resource_limits()   # the commands' forks run under these
        self.running = True
        self.spare: _Spare | None = None
        self.folder: str | None = None   # where the last command ran
        self.spare_due: float | None = None   # when to make the next spare
        self.look_at = self.started + _LOOK_EVERY   # when to make sure the socket still leads here
        self.bound = _identity(socket_path())   # the socket file the listener was bound to just now

    def run(self) -> None:
        signal.signal(signal.SIGCHLD, signal.SIG_IGN)   # forks are reaped by the system
        signal.signal(signal.SIGTERM, _stop_now)
        try:
            self.spare = _Spare(self.listener, self.folder)
            while self.running:
                # what is due is decided by the clock here, never by how a wait ended: a command that took
                # longer than the spare's delay once left a wait of 0, which made the listening socket
                # non-blocking, and its accept's BlockingIOError ended the server (seen on a busy machine)
                now = time.monotonic()
                if self.spare_due is not None and now >= self.spare_due:
                    self.spare_due = None
                    self.spare = _Spare(self.listener, self.folder)
                    continue
                idle_at = self.last_command + self.idle if self.idle > 0 else None
                if idle_at is not None and now >= idle_at:
                    break   # idle: no command for so long (asking for the status is no command)
                if now >= self.look_at:
                    if not self._reachable():
                        break
                    self.look_at = now + _LOOK_EVERY
                due = [at for at in (self.spare_due, idle_at, self.look_at) if at is not None]
                self.listener.settimeout(min(due) - now)   # above 0: all are later than now
                try:
                    connection, _ = self.listener.accept()
                except socket.timeout:
                    continue
                except _Stopped:
                    break
                except InterruptedError:
                    continue
                with connection:
                    self._answer(connection)
        finally:
            self._close()

    def _reachable(self) -> bool:
        """Whether the socket's path is still the file this server bound: a folder deleted (a temporary
        TMPDIR, a session's XDG_RUNTIME_DIR at logout) or a socket another process put there leaves it
        unreachable, and it stops rather than idle for nothing. (The file's identity, taken when it
        started: the listening socket's own fstat names an inode of the kernel's, never the file's.)"""
        return self.bound is not None and _identity(socket_path()) == self.bound

    def _close(self) -> None:
        if self.spare is not None:
            self.spare.close()
        if self._reachable():
            try:
                os.unlink(socket_path())
            except OSError:
                pass
        self.listener.close()

    def _answer(self, connection: socket.socket) -> None:
        connection.settimeout(10)
        try:
            message = server_command.receive(connection)
        except (OSError, ValueError, EOFError):
            return
        try:
            if message.control is not None:
                self._control(connection, message.control)
            else:
                self._command(connection, message)
        except OSError:
            pass
        finally:
            message.close()

    def _command(self, connection: socket.socket, message: server_command.Message) -> None:
        """To the spare if it is ready, which becomes the caller while this process makes its checks and
        then starts or refuses as they say (a new spare is made once commands pause); else, checks first,
        to a fork made now."""
        spare = self.spare if self.spare is not None and self.spare.take(connection, message) else None
        refusal = self._refusal(message)
        if refusal is None:
            self.commands += 1
            self.last_command = time.monotonic()
            self.folder = _path_of(message.fds[3])
        if spare is not None:
            try:
                spare.socket.sendall(refusal or server_command.GO)
            finally:
                spare.socket.close()   # it runs the command now, on its own
                self.spare = None
                self.spare_due = time.monotonic() + _SPARE_AFTER
            return
        if refusal is not None:
            connection.sendall(refusal)
            return
        if os.fork() == 0:
            self.listener.close()
            if self.spare is not None:
                self.spare.socket.close()
            server_command.run(connection, message)   # never returns
        if self.spare is not None and self.spare.gone:
            message.close()
            connection.close()
            self.spare.close()
            self.spare = _Spare(self.listener, self.folder)

    def _refusal(self, message: server_command.Message) -> bytes | None:
        """Why the server must not run the command (the caller then runs it itself); None when it may."""
        if _code_stamps() != self.code:
            self.running = False
            return b"refused: code changed\n"
        if _interpreter_settings(message.environment()) != self.interpreter:
            return b"refused: interpreter settings differ\n"
        if message.limits() != self.limits:
            return b"refused: resource limits differ\n"
        return None

    def _control(self, connection: socket.socket, command: bytes) -> None:
        uptime = int(time.monotonic() - self.started)
        connection.sendall(f"pid={os.getpid()} uptime={uptime} commands={self.commands}\n".encode())
        if command == b"stop":
            self.running = False


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _path_of(folder: int) -> str | None:
    """The path of an open folder (Linux's /proc; elsewhere none, and spares warm up in /)."""
    try:
        return os.readlink(f"/proc/self/fd/{folder}")
    except OSError:
        return None


def _interpreter_settings(environ) -> dict[str, str]:
    """What a fork cannot take from the caller: the variables Python read when the server started, and
    the locale its character type comes from, which fixed the encoding of file names (a GB18030 locale's
    names read as UTF-8 would print otherwise)."""
    settings = {key: value for key, value in environ.items() if key.startswith("PYTHON")}
    settings["LC_CTYPE"] = next((environ[key] for key in ("LC_ALL", "LC_CTYPE", "LANG") if environ.get(key)), "")
    return settings


def _code_stamps() -> list[str]:
    """report-lint's code as the rule cache's key sees it (cache.scan_code: every module's path, size and
    time; __pycache__ aside), and the schemas (a process reads them once): the server answers for those it
    started with only. The rule packs are compared with the rule cache by every command."""
    from checker.engine.cache import scan_code
    from checker.resources import data_dir

    schemas = sorted((entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                     for entry in os.scandir(data_dir("schemas")))
    return [*scan_code(), *map(str, schemas)]
