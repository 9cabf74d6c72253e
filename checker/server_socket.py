"""Where a report-lint server listens, and asking it: the socket's folder (only its user may enter it), the
lock that lets one server at a time start for one installation and interpreter, the listening socket, and
a control request (`status`, `stop`) to the server listening there.

Several commands may start a server at once (each command that finds none starts one as it ends,
checker/launch.py): the first to take the lock is the server; any other finds the lock held and waits for
that one to answer instead.
"""

from __future__ import annotations

import os
import socket

from checker.errors import ToolError
from checker.launch import PROTOCOL, failure_path, private_folder, socket_folder, socket_path
from checker.server_command import CONTROL


class ServerError(ToolError):
    """The server cannot start where the machine says it may not (its socket folder or path)."""

    headline = "无法启动 report-lint 服务"


class Busy(Exception):
    """Another server of this installation and interpreter holds the lock: it is starting or running."""


def prepare_folder() -> str:
    folder = socket_folder()
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise ServerError(None, f"无法创建 socket 文件夹 {folder}：{exc.strerror}") from None
    if not private_folder(folder):
        raise ServerError(None, f"report-lint 服务的 socket 文件夹 {folder} 不归当前用户所有或他人可以进入，"
                              "出于安全不使用它；请删除它或设置 XDG_RUNTIME_DIR")
    return folder


def hold_lock() -> int:
    """Take the server's lock for the life of this process; Busy if another process holds it. A POSIX
    record lock is this process's alone: the forks it makes (spares, commands, their workers) never hold
    it, so a long command left running by a server that stopped keeps no new server from starting."""
    import fcntl

    fd = os.open(socket_path()[:-len(".sock")] + ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise Busy from None
    return fd


def listen() -> socket.socket:
    """The listening socket; the caller holds the lock, so a socket file there is one a server left behind."""
    path = socket_path()
    if ask(b"status") is not None:
        raise Busy
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    return listener


def ask(command: bytes, timeout: float = 10) -> dict | None:
    """Ask the server listening (a control request); None when none answers."""
    if not private_folder(socket_folder()):
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        try:
            sock.settimeout(timeout)
            sock.connect(socket_path())
            body = b"\0".join((PROTOCOL, CONTROL, command))
            sock.sendall(len(body).to_bytes(4, "big") + body)
            reply = b""
            while chunk := sock.recv(4096):
                reply += chunk
        except OSError:
            return None
    fields = dict(part.split("=", 1) for part in reply.decode("ascii", "replace").split() if "=" in part)
    return fields if "pid" in fields else None


def note_failure(reason: str) -> None:
    """A server could not start: say why where `server status` and the commands look (checker/launch.py
    starts none for an hour after)."""
    try:
        with open(failure_path(), "w", encoding="utf-8") as note:
            note.write(reason.replace("\n", " ") + "\n")
    except OSError:
        pass


def clear_failure() -> None:
    try:
        os.unlink(failure_path())
    except OSError:
        pass


def last_failure() -> tuple[str, str] | None:
    """Why the last server could not start, and when (local time); None when none failed since one started."""
    import time

    try:
        with open(failure_path(), encoding="utf-8") as note:
            reason = note.read().strip()
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.stat(failure_path()).st_mtime))
    except OSError:
        return None
    return reason, when
