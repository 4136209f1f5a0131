"""SQLite store: connection, migrations, and every read and write of project data."""

from __future__ import annotations

import json
import os
import queue
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from review.base.errors import ProjectError
from review.base.models import Decision, ParsedRecord, Record, Source
from review.identification.importers.base import gc_paused
from review.storage.migrations import MIGRATIONS

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

_RECORD_COLUMNS = (
    "record_id, r.source_id, s.name, position, source_record_id, title, abstract, authors, "
    "year, journal, volume, issue, pages, doi, pmid, issn, isbn, keywords, url, type, "
    "language, publisher, raw, original, abstract_at, s.format"
)
_RECORD_FIELDS = (
    "source_id, position, line, source_record_id, title, abstract, authors, year, journal,"
    " volume, issue, pages, doi, pmid, issn, isbn, keywords, url, type, language, publisher,"
    " raw, original, abstract_at"
)
_INSERT_RECORD = f"INSERT INTO records ({_RECORD_FIELDS}) VALUES ({','.join('?' * 24)})"
# Page size of new project databases.
PAGE_SIZE = int(os.environ.get("REVIEW_PAGE_SIZE", "16384"))
# Records handed to the writer thread at a time.
CHUNK = 2000
# Tags kept in the raw column of a record stored with its original text, because SQL reads them
# there (json_extract in dedup); the whole tag dictionary is re-read from the original.
_SQL_RAW_TAGS = ("PY", "Y1")
# An abstract shorter than this stays in the original text (not worth cutting out).
_CUT_ABSTRACT = 64
_JSON_ESCAPE = re.compile(r'["\\\x00-\x1f]')


