"""The project's database connection, SQLite or PostgreSQL, opened and migrated, and its steps.

A location is a path (a SQLite file) or a libpq connection string (`postgresql://...`,
`host=... dbname=...`). What differs between the two is kept in sqlite_open, pg_open and
postgres (the connection that speaks like sqlite3's), and in the few statements that name it
by `self.dialect`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from review.base.errors import ProjectError, StorageError
from review.storage import busy, saved
from review.storage.errors import Damaged, storage_error, write_failure
from review.storage.sqlite_open import migrate_sqlite, open_sqlite

if TYPE_CHECKING:
    from review.storage.postgres import PgConnection

_SERVER_PREFIXES = ("postgresql://", "postgres://")
_SERVER_KEYS = ("host=", "dbname=", "service=", "port=")


def now() -> str:
    """Current UTC time as an ISO 8601 string with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def marks(count: int) -> str:
    """The placeholders of an IN list or a VALUES row of count values: '?,?,?'."""
    return ",".join("?" * count)


def is_server(location: Path | str) -> bool:
    """True if the location names a PostgreSQL database rather than a SQLite file."""
    text = str(location).strip()
    return text.startswith(_SERVER_PREFIXES) or (
        isinstance(location, str) and any(key in text for key in _SERVER_KEYS)
    )


class Rows(Protocol):
    """What a statement gives back, on either dialect."""

    @property
    def rowcount(self) -> int: ...
    @property
    def lastrowid(self) -> int | None: ...
    @property
    def description(self) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """sqlite3's connection, or storage.postgres's that speaks like it."""

    @property
    def in_transaction(self) -> bool: ...
    def execute(self, sql: str, parameters: Any = (), /) -> Rows: ...
    def executemany(self, sql: str, parameters: Any, /) -> Rows: ...
    def close(self) -> None: ...


class Fetched:
    """A SQLite statement's rows, fetched, with its rowcount and the key of an inserted row."""

    def __init__(self, rows: list[Any], rowcount: int, lastrowid: int | None):
        self.rows, self.rowcount, self.lastrowid = rows, rowcount, lastrowid
        self.description = None

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[Any]:
        return self.rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)


class InterruptedAfterSaving(KeyboardInterrupt):
    """Ctrl-c came as a step was committed: the step was saved all the same."""


class Database:
    """One project's database. SQLite writes take the lock up front so readers never block."""

    # False for a private copy (storage.staging): its steps save nothing of the project's.
    counts_as_saved = True

    def __init__(
        self, location: Path | str, *, create: bool = False, read_only: bool | None = None
    ):
        self.damaged: str | None = None
        self.whole = False  # SQLite: quick_check passed (done before the first write)
        self.conn: Connection
        self.server: PgConnection | None = None
        if is_server(location):
            from review.storage.pg_open import open_postgres  # psycopg only for a server

            self.dialect = "postgresql"
            self.server = self.conn = open_postgres(str(location), create)
            self.location = self.server.where
            self.path: Path | None = None
            self.read_only = False
            return
        self.dialect = "sqlite"
        self.path = Path(location)
        self.location = str(self.path)
        file, self.read_only = open_sqlite(self.path, create, read_only)
        self.conn = file
        if not self.read_only:
            migrate_sqlite(file, self.path)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def announced(self, files: Sequence[str]) -> Iterator[None]:
        """While the block runs, a write that waits for the project's lock in vain is told
        that this import (of files) is running: by a note beside a SQLite file, by the name
        of the connection on PostgreSQL."""
        if self.server is not None:
            with self.server.announced(files):
                yield
        else:
            with busy.announced(self.path, files):
                yield

    def run_together(self, statements: list[tuple[str, tuple[Any, ...]]]) -> list[Rows]:
        """Several statements, sent together on PostgreSQL (one round trip); their results,
        fetched."""
        if self.server is not None:
            return list(self.server.run_together(statements))
        found: list[Rows] = []
        for sql, params in statements:
            cur = self.conn.execute(sql, params)
            found.append(Fetched(cur.fetchall(), cur.rowcount, cur.lastrowid))
        return found

    @property
    def schema_version(self) -> int:
        if self.server is not None:
            from review.storage.pg_open import schema_version  # psycopg only for a server

            return schema_version(self.server) or 0
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def transaction(self, appending: bool = False) -> Iterator[None]:
        """One step, saved whole or not at all (BEGIN IMMEDIATE ... COMMIT on SQLite).

        Inside another transaction it is a savepoint of it: its work is kept only if the
        outer transaction commits (several files imported as one step, say). The store's
        methods write inside one; a caller groups several of them into one step with it.
        `appending`: the step only appends rows (a decision), so on PostgreSQL it need not
        wait for other appending steps.
        """
        if self.damaged:
            raise Damaged(f"{self.location} is damaged ({self.damaged}); nothing more is written")
        if self.read_only:
            raise ProjectError(
                f"{self.location} is read-only here (its folder or file cannot be written): "
                "nothing can be saved"
            )
        if self.server is not None:
            outer, step = not self.server.in_transaction, saved.begin()
            with self.server.transaction(appending):
                yield
            if outer and self.counts_as_saved:
                saved.mark(step)
            return
        try:
            if not self.whole and not self.conn.in_transaction:
                self._check_whole()
            with self._sqlite_step():
                yield
        except StorageError as exc:
            if isinstance(exc, Damaged):
                self.damaged = str(exc)
            raise
        except sqlite3.DatabaseError as exc:
            error = write_failure(exc, self.path) or storage_error(exc)
            if isinstance(error, Damaged):
                self.damaged = str(exc)
            raise error from exc

    def _check_whole(self) -> None:
        """Before this process's first write: SQLite's quick_check, so that a damaged file is
        not written to (its damage would spread)."""
        rows = [str(r[0]) for r in self.conn.execute("PRAGMA quick_check(3)")]
        if rows != ["ok"]:
            lines = [line for row in rows for line in row.splitlines() if "***" not in line]
            self.damaged = "; ".join(lines[:3])
            raise Damaged(
                f"{self.location} is damaged ({self.damaged}); nothing is written: `review "
                "check` says what is damaged, and a backup copy restores it"
            )
        self.whole = True

    @contextmanager
    def _sqlite_step(self) -> Iterator[None]:
        conn = self.conn
        if conn.in_transaction:
            conn.execute("SAVEPOINT inner")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # SQLite may have rolled it all back (disk full)
                    conn.execute("ROLLBACK TO inner")
                    conn.execute("RELEASE inner")
                raise
            conn.execute("RELEASE inner")
            return
        step = saved.begin()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            _roll_back(conn)
            raise
        try:
            conn.execute("COMMIT")
            if self.counts_as_saved:
                saved.mark(step)
        except KeyboardInterrupt:
            # ctrl-c arrives when SQLite hands back: it may have committed already
            if conn.in_transaction:
                conn.execute("ROLLBACK")
                raise
            if self.counts_as_saved:
                saved.mark(step)
            raise InterruptedAfterSaving() from None
        except sqlite3.DatabaseError:
            _roll_back(conn)  # a commit that failed (disk full) leaves it open
            raise


def _roll_back(conn: Connection) -> None:
    """Roll back what is still open after an error, keeping that error: SQLite rolls back
    by itself after some (a full disk, an I/O error), and a failed rollback says nothing new."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.DatabaseError:
            pass
