"""What the screening view shows of one record, read together: one round trip on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from review.base.errors import ProjectError
from review.base.models import Decision, Record
from review.storage.database import Database
from review.storage.decisions import RECORD_DECISIONS, latest_by_reviewer
from review.storage.notes import NOTES, TAGS, tags_on
from review.storage.record_rows import record_from_row
from review.storage.records import RECORD


@dataclass
class RecordReads:
    """A record (when asked for) and its state at a stage, as a reviewer may see it."""

    record: Record | None
    decisions: dict[str, Decision]  # reviewer -> latest decision (blinding as ever)
    tags: list[str]  # the reviewer's own
    notes: list[tuple[str, str, str]]  # the reviewer's own: (stage, note, time)


class RecordStateStore(Database):
    """One record's screening state in one go."""

    def record_state(
        self, record_id: int, stage: str, reviewer: str, with_record: bool = True
    ) -> RecordReads:
        """What record(), record_decisions(), tags() and notes() give, read together."""
        asked: list[tuple[str, tuple[Any, ...]]] = [
            (RECORD_DECISIONS, (record_id, stage)),
            (TAGS, (record_id, reviewer)),
            (NOTES, (record_id, reviewer)),
        ]
        if with_record:
            asked.append((RECORD, (record_id,)))
        found = self.read_together(asked)
        record = None
        if with_record:
            if not found[3]:
                raise ProjectError(f"no record with id {record_id}")
            record = record_from_row(found[3][0])
        return RecordReads(record, latest_by_reviewer(found[0]), tags_on(found[1]), found[2])
