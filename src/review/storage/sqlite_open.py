"""Opening a project's SQLite file: only a review database, read-only where it cannot be written,
its PRAGMAs set and its migrations applied."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from review.base.errors import ProjectError
from review.storage.errors import Damaged
from review.storage.migrations import MIGRATIONS
from review.storage.schema_sqlite import APPLICATION_ID, statements

# Page size of new project databases.
PAGE_SIZE = int(os.environ.get("REVIEW_PAGE_SIZE", "16384"))
_OLDER = {"sources", "records", "decisions"}  # the tables of a project made before the stamp


def writable(path: Path) -> bool:
    """True if the database and its folder can be written (its journal lives beside it)."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def open_sqlite(
    path: Path, create: bool, read_only: bool | None
) -> tuple[sqlite3.Connection, bool]:
    """The connection, and whether it is read-only. Only `create` makes a database."""
    if not create:
        if not path.exists():
            raise ProjectError(f"no project database at {path} (run `review init` first)")
        if path.stat().st_size == 0:
            raise Damaged(
                f"{path} is empty (0 bytes), not a review database: a copy or sync that failed? "
                "Restore it from a backup; only `review init` makes a new database"
            )
    if read_only is None:
        read_only = not create and not writable(path)
    if read_only:
        return _read_only(path), True
    _writable_shm(path)
    new = create and (not path.exists() or path.stat().st_size == 0)
    conn = sqlite3.connect(path, timeout=60.0, isolation_level=None, check_same_thread=False)
    if new:
        # Before the first table: a record with an abstract is 2-5 KB, so 4 KB pages would
        # hold one each and leave much of every page empty.
        conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
    conn.execute("PRAGMA busy_timeout=60000")
    _check_ours(conn, path, create)  # before WAL mode, which would rewrite another's file
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as exc:  # it is a database, but cannot be used here
        conn.close()
        raise ProjectError(f"cannot open {path}: {exc}") from None
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise Damaged(f"{path} is not a review database ({exc})") from None
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    return conn, False


def _writable_shm(path: Path) -> None:
    """A shared-memory file left read-only (by a read-only spell of the folder) would make
    every write fail: it is made writable again, or named."""
    shm = path.with_name(path.name + "-shm")
    if shm.exists() and not os.access(shm, os.W_OK):
        try:
            shm.chmod(shm.stat().st_mode | 0o200)
        except OSError:
            raise ProjectError(
                f"{shm} cannot be written (left by a read-only spell?): make it writable or "
                "remove it while no one has the project open"
            ) from None


def _read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection; immutable when the folder cannot hold SQLite's shared memory
    and nothing waits in the journal."""
    base = f"file:{quote(str(path.resolve()))}"
    conn = sqlite3.connect(f"{base}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False)  # fmt: skip
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise ProjectError(
                f"cannot read {path} read-only: its journal ({wal.name}) holds changes not "
                "yet merged; open the project once where its folder can be written"
            ) from None
        conn = sqlite3.connect(f"{base}?immutable=1", uri=True, isolation_level=None,
                               check_same_thread=False)  # fmt: skip
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise Damaged(f"{path} is not a review database ({exc})") from None
    _check_ours(conn, path, False)
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) < len(MIGRATIONS):
        conn.close()
        raise ProjectError(
            f"{path} was made by an older version of review and is read-only here: open it "
            "once where it can be written, to bring it up to date"
        )
    return conn


def _check_ours(conn: sqlite3.Connection, path: Path, create: bool) -> None:
    """Refuse a SQLite file that is not a review project (by its stamp, or for a project made
    before the stamp, by its version and tables)."""
    try:
        stamp = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise Damaged(f"{path} is not a review database ({exc})") from None
    if stamp == APPLICATION_ID or (create and stamp == 0 and version == 0 and not tables):
        return
    if stamp == 0 and version >= 1 and _OLDER <= tables:
        return
    conn.close()
    what = f"tables: {', '.join(sorted(tables))}" if tables else "no tables"
    if stamp:
        what = f"application id {stamp:#x}"
    raise Damaged(f"{path} is not a review database ({what}); only `review init` makes one")


def migrate_sqlite(conn: sqlite3.Connection, path: Path) -> None:
    """Apply the pending migrations, each in the transaction that also stamps its number."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        conn.close()
        raise ProjectError(
            f"{path} was made by a newer version of review (schema {version}); "
            "update review to open it"
        )
    if version == len(MIGRATIONS):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for number in range(version, len(MIGRATIONS)):
            for statement in statements(number):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={number + 1}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
