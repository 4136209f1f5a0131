"""Which other reviewers' decisions a reviewer may see while screening is blind."""

from __future__ import annotations

from review.project import Project


def unblinded_records(project: Project, viewer: str) -> set[tuple[str, int]] | None:
    """(stage, record_id) pairs the viewer may see others' decisions on; None if not blind."""
    if not project.protocol.blind:
        return None
    allowed: set[tuple[str, int]] = set()
    for stage in project.protocol.stages:
        deciders: dict[int, set[str]] = {}
        for (rid, who), d in project.store.current_decisions(stage).items():
            if d.decision:
                deciders.setdefault(rid, set()).add(who)
        allowed.update(
            (stage, rid) for rid, who in deciders.items() if viewer in who and len(who) > 1
        )
    return allowed
