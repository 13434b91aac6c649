"""Run SynthDesk with every network connection refused, in every process.

A ``sitecustomize.py`` on ``PYTHONPATH`` is imported by each Python process
at start-up: the command-line process and the worker processes that the
spawn method starts from it. It wraps the socket functions that open
connections or resolve names, so an attempt to reach an address outside the
loopback range raises ``NetworkBlocked`` before any packet is sent, and the
attempt is appended to a file. The tests fail when that file is not empty,
which catches attempts that the code under test catches and ignores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from synthdesk.gui.resources import example_path

GUARD = textwrap.dedent(
    '''
    """Reject network connections outside the loopback range (test-only)."""

    import ipaddress
    import os
    import socket

    _ATTEMPTS = os.environ["SYNTHDESK_TEST_NETWORK_ATTEMPTS"]
    _ACTIVE = os.environ["SYNTHDESK_TEST_GUARDED_PROCESSES"]


    class NetworkBlocked(OSError):
        """A connection or name lookup outside the loopback range was attempted."""


    def _is_local(host):
        if host is None:
            return True
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = host.strip("[]").split("%")[0]
        if host in ("localhost", "localhost.localdomain"):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False


    def _reject(action, target):
        with open(_ATTEMPTS, "a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()} {action} {target!r}\\n")
        raise NetworkBlocked(f"network access blocked in this test: {action} {target!r}")


    def _check_address(sock, address, action):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            if not _is_local(address[0]):
                _reject(action, address)


    _original_connect = socket.socket.connect
    _original_connect_ex = socket.socket.connect_ex
    _original_sendto = socket.socket.sendto
    _original_getaddrinfo = socket.getaddrinfo
    _original_gethostbyname = socket.gethostbyname
    _original_gethostbyname_ex = socket.gethostbyname_ex
    _original_create_connection = socket.create_connection


    def connect(self, address):
        _check_address(self, address, "connect")
        return _original_connect(self, address)


    def connect_ex(self, address):
        _check_address(self, address, "connect_ex")
        return _original_connect_ex(self, address)


    def sendto(self, data, *rest):
        _check_address(self, rest[-1], "sendto")
        return _original_sendto(self, data, *rest)


    def getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            _reject("getaddrinfo", host)
        return _original_getaddrinfo(host, *args, **kwargs)


    def gethostbyname(host):
        if not _is_local(host):
            _reject("gethostbyname", host)
        return _original_gethostbyname(host)


    def gethostbyname_ex(host):
        if not _is_local(host):
            _reject("gethostbyname_ex", host)
        return _original_gethostbyname_ex(host)


    def create_connection(address, *args, **kwargs):
        if not _is_local(address[0]):
            _reject("create_connection", address)
        return _original_create_connection(address, *args, **kwargs)


    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    socket.create_connection = create_connection
    socket.synthdesk_network_guard = NetworkBlocked

    with open(_ACTIVE, "a", encoding="utf-8") as _stream:
        _stream.write(f"{os.getpid()}\\n")
    '''
)


class Guard:
    """The guard's folder and files, and the environment that activates it."""

    def __init__(self, folder: Path):
        folder.mkdir()
        (folder / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
        self.attempts = folder / "attempts.txt"
        self.processes = folder / "processes.txt"
        self.attempts.touch()
        self.processes.touch()
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                [str(folder), *filter(None, [os.environ.get("PYTHONPATH")])]
            ),
            "SYNTHDESK_TEST_NETWORK_ATTEMPTS": str(self.attempts),
            "SYNTHDESK_TEST_GUARDED_PROCESSES": str(self.processes),
            "QT_QPA_PLATFORM": "offscreen",
            "MPLBACKEND": "Agg",
        }

    def run(self, args: list[str], cwd: Path, timeout: float):
        return subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=cwd,
            timeout=timeout,
        )

    def attempt_lines(self) -> list[str]:
        return self.attempts.read_text(encoding="utf-8").splitlines()

    def guarded_processes(self) -> set[str]:
        return set(self.processes.read_text(encoding="utf-8").split())


@pytest.fixture
def guard(tmp_path) -> Guard:
    return Guard(tmp_path / "guard")


ATTEMPTS = {
    "create_connection by name": 'socket.create_connection(("example.com", 80), timeout=5)',
    "connect to an address": (
        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        's.settimeout(5)\ns.connect(("192.0.2.1", 80))'
    ),
    "connect_ex to an address": (
        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        's.settimeout(5)\nprint(s.connect_ex(("192.0.2.1", 443)))'
    ),
    "getaddrinfo of a name": 'socket.getaddrinfo("pypi.org", 443)',
    "sendto over UDP": (
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        's.sendto(b"x", ("192.0.2.1", 53))'
    ),
}


@pytest.mark.parametrize("code", ATTEMPTS.values(), ids=ATTEMPTS.keys())
def test_guard_rejects_connection(guard, tmp_path, code):
    # The first line exits with 3 unless the guard is installed, so nothing
    # is ever sent from an unguarded process.
    script = (
        "import socket, sys\n"
        "if not hasattr(socket, 'synthdesk_network_guard'):\n"
        "    sys.exit(3)\n" + code + "\n"
    )
    completed = guard.run(["-c", script], tmp_path, timeout=60)
    assert completed.returncode == 1, completed.stderr
    assert "NetworkBlocked: network access blocked in this test" in completed.stderr
    assert len(guard.attempt_lines()) == 1


def test_guard_allows_loopback(guard, tmp_path):
    script = (
        "import socket\n"
        "server = socket.create_server(('127.0.0.1', 0))\n"
        "client = socket.create_connection(server.getsockname(), timeout=5)\n"
        "client.close(); server.close()\n"
        "socket.getaddrinfo('localhost', 80)\n"
        "print('ok')\n"
    )
    completed = guard.run(["-c", script], tmp_path, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "ok"
    assert guard.attempt_lines() == []


@pytest.mark.slow
def test_generate_command_offline(guard, tmp_path):
    out = tmp_path / "out"
    completed = guard.run(
        [
            "-m",
            "synthdesk",
            "generate",
            str(example_path()),
            "--rows",
            "500",
            "--out",
            str(out),
        ],
        tmp_path,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stderr
    assert (out / "run.json").is_file()
    assert guard.attempt_lines() == []


@pytest.mark.slow
def test_self_test_offline(guard, tmp_path):
    completed = guard.run(["-m", "synthdesk", "--self-test"], tmp_path, timeout=1200)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Self-test passed" in completed.stdout
    assert guard.attempt_lines() == []
    # The window's process and one worker process per generator ran guarded.
    generators = completed.stdout.count("\nok   generate ")
    assert generators >= 5
    assert len(guard.guarded_processes()) >= 1 + generators
