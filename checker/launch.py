"""The `report-lint` command's entry point: a command goes to a running report-lint server if there is one,
else it runs in this process, and then a server is started in the background for the commands after it.

The server (checker/server.py) has report-lint imported and its rules loaded; it forks a fresh copy of
itself for each command, which runs in this process's working folder with its environment, arguments and
standard streams (passed as file descriptors), so its output, colours and exit code are the ones this
process would have produced. This module is imported before anything else and imports nothing beyond what
Python has loaded at start-up: talking to a server costs far less than starting report-lint.

REPORT_LINT_SERVER in the environment: `off` never uses a server; `manual` uses one started by
`report-lint server start` but never starts one itself; anything else (or unset) is the default.
"""

import os
import sys

SERVER_ENV = "REPORT_LINT_SERVER"
PROTOCOL = b"report-lint-server 2"
_STREAMS = (0, 1, 2)
_SOCKET_PATH_MAX = 104   # sun_path: 108 bytes on Linux, 104 on macOS and the BSDs, its NUL included
FAILURE_PAUSE = 3600   # seconds after a server failed to start before a command starts one again

NO_SERVER = object()   # hand_over's answer when no server listens: the command runs here and may start one


def main() -> int:
    argv = sys.argv[1:]
    try:
        code = hand_over(argv)
    except KeyboardInterrupt:   # Ctrl-C before the command started there, or while it ended: it is stopped
        return 130
    if isinstance(code, int):   # the command ran there: nothing here to tidy away before exiting
        sys.stderr.flush()
        os._exit(code)
    from checker.cli import main as run_here

    status = run_here()
    if code is NO_SERVER and may_start_server(argv):
        start_in_background()
    return status


def may_start_server(argv: list[str]) -> bool:
    """A command that ran here because no server listens may leave one for the next command: unless told
    not to (REPORT_LINT_SERVER=manual or off), and where a server can listen (a folder only this user may
    enter, made now if missing, and a socket path short enough)."""
    if os.environ.get(SERVER_ENV) in ("manual", "off") or (argv and argv[0] == "server"):
        return False
    folder = socket_folder()
    try:
        os.mkdir(folder, 0o700)
    except OSError:
        pass   # there already, or not to be made: private_folder says which
    if not private_folder(folder) or len(os.fsencode(socket_path())) >= _SOCKET_PATH_MAX:
        return False
    import time   # loaded at start-up already

    try:   # a server that could not start within the hour is not tried again by every command
        return time.time() - os.stat(failure_path()).st_mtime > FAILURE_PAUSE
    except OSError:
        return True


def start_in_background() -> None:
    """`report-lint server start` in a process of its own, in a session of its own, holding none of this
    process's files (a pipe it held would keep whoever reads this command's output waiting): it makes the
    server and ends; this process does not wait for it. On a terminal, one line says so."""
    import subprocess

    package = os.path.dirname(os.path.abspath(__file__))
    try:
        subprocess.Popen([sys.executable, "-m", "checker", "server", "start"], cwd=os.path.dirname(package),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True)
    except OSError:
        return   # no process to spare: the next command tries again
    try:
        if sys.stderr.isatty():
            sys.stderr.write("report-lint：已在后台启动 report-lint 服务，之后的命令不必再启动 report-lint，会快得多；"
                             "闲置 30 分钟后它自动停止（report-lint server status 查看；"
                             "不自动启动：REPORT_LINT_SERVER=manual）\n")
    except (OSError, ValueError):
        pass


def socket_folder() -> str:
    """A folder only this user can enter: under XDG_RUNTIME_DIR, or under TMPDIR (or /tmp) by user id."""
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(base, f"report-lint-{os.getuid()}")


