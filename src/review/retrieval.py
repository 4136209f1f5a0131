"""Full-text retrieval: marks per record (retrieved with a path or URL, or not retrievable)."""

from __future__ import annotations

from review.errors import InputError
from review.project import Project

RETRIEVED = "retrieved"
NOT_RETRIEVED = "not-retrieved"
SOUGHT = "sought"


def mark_retrieved(project: Project, record_id: int, location: str, by: str) -> None:
    if not location.strip():
        raise InputError("give the PDF path or URL of the retrieved full text")
    project.store.set_retrieval(record_id, RETRIEVED, by, location=location.strip())


def mark_not_retrieved(project: Project, record_id: int, reason: str, by: str) -> None:
    if not reason.strip():
        raise InputError("say why the full text could not be retrieved")
    project.store.set_retrieval(record_id, NOT_RETRIEVED, by, reason=reason.strip())


def retrieval_status(project: Project, record_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """record_id -> (status, location or reason); a full-text decision counts as retrieved."""
    marks = project.store.current_retrieval()
    decided = {
        rid for (rid, _who), d in project.store.current_decisions("full-text").items() if d.decision
    }
    status: dict[int, tuple[str, str | None]] = {}
    for rid in record_ids:
        if rid in marks:
            state, location, reason = marks[rid]
            status[rid] = (state, location if state == RETRIEVED else reason)
        elif rid in decided:
            status[rid] = (RETRIEVED, None)
        else:
            status[rid] = (SOUGHT, None)
    return status
