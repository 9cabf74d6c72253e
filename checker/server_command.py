"""One command in the report-lint server (checker/server.py): the caller's message, and the forked process
that becomes the caller's (its standard streams, working folder, environment and arguments), runs the
command and says how it ended.

The message (checker/launch.py writes it): a 4-byte length, then NUL-separated fields: PROTOCOL; the
encoding and error handler of stdin, stdout and stderr; the umask; the resource limits
(launch.resource_limits); the number of arguments; the arguments; the environment as KEY=VALUE. With it come four file descriptors: stdin, stdout, stderr and the working folder.
A control message (`server status`, `server stop`) is PROTOCOL, CONTROL and the request, without any.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time

from checker.launch import PROTOCOL

CONTROL = b"control"
GO = b"go"   # the server's word to a spare holding a command: run it
_MAX_MESSAGE = 4 << 20   # the arguments and environment of one command
_STREAMS = 4


class Message:
    """A caller's message as received: the bytes (to pass on to a spare as they are), the fields and the
    file descriptors that came with it (this process's to close)."""

    def __init__(self, raw: bytes, fds: list[int]) -> None:
        self.raw = raw
        self.fields = raw[4:].split(b"\0")
        self.fds = fds
        self.connection: socket.socket | None = None   # a spare's command: the caller's connection
        if self.fields[0] != PROTOCOL or len(self.fields) < 3:
            raise ValueError("not a report-lint message")
        if not self.control and len(fds) != _STREAMS:
            raise ValueError("a command without its standard streams and working folder")

    @property
    def control(self) -> bytes | None:
        return self.fields[2] if self.fields[1] == CONTROL else None

    def umask(self) -> int:
        return int(self.fields[7])

    def limits(self) -> bytes:
        return self.fields[8]

    def arguments(self) -> list[str]:
        count = int(self.fields[9])
        return [os.fsdecode(arg) for arg in self.fields[10:10 + count]]

    def environment(self) -> dict[str, str]:
        count = int(self.fields[9])
        pairs = (os.fsdecode(entry).partition("=") for entry in self.fields[10 + count:])
        return {key: value for key, _, value in pairs}

    def encodings(self) -> list[str]:
        return [field.decode("ascii") for field in self.fields[1:7]]

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds = []


def receive(sock: socket.socket, handed_over: bool = False) -> Message:
    """Read one message; ValueError for anything that is not one, EOFError when the other end has gone.
    A message `handed_over` to a spare has the caller's connection before its standard streams."""
    data, fds, _, _ = socket.recv_fds(sock, 65536, _STREAMS + handed_over)
    try:
        if not data:
            raise EOFError
        if len(data) < 4:
            raise ValueError("a message cut short")
        size = int.from_bytes(data[:4], "big")
        if size > _MAX_MESSAGE:
            raise ValueError("a message too long")
        raw = bytearray(data)
        while len(raw) < size + 4:
            chunk = sock.recv(min(65536, size + 4 - len(raw)))
            if not chunk:
                raise ValueError("a message cut short")
            raw += chunk
        connection = socket.socket(fileno=fds.pop(0)) if handed_over and fds else None
        message = Message(bytes(raw), fds)
        message.connection = connection
        return message
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def spare(sock: socket.socket, warm_up) -> None:
    """A fork made ahead of the next command: it runs the warm-up first, so that the memory a command
    touches is already its own (copying it on first touch is most of what a fresh fork would spend), says
    so (R), then waits for the command: the caller's message, the connection first among its file
    descriptors. Never returns."""
    _own_signals()
    try:
        warm_up()
        _rehearse()
        _relay.start()   # here, not when the command comes: starting a thread waits for it to run
        sock.sendall(b"R")
        message = receive(sock, handed_over=True)
    except BaseException:   # noqa: BLE001: the server went away, or closed this spare: nothing to do
        os._exit(0)
    run(message.connection, message, verdict=sock)


def run(connection: socket.socket, message: Message, verdict: socket.socket | None = None) -> None:
    """In a fork: become the caller's process, run the command, send `exit N`. Never returns. A spare
    becomes the caller while the server checks whether it may run the command, then waits for its
    `verdict`: GO, or the refusal to pass on to the caller."""
    _own_signals()
    os.setpgid(0, 0)   # the command's own process group, with the worker processes it starts: Ctrl-C reaches all
    code = 2
    try:
        _become_caller(message)
        if verdict is not None:
            said = verdict.recv(256)
            if said != GO:
                _refuse(connection, said or b"refused: the server went away\n")
                os._exit(0)
        connection.settimeout(None)
        connection.sendall(b"ok\n")
        _relay.start()
        _relay.watch(connection)
        code = _main(message.arguments())
    except BaseException:   # noqa: BLE001: not even started (the caller runs it itself) or our bug, shown
        if code == 2 and not _started.is_set():
            _refuse(connection)
        else:
            import traceback

            traceback.print_exc()
    finally:
        _finished.set()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        try:
            connection.sendall(b"exit %d\n" % code)
        except OSError:
            pass
        os._exit(0)


_started = threading.Event()
_finished = threading.Event()


def _own_signals() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)   # the server ignores it; a command waits for its children
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _refuse(connection: socket.socket, reason: bytes = b"refused: the command could not be set up\n") -> None:
    try:
        connection.sendall(reason)
    except OSError:
        pass


