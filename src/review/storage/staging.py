"""Work staged on a private copy of a project's database, then written to it in one short step.

An update search's import (or a record added by hand) is parsed, stored and compared with the
project on a copy (a SQLite file's copy here; on PostgreSQL temporary tables, pg_staging),
while reviewers go on saving decisions; only the rows it added (its sources,
records, duplicate links and queued pairs, and the count of a source it added to) are then
copied into the project in one transaction, which holds the write lock for that copy alone.
If the project gained sources, records, links or a person's call on a pair meanwhile, the
staged work is refused (ProjectChanged), to be done again on a fresh copy.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from review.base.errors import ProjectError
from review.storage.busy import PREFIX
from review.storage.errors import storage_error, write_failure
from review.storage.store import Store

if TYPE_CHECKING:
    from review.storage.pg_staging import PgStaged

# The tables whose new rows are copied, with their keys, in the order they are copied in.
ADDED = (("sources", "source_id"), ("records", "record_id"), ("source_warnings", "warning_id"))
WATCHED = (*ADDED, ("duplicate_links", "link_id"), ("dedup_decisions", "decision_id"))
_LEFT_OUT = "(SELECT value FROM json_each(:left_out))"
# New links, and queued pairs that name a new record, less those of the records left out.
_LINKS = (
    "INSERT INTO main.duplicate_links (record_id, canonical_id, method, score, decided_by, time)"
    " SELECT record_id, canonical_id, method, score, decided_by, time FROM staged.duplicate_links"
    f" WHERE link_id > :link AND record_id NOT IN {_LEFT_OUT} ORDER BY link_id"
)
# A source the staged work added records to by hand: its count and note as the copy has them.
_SOURCES_GREW = (
    "UPDATE main.sources SET (records_read, format, note) = (SELECT s.records_read, s.format,"
    " s.note FROM staged.sources AS s WHERE s.source_id = sources.source_id)"
    " WHERE source_id <= :source AND EXISTS (SELECT 1 FROM staged.sources AS s"
    " WHERE s.source_id = sources.source_id AND (s.records_read IS NOT sources.records_read"
    " OR s.format IS NOT sources.format OR s.note IS NOT sources.note))"
)
_QUEUE = (
    "INSERT INTO main.dedup_queue SELECT * FROM staged.dedup_queue"
    " WHERE (record_a > :record OR record_b > :record)"
    f" AND record_a NOT IN {_LEFT_OUT} AND record_b NOT IN {_LEFT_OUT}"
)

LeaveOut = Callable[[], Collection[int]]


def can_stage(main: Store) -> bool:
    """True if the project's work can be staged: its database is a SQLite file (a copy of it
    is made) or on a PostgreSQL server (temporary tables of a second connection)."""
    return main.server is not None or isinstance(main.path, Path)


def stage(main: Store) -> Staged | PgStaged:
    """A private copy of the project to stage work on (see Staged and pg_staging.PgStaged)."""
    if main.server is not None:
        from review.storage.pg_staging import PgStaged  # psycopg only for a server

        return PgStaged(main)
    return Staged(main)


def unexpected(staged: dict[str, int], taken: dict[str, int], moved: Collection[str]) -> None:
    """Raise if the staged work changed the row count of a table whose rows are not copied."""
    changed = [
        name[5:]
        for name, count in staged.items()
        if name.startswith("rows:") and name[5:] not in moved and count != taken[name]
    ]
    if changed:
        raise RuntimeError(f"staged work changed {', '.join(changed)}: not published")


def _file(store: Store) -> sqlite3.Connection:
    """The store's SQLite connection (staging is only for a project kept in a file)."""
    if not isinstance(store.conn, sqlite3.Connection):
        raise ProjectError("only a project kept in a SQLite file can stage its work")
    return store.conn


class ProjectChanged(ProjectError):
    """The project gained rows while work was staged that the staged work did not see."""


