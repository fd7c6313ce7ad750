"""A redis-server of the test's own for the Python tests: a free loopback port, a temporary
folder, no snapshots; started, killed, restarted and stopped; and a minimal RESP client for
checking what the programs under test wrote."""
import os
import random
import shutil
import signal
import socket
import subprocess
import time


def unavailable_reason():
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (apt-get install redis-server; tools/bootstrap)"
    return ""


def free_port():
    """A free port below the ephemeral range, at random: a port the kernel hands out for bind(0)
    could go to another program while the server is down between kill() and restart()."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                pass
    raise RuntimeError("no free loopback port in 20000-32000")


class RedisServer:
    def __init__(self, folder, append_only=False, extra=()):
        self.folder = str(folder)
        os.makedirs(self.folder, exist_ok=True)
        self.port = free_port()
        self.append_only = append_only
        self.extra = list(extra)
        self.process = None
        self.start()

    def start(self):
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "yes" if self.append_only else "no", "--appendfsync", "always",
                "--dir", self.folder, "--logfile", os.path.join(self.folder, "redis.log"), *self.extra]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited at start; see {self.folder}/redis.log")
            try:
                if self.command("PING") == "PONG":
                    return
            except (OSError, RedisError):
                pass
            time.sleep(0.02)
        self.stop(signal.SIGKILL)
        raise RuntimeError(f"redis-server did not answer PING on port {self.port}")

    def stop(self, sig=signal.SIGTERM):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.process = None

    def kill(self):
        self.stop(signal.SIGKILL)

    def restart(self):
        self.stop()
        self.start()

    def command(self, *args):
        """Runs one command; returns the reply as str / int / list / None (bulk strings decoded
        as UTF-8), raises RedisError on an error reply."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            out = [f"*{len(args)}\r\n".encode()]
            for a in args:
                b = a if isinstance(a, bytes) else str(a).encode()
                out += [f"${len(b)}\r\n".encode(), b, b"\r\n"]
            s.sendall(b"".join(out))
            return _read_reply(s.makefile("rb"))


class RedisError(Exception):
    pass


def _read_reply(f):
    line = f.readline()
    if not line.endswith(b"\r\n"):
        raise OSError("connection closed")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RedisError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        if n < 0:
            return None
        data = f.read(n + 2)
        return data[:-2].decode()
    if kind == b"*":
        n = int(rest)
        return None if n < 0 else [_read_reply(f) for _ in range(n)]
    raise RedisError(f"unexpected reply type {kind!r}")
