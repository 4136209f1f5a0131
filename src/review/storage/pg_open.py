"""Opening a project's PostgreSQL database: only a review project's, its migrations applied by
the owner, and made in an empty database by `init` only."""

from __future__ import annotations

from review.base.errors import ProjectError
from review.storage.errors import Damaged
from review.storage.migrations import MIGRATIONS, TABLES
from review.storage.postgres import PgConnection
from review.storage.schema_postgres import VERSION_TABLE, script


def schema_version(conn: PgConnection) -> int | None:
    """The schema version, or None where the database holds no review project."""
    found = conn.execute(f"SELECT to_regclass('{VERSION_TABLE}') IS NOT NULL").rows[0][0]
    if not found:
        return None
    row = conn.execute(f"SELECT version FROM {VERSION_TABLE}").fetchone()
    return int(row[0]) if row else 0


def open_postgres(conninfo: str, create: bool) -> PgConnection:
    """A connection to a project's database (create: make the project in an empty one)."""
    conn = PgConnection(conninfo)
    try:
        version = schema_version(conn)
        if create:
            _create(conn)
        elif version is None:
            raise Damaged(
                f"{conn.where} holds no review project (`review init DIR --database ...` makes "
                "one in an empty database)"
            )
        _migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def _create(conn: PgConnection) -> None:
    taken = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    ).rows
    ours = sorted({name for (name,) in taken} & {*TABLES, VERSION_TABLE})
    if ours:
        raise ProjectError(
            f"{conn.where} already holds a project (or tables named as a project's: "
            f"{', '.join(ours)}); give an empty database"
        )
    with conn.transaction():
        conn.execute(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)")
        conn.execute(f"INSERT INTO {VERSION_TABLE} VALUES (0)")


def _migrate(conn: PgConnection) -> None:
    version = schema_version(conn) or 0
    if version > len(MIGRATIONS):
        raise ProjectError(
            f"{conn.where} was made by a newer version of review (schema {version}); "
            "update review to open it"
        )
    if version == len(MIGRATIONS):
        return
    with conn.transaction():
        version = schema_version(conn) or 0
        owner = conn.execute(
            f"SELECT tableowner = current_user FROM pg_tables WHERE tablename = '{VERSION_TABLE}'"
            " AND schemaname = current_schema()"
        ).fetchone()
        if not (owner and owner[0]):
            raise ProjectError(
                f"{conn.where} was made by an older version of review: the project's owner "
                "opens it once to bring it up to date"
            )
        for number in range(version, len(MIGRATIONS)):
            conn.script(script(number))
            conn.execute(f"UPDATE {VERSION_TABLE} SET version = ?", (number + 1,))
