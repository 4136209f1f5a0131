"""A PostgreSQL connection that the store uses as it uses sqlite3's: `?` placeholders,
`lastrowid`, transactions with savepoints, and errors a person can read.

Writes take an advisory lock: appends share it, any other step holds it alone, so a step that
reads and then writes (a merge, a hand-entered record's position) sees no other writer, as on
SQLite, while reviewers' decisions do not wait for each other. A dropped connection is opened
again on the next use; a step whose COMMIT got no answer is looked up by its transaction id
once the server is back, so that it is reported as saved or as not saved, never guessed.
"""

from __future__ import annotations

import os
import re
import select
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from review.base.errors import StorageError
from review.storage.busy import server_busy_message
from review.storage.errors import BUSY_SECONDS, DatabaseRefused, ProjectBusy, ServerUnavailable
from review.storage.pg_sql import Cursor, returning, translated, where

WRITE_LOCK = 0x52455657  # the advisory lock of a project's writes
PUBLISH_LOCK = 0x52455650  # held by one staged import's final copy at a time (pg_staging)
IMPORT_NAME = "review import"  # how an import's connections are named while it runs
RECONNECT_FOR = 15.0  # seconds to wait for a server that dropped a COMMIT's answer
_IN_STEP = (TransactionStatus.INTRANS, TransactionStatus.INERROR, TransactionStatus.ACTIVE)
_REFUSED = {"42501", "23001", "P0001"}  # insufficient privilege, restrict violation, raised