def now() -> str:
    """Current UTC time as an ISO 8601 string with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class ImportCancelled(Exception):
    """Raised inside an import transaction when the caller asked to stop."""


class InterruptedAfterSaving(KeyboardInterrupt):
    """Ctrl-c came as a step was committed: the step was saved all the same."""


TOOL_NAMES = frozenset({"auto", "cli", "unknown"})  # who decided, when no person did


class Store:
    """One project's database. Writes take the lock up front so readers never block them."""

    def __init__(self, path: Path, *, create: bool = False):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise ProjectError(f"no project database at {self.path} (run `review init` first)")
        new = create and (not self.path.exists() or self.path.stat().st_size == 0)
        self.conn = sqlite3.connect(
            self.path, timeout=60.0, isolation_level=None, check_same_thread=False
        )
        if new:
            # Before the first table: a record with an abstract is 2-5 KB, so 4 KB pages would
            # hold one each and leave much of every page empty.
            self.conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:  # it is a database, but cannot be used here
            self.conn.close()
            raise ProjectError(f"cannot open {self.path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise ProjectError(f"{self.path} is not a review database ({exc})") from None
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=60000")
        self._migrate()

    def close(self) -> None:
        self.conn.close()

    # -- schema -----------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

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
                for statement in _split_sql(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception.

        Inside another transaction it is a savepoint of it: its work is kept only if the
        outer transaction commits (several files imported as one step, say).
        """
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT inner")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO inner")
                self.conn.execute("RELEASE inner")
                raise
            self.conn.execute("RELEASE inner")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except KeyboardInterrupt:
            # ctrl-c arrives when SQLite hands back: it may have committed already
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
                raise
            raise InterruptedAfterSaving() from None

    # -- sources and records -------------------------------------------------------

    def source_with_sha256(self, sha256: str) -> Source | None:
        row = self.conn.execute(
            "SELECT source_id FROM sources WHERE sha256 = ? ORDER BY source_id LIMIT 1", (sha256,)
        ).fetchone()
        return self.source(row[0]) if row else None

    def add_source(
        self,
        *,
        name: str,
        kind: str,
        searched: str | None = None,
        query: str | None = None,
        file_name: str | None = None,
        sha256: str | None = None,
        format: str | None = None,
        reported_count: int | None = None,
        note: str | None = None,
        records: Sequence[ParsedRecord] = (),
        chunks: Iterable[Sequence[ParsedRecord] | RowChunk] | None = None,
        total: int | None = None,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> int:
        """Log a source and store its records in one transaction; all or nothing.

        The records come as a sequence, or as chunks (with their total, which may be an
        estimate: progress shows it until the last chunk is stored) still being built:
        each chunk is a list of records, whose rows are made here, or a RowChunk of rows made
        by record_rows (perhaps in another process). A writer thread inserts one chunk while
        the next is made (SQLite lets go of the interpreter while it writes), and an error or
        cancel from either side rolls back.
        """
        if chunks is None:
            total = len(records)
            chunks = (records[start : start + CHUNK] for start in range(0, total, CHUNK))
        with gc_paused(), self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO sources (name, kind, searched, query, file_name, sha256, format,"
                " records_read, reported_count, note, imported_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    name,
                    kind,
                    searched,
                    query,
                    file_name,
                    sha256,
                    format,
                    total or 0,
                    reported_count,
                    note,
                    now(),
                ),
            )
            source_id = int(cur.lastrowid or 0)
            done = 0
            expected = total or 0
            writer = _Writer(conn)
            try:
                for chunk in chunks:
                    if cancelled and cancelled():
                        raise ImportCancelled()
                    if progress and done:  # the previous chunk, now known not to be the last
                        progress(done, max(expected, done + 1))
                    if isinstance(chunk, RowChunk):
                        rows = chunk.rows
                        sql = _insert_rows(source_id, chunk.position, chunk.line)
                        if chunk.total is not None:
                            expected = chunk.total
                    else:
                        rows = record_rows(chunk)
                        sql = _insert_rows(source_id)
                    writer.put(sql, rows)
                    done += len(rows)
            finally:
                writer.finish()
            if progress and done:
                progress(done, done)
            if done != total:
                conn.execute(
                    "UPDATE sources SET records_read = ? WHERE source_id = ?", (done, source_id)
                )
        return source_id

    def append_manual_record(
        self, name: str, kind: str, record: ParsedRecord, searched: str | None
    ) -> int:
        """Add a hand-entered record to the hand-entry source of that name (made if new)."""
        with self.transaction() as conn:
            # a source logged with only its reported count takes the records added by hand
            row = conn.execute(
                "SELECT source_id FROM sources WHERE name = ? AND format IN ('manual', 'count')"
                " ORDER BY source_id DESC LIMIT 1",
                (name,),
            ).fetchone()
            if row:
                source_id = row[0]
                conn.execute(
                    "UPDATE sources SET records_read = records_read + 1, format = 'manual',"
                    " note = 'added by hand' WHERE source_id = ?",
                    (source_id,),
                )
            else:
                source_id = conn.execute(
                    "INSERT INTO sources (name, kind, searched, format, records_read, note,"
                    " imported_at) VALUES (?,?,?,'manual',1,'added by hand',?)",
                    (name, kind, searched, now()),
                ).lastrowid
            record.position = conn.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM records WHERE source_id = ?",
                (source_id,),
            ).fetchone()[0]
            cur = conn.execute(_INSERT_RECORD, (int(source_id or 0), *_record_row(record)))
            return int(cur.lastrowid or 0)

    def titles(self, record_ids: Iterable[int]) -> dict[int, str | None]:
        """record_id -> title for the given records."""
        ids = list(record_ids)
        found: dict[int, str | None] = {}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            found.update(
                self.conn.execute(
                    "SELECT record_id, title FROM records WHERE record_id IN"
                    f" ({','.join('?' * len(part))})",
                    part,
                )
            )
        return found

    def resolution_note(self, record_id: int, stage: str) -> str | None:
        """The note of the current (latest) resolution of a record at a stage."""
        row = self.conn.execute(
            "SELECT note FROM resolutions WHERE record_id = ? AND stage = ?"
            " ORDER BY resolution_id DESC LIMIT 1",
            (record_id, stage),
        ).fetchone()
        return row[0] if row else None

    def set_reported_count(self, source_id: int, count: int | None) -> None:
        """Set the record count a source's search reported (None: not reported)."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE sources SET reported_count = ? WHERE source_id = ?", (count, source_id)
            )

    def source(self, source_id: int) -> Source:
        for src in self.sources(source_id):
            return src
        raise ProjectError(f"no source with id {source_id}")

    def sources(self, source_id: int | None = None) -> list[Source]:
        sql = (
            "SELECT s.source_id, name, kind, searched, query, file_name, sha256, format,"
            " records_read, reported_count, imported_at,"
            " (SELECT count(*) FROM records r WHERE r.source_id = s.source_id)"
            " FROM sources s"
        )
        params: tuple[Any, ...] = ()
        if source_id is not None:
            sql += " WHERE s.source_id = ?"
            params = (source_id,)
        rows = self.conn.execute(sql + " ORDER BY s.source_id", params).fetchall()
        return [Source(*row[:11], records=row[11]) for row in rows]

    def count_records(self) -> int:
        return self.conn.execute("SELECT count(*) FROM records").fetchone()[0]

    def record(self, record_id: int) -> Record:
        row = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM records r JOIN sources s USING (source_id)"
            " WHERE record_id = ?",
            (record_id,),
        ).fetchone()
        if row is None:
            raise ProjectError(f"no record with id {record_id}")
        return _record_from_row(row)

    def records(self) -> Iterator[Record]:
        """Every record, in import order."""
        cur = self.conn.execute(
            f"SELECT {_RECORD_COLUMNS} FROM records r JOIN sources s USING (source_id)"
            " ORDER BY record_id"
        )
        for row in cur:
            yield _record_from_row(row)

    def screening_begun(self) -> bool:
        """True once anyone has decided (or resolved) a record at any stage."""
        return bool(
            self.conn.execute(
                "SELECT EXISTS (SELECT 1 FROM decisions WHERE decision IS NOT NULL)"
                " OR EXISTS (SELECT 1 FROM resolutions)"
            ).fetchone()[0]
        )

    def last_record_id(self) -> int:
        """The highest record id so far (0 for none): records above it came later."""
        return self.conn.execute("SELECT coalesce(max(record_id), 0) FROM records").fetchone()[0]

    def record_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT record_id FROM records ORDER BY record_id")]

    def record_ids_by_source_record_id(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for record_id, sid in self.conn.execute(
            "SELECT record_id, source_record_id FROM records WHERE source_record_id IS NOT NULL"
        ):
            found.setdefault(sid, []).append(record_id)
        return found

    # -- duplicates ----------------------------------------------------------------

    def link_duplicate(
        self,
        record_id: int,
        canonical_id: int | None,
        method: str,
        decided_by: str,
        score: float | None = None,
    ) -> None:
        """Link a record to its canonical record (None splits it off again)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO duplicate_links (record_id, canonical_id, method, score, decided_by,"
                " time) VALUES (?,?,?,?,?,?)",
                (record_id, canonical_id, method, score, decided_by, now()),
            )

    def duplicate_map(self) -> dict[int, int]:
        """record_id -> canonical record_id for every record currently merged into another."""
        rows = self.conn.execute(
            "SELECT record_id, canonical_id FROM duplicate_links d WHERE link_id ="
            " (SELECT max(link_id) FROM duplicate_links WHERE record_id = d.record_id)"
        )
        return {rid: cid for rid, cid in rows if cid is not None and cid != rid}

    def current_links(self) -> list[tuple[int, int, str, float | None, str, str]]:
        """(record_id, canonical_id, method, score, decided_by, time) of each record merged
        into another now, by canonical record."""
        return self.conn.execute(
            "SELECT record_id, canonical_id, method, score, decided_by, time"
            " FROM duplicate_links d WHERE canonical_id IS NOT NULL AND canonical_id != record_id"
            " AND link_id = (SELECT max(link_id) FROM duplicate_links WHERE record_id ="
            " d.record_id) ORDER BY canonical_id, record_id"
        ).fetchall()

    def merged_into(self, record_id: int) -> int | None:
        """The record this one is currently merged into, if any (one indexed lookup)."""
        row = self.conn.execute(
            "SELECT canonical_id FROM duplicate_links WHERE record_id = ?"
            " ORDER BY link_id DESC LIMIT 1",
            (record_id,),
        ).fetchone()
        return row[0] if row and row[0] is not None and row[0] != record_id else None

    # -- decisions -------------------------------------------------------------------

    def add_decisions(
        self, rows: Iterable[tuple[int, str, str, str | None, str | None, str | None, str]]
    ) -> int:
        """Append (record_id, stage, reviewer, decision, reason, note, action) rows atomically."""
        stamp = now()
        with self.transaction() as conn:
            cur = conn.executemany(
                "INSERT INTO decisions (record_id, stage, reviewer, decision, reason, note,"
                " action, time) VALUES (?,?,?,?,?,?,?,?)",
                [(*row, stamp) for row in rows],
            )
            return cur.rowcount

    def add_decision(
        self,
        record_id: int,
        stage: str,
        reviewer: str,
        decision: str | None,
        reason: str | None = None,
        note: str | None = None,
        action: str = "decide",
    ) -> Decision:
        stamp = now()
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO decisions (record_id, stage, reviewer, decision, reason, note,"
                " action, time) VALUES (?,?,?,?,?,?,?,?)",
                (record_id, stage, reviewer, decision, reason, note, action, stamp),
            )
        return Decision(
            int(cur.lastrowid or 0), record_id, stage, reviewer, decision, reason, note, stamp
        )

    def current_decisions(
        self, stage: str, reviewer: str | None = None
    ) -> dict[tuple[int, str], Decision]:
        """(record_id, reviewer) -> latest decision row, undecided (undone) ones included."""
        sql = (
            "SELECT decision_id, record_id, stage, reviewer, decision, reason, note, time"
            " FROM decisions WHERE stage = ?"
        )
        params: list[Any] = [stage]
        if reviewer is not None:
            sql += " AND reviewer = ?"
            params.append(reviewer)
        latest: dict[tuple[int, str], Decision] = {}
        for row in self.conn.execute(sql + " ORDER BY decision_id", params):
            latest[(row[1], row[3])] = Decision(*row)
        return latest

    def record_decisions(self, record_id: int, stage: str) -> dict[str, Decision]:
        """reviewer -> latest decision row on one record at a stage."""
        latest: dict[str, Decision] = {}
        for row in self.conn.execute(
            "SELECT decision_id, record_id, stage, reviewer, decision, reason, note, time"
            " FROM decisions WHERE record_id = ? AND stage = ? ORDER BY decision_id",
            (record_id, stage),
        ):
            latest[row[3]] = Decision(*row)
        return latest

    def decision_history(self, record_id: int, stage: str, reviewer: str) -> list[Decision]:
        rows = self.conn.execute(
            "SELECT decision_id, record_id, stage, reviewer, decision, reason, note, time"
            " FROM decisions WHERE record_id = ? AND stage = ? AND reviewer = ?"
            " ORDER BY decision_id",
            (record_id, stage, reviewer),
        )
        return [Decision(*row) for row in rows]

    def decision_log(self) -> Iterator[tuple[Any, ...]]:
        """Every decision ever appended, in order, with the record's source identifier."""
        yield from self.conn.execute(
            "SELECT d.decision_id, d.record_id, r.source_record_id, d.stage, d.reviewer,"
            " d.decision, d.reason, d.note, d.action, d.time"
            " FROM decisions d JOIN records r USING (record_id) ORDER BY d.decision_id"
        )

    def people(self) -> list[str]:
        """Every person's name that has decided, resolved, appraised, merged or marked
        anything (not the tool's own: 'auto', 'cli')."""
        union = " UNION ".join(
            f"SELECT {column} FROM {table}"
            for table, column in (
                ("decisions", "reviewer"),
                ("resolutions", "decided_by"),
                ("duplicate_links", "decided_by"),
                ("dedup_decisions", "decided_by"),
                ("retrieval", "decided_by"),
                ("study_designs", "reviewer"),
                ("appraisals", "reviewer"),
                ("appraisal_resolutions", "decided_by"),
                ("report_links", "decided_by"),
            )  # fmt: skip
        )
        names = (r[0] for r in self.conn.execute(union + " ORDER BY 1"))
        return [name for name in names if name not in TOOL_NAMES]

    def appraisers(self) -> list[str]:
        """Everyone who recorded a study design or an appraisal answer."""
        rows = self.conn.execute(
            "SELECT reviewer FROM study_designs UNION SELECT reviewer FROM appraisals ORDER BY 1"
        )
        return [r[0] for r in rows]

    def reviewers(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute("SELECT DISTINCT reviewer FROM decisions ORDER BY reviewer")
        ]

    # -- resolutions -------------------------------------------------------------------

    def add_resolutions(
        self, rows: Iterable[tuple[int, str, str, str | None, str, str, str | None]]
    ) -> int:
        """Append (record_id, stage, decision, reason, method, decided_by, note) atomically."""
        stamp = now()
        with self.transaction() as conn:
            cur = conn.executemany(
                "INSERT INTO resolutions (record_id, stage, decision, reason, method, decided_by,"
                " note, time) VALUES (?,?,?,?,?,?,?,?)",
                [(*row, stamp) for row in rows],
            )
            return cur.rowcount

    def current_resolutions(self, stage: str) -> dict[int, tuple[str, str | None, str, str]]:
        """record_id -> (decision, reason, method, decided_by) of the latest resolution."""
        latest: dict[int, tuple[str, str | None, str, str]] = {}
        for rid, decision, reason, method, by in self.conn.execute(
            "SELECT record_id, decision, reason, method, decided_by FROM resolutions"
            " WHERE stage = ? ORDER BY resolution_id",
            (stage,),
        ):
            latest[rid] = (decision, reason, method, by)
        return latest

    # -- notes, tags, retrieval --------------------------------------------------------

    def add_note(self, record_id: int, stage: str, reviewer: str, note: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO notes (record_id, stage, reviewer, note, time) VALUES (?,?,?,?,?)",
                (record_id, stage, reviewer, note, now()),
            )

    def notes(self, record_id: int, reviewer: str) -> list[tuple[str, str, str]]:
        return self.conn.execute(
            "SELECT stage, note, time FROM notes WHERE record_id = ? AND reviewer = ?"
            " ORDER BY note_id",
            (record_id, reviewer),
        ).fetchall()

    def add_tag(self, record_id: int, reviewer: str, tag: str, removed: bool = False) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO tags (record_id, reviewer, tag, removed, time) VALUES (?,?,?,?,?)",
                (record_id, reviewer, tag, int(removed), now()),
            )

    def tags(self, record_id: int, reviewer: str) -> list[str]:
        state: dict[str, bool] = {}
        for tag, removed in self.conn.execute(
            "SELECT tag, removed FROM tags WHERE record_id = ? AND reviewer = ? ORDER BY tag_id",
            (record_id, reviewer),
        ):
            state[tag] = not removed
        return [t for t, on in state.items() if on]

    def set_retrieval(
        self,
        record_id: int,
        status: str,
        decided_by: str,
        location: str | None = None,
        reason: str | None = None,
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO retrieval (record_id, status, location, reason, decided_by, time)"
                " VALUES (?,?,?,?,?,?)",
                (record_id, status, location, reason, decided_by, now()),
            )

    def retrieval_marks(self) -> dict[int, tuple[str, str | None, str | None, str]]:
        """record_id -> (status, location, reason, time) of the latest retrieval mark."""
        latest: dict[int, tuple[str, str | None, str | None, str]] = {}
        for rid, status, location, reason, time in self.conn.execute(
            "SELECT record_id, status, location, reason, time FROM retrieval ORDER BY retrieval_id"
        ):
            latest[rid] = (status, location, reason, time)
        return latest

    def current_retrieval(self) -> dict[int, tuple[str, str | None, str | None]]:
        """record_id -> (status, location, reason) of the latest retrieval mark."""
        return {rid: mark[:3] for rid, mark in self.retrieval_marks().items()}


