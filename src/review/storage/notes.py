"""A reviewer's notes and tags on records, and the full-text retrieval marks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from review.storage.database import Database, now

NOTES = "SELECT stage, note, time FROM notes WHERE record_id = ? AND reviewer = ? ORDER BY note_id"
TAGS = "SELECT tag, removed FROM tags WHERE record_id = ? AND reviewer = ? ORDER BY tag_id"


def tags_on(rows: Iterable[tuple[str, Any]]) -> list[str]:
    """The tags on now, of (tag, removed) rows in the order they were put on or taken off."""
    state: dict[str, bool] = {}
    for tag, removed in rows:
        state[tag] = not removed
    return [t for t, on in state.items() if on]


class NoteStore(Database):
    """Notes, tags and retrieval: appended, the latest mark counting."""

    def add_note(self, record_id: int, stage: str, reviewer: str, note: str) -> None:
        with self.transaction(appending=True):
            self.conn.execute(
                "INSERT INTO notes (record_id, stage, reviewer, note, time) VALUES (?,?,?,?,?)",
                (record_id, stage, reviewer, note, now()),
            )

    def notes(self, record_id: int, reviewer: str) -> list[tuple[str, str, str]]:
        return self.conn.execute(NOTES, (record_id, reviewer)).fetchall()

    def note_log(self) -> list[tuple[Any, ...]]:
        """Every note, in order: (note_id, record_id, source_record_id, stage, reviewer, note,
        time)."""
        return self.conn.execute(
            "SELECT n.note_id, n.record_id, r.source_record_id, n.stage, n.reviewer, n.note,"
            " n.time FROM notes n JOIN records r USING (record_id) ORDER BY n.note_id"
        ).fetchall()

    def add_tag(self, record_id: int, reviewer: str, tag: str, removed: bool = False) -> None:
        with self.transaction(appending=True):
            self.conn.execute(
                "INSERT INTO tags (record_id, reviewer, tag, removed, time) VALUES (?,?,?,?,?)",
                (record_id, reviewer, tag, int(removed), now()),
            )

    def tags(self, record_id: int, reviewer: str) -> list[str]:
        return tags_on(self.conn.execute(TAGS, (record_id, reviewer)))

    def tag_log(self) -> list[tuple[Any, ...]]:
        """Every tag put on or taken off, in order: (tag_id, record_id, source_record_id,
        reviewer, tag, removed, time)."""
        return self.conn.execute(
            "SELECT t.tag_id, t.record_id, r.source_record_id, t.reviewer, t.tag, t.removed,"
            " t.time FROM tags t JOIN records r USING (record_id) ORDER BY t.tag_id"
        ).fetchall()

    def set_retrieval(
        self,
        record_id: int,
        status: str,
        decided_by: str,
        location: str | None = None,
        reason: str | None = None,
    ) -> None:
        with self.transaction(appending=True):
            self.conn.execute(
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
