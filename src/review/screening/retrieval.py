"""Full-text retrieval: marks per record (retrieved with a path or URL, or not retrievable)."""

from __future__ import annotations

from pathlib import Path

from review.base.errors import InputError
from review.project import Project
from review.screening.outcomes import stage_outcomes

RETRIEVED = "retrieved"
NOT_RETRIEVED = "not-retrieved"
SOUGHT = "sought"
URL_PREFIXES = ("http://", "https://", "file://", "ftp://")


def is_url(location: str) -> bool:
    return location.strip().lower().startswith(URL_PREFIXES)


def stored_location(project: Project, location: str, base: Path | None = None) -> str:
    """A full text's location as stored: a URL as given; a file (relative to base, else the
    current folder) that must exist, relative to the project folder when it lies inside it,
    so every reviewer opens it from there."""
    text = location.strip()
    if not text:
        raise InputError("give the PDF path or URL of the retrieved full text")
    if is_url(text):
        return text
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    if path.is_dir():
        raise InputError(f"{path} is a folder: give the full text's file")
    if not path.is_file():
        raise InputError(f"no file at {path}: give the path of the full text (or its URL)")
    found, root = path.resolve(), project.root.resolve()
    return found.relative_to(root).as_posix() if found.is_relative_to(root) else str(found)


def full_text_path(project: Project, location: str) -> str:
    """Where to open a stored location: a URL as is, a relative path in the project folder."""
    if is_url(location) or Path(location).is_absolute():
        return location
    return str(project.root / location)


def mark_retrieved(
    project: Project, record_id: int, location: str, by: str, base: Path | None = None
) -> str:
    """Mark a report retrieved at a file (that exists) or URL; returns the location stored."""
    stored = stored_location(project, location, base)
    project.store.set_retrieval(record_id, RETRIEVED, by, location=stored)
    return stored


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
