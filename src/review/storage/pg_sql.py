"""Statements for PostgreSQL as the store writes them for sqlite3: `?` placeholders turned
into psycopg's, the key an INSERT returns, and what a statement gave back, fetched."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from review.storage.migrations import TABLES


def where(conninfo: str) -> str:
    """The server and database of a connection string, for messages (never a password)."""
    try:
        params = conninfo_to_dict(conninfo)
    except psycopg.ProgrammingError:
        return "the database"
    host = str(params.get("host") or params.get("hostaddr") or "localhost")
    port = params.get("port")
    return f"{params.get('dbname') or params.get('service') or '?'} on {host}" + (
        f":{port}" if port else ""
    )


class Cursor:
    """What a statement gave back, fetched: rows, rowcount and the key of an inserted row."""

    def __init__(
        self,
        rows: list[tuple[Any, ...]],
        rowcount: int,
        lastrowid: int | None = None,
        description: Sequence[Any] | None = None,
    ):
        self.rows = rows
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.description = [(column.name,) for column in description or ()]

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self.rows

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)


def translated(sql: str, cache: dict[str, str] = {}) -> str:  # noqa: B006 (a cache)
    found = cache.get(sql)
    if found is None:
        found = cache[sql] = sql.replace("%", "%%").replace("?", "%s")
    return found


def returning(sql: str) -> str | None:
    """The key column to return for an INSERT into a table with one, else None."""
    words = sql.split(None, 3)
    if len(words) > 2 and words[0].upper() == "INSERT" and "RETURNING" not in sql.upper():
        return TABLES.get(words[2].split("(")[0])
    return None
