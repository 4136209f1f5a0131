"""What the screening view shows of one record, read together: one round trip on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from review.base.errors import ProjectError
from review.base.models import Decision, Record
from review.storage.database import Database, now
from review.storage.decisions import INSERT_UNLESS_MERGED, RECORD_DECISIONS, latest_by_reviewer
from review.storage.notes import NOTES, TAGS, tags_on
from review.storage.record_rows import record_from_row
from review.storage.records import RECORD

Asked = tuple[str, tuple[Any, ...]]
# (record_id, stage, reviewer, decision, reason, note) of a decision to make
DecisionRow = tuple[int, str, str, str, str | None, str | None]


@dataclass
class RecordReads:
    """A record (when asked for) and its state at a stage, as a reviewer may see it."""

    record: Record | None
    decisions: dict[str, Decision]  # reviewer -> latest decision (blinding as ever)
    tags: list[str]  # the reviewer's own
    notes: list[tuple[str, str, str]]  # the reviewer's own: (stage, note, time)


def _state_reads(record_id: int, stage: str, reviewer: str, with_record: bool) -> list[Asked]:
    asked: list[Asked] = [
        (RECORD_DECISIONS, (record_id, stage)),
        (TAGS, (record_id, reviewer)),
        (NOTES, (record_id, reviewer)),
    ]
    return asked + [(RECORD, (record_id,))] if with_record else asked


def _state(record_id: int, found: list[list[Any]], with_record: bool) -> RecordReads:
    record = None
    if with_record:
        if not found[3]:
            raise ProjectError(f"no record with id {record_id}")
        record = record_from_row(found[3][0])
    return RecordReads(record, latest_by_reviewer(found[0]), tags_on(found[1]), found[2])


class RecordStateStore(Database):
    """One record's screening state in one go, alone or with a decision on another."""

    def record_state(
        self, record_id: int, stage: str, reviewer: str, with_record: bool = True
    ) -> RecordReads:
        """What record(), record_decisions(), tags() and notes() give, read together."""
        found = self.run_together(_state_reads(record_id, stage, reviewer, with_record))
        return _state(record_id, [cur.fetchall() for cur in found], with_record)

    def decide_then_read(
        self, decision: DecisionRow, next_id: int
    ) -> tuple[Decision | None, RecordReads]:
        """add_decision_unless_merged(*decision), and the state of record next_id as it is
        with that decision made, read in the same step: on PostgreSQL, one round trip and
        its COMMIT. The state read is only to be shown once this returns (the step saved)."""
        record_id, stage, reviewer = decision[:3]
        row = (*decision, "decide", now())
        with self.transaction(appending=True):
            inserted, *found = self.run_together(
                [(INSERT_UNLESS_MERGED, (*row, record_id, record_id, record_id))]
                + _state_reads(next_id, stage, reviewer, True)
            )
        read = _state(next_id, [cur.fetchall() for cur in found], True)
        if inserted.rowcount != 1:
            return None, read
        return Decision(int(inserted.lastrowid or 0), *row[:6], row[7]), read
