"""Shared fixtures: real projects on disk (SQLite) and on a private PostgreSQL server, and the
CLI run in-process.

Every test that takes `project` (or `make_project`) runs twice, once per backend. The server
is one cluster for the whole run (pgcluster), with one new database per project; where
PostgreSQL is not installed the PostgreSQL runs are skipped, and under CI=true they fail.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import pgcluster
from places import BACKENDS, PROTOCOL, in_ci
from review.cli.main import main
from review.project import Project, init_project, open_project, write_folder, write_settings


class Server:
    """The run's PostgreSQL cluster: a new database for each project, dropped after it."""

    def __init__(self, cluster: pgcluster.Cluster, made: Path):
        import psycopg

        self.cluster = cluster
        self.admin = psycopg.connect(cluster.conninfo(), user=cluster.user, autocommit=True)
        self.numbers = itertools.count(1)
        # A project made by `review init` once, copied (CREATE DATABASE ... TEMPLATE) for each
        # test that wants a new project of the shipped protocol: init's migrations run once.
        self.admin.execute("CREATE DATABASE made_by_init")
        init_project(made, PROTOCOL, database=cluster.conninfo("made_by_init")).close()

    def fresh(self) -> str:
        """An empty database (for `review init` to make a project in)."""
        name = f"project_{next(self.numbers)}"
        self.admin.execute(f"CREATE DATABASE {name}")
        return self.cluster.conninfo(name)

    def new_project(self, root: Path) -> tuple[Project, str]:
        """A project of the shipped protocol, as `review init` makes it, in a new database."""
        name = f"project_{next(self.numbers)}"
        self.admin.execute(f"CREATE DATABASE {name} TEMPLATE made_by_init")
        database = self.cluster.conninfo(name)
        write_folder(root, PROTOCOL)
        write_settings(root, database)
        return open_project(root), database

    def drop(self, conninfo: str) -> None:
        name = conninfo.split("?")[0].rsplit("/", 1)[1]
        self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        self.admin.close()
        self.cluster.remove()


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A private PostgreSQL cluster for the run, its superuser the run's PGUSER."""
    reason = None
    if pgcluster.binaries() is None:
        reason = "PostgreSQL is not installed here (no initdb)"
    else:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            reason = "psycopg is not installed (pip install -e '.[postgres]')"
    if reason:
        if in_ci():
            pytest.fail(f"{reason}; CI=true needs the PostgreSQL tests to run", pytrace=False)
        pytest.skip(f"{reason}: the PostgreSQL half of the storage tests is skipped")
    cluster = pgcluster.Cluster()
    before = os.environ.get("PGUSER")
    os.environ["PGUSER"] = cluster.user
    try:
        server = Server(cluster, tmp_path_factory.mktemp("made_by_init") / "project")
    except BaseException:
        cluster.remove()
        raise
    yield server
    server.close()
    if before is None:
        os.environ.pop("PGUSER", None)
    else:
        os.environ["PGUSER"] = before


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_project(backend: str, request: pytest.FixtureRequest) -> Iterator[Callable[..., Project]]:
    """make(root, protocol=PROTOCOL): a new project on the test's backend."""
    made: list[tuple[Project, str | None]] = []

    def make(root: Path, protocol: Path = PROTOCOL) -> Project:
        database = None
        if backend == "postgresql" and protocol == PROTOCOL:
            opened, database = request.getfixturevalue("pg_server").new_project(root)
        else:
            if backend == "postgresql":
                database = request.getfixturevalue("pg_server").fresh()
            opened = init_project(root, protocol, database=database)
        made.append((opened, database))
        return opened

    yield make
    for opened, database in made:
        opened.close()
        if database:
            request.getfixturevalue("pg_server").drop(database)


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never read or write the real user's config."""
    monkeypatch.setenv("REVIEW_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("REVIEW_PROJECT", raising=False)


@pytest.fixture
def project(make_project: Callable[..., Project], tmp_path: Path) -> Project:
    return make_project(tmp_path / "project")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run `review ARGS...` in-process; returns exit code and captured output."""

    def run(*args: str | os.PathLike[str]) -> CliResult:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
