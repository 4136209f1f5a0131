"""A whole project copied from one database to another (SQLite or PostgreSQL, either way):
every row of every table, with its key, in one step of the target."""

from __future__ import annotations

from collections.abc import Callable

from review.base.errors import ProjectError
from review.storage.database import Database, marks
from review.storage.migrations import TABLES

# A target keeps its own owner: the role that made it.
_OWN_SETTINGS = ("owner",)
CHUNK = 2000


def columns(db: Database, table: str) -> list[str]:
    cur = db.conn.execute(f"SELECT * FROM {table} LIMIT 0")
    return [str(d[0]) for d in cur.description]


def table_rows(db: Database, table: str) -> list[tuple[object, ...]]:
    """Every row of a table in its key's order (or all columns' for a table without one)."""
    names = columns(db, table)
    order = TABLES[table] or ", ".join(names)
    rows = db.conn.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {order}").fetchall()
    if table == "project_settings":
        rows = [row for row in rows if row[0] not in _OWN_SETTINGS]
    return [tuple(row) for row in rows]


def copy_rows(
    source: Database, target: Database, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every table's rows into an empty project; returns rows copied per table."""
    if not getattr(source, "is_owner", lambda: True)():
        raise ProjectError(
            "only the project's owner copies it: another reviewer's role does not see every row"
        )
    copied: dict[str, int] = {}
    with target.transaction():
        if target.conn.execute("SELECT 1 FROM records LIMIT 1").fetchone():
            raise ProjectError(f"{target.location} already holds records; copy into a new one")
        for table, key in TABLES.items():
            names = columns(source, table)
            rows = table_rows(source, table)
            insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks(len(names))})"
            if table == "project_settings":
                insert += " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            for start in range(0, len(rows), CHUNK):
                target.conn.executemany(insert, rows[start : start + CHUNK])
            copied[table] = len(rows)
            if key and target.dialect == "postgresql":
                target.conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'),"
                    f" coalesce(max({key}), 0) + 1, false) FROM {table}"
                )
            if progress:
                progress(table, len(rows))
    return copied
