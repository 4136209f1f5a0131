"""Who has done what in a project: the names of the people behind its rows."""

from __future__ import annotations

from review.storage.database import Database

TOOL_NAMES = frozenset({"auto", "cli", "unknown"})  # who decided, when no person did

# Every table that names a person, and the column that does.
_NAMED = (
    ("decisions", "reviewer"),
    ("resolutions", "decided_by"),
    ("duplicate_links", "decided_by"),
    ("dedup_decisions", "decided_by"),
    ("retrieval", "decided_by"),
    ("study_designs", "reviewer"),
    ("appraisals", "reviewer"),
    ("appraisal_resolutions", "decided_by"),
    ("report_links", "decided_by"),
    ("stopping", "decided_by"),
    ("overall_judgements", "reviewer"),
    ("resolution_withdrawals", "withdrawn_by"),
)


class PeopleStore(Database):
    """Names of reviewers, appraisers and everyone who decided anything."""

    def people(self) -> list[str]:
        """Every person's name that has decided, resolved, appraised, merged or marked
        anything (not the tool's own: 'auto', 'cli')."""
        union = " UNION ".join(f"SELECT {column} FROM {table}" for table, column in _NAMED)
        names = (r[0] for r in self.conn.execute(union + " ORDER BY 1"))
        return [name for name in names if name not in TOOL_NAMES]

    def appraisers(self) -> list[str]:
        """Everyone who recorded a study design or an appraisal answer."""
        rows = self.conn.execute(
            "SELECT reviewer FROM study_designs UNION SELECT reviewer FROM appraisals ORDER BY 1"
        )
        return [r[0] for r in rows]

    def reviewers(self) -> list[str]:
        """Everyone who has decided on a record at any stage."""
        return [
            r[0]
            for r in self.conn.execute("SELECT DISTINCT reviewer FROM decisions ORDER BY reviewer")
        ]