def socket_path() -> str:
    """One server per installation and interpreter: a server never answers for other code."""
    package = os.path.dirname(os.path.abspath(__file__))
    identity = os.fsencode("\0".join((package, sys.prefix, sys.version)))
    tag = 0xCBF29CE484222325   # FNV-1a, 64 bits: stable across processes, unlike hash()
    for byte in identity:
        tag = ((tag ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return os.path.join(socket_folder(), f"{tag:016x}.sock")


def failure_path() -> str:
    """Where a server that could not start says why (checker/server.py), for `server status` to show."""
    return socket_path()[:-len(".sock")] + ".failed"


def private_folder(folder: str) -> bool:
    """The folder exists, is ours and no one else may enter it (so no one else's server can listen in it)."""
    try:
        status = os.lstat(folder)
    except OSError:
        return False
    return (status.st_mode & 0o170000) == 0o040000 and status.st_uid == os.getuid() and not status.st_mode & 0o077


def hand_over(argv: list[str]) -> int | object | None:
    """The command's exit code, as a server ran it; NO_SERVER when none listens, None when no server may
    take it or the one listening refuses: either way the command is to run here."""
    if os.environ.get(SERVER_ENV) == "off" or (argv and argv[0] == "server") or not hasattr(os, "fork"):
        return None
    try:
        import _socket
    except ImportError:
        return None
    if not hasattr(_socket, "AF_UNIX"):
        return None
    if not private_folder(socket_folder()):
        return NO_SERVER
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(socket_path())
    except (FileNotFoundError, ConnectionRefusedError):   # none, or one that ended without removing its socket
        sock.close()
        return NO_SERVER
    except OSError:
        sock.close()
        return None
    try:
        return _converse(sock, argv, _socket)
    finally:
        sock.close()


def _converse(sock, argv: list[str], _socket) -> int | None:
    try:
        for fd in _STREAMS:
            os.fstat(fd)
        here = os.open(".", os.O_RDONLY)
    except OSError:   # a closed standard stream or a deleted working folder: nothing to pass on
        return None
    try:
        message = _message(argv)
        fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (*_STREAMS, here))
        sent = sock.sendmsg([message], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        if sent < len(message):
            sock.sendall(message[sent:])
    except OSError:
        return None
    finally:
        os.close(here)
    return _await_exit(sock)


def _message(argv: list[str]) -> bytes:
    streams = []
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        streams += [(getattr(stream, "encoding", None) or "utf-8").encode(),
                    (getattr(stream, "errors", None) or "strict").encode()]
    mask = os.umask(0o022)
    os.umask(mask)
    fields = [PROTOCOL, *streams, b"%d" % mask, resource_limits(), b"%d" % len(argv), *map(os.fsencode, argv),
              *(os.fsencode(key) + b"=" + os.fsencode(value) for key, value in os.environ.items())]
    body = b"\0".join(fields)
    return len(body).to_bytes(4, "big") + body


def resource_limits() -> bytes:
    """This process's resource limits (ulimit), soft and hard: a server whose own differ does not run the
    command, which must meet the limits its caller was given (a memory or CPU cap around a check)."""
    try:
        import resource
    except ImportError:
        return b""
    limits = []
    for name in sorted(name for name in dir(resource) if name.startswith("RLIMIT_")):
        try:
            limits.append(b"%s=%d:%d" % (name.encode(), *resource.getrlimit(getattr(resource, name))))
        except (OSError, ValueError):
            pass
    return b",".join(limits)


def _await_exit(sock) -> int | None:
    """Wait for the server's `exit N`; Ctrl-C here is passed on to the command running there."""
    reply = b""
    while not reply.endswith(b"\n") or reply.count(b"\n") < (2 if reply.startswith(b"ok\n") else 1):
        try:
            chunk = sock.recv(64)
        except KeyboardInterrupt:
            try:
                sock.sendall(b"INT\n")
            except OSError:
                pass
            continue
        if not chunk:
            break
        reply += chunk
    lines = reply.split(b"\n")
    if lines[0] != b"ok":
        return None   # refused (another environment, or the server's code changed): run here
    if len(lines) > 2 and lines[1].startswith(b"exit "):
        return int(lines[1][5:])
    sys.stderr.write("report-lint: 内部错误：report-lint 服务进程意外中断，命令没有完成；"
                     "可设置 REPORT_LINT_SERVER=off 后重试\n")
    return 2
