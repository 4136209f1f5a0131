"""Screening decisions and resolutions: appended, never rewritten; the latest row counts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from review.base.models import Decision
from review.storage.database import Database, now

_DECISION = "decision_id, record_id, stage, reviewer, decision, reason, note, time"
_INSERT_DECISION = (
    "INSERT INTO decisions (record_id, stage, reviewer, decision, reason, note, action, time)"
    " VALUES (?,?,?,?,?,?,?,?)"
)
# The same, written only while the record is not merged into another (its latest link).
INSERT_UNLESS_MERGED = (
    "INSERT INTO decisions (record_id, stage, reviewer, decision, reason, note, action, time)"
    " SELECT ?,?,?,?,?,?,?,? WHERE coalesce((SELECT canonical_id FROM duplicate_links"
    " WHERE record_id = ? ORDER BY link_id DESC LIMIT 1), ?) = ?"
)
RECORD_DECISIONS = (
    f"SELECT {_DECISION} FROM decisions WHERE record_id = ? AND stage = ? ORDER BY decision_id"
)
# A resolution counts unless it was taken back (undo in the reconciliation view).
_STANDING = "resolution_id NOT IN (SELECT resolution_id FROM resolution_withdrawals)"


class DecisionStore(Database):
    """Each reviewer's decisions, and the reconciled outcome at each stage."""

    def add_decisions(
        self, rows: Iterable[tuple[int, str, str, str | None, str | None, str | None, str]]
    ) -> int:
        """Append (record_id, stage, reviewer, decision, reason, note, action) rows atomically."""
        stamp = now()
        with self.transaction(appending=True):
            cur = self.conn.executemany(_INSERT_DECISION, [(*row, stamp) for row in rows])
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
        with self.transaction(appending=True):
            cur = self.conn.execute(
                _INSERT_DECISION,
                (record_id, stage, reviewer, decision, reason, note, action, stamp),
            )
        return Decision(
            int(cur.lastrowid or 0), record_id, stage, reviewer, decision, reason, note, stamp
        )

    def add_decision_unless_merged(
        self, record_id: int, stage: str, reviewer: str, decision: str, reason: str | None,
        note: str | None,
    ) -> Decision | None:  # fmt: skip
        """A decision appended in one statement with the check that the record is not merged
        into another (by a dedup run elsewhere); None, and nothing written, if it is."""
        stamp = now()
        row = (record_id, stage, reviewer, decision, reason, note, "decide", stamp)
        with self.transaction(appending=True):
            cur = self.conn.execute(INSERT_UNLESS_MERGED, (*row, record_id, record_id, record_id))
        if cur.rowcount != 1:
            return None
        return Decision(int(cur.lastrowid or 0), *row[:6], stamp)

    def current_decisions(
        self, stage: str, reviewer: str | None = None
    ) -> dict[tuple[int, str], Decision]:
        """(record_id, reviewer) -> latest decision row, undecided (undone) ones included."""
        sql = f"SELECT {_DECISION} FROM decisions WHERE stage = ?"
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
        return latest_by_reviewer(self.conn.execute(RECORD_DECISIONS, (record_id, stage)))

    def decision_history(self, record_id: int, stage: str, reviewer: str) -> list[Decision]:
        rows = self.conn.execute(
            f"SELECT {_DECISION} FROM decisions WHERE record_id = ? AND stage = ?"
            " AND reviewer = ? ORDER BY decision_id",
            (record_id, stage, reviewer),
        )
        return [Decision(*row) for row in rows]

    def decision_log(self) -> Iterator[tuple[Any, ...]]:
        """Every decision ever appended, in order, with the record's source identifier:
        (decision_id, record_id, source_record_id, stage, reviewer, decision, reason, note,
        action, time)."""
        yield from self.conn.execute(
            "SELECT d.decision_id, d.record_id, r.source_record_id, d.stage, d.reviewer,"
            " d.decision, d.reason, d.note, d.action, d.time"
            " FROM decisions d JOIN records r USING (record_id) ORDER BY d.decision_id"
        )

    def screening_begun(self) -> bool:
        """True once anyone has decided (or resolved) a record at any stage."""
        return bool(
            self.conn.execute(
                "SELECT EXISTS (SELECT 1 FROM decisions WHERE decision IS NOT NULL)"
                " OR EXISTS (SELECT 1 FROM resolutions)"
            ).fetchone()[0]
        )

    def add_resolutions(
        self, rows: Iterable[tuple[int, str, str, str | None, str, str, str | None]]
    ) -> int:
        """Append (record_id, stage, decision, reason, method, decided_by, note) atomically."""
        stamp = now()
        with self.transaction(appending=True):
            cur = self.conn.executemany(
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
            f" WHERE stage = ? AND {_STANDING} ORDER BY resolution_id",
            (stage,),
        ):
            latest[rid] = (decision, reason, method, by)
        return latest

    def resolution_note(self, record_id: int, stage: str) -> str | None:
        """The note of the current (latest) resolution of a record at a stage."""
        row = self.conn.execute(
            f"SELECT note FROM resolutions WHERE record_id = ? AND stage = ? AND {_STANDING}"
            " ORDER BY resolution_id DESC LIMIT 1",
            (record_id, stage),
        ).fetchone()
        return row[0] if row else None

    def resolution_log(self) -> list[tuple[Any, ...]]:
        """Every resolution ever appended, in order, with the record's source identifier:
        (resolution_id, record_id, source_record_id, stage, decision, reason, method,
        decided_by, note, time)."""
        return self.conn.execute(
            "SELECT v.resolution_id, v.record_id, r.source_record_id, v.stage, v.decision,"
            " v.reason, v.method, v.decided_by, v.note, v.time"
            " FROM resolutions v JOIN records r USING (record_id) ORDER BY v.resolution_id"
        ).fetchall()


def latest_by_reviewer(rows: Iterable[Any]) -> dict[str, Decision]:
    """reviewer -> the latest of these decision rows (in decision_id order)."""
    return {row[3]: Decision(*row) for row in rows}