def _marks(conn: sqlite3.Connection, schema: str = "main") -> dict[str, int]:
    """The highest key of each watched table, and the row count of every table."""
    found = {}
    for table, key in WATCHED:
        row = conn.execute(f"SELECT coalesce(max({key}), 0) FROM {schema}.{table}").fetchone()
        found[table] = int(row[0])
    tables = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for (table,) in tables:
        count = conn.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0]
        found[f"rows:{table}"] = int(count)
    return found


class Staged:
    """A private copy of a project's database (`store`), and `publish()` to write what was
    added to it into the project. Use as a context manager: leaving removes the copy."""

    def __init__(self, main: Store):
        if main.path is None:
            raise ProjectError("only a project kept in a file can stage its work")
        self.main = main
        folder = main.path.parent
        _remove_stale(folder)
        self.path = folder / f"{PREFIX}{os.getpid()}.db"
        _remove(self.path)
        try:
            copy = sqlite3.connect(self.path)
            try:
                _file(main).backup(copy)
            finally:
                copy.close()
        except sqlite3.DatabaseError as exc:
            _remove(self.path)
            raise write_failure(exc, self.path) or storage_error(exc) from exc
        self.store = Store(self.path)
        self.store.counts_as_saved = False  # its steps save nothing of the project's
        self.store.conn.execute("PRAGMA synchronous=OFF")  # a copy thrown away on any failure
        self.taken = _marks(_file(self.store))
        self.closed = False

    def __enter__(self) -> Staged:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.closed:
            self.store.close()
        _remove(self.path)

    def publish(
        self, leave_out: LeaveOut = tuple, then: Callable[[Store], None] = lambda _store: None
    ) -> dict[str, int]:
        """Copy the rows added to the copy since it was made into the project, all in one
        step, and return how many of each table were copied.

        Inside the step, leave_out() names records whose new links and queued pairs are not
        copied, and then(store) writes what the caller decided for them instead. Refused
        (ProjectChanged, nothing written) if the project gained sources, records, links or a
        person's call on a pair meanwhile."""
        if not self.closed:  # the copy is only read from now on, by the project's connection
            self.store.close()
            self.closed = True
        conn = _file(self.main)
        try:
            conn.execute("ATTACH DATABASE ? AS staged", (str(self.path),))
            try:
                with self.main.transaction():
                    copied = self._copy(conn, sorted(leave_out()))
                    then(self.main)
            finally:
                conn.execute("DETACH DATABASE staged")
        except sqlite3.DatabaseError as exc:
            raise write_failure(exc, self.main.path) or storage_error(exc) from exc
        return copied

    def _copy(self, conn: sqlite3.Connection, left_out: list[int]) -> dict[str, int]:
        now, staged = _marks(conn), _marks(conn, "staged")
        if any(now[table] != self.taken[table] for table, _key in WATCHED):
            raise ProjectChanged(
                "the project gained sources, records, merges or a person's call on a pair "
                "while this was being prepared"
            )
        moved = (*(table for table, _key in ADDED), "duplicate_links", "dedup_queue")
        unexpected(staged, self.taken, moved)
        copied = {}
        for table, key in ADDED:
            cur = conn.execute(
                f"INSERT INTO main.{table} SELECT * FROM staged.{table} WHERE {key} > ?",
                (self.taken[table],),
            )
            copied[table] = cur.rowcount
        conn.execute(_SOURCES_GREW, {"source": self.taken["sources"]})
        marks = {
            "link": self.taken["duplicate_links"],
            "record": self.taken["records"],
            "left_out": json.dumps(left_out),
        }
        copied["duplicate_links"] = conn.execute(_LINKS, marks).rowcount
        copied["dedup_queue"] = conn.execute(_QUEUE, marks).rowcount
        return copied


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        name.unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    """Copies left by a process that was killed (its number names no running process)."""
    for found in folder.glob(f"{PREFIX}*.db"):
        number = found.stem[len(PREFIX) :]
        if not number.isdigit() or int(number) == os.getpid():
            continue
        try:
            os.kill(int(number), 0)
        except ProcessLookupError:
            _remove(found)
        except PermissionError:
            pass