class PgConnection:
    """One reviewer's connection to the project's database."""

    dialect = "postgresql"
    locking = True  # False for a staging connection (pg_staging): its steps take no lock
    reconnects = True  # False for a staging connection: a new one would not see its tables
    name = "review"  # its application_name (an import names itself: see announced)

    def __init__(self, conninfo: str):
        self.conninfo = conninfo
        self.where = where(conninfo)
        self.raw = self._connect()

    def _connect(self) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(
                self.conninfo, autocommit=True, connect_timeout=10, application_name=self.name
            )
        except psycopg.OperationalError as exc:
            raise ServerUnavailable(
                f"cannot reach {self.where} ({_reason(exc)}); nothing was saved"
            ) from None
        except psycopg.ProgrammingError as exc:  # a malformed connection string
            raise StorageError(f"{self.where}: {_reason(exc)}") from None

    @property
    def in_transaction(self) -> bool:
        return self._held or self.raw.info.transaction_status in _IN_STEP

    def close(self) -> None:
        self.raw.close()

    def _ready(self) -> None:
        if self.raw.closed or self.raw.broken:
            self.raw.close()
            if not self.reconnects:  # a staging connection's tables went with it
                raise ServerUnavailable(
                    f"lost the connection to {self.where} while an import was being prepared; "
                    "nothing of it was saved: run it again once the server is back"
                )
            self.raw = self._connect()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        key = returning(sql)
        query = translated(sql + (f" RETURNING {key}" if key else ""))
        reading = sql.lstrip()[:6].upper() in ("SELECT", "WITH R")
        if self._lock is not None:
            return self._pipelined([(query, tuple(params), key)])[0]
        for attempt in (1, 2):
            if not self._held:
                self._ready()
            try:
                cur = self.raw.execute(query, tuple(params))
                rows = cur.fetchall() if cur.description is not None else []
            except psycopg.OperationalError as exc:
                if attempt == 1 and reading and self.raw.broken and not self._held:
                    continue  # a read outside a step: read again on a new connection
                raise self._lost(exc) from None
            except psycopg.Error as exc:
                raise _refused(exc) from None
            made = rows[0][0] if key and rows else None
            return Cursor(rows, cur.rowcount, made, cur.description)
        raise AssertionError("unreachable")

    def run_together(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[Cursor]:
        """Several statements sent at once and answered in one round trip (a pipeline); in a
        step not begun yet, its BEGIN and write lock go first. Reads outside a step are read
        again on a new connection if the connection was lost."""
        prepared = []
        for sql, params in statements:
            key = returning(sql)
            query = translated(sql + (f" RETURNING {key}" if key else ""))
            prepared.append((query, tuple(params), key))
        if self._held:
            return self._pipelined(prepared)
        reading = all(sql.lstrip()[:6].upper() in ("SELECT", "WITH R") for sql, _ in statements)
        for attempt in (1, 2):
            self._ready()
            try:
                return self._pipelined(prepared)
            except ServerUnavailable:
                if attempt == 1 and reading and self.raw.broken:
                    continue
                raise
        raise AssertionError("unreachable")

    def _pipelined(self, prepared: list[tuple[str, tuple[Any, ...], str | None]]) -> list[Cursor]:
        """Statements in one pipeline: after BEGIN, the step's write lock and its transaction
        id if the step has not begun yet (COMMIT is never among them: it waits for the step's
        end, once the transaction id is known)."""
        steps, self._lock = self._lock, None
        raw, ids = self.raw, None
        try:
            with raw.pipeline() as pipeline:
                if steps is not None:
                    raw.execute("BEGIN")
                    for step in steps[:-1]:
                        raw.execute(step)
                    ids = raw.execute(steps[-1])
                curs = [raw.execute(query, params) for query, params, _key in prepared]
                pipeline.sync()
                row = ids.fetchone() if ids is not None else None
                found = [cur.fetchall() if cur.description is not None else [] for cur in curs]
        except pg_errors.LockNotAvailable:
            raise self._busy() from None
        except psycopg.OperationalError as exc:
            raise self._lost(exc) from None
        except psycopg.Error as exc:
            raise _refused(exc) from None
        if ids is not None:
            self._xid = str(row[1]) if row else ""
        return [
            Cursor(rows, cur.rowcount, rows[0][0] if key and rows else None, cur.description)
            for rows, cur, (_q, _p, key) in zip(found, curs, prepared, strict=True)
        ]

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Cursor:
        batch = [tuple(row) for row in rows]
        if not batch:
            return Cursor([], 0)
        self._begin()
        try:
            with self.raw.cursor() as cur:
                cur.executemany(translated(sql), batch)
                return Cursor([], cur.rowcount)
        except psycopg.OperationalError as exc:
            raise self._lost(exc) from None
        except psycopg.Error as exc:
            raise _refused(exc) from None

    def script(self, sql: str) -> None:
        """Run several statements (a migration) in one go, no parameters."""
        self._begin()
        try:
            self.raw.execute(sql.encode())
        except psycopg.Error as exc:
            raise _refused(exc) from None

    _held = False  # True while a step (a transaction of ours) is open
    _lock: list[str] | None = None  # a step's _begin_steps, while BEGIN waits for its first
    _xid = ""  # the step's transaction id, once begun

    def _lost(self, exc: psycopg.Error) -> StorageError:
        if self.raw.broken or self.raw.closed:
            done = "nothing of this step was saved" if self._held else "nothing was read"
            return ServerUnavailable(
                f"lost the connection to {self.where} ({_reason(exc)}); {done}. "
                "It reconnects on the next try, once the server is back."
            )
        return _refused(exc)

    @contextmanager
    def announced(self, files: Sequence[str]) -> Iterator[None]:
        """While the block runs, the connection is named as an import of files (what a write
        that waited for the lock in vain names)."""
        names = ", ".join(os.path.basename(f) for f in files) or "a file"
        since = datetime.now(UTC).strftime("%H:%M")
        self.rename(f"{IMPORT_NAME} {since}Z {socket.gethostname()}: {names}"[:63])
        try:
            yield
        finally:
            self.rename("review")

    def rename(self, name: str) -> None:
        """Name the connection (its application_name) as well as any it is opened again as."""
        self.name = name
        if not (self.raw.closed or self.raw.broken):
            try:
                self.raw.execute("SELECT set_config('application_name', %s, false)", (name,))
            except psycopg.Error:
                pass  # a lost connection: it is named so when opened again

    @contextmanager
    def transaction(self, appending: bool = False, publishing: bool = False) -> Iterator[None]:
        """A step: all of it saved or none; inside another, a savepoint of it.
        `publishing`: a staged import's final copy (pg_staging), which takes the publishing
        lock and then the write lock shared."""
        if self._held:
            self.execute("SAVEPOINT review_step")
            try:
                yield
            except BaseException:
                if not self.raw.broken:
                    self.execute("ROLLBACK TO review_step")
                raise
            self.execute("RELEASE review_step")
            return
        self._ready()
        self._held, self._xid = True, ""
        self._lock = self._begin_steps(appending or publishing, publishing)
        try:
            try:
                yield
            except BaseException:
                if not self.raw.broken and self.raw.info.transaction_status in _IN_STEP:
                    self.raw.execute("ROLLBACK")
                raise
            if self._lock is not None:
                return  # nothing was run: there is nothing to commit
            if self._gone():
                self.raw.close()  # COMMIT never sent: the server drops the step
                raise ServerUnavailable(
                    f"lost the connection to {self.where}; nothing of this step was saved. "
                    "It reconnects on the next try, once the server is back."
                )
            try:
                self.raw.execute("COMMIT")
            except psycopg.OperationalError as exc:
                if not self._committed(self._xid):
                    raise self._lost(exc) from None
        finally:
            self._held, self._lock = False, None

    def _begin_steps(self, shared: bool, publishing: bool) -> list[str]:
        """What a step sends after its BEGIN: the lock timeout (BUSY_SECONDS), a publishing
        step's own lock, the write lock (shared or alone; none on a staging connection) and
        the transaction's id, the last a SELECT whose row is (lock, id)."""
        lock = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        steps = [f"SET LOCAL lock_timeout = {int(BUSY_SECONDS * 1000)}"]
        if publishing:
            steps.append(f"SELECT pg_advisory_xact_lock({PUBLISH_LOCK})")
        locked = f"{lock}({WRITE_LOCK})" if self.locking else "NULL"
        return [*steps, f"SELECT {locked}, pg_current_xact_id()::text"]

    def _begin(self) -> None:
        """BEGIN and the step's first statements (_begin_steps) in one round trip, if the
        step has not begun yet (a pipeline of no other statement)."""
        if self._lock is not None:
            self._pipelined([])

    def lock_alone(self) -> None:
        """Inside a step that holds the write lock shared: hold it alone from here on (a
        publishing step's last part), waiting for BUSY_SECONDS at most."""
        try:
            self.raw.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        except pg_errors.LockNotAvailable:
            raise self._busy() from None
        except psycopg.OperationalError as exc:
            raise self._lost(exc) from None

    def _busy(self) -> ProjectBusy:
        """The write lock was waited for in vain: roll back, and name who holds it."""
        self.raw.execute("ROLLBACK")
        holders = self.raw.execute(_HOLDERS, (WRITE_LOCK,)).fetchall()
        running = [_import_of(name, role) for name, role in holders]
        return ProjectBusy(server_busy_message([r for r in running if r], BUSY_SECONDS))

    def _gone(self) -> bool:
        """True if the server has closed the connection (or is closing it): nothing comes
        unasked on a live one in the middle of a step."""
        try:
            ready, _, _ = select.select([self.raw.fileno()], [], [], 0)
        except (OSError, ValueError, psycopg.Error):
            return True
        return bool(ready)

    def _committed(self, xid: str) -> bool:
        """Whether a step whose COMMIT got no answer was saved, asked once the server is
        back (waiting for it a while); raises if that cannot be known."""
        deadline = time.monotonic() + RECONNECT_FOR
        while True:
            try:
                self._ready()
                row = self.raw.execute("SELECT pg_xact_status(%s::xid8)", (xid,)).fetchone()
                return bool(row and row[0] == "committed")
            except (psycopg.OperationalError, ServerUnavailable):
                if time.monotonic() > deadline:
                    raise ServerUnavailable(
                        f"lost the connection to {self.where} as a step was being saved, and "
                        "the server is not back: whether it was saved is not known yet "
                        "(review status shows it once the server is back)"
                    ) from None
                time.sleep(0.5)


# Who else holds the project's write lock: each connection's name and role.
_HOLDERS = (
    "SELECT DISTINCT a.application_name, a.usename FROM pg_locks l JOIN pg_stat_activity a"
    " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objid::bigint = %s"
    " AND l.pid <> pg_backend_pid()"
    " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
)


def _import_of(name: str | None, role: str | None) -> str | None:
    """'x.ris (since 10:04 UTC, on host, role r)' for an import's connection, else None."""
    found = re.match(rf"{IMPORT_NAME} (\d\d:\d\d)Z (\S+): (.*)", name or "")
    if not found:
        return None
    since, host, files = found.groups()
    return f"{files} (since {since} UTC, on {host}, role {role})"


_PLAINER = (
    ("No such file or directory", "no server is listening there"),
    ("Connection refused", "no server is listening there"),
    ("timeout expired", "no answer within 10 s"),
    ("no password supplied", "no password given (PGPASSWORD, ~/.pgpass or a service file)"),
)


def _reason(exc: psycopg.Error) -> str:
    """What went wrong in one line: libpq's words, plainer where they name a socket."""
    text = (exc.diag.message_primary if exc.diag else None) or str(exc)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    reason = lines[0] if lines else type(exc).__name__
    for said, plainer in _PLAINER:
        if said in reason:
            return plainer
    return reason.removeprefix("connection failed: ").removeprefix("connection is bad: ")


def _refused(exc: psycopg.Error) -> StorageError:
    """The error as a StorageError; one the database refused on purpose is a DatabaseRefused."""
    if exc.sqlstate in _REFUSED or isinstance(exc, pg_errors.InsufficientPrivilege):
        return DatabaseRefused(f"the database refused this: {_reason(exc)}")
    return StorageError(_reason(exc))
