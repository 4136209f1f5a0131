"""The SQLite connection: opened with its PRAGMAs, migrated on open, and its transactions.

What is SQLite's own is kept here (PRAGMAs, savepoints, `marks` for `?` placeholders) and in
storage.errors (its exceptions); elsewhere only `?` in the statements, `cursor.lastrowid`
(sources, decisions), INSERT OR REPLACE and a negative substr (duplicates), and the `?+n`
offsets of record_rows.insert_rows.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from review.base.errors import ProjectError, StorageError
from review.storage import saved
from review.storage.errors import BUSY_SECONDS, storage_error, write_failure
from review.storage.migrations import MIGRATIONS

# Page size of new project databases.
PAGE_SIZE = int(os.environ.get("REVIEW_PAGE_SIZE", "16384"))


def now() -> str:
    """Current UTC time as an ISO 8601 string with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def marks(count: int) -> str:
    """The placeholders of an IN list or a VALUES row of count values: '?,?,?'."""
    return ",".join("?" * count)


class InterruptedAfterSaving(KeyboardInterrupt):
    """Ctrl-c came as a step was committed: the step was saved all the same."""


class Database:
    """One project's SQLite database. Writes take the lock up front so readers never block."""

    # False for a private copy (storage.staging): its steps save nothing of the project's.
    counts_as_saved = True

    def __init__(self, path: Path, *, create: bool = False):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ProjectError(f"no project database at {self.path} (run `review init` first)")
        new = create and (not self.path.exists() or self.path.stat().st_size == 0)
        self.conn = sqlite3.connect(
            self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        if new:
            # Before the first table: a record with an abstract is 2-5 KB, so 4 KB pages would
            # hold one each and leave much of every page empty.
            self.conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:  # it is a database, but cannot be used here
            self.conn.close()
            raise write_failure(exc, self.path) or ProjectError(
                f"cannot open {self.path}: {exc}"
            ) from None
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise ProjectError(f"{self.path} is not a review database ({exc})") from None
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
        self._migrate()

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            self.conn.close()
            raise ProjectError(
                f"{self.path} was made by a newer version of review (schema {version}); "
                "update review to open it"
            )
        if version == len(MIGRATIONS):
            return
        with self.transaction():
            version = self.schema_version
            if version > len(MIGRATIONS):
                raise ProjectError(
                    f"{self.path} was made by a newer version of review (schema {version})"
                )
            for number in range(version, len(MIGRATIONS)):
                for statement in split_sql(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

        Inside another transaction it is a savepoint of it: its work is kept only if the
        outer transaction commits (several files imported as one step, say). The store's
        methods write inside one; a caller groups several of them into one step with it.
        """
        conn = self.conn
        try:
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
        except StorageError:
            raise
        except sqlite3.DatabaseError as exc:
            raise (write_failure(exc, self.path) or storage_error(exc)) from exc


def _roll_back(conn: sqlite3.Connection) -> None:
    """Roll back what is still open after an error, keeping that error: SQLite rolls back
    by itself after some (a full disk, an I/O error), and a failed rollback says nothing new."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.DatabaseError:
            pass


def split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