def _split_sql(script: str) -> list[str]:
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


class _Writer:
    """A thread running executemany on chunks of rows, inside the caller's transaction.

    The caller makes the next chunk while this one is written. The first error is kept and
    raised to the caller (by put or finish); later chunks are then dropped, never written.
    """

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.error: BaseException | None = None
        self.queue: queue.Queue[tuple[str, list[tuple[Any, ...]]] | None] = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._run, name="review-import-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.conn.executemany(*item)
                except BaseException as exc:  # handed to the caller's thread
                    self.error = exc

    def put(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((sql, rows))

    def finish(self) -> None:
        """Wait until every chunk is written (or dropped); raise the writer's error if any."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


@dataclass
class RowChunk:
    """Rows made by record_rows, with what to add to their positions and line numbers.

    A file parsed in pieces numbers each piece's records and lines from 1; the offsets are
    the records and lines of the pieces before it, known only once those are parsed.
    """

    rows: list[tuple[Any, ...]]
    position: int = 0
    line: int = 0
    # The records expected in all chunks, if better known now than when the import began.
    total: int | None = None


def _insert_rows(source_id: int, position: int = 0, line: int = 0) -> str:
    """INSERT for rows of record_rows: the source id and offsets are written into the SQL."""
    values = [str(int(source_id)), "?", "?", *("?" * 21)]
    if position:
        values[1] = f"?+{int(position)}"
    if line:
        values[2] = f"?+{int(line)}"
    return f"INSERT INTO records ({_RECORD_FIELDS}) VALUES ({','.join(values)})"


def record_rows(records: Iterable[ParsedRecord]) -> list[tuple[Any, ...]]:
    """Rows (all columns but source_id) of records, for add_source; strings and ints only."""
    with gc_paused():
        return [_record_row(r) for r in records]


def _json_list(values: list[str]) -> str:
    """json.dumps(values, ensure_ascii=False), without the encoder for plain strings."""
    if not values:
        return "[]"
    if _JSON_ESCAPE.search("".join(values)) is None:
        return '["' + '", "'.join(values) + '"]'
    return json.dumps(values, ensure_ascii=False)


def _record_row(r: ParsedRecord) -> tuple[Any, ...]:
    """The columns of one record but source_id (see _insert_rows)."""
    return row_of(
        r.position,
        r.line,
        r.source_record_id,
        r.title,
        r.abstract,
        r.authors,
        r.year,
        r.journal,
        r.volume,
        r.issue,
        r.pages,
        r.doi,
        r.pmid,
        r.issn,
        r.isbn,
        r.keywords,
        r.url,
        r.type,
        r.language,
        r.publisher,
        r.raw,
        r.original,
    )


def row_of(
    position: int,
    line: int | None,
    source_record_id: str | None,
    title: str | None,
    abstract: str | None,
    authors: list[str],
    year: int | None,
    journal: str | None,
    volume: str | None,
    issue: str | None,
    pages: str | None,
    doi: str | None,
    pmid: str | None,
    issn: str | None,
    isbn: str | None,
    keywords: list[str],
    url: str | None,
    type: str | None,
    language: str | None,
    publisher: str | None,
    raw: dict[str, Any],
    original: str | None,
) -> tuple[Any, ...]:
    """The row (all columns but source_id) of a record given as the fields of ParsedRecord,
    in their order: a parser may make rows directly, without making the record."""
    abstract_at = None
    if original is None:
        raw_json = json.dumps(raw, ensure_ascii=False)
    else:
        raw_json = "{}"
        for tag in _SQL_RAW_TAGS:
            if tag in raw:
                kept = {tag: raw[tag] for tag in _SQL_RAW_TAGS if tag in raw}
                raw_json = (
                    f'{{"{tag}": {_json_list(kept[tag])}}}'
                    if len(kept) == 1
                    else json.dumps(kept, ensure_ascii=False)
                )
                break
        if abstract and len(abstract) >= _CUT_ABSTRACT:
            # Find a short head, then compare the rest: finding a long needle is slow.
            at = original.find(abstract[:32])
            while at >= 0 and not original.startswith(abstract, at):
                at = original.find(abstract[:32], at + 1)
            if at >= 0:
                original = original[:at] + original[at + len(abstract) :]
                abstract_at = at
    return (
        position,
        line,
        source_record_id,
        title,
        abstract,
        _json_list(authors),
        year,
        journal,
        volume,
        issue,
        pages,
        doi,
        pmid,
        issn,
        isbn,
        _json_list(keywords),
        url,
        type,
        language,
        publisher,
        raw_json,
        original,
        abstract_at,
    )


def _record_from_row(row: Sequence[Any]) -> Record:
    """A Record from a row of _RECORD_COLUMNS; raw re-read from the original text if kept."""
    values = list(row[:23])
    original, abstract_at, format = row[23:26]
    values[7] = json.loads(values[7])
    values[17] = json.loads(values[17])
    raw = None
    if original is not None:
        if abstract_at is not None:
            original = original[:abstract_at] + (values[6] or "") + original[abstract_at:]
        from review.identification.importers.registry import raw_from_original

        raw = raw_from_original(format, original)
    values[22] = json.loads(values[22]) if raw is None else raw
    return Record(*values, original=original)
