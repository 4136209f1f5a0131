"""A private PostgreSQL cluster for a test run or a benchmark: initdb and pg_ctl in a temporary
folder, on a socket there and a loopback port, stopped (and removed) at the end.

Run as root, the cluster belongs to the `postgres` user (initdb refuses root). The binaries are
found in $REVIEW_PG_BIN, else the newest /usr/lib/postgresql/*/bin, else on the PATH.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

# What a test run does not need: durability (a crashed test cluster is thrown away).
FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    given = os.environ.get("REVIEW_PG_BIN")
    if given:
        return Path(given)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A running private cluster; `conninfo(dbname)` reaches it as its superuser."""

    def __init__(self, fast: bool = True, bin_dir: Path | None = None):
        found = bin_dir or binaries()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed (no initdb found)")
        self.bin = found
        # $REVIEW_PG_ROOT: where .ci/run looks for a server left running, to stop it
        self.root = Path(
            tempfile.mkdtemp(prefix="review-pg-", dir=os.environ.get("REVIEW_PG_ROOT"))
        )
        self.data = self.root / "data"
        self.port = _free_port()
        self.user = "postgres"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "-A", "trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")  # fmt: skip
        settings = [f"port={self.port}", "listen_addresses='127.0.0.1'",
                    f"unix_socket_directories='{self.root}'", "max_connections=200",
                    *(FAST if fast else ())]  # fmt: skip
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n".join(settings) + "\n")
        self.started = False
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed: {result.stdout}{result.stderr}")

    def start(self) -> None:
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-t", "60", "start")
        self.started = True

    def stop(self, mode: str = "fast") -> None:
        if self.started:
            self.started = False
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def kill(self) -> None:
        """Stop the server at once, as a crash would (`pg_ctl stop -m immediate`)."""
        self.stop("immediate")

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def conninfo(self, dbname: str = "postgres", host: str | None = None) -> str:
        """A libpq URI of a database of the cluster (socket by default, or host 127.0.0.1)."""
        where = host or str(self.root)
        return f"postgresql:///{dbname}?host={where}&port={self.port}"

    def env(self) -> dict[str, str]:
        """What a client process needs to connect as the superuser."""
        return {"PGUSER": self.user}
