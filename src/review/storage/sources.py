"""The search log: sources, each stored with its records in one transaction, all or nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from review.base.errors import ProjectError
from review.base.models import ParsedRecord, Source
from review.identification.importers.base import ImportWarning, gc_paused
from review.storage.database import Database, now
from review.storage.record_rows import INSERT_RECORD, RowChunk, insert_rows, record_row, record_rows
from review.storage.writer import Writer

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

# Records handed to the writer thread at a time.
CHUNK = 2000


class ImportCancelled(Exception):
    """Raised inside an import transaction when the caller asked to stop."""


class SourceStore(Database):
    """Sources and the records they bring."""

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
        warnings: Iterable[ImportWarning] = (),
    ) -> int:
        """Log a source and store its records in one transaction; all or nothing.

        The records come as a sequence, or as chunks (with their total, which may be an
        estimate: progress shows it until the last chunk is stored) still being built:
        each chunk is a list of records, whose rows are made here, or a RowChunk of rows made
        by record_rows (perhaps in another process). A writer thread inserts one chunk while
        the next is made (SQLite lets go of the interpreter while it writes), and an error or
        cancel from either side rolls back. The warnings (what the import skipped or repaired,
        complete once the last chunk is read) are stored with the source.
        """
        if chunks is None:
            total = len(records)
            chunks = (records[start : start + CHUNK] for start in range(0, total, CHUNK))
        with gc_paused(), self.transaction():
            logged = (name, kind, searched, query, file_name, sha256, format, total or 0,
                      reported_count, note, now())  # fmt: skip
            cur = self.conn.execute(
                "INSERT INTO sources (name, kind, searched, query, file_name, sha256, format,"
                " records_read, reported_count, note, imported_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                logged,
            )
            source_id = int(cur.lastrowid or 0)
            done = self._write_chunks(source_id, chunks, total or 0, progress, cancelled)
            if progress and done:
                progress(done, done)
            if done != total:
                self.conn.execute(
                    "UPDATE sources SET records_read = ? WHERE source_id = ?", (done, source_id)
                )
            self.conn.executemany(
                "INSERT INTO source_warnings (source_id, line, record, message) VALUES (?,?,?,?)",
                [(source_id, w.line, w.record, w.message) for w in warnings],
            )
        return source_id

    def source_warnings(self, source_id: int) -> list[ImportWarning]:
        """What the import of a source skipped or repaired, in the order found."""
        rows = self.conn.execute(
            "SELECT message, line, record FROM source_warnings WHERE source_id = ?"
            " ORDER BY warning_id",
            (source_id,),
        ).fetchall()
        return [ImportWarning(*row) for row in rows]

    def warning_counts(self) -> dict[int, int]:
        """Source id -> the number of warnings its import gave (sources without any left out)."""
        rows = self.conn.execute(
            "SELECT source_id, count(*) FROM source_warnings GROUP BY source_id"
        ).fetchall()
        return {int(source_id): int(count) for source_id, count in rows}

    def _write_chunks(
        self,
        source_id: int,
        chunks: Iterable[Sequence[ParsedRecord] | RowChunk],
        expected: int,
        progress: ProgressCallback | None,
        cancelled: CancelCheck | None,
    ) -> int:
        """Hand each chunk's rows to a writer thread; returns the records written."""
        done = 0
        writer = Writer(self.conn)
        try:
            for chunk in chunks:
                if cancelled and cancelled():
                    raise ImportCancelled()
                if progress and done:  # the previous chunk, now known not to be the last
                    progress(done, max(expected, done + 1))
                if isinstance(chunk, RowChunk):
                    rows = chunk.rows
                    sql = insert_rows(source_id, chunk.position, chunk.line)
                    if chunk.total is not None:
                        expected = chunk.total
                else:
                    rows = record_rows(chunk)
                    sql = insert_rows(source_id)
                writer.put(sql, rows)
                done += len(rows)
        finally:
            writer.finish()
        return done

    def append_manual_record(
        self, name: str, kind: str, record: ParsedRecord, searched: str | None
    ) -> int:
        """Add a hand-entered record to the hand-entry source of that name (made if new)."""
        with self.transaction():
            conn = self.conn
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
            cur = conn.execute(INSERT_RECORD, (int(source_id or 0), *record_row(record)))
            return int(cur.lastrowid or 0)

    def set_reported_count(self, source_id: int, count: int | None) -> None:
        """Set the record count a source's search reported (None: not reported)."""
        with self.transaction():
            self.conn.execute(
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
        return [Source(*row) for row in rows]  # the last column: records stored
