"""A PostgreSQL cluster of a test's own: initdb in a temporary folder, the server on a Unix socket
in that folder (no TCP), the segcore extension installed into a relocated copy of the server.

PostgreSQL finds its share and library folders relative to its own binary. The server's
postgres and initdb are copied into a temporary tree that mirrors the real layout; its share and
library folders hold links to the real files plus the extension built here (segcore.control,
segcore--0.2.sql, segcore.so). Nothing outside the temporary folder changes. The server refuses
to run as root: as root, initdb and the server run as the user `nobody`."""
import contextlib
import os
import pathlib
import pwd
import shutil
import subprocess
import tempfile
import time

RUN_AS = "nobody"


class Cluster:
    def __init__(self, pg_config, tmp, module, library, extension_files):
        paths = {k: subprocess.run([pg_config, f"--{k}"], capture_output=True, text=True, check=True).stdout.strip()
                 for k in ("bindir", "sharedir", "pkglibdir")}
        self.root = pathlib.Path(tmp)
        self.user_prefix = []
        if os.geteuid() == 0:
            # setpriv execs the program itself, so the server's pid is the one to signal.
            ids = pwd.getpwnam(RUN_AS)
            self.user_prefix = ["setpriv", f"--reuid={ids.pw_uid}", f"--regid={ids.pw_gid}", "--clear-groups", "--"]
        tree = self.root / "pg"
        bindir, sharedir, libdir = (pathlib.Path(str(tree) + paths[k]) for k in ("bindir", "sharedir", "pkglibdir"))
        bindir.mkdir(parents=True)
        for prog in ("postgres", "initdb"):
            shutil.copy2(pathlib.Path(paths["bindir"]) / prog, bindir / prog)
        self.real_bindir = pathlib.Path(paths["bindir"])
        mirror(pathlib.Path(paths["sharedir"]), sharedir)
        mirror(pathlib.Path(paths["pkglibdir"]), libdir)
        for f in extension_files:
            shutil.copy2(f, sharedir / "extension" / pathlib.Path(f).name)
        shutil.copy2(module, libdir / pathlib.Path(module).name)
        # libsegcore.so.0 beside the tree, found through LD_LIBRARY_PATH by the server.
        self.libs = self.root / "lib"
        self.libs.mkdir()
        shutil.copy2(library, self.libs / "libsegcore.so.0")
        self.bindir = bindir
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self.socket.mkdir()
        if os.geteuid() == 0:
            ids = pwd.getpwnam(RUN_AS)
            for p in [self.root, *self.root.rglob("*")]:
                os.lchown(p, ids.pw_uid, ids.pw_gid)
        self.user = RUN_AS if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self.server = None

    def start(self):
        env = dict(os.environ, LD_LIBRARY_PATH=str(self.libs), LC_ALL="C")
        run(self.user_prefix + [str(self.bindir / "initdb"), "-D", str(self.data), "--auth=trust", "-E", "UTF8",
                                "--no-sync", "-U", self.user], env=env)
        log = open(self.root / "server.log", "w")
        self.server = subprocess.Popen(
            self.user_prefix + [str(self.bindir / "postgres"), "-D", str(self.data), "-k", str(self.socket),
                                "-c", "listen_addresses=", "-c", "fsync=off"],
            env=env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(300):
            if self.server.poll() is not None:
                raise RuntimeError("postgres exited:\n" + (self.root / "server.log").read_text())
            if list(self.socket.glob(".s.PGSQL.*")) and self.psql("SELECT 1", check=False).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("postgres did not accept connections:\n" + (self.root / "server.log").read_text())

    def _psql_command(self):
        return [str(self.real_bindir / "psql"), "-X", "-q", "-A", "-t", "-F", "\t", "-h", str(self.socket),
                "-U", self.user, "-d", "postgres"]

    def psql(self, sql, check=True, script=False):
        """Runs sql in one session of psql (unaligned, tuples only, tab separated): as one
        command, or as a script on standard input, whose failed statements do not stop the
        next ones."""
        cmd = self._psql_command() + (["-f", "-"] if script else ["-c", sql])
        done = subprocess.run(cmd, input=sql if script else None, capture_output=True, text=True)
        if check and (done.returncode != 0 or "ERROR" in done.stderr):
            raise AssertionError(f"psql failed ({done.returncode}): {sql}\n{done.stderr}")
        return done

    def psql_session(self, script):
        """A psql session running script (stopping at its first error) while the caller goes
        on: a Popen whose communicate() gives its output."""
        process = subprocess.Popen(self._psql_command() + ["-v", "ON_ERROR_STOP=1", "-f", "-"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        process.stdin.write(script)
        process.stdin.flush()  # psql runs each statement as it comes; communicate() ends the input
        return process

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()  # smart shutdown
            try:
                self.server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()


@contextlib.contextmanager
def extension_cluster(build):
    """A started cluster with the extension of a build folder (its module and library, this
    repository's control file and script) created; stopped and removed on the way out. For the
    benchmarks, which take the build folder as an argument."""
    repo = pathlib.Path(__file__).resolve().parents[2]
    tmp = tempfile.mkdtemp(prefix="segcore-pg-bench-")
    pg = Cluster(shutil.which("pg_config"), tmp, os.path.join(build, "postgres", "segcore.so"),
                 os.path.join(build, "libsegcore.so.0"),
                 [str(repo / "postgres" / f) for f in ("segcore.control", "segcore--0.2.sql")])
    try:
        pg.start()
        pg.psql("CREATE EXTENSION segcore")
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def mirror(src, dst):
    """dst as a folder of links to src's entries; folders are mirrored so files can be added."""
    dst.mkdir(parents=True, exist_ok=True)
    for entry in src.iterdir():
        if entry.is_dir() and entry.name == "extension":
            mirror(entry, dst / entry.name)
        else:
            (dst / entry.name).symlink_to(entry)


def run(cmd, env=None):
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stdout}\n{done.stderr}")
    return done.stdout
