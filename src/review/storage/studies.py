"""Reports linked to studies: the report_links table, appended, never rewritten."""

from __future__ import annotations

from review.storage.database import Database, now


class StudyStore(Database):
    """Which study each report belongs to."""

    def report_link_rows(self) -> list[tuple[int, int | None]]:
        """Every (record_id, study_id) link in the order made (study_id None: unlinked)."""
        return self.conn.execute(
            "SELECT record_id, study_id FROM report_links ORDER BY link_id"
        ).fetchall()

    def add_report_link(self, record_id: int, study_id: int | None, by: str) -> None:
        """Append that a report belongs to a study (None: it belongs to none now)."""
        with self.transaction(appending=True):
            self.conn.execute(
                "INSERT INTO report_links (record_id, study_id, decided_by, time) VALUES (?,?,?,?)",
                (record_id, study_id, by, now()),
            )
