"""Full-text retrieval: marks per record (retrieved with a path or URL, or not retrievable)."""

from __future__ import annotations

from review.base.errors import InputError
from review.project import Project
from review.screening.outcomes import stage_outcomes

RETRIEVED = "retrieved"
NOT_RETRIEVED = "not-retrieved"
SOUGHT = "sought"


def mark_retrieved(project: Project, record_id: int, location: str, by: str) -> None:
    if not location.strip():
        raise InputError("give the PDF path or URL of the retrieved full text")
    project.store.set_retrieval(record_id, RETRIEVED, by, location=location.strip())


def mark_not_retrieved(project: Project, record_id: int, reason: str, by: str) -> None:
    """Mark a report not retrieved: refused once a reviewer has decided it at full text (they
    read it, so it was retrieved; undo those decisions first if that was a mistake)."""
    if not reason.strip():
        raise InputError("say why the full text could not be retrieved")
    latest = project.store.record_decisions(record_id, "full-text")
    decided = [who for who, d in latest.items() if d.decision]
    if decided:
        raise InputError(
            f"record {record_id} was decided at full text by {', '.join(sorted(decided))}, so "
            "its report was retrieved; undo those decisions first if it was not"
        )
    project.store.set_retrieval(record_id, NOT_RETRIEVED, by, reason=reason.strip())


def retrieval_status(project: Project, record_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """record_id -> (status, location or reason).

    A full-text decision counts as retrieved, and outweighs a 'not retrieved' mark made before
    it (the report was found after all); a report excluded at full text for a reason the
    protocol says means 'not retrieved' is not retrieved (PRISMA and status count it so).
    """
    marks = project.store.retrieval_marks()
    decided: dict[int, str] = {}
    for (rid, _who), d in project.store.current_decisions("full-text").items():
        if d.decision:
            decided[rid] = max(decided.get(rid, ""), d.time)
    unobtainable = {r.code: r.label for r in project.protocol.exclusion_reasons if r.not_retrieved}
    outcomes = stage_outcomes(project, "full-text") if unobtainable else {}
    status: dict[int, tuple[str, str | None]] = {}
    for rid in record_ids:
        outcome = outcomes.get(rid)
        mark = marks.get(rid)
        later = rid in decided and decided[rid] > (mark[3] if mark else "")
        if outcome is not None and outcome.excluded and outcome.reason in unobtainable:
            status[rid] = (NOT_RETRIEVED, unobtainable[outcome.reason])
        elif mark is not None and not (mark[0] == NOT_RETRIEVED and later):
            state, location, reason, _time = mark
            status[rid] = (state, location if state == RETRIEVED else reason)
        elif rid in decided:
            status[rid] = (RETRIEVED, None)
        else:
            status[rid] = (SOUGHT, None)
    return status
