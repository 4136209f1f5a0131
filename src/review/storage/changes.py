"""What a live view asks the database every few seconds: has anything changed, cheaply."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from review.storage.database import Database, marks
from review.storage.records import BATCH

# One newest id per append-only table (an index lookup each), the queue's size and time.
_STAMP = (
    "SELECT (SELECT max(decision_id) FROM decisions), (SELECT max(resolution_id) FROM"
    " resolutions), (SELECT max(withdrawal_id) FROM resolution_withdrawals),"
    " (SELECT max(link_id) FROM duplicate_links), (SELECT max(decision_id) FROM dedup_decisions),"
    " (SELECT count(*) FROM dedup_queue), (SELECT max(found) FROM dedup_queue),"
    " (SELECT max(retrieval_id) FROM retrieval), (SELECT max(record_id) FROM records),"
    " (SELECT max(source_id) FROM sources), (SELECT max(appraisal_id) FROM appraisals),"
    " (SELECT max(design_id) FROM study_designs), (SELECT max(resolution_id) FROM"
    " appraisal_resolutions), (SELECT max(judgement_id) FROM overall_judgements),"
    " (SELECT max(note_id) FROM notes), (SELECT max(tag_id) FROM tags),"
    " (SELECT max(link_id) FROM report_links)"
)


@dataclass(frozen=True)
class ChangeStamp:
    """The newest row of each kind: two stamps differ where something was written between."""

    decisions: tuple[Any, ...]
    resolutions: tuple[Any, ...]
    duplicates: tuple[Any, ...]
    retrieval: tuple[Any, ...]
    records: tuple[Any, ...]
    appraisal: tuple[Any, ...]
    notes: tuple[Any, ...]


class ChangeStore(Database):
    """Cheap reads for views that follow what another reviewer writes."""

    def change_stamp(self) -> ChangeStamp:
        row = self.conn.execute(_STAMP).fetchone()
        return ChangeStamp(
            decisions=(row[0],),
            resolutions=(row[1], row[2]),
            duplicates=(row[3], row[4], row[5], row[6], row[16]),
            retrieval=(row[7],),
            records=(row[8], row[9]),
            appraisal=(row[10], row[11], row[12], row[13]),
            notes=(row[14], row[15]),
        )

    def record_summaries(
        self, record_ids: Iterable[int]
    ) -> dict[int, tuple[str | None, int | None, str]]:
        """record_id -> (title, year, source name), for lists of records."""
        ids = list(record_ids)
        found: dict[int, tuple[str | None, int | None, str]] = {}
        for start in range(0, len(ids), BATCH):
            part = ids[start : start + BATCH]
            for rid, title, year, source in self.conn.execute(
                "SELECT r.record_id, r.title, r.year, s.name FROM records r"
                f" JOIN sources s USING (source_id) WHERE r.record_id IN ({marks(len(part))})",
                part,
            ):
                found[rid] = (title, year, source)
        return found

    def tags_by_record(self, reviewer: str) -> dict[int, list[str]]:
        """record_id -> the reviewer's tags on it now (tags taken off left out)."""
        state: dict[int, dict[str, bool]] = {}
        for rid, tag, removed in self.conn.execute(
            "SELECT record_id, tag, removed FROM tags WHERE reviewer = ? ORDER BY tag_id",
            (reviewer,),
        ):
            state.setdefault(rid, {})[tag] = not removed
        return {rid: [t for t, on in tags.items() if on] for rid, tags in state.items()}
