"""Row builders for the records and decisions exports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from review.project import Project

RECORD_HEADER = (
    "record_id",
    "source",
    "source_record_id",
    "position",
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "issn",
    "isbn",
    "keywords",
    "url",
    "type",
    "language",
    "publisher",
    "abstract",
    "duplicate_of",
    "original",
)
DECISION_HEADER = (
    "record_id",
    "source_record_id",
    "stage",
    "reviewer",
    "decision",
    "reason",
    "note",
    "action",
    "time",
)


def record_rows(project: Project) -> Iterator[tuple[Any, ...]]:
    """One row per record: identifiers, normalised fields, and the original fields as JSON."""
    merged = project.store.duplicate_map()
    for r in project.store.records():
        yield (
            r.record_id,
            r.source_name,
            r.source_record_id,
            r.position,
            r.title,
            "; ".join(r.authors),
            r.year,
            r.journal,
            r.volume,
            r.issue,
            r.pages,
            r.doi,
            r.pmid,
            r.issn,
            r.isbn,
            "; ".join(r.keywords),
            r.url,
            r.type,
            r.language,
            r.publisher,
            r.abstract,
            merged.get(r.record_id),
            json.dumps(r.raw, ensure_ascii=False),
        )


def decision_rows(project: Project, viewer: str | None = None) -> Iterator[tuple[Any, ...]]:
    """Every decision ever recorded, in order; with a viewer, only what blinding lets them see."""
    allowed = None if viewer is None else unblinded_records(project, viewer)
    for (
        _id,
        record_id,
        sid,
        stage,
        reviewer,
        decision,
        reason,
        note,
        action,
        time,
    ) in project.store.decision_log():
        if allowed is not None and reviewer != viewer and (stage, record_id) not in allowed:
            continue
        yield (record_id, sid, stage, reviewer, decision or "", reason, note, action, time)


def unblinded_records(project: Project, viewer: str) -> set[tuple[str, int]] | None:
    """(stage, record_id) pairs the viewer may see others' decisions on; None if not blind."""
    if not project.protocol.blind:
        return None
    allowed = set()
    for stage in project.protocol.stages:
        deciders: dict[int, set[str]] = {}
        for (rid, who), d in project.store.current_decisions(stage).items():
            if d.decision:
                deciders.setdefault(rid, set()).add(who)
        allowed.update(
            (stage, rid) for rid, who in deciders.items() if viewer in who and len(who) > 1
        )
    return allowed
