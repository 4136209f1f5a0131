"""Overall judgements of studies (each reviewer's), and resolutions taken back; both appended."""

from __future__ import annotations

from review.storage.database import Database, now

OVERALL_CHECKLIST = "(overall)"  # appraisal_resolutions rows that agree a study's judgement
OVERALL_ITEM = "overall"

Judgement = tuple[str | None, str | None, str]  # judgement (None: taken back), why, time


class JudgementStore(Database):
    """A reviewer's overall judgement per study; a reconciliation's undo."""

    def add_judgement(
        self, record_id: int, reviewer: str, judgement: str | None, justification: str | None
    ) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO overall_judgements (record_id, reviewer, judgement, justification,"
                " time) VALUES (?,?,?,?,?)",
                (record_id, reviewer, judgement, justification, now()),
            )

    def current_judgements(self) -> dict[tuple[int, str], Judgement]:
        """(record_id, reviewer) -> the latest judgement row (taken-back ones included)."""
        latest: dict[tuple[int, str], Judgement] = {}
        for rid, who, judgement, why, time in self.conn.execute(
            "SELECT record_id, reviewer, judgement, justification, time FROM overall_judgements"
            " ORDER BY judgement_id"
        ):
            latest[(rid, who)] = (judgement, why, time)
        return latest

    def withdraw_resolution(self, record_id: int, stage: str, by: str) -> int | None:
        """Take back the standing resolution of a record at a stage (the one before it, if any,
        counts again); returns its id, or None if none stands."""
        with self.transaction():
            row = self.conn.execute(
                "SELECT max(resolution_id) FROM resolutions WHERE record_id = ? AND stage = ?"
                " AND resolution_id NOT IN (SELECT resolution_id FROM resolution_withdrawals)",
                (record_id, stage),
            ).fetchone()
            if row is None or row[0] is None:
                return None
            self.conn.execute(
                "INSERT INTO resolution_withdrawals (resolution_id, withdrawn_by, time)"
                " VALUES (?,?,?)",
                (row[0], by, now()),
            )
        return int(row[0])
