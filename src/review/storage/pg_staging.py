"""Work staged in temporary tables of a second connection to a project's PostgreSQL database.

The second connection copies every table of the project into temporary tables of its own
(one snapshot, no lock taken), which shadow the project's while it imports and compares: a
Store on it works as on the project, and nobody else sees its rows. Publishing then copies
the rows it added into the project's tables in one step that takes the publishing lock (one
import's copy at a time) and the write lock shared, so reviewers go on deciding while its
sources and records are copied; only for the last part (a re-check of what changed, the
links, the queue and the grown counts) does it hold the write lock alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from review.storage import saved
from review.storage.errors import DatabaseRefused
from review.storage.migrations import TABLES
from review.storage.postgres import PgConnection
from review.storage.staging import ADDED, WATCHED, LeaveOut, ProjectChanged, unexpected
from review.storage.store import Store
from review.storage.team import quoted

# A source the staged work added records to by hand: its count and note as the stage has them.
_SOURCES_GREW = (
    "UPDATE {s}.sources AS m SET (records_read, format, note) = (SELECT t.records_read,"
    " t.format, t.note FROM pg_temp.sources AS t WHERE t.source_id = m.source_id)"
    " WHERE m.source_id <= ? AND EXISTS (SELECT 1 FROM pg_temp.sources AS t"
    " WHERE t.source_id = m.source_id AND (t.records_read, t.format, t.note)"
    " IS DISTINCT FROM (m.records_read, m.format, m.note))"
)
# New links, and queued pairs that name a new record, less those of the records left out.
_LINKS = (
    "INSERT INTO {s}.duplicate_links (record_id, canonical_id, method, score, decided_by, time)"
    " SELECT record_id, canonical_id, method, score, decided_by, time FROM"
    " pg_temp.duplicate_links WHERE link_id > ? AND record_id <> ALL(?) ORDER BY link_id"
)
_QUEUE = (
    "INSERT INTO {s}.dedup_queue SELECT * FROM pg_temp.dedup_queue"
    " WHERE (record_a > ? OR record_b > ?) AND record_a <> ALL(?) AND record_b <> ALL(?)"
)
# The key sequence of a table moved on past the keys copied into it (never back).
_SEQUENCE = (
    "SELECT setval(seq, greatest(top, coalesce(pg_sequence_last_value(seq), 0))) FROM"
    " (SELECT pg_get_serial_sequence(?, '{k}')::regclass AS seq,"
    " (SELECT max({k}) FROM {s}.{t}) AS top) AS found WHERE top IS NOT NULL"
)


def _marks(conn: PgConnection, schema: str, counts: bool = True) -> dict[str, int]:
    """The highest key of each watched table, and (counts) the row count of every table."""
    found = {}
    for table, key in WATCHED:
        row = conn.execute(f"SELECT coalesce(max({key}), 0) FROM {schema}.{table}").fetchone()
        found[table] = int(row[0]) if row else 0
    for table in TABLES if counts else ():
        row = conn.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()
        found[f"rows:{table}"] = int(row[0]) if row else 0
    return found


def _copy_in(conn: PgConnection, schema: str) -> dict[str, int]:
    """Every table of the project copied into a temporary table of the same name, all from
    one snapshot; returns the marks of what was copied."""
    raw = conn.raw
    raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    try:
        for table, key in TABLES.items():
            raw.execute(f"CREATE TEMP TABLE {table} (LIKE {schema}.{table} INCLUDING ALL)")
            raw.execute(f"INSERT INTO pg_temp.{table} SELECT * FROM {schema}.{table}")
            if key:
                raw.execute(
                    f"SELECT setval(pg_get_serial_sequence('pg_temp.{table}', '{key}'),"
                    f" coalesce(max({key}), 0) + 1, false) FROM pg_temp.{table}"
                )
        taken = _marks(conn, "pg_temp")
        raw.execute("COMMIT")
    except BaseException:
        if not raw.broken:
            raw.execute("ROLLBACK")
        raise
    raw.execute(f"ANALYZE {', '.join(f'pg_temp.{table}' for table in TABLES)}")
    return taken


def _may_import(conn: PgConnection, schema: str) -> None:
    """Refuse at once a role that may not add to the search log (the database would refuse
    its rows only once the whole import was staged)."""
    row = conn.execute("SELECT has_table_privilege(?, 'INSERT')", (f"{schema}.sources",)).fetchone()
    if not (row and row[0]):
        role = conn.execute("SELECT current_user").rows[0][0]
        raise DatabaseRefused(
            f"the database refused this: permission denied for role {role} to import (the "
            "search log is the project owner's); nothing was saved"
        )


class PgStaged:
    """A private copy of a project's tables (`store` works on it), and `publish()` to write
    what was added to it into the project. Use as a context manager: leaving drops it."""

    def __init__(self, main: Store):
        if main.server is None:
            raise ValueError("a PostgreSQL project's store")
        self.main = main
        self.store = Store(main.server.conninfo)
        self.store.counts_as_saved = False  # its steps save nothing of the project's
        conn = self.store.server
        assert conn is not None
        self.conn: PgConnection = conn
        try:
            self.conn.rename(main.server.name)
            self.conn.locking = False  # nobody else sees its tables
            self.conn.reconnects = False
            self.schema = quoted(str(self.conn.execute("SELECT current_schema()").rows[0][0]))
            _may_import(self.conn, self.schema)
            self.taken = _copy_in(self.conn, self.schema)
        except BaseException:
            self.store.close()
            raise

    def __enter__(self) -> PgStaged:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()  # its temporary tables go with the connection

    def publish(
        self, leave_out: LeaveOut = tuple, then: Callable[[Store], None] = lambda _store: None
    ) -> dict[str, int]:
        """Copy the rows added to the stage since it was made into the project, all in one
        step, and return how many of each table were copied.

        Inside the step, with the write lock held alone, leave_out() names records whose new
        links and queued pairs are not copied, and then(store) writes what the caller decided
        for them instead (store writes into the project's tables in the same step). Refused
        (ProjectChanged, nothing written) if the project gained sources, records, links or a
        person's call on a pair meanwhile."""
        conn, s = self.conn, self.schema
        staged = _marks(conn, "pg_temp")
        moved = (*(table for table, _key in ADDED), "duplicate_links", "dedup_queue")
        unexpected(staged, self.taken, moved)
        step = saved.begin()
        conn.locking = True
        conn.reconnects = True  # publishing names the stage's tables as pg_temp's alone
        try:
            with conn.transaction(publishing=True):
                conn.execute(f"SET LOCAL search_path = {s}, pg_temp")  # the project's tables
                self._unchanged(table for table, _key in ADDED)
                copied = {}
                for table, key in ADDED:
                    copied[table] = conn.execute(
                        f"INSERT INTO {s}.{table} SELECT * FROM pg_temp.{table} WHERE {key} > ?",
                        (self.taken[table],),
                    ).rowcount
                    conn.execute(_SEQUENCE.format(s=s, t=table, k=key), (f"{s}.{table}",))
                conn.lock_alone()  # from here on, decisions wait (briefly)
                self._unchanged(("duplicate_links", "dedup_decisions"))  # appended by people
                copied.update(self._links(sorted(leave_out())))
                then(self.store)
        finally:
            conn.locking = False
        saved.mark(step)
        return copied

    def _links(self, left_out: list[int]) -> dict[str, int]:
        conn, s, record = self.conn, self.schema, self.taken["records"]
        conn.execute(_SOURCES_GREW.format(s=s), (self.taken["sources"],))
        links = _LINKS.format(s=s)
        queue = _QUEUE.format(s=s)
        return {
            "duplicate_links": conn.execute(
                links, (self.taken["duplicate_links"], left_out)
            ).rowcount,
            "dedup_queue": conn.execute(queue, (record, record, left_out, left_out)).rowcount,
        }

    def _unchanged(self, tables: Iterable[str]) -> None:
        now = _marks(self.conn, self.schema, counts=False)
        if any(now[table] != self.taken[table] for table in tables):
            raise ProjectChanged(
                "the project gained sources, records, merges or a person's call on a pair "
                "while this was being prepared"
            )
