"""Reading records: one, all, their ids, titles and texts, where each came from, a search."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from review.base.errors import ProjectError
from review.base.models import Record
from review.storage.database import Database, marks
from review.storage.record_rows import RECORD_COLUMNS, record_from_row

RECORD = (
    f"SELECT {RECORD_COLUMNS} FROM records r JOIN sources s USING (source_id) WHERE record_id = ?"
)
# Ids bound in one IN list at a time.
BATCH = 500


class RecordStore(Database):
    """The records table, read."""

    def titles(self, record_ids: Iterable[int]) -> dict[int, str | None]:
        """record_id -> title for the given records."""
        ids = list(record_ids)
        found: dict[int, str | None] = {}
        for start in range(0, len(ids), BATCH):
            part = ids[start : start + BATCH]
            found.update(
                self.conn.execute(
                    f"SELECT record_id, title FROM records WHERE record_id IN ({marks(len(part))})",
                    part,
                )
            )
        return found

    def ranking_texts(self) -> Iterator[tuple[int, str | None, str | None, str]]:
        """(record_id, title, abstract, keywords as JSON) of every record, in id order: what
        a prioritised screening learns from."""
        yield from self.conn.execute(
            "SELECT record_id, title, abstract, keywords FROM records ORDER BY record_id"
        )

    def count_records(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM records").fetchone()[0])

    def has_record(self, record_id: int) -> bool:
        found = self.conn.execute("SELECT 1 FROM records WHERE record_id = ?", (record_id,))
        return found.fetchone() is not None

    def record(self, record_id: int) -> Record:
        row = self.conn.execute(RECORD, (record_id,)).fetchone()
        if row is None:
            raise ProjectError(f"no record with id {record_id}")
        return record_from_row(row)

    def records(self) -> Iterator[Record]:
        """Every record, in import order."""
        cur = self.conn.execute(
            f"SELECT {RECORD_COLUMNS} FROM records r JOIN sources s USING (source_id)"
            " ORDER BY record_id"
        )
        for row in cur:
            yield record_from_row(row)

    def last_record_id(self) -> int:
        """The highest record id so far (0 for none): records above it came later."""
        row = self.conn.execute("SELECT coalesce(max(record_id), 0) FROM records").fetchone()
        return int(row[0])

    def record_ids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT record_id FROM records ORDER BY record_id")]

    def record_ids_by_source_record_id(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for record_id, sid in self.conn.execute(
            "SELECT record_id, source_record_id FROM records WHERE source_record_id IS NOT NULL"
        ):
            found.setdefault(sid, []).append(record_id)
        return found

    def record_source_ids(self) -> dict[int, int]:
        """record_id -> the id of the source it was imported from."""
        return dict(self.conn.execute("SELECT record_id, source_id FROM records"))

    def records_with_source(self) -> list[tuple[int, str, str | None]]:
        """(record_id, source name, source_record_id) of every record, in import order."""
        return self.conn.execute(
            "SELECT r.record_id, s.name, r.source_record_id FROM records r"
            " JOIN sources s USING (source_id) ORDER BY r.record_id"
        ).fetchall()

    def search_records(self, text: str) -> set[int]:
        """Records whose title, abstract or authors contain text, in any case (SQLite's LIKE:
        ASCII letters in any case; PostgreSQL's ILIKE: every letter)."""
        pattern = f"%{text}%"
        like = "ILIKE" if self.dialect == "postgresql" else "LIKE"
        return {
            rid
            for (rid,) in self.conn.execute(
                f"SELECT record_id FROM records WHERE title {like} ? OR abstract {like} ?"
                f" OR authors {like} ?",
                (pattern, pattern, pattern),
            )
        }