def _rehearse() -> None:
    """Become this process's own caller once: the memory that takes is then the spare's own before the
    command comes (most of becoming the caller is copying the pages it writes, shared with the server)."""
    from checker.launch import _message

    fds = [os.dup(0), os.dup(1), os.dup(2), os.open("/", os.O_RDONLY)]
    _become_caller(Message(_message([]), fds))


def _become_caller(message: Message) -> None:
    fds = message.fds
    for target, fd in zip((0, 1, 2), fds):
        os.dup2(fd, target)
    os.fchdir(fds[3])
    message.close()
    os.umask(message.umask())
    os.environ.clear()
    os.environ.update(message.environment())
    time.tzset()   # the caller's TZ, for the times an HTML report prints
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = None   # found again from the caller's TMPDIR
    encodings = message.encodings()
    sys.stdin = sys.__stdin__ = open(0, encoding=encodings[0], errors=encodings[1], closefd=False)
    sys.stdout = sys.__stdout__ = open(1, "w", encoding=encodings[2], errors=encodings[3], closefd=False,
                                       buffering=1 if os.isatty(1) else -1)
    sys.stderr = sys.__stderr__ = open(2, "w", encoding=encodings[4], errors=encodings[5], closefd=False,
                                       buffering=1)
    sys.argv = ["report-lint", *message.arguments()]


def _main(arguments: list[str]) -> int:
    import atexit

    from checker.cli import main
    from checker.workers import fork_from_this_process

    fork_from_this_process()
    _started.set()
    try:
        code = main(arguments)
    except SystemExit as exc:   # argparse's --help, --version and usage errors
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    finally:
        _end_threads()
    atexit._run_exitfuncs()   # what the command registered (temporary folders) still ends
    return code


def _end_threads() -> None:
    """What a whole process's exit does for its threads before its atexit functions (the interpreter calls
    threading._shutdown): concurrent.futures' hook there ends a batch's worker pool (each waiting worker
    told to stop, all of them killed if the pool broke), then the threads are waited for. The command ends
    with os._exit, which runs none of it: after a Ctrl-C, a worker left waiting for chunks (one the pool was
    starting when it came) waited for ever, holding the caller's stderr open."""
    shutdown = getattr(threading, "_shutdown", None)
    if shutdown is not None:
        shutdown()


class _Relay:
    """Ctrl-C in the caller arrives as INT and becomes a SIGINT to the command's process group, as the
    terminal would have sent it to the caller's (workers included); a caller gone (killed) interrupts the
    command too, and ends this process if the command does not stop within 5 seconds. A thread of its own
    listens to the caller's connection while the command runs."""

    def __init__(self) -> None:
        self.connection: socket.socket | None = None
        self.given = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._listen, daemon=True)
            self.thread.start()

    def watch(self, connection: socket.socket) -> None:
        self.connection = connection
        self.given.set()

    def _listen(self) -> None:
        self.given.wait()
        while True:
            try:
                data = self.connection.recv(64)
            except OSError:
                data = b""
            if _finished.is_set():
                return
            if not data:
                os.killpg(0, signal.SIGINT)
                time.sleep(5)
                os._exit(130)
            if b"INT" in data:
                os.killpg(0, signal.SIGINT)


_relay = _Relay()
