"""Other reviewers' current decisions on one record, by indexed lookups (blinding applied)."""

from __future__ import annotations

from review.models import Decision
from review.project import Project

_LATEST = (
    "SELECT decision_id, record_id, stage, reviewer, decision, reason, note, time"
    " FROM decisions WHERE stage = ? AND reviewer = ? AND record_id = ?"
    " ORDER BY decision_id DESC LIMIT 1"
)


def others_on_record(
    project: Project,
    stage: str,
    record_id: int,
    viewer: str,
    viewer_decided: bool,
    reviewers: list[str],
) -> list[Decision] | None:
    """Same rule as screening.visible_decisions, one record at a time; None while hidden.

    visible_decisions loads every decision of the stage (about a second at 100,000 records),
    so the screen asks per reviewer through the (stage, reviewer, record_id) index instead.
    """
    if project.protocol.blind and not viewer_decided:
        return None
    found = []
    for who in reviewers:
        if who == viewer:
            continue
        row = project.store.conn.execute(_LATEST, (stage, who, record_id)).fetchone()
        if row and row[4]:
            found.append(Decision(*row))
    return found


def known_reviewers(project: Project) -> list[str]:
    """Everyone who has decided anything, plus the protocol's reviewers, in name order."""
    return sorted(set(project.store.reviewers()) | set(project.protocol.reviewers))
