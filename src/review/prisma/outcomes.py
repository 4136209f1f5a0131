"""Final outcome of each record at a screening stage: resolved, agreed, conflict or pending."""

from __future__ import annotations

from dataclasses import dataclass

from review.project import Project
from review.screening import PASSING, reviewers_required

RESOLVED = "resolved"
AGREED = "agreed"
CONFLICT = "conflict"
PENDING = "pending"


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where a record stands at one stage.

    decision is include / exclude / unsure once final (resolved or agreed), else None;
    basis says how: resolved (with method and by), agreed, conflict or pending.
    """

    decision: str | None
    reason: str | None
    basis: str
    method: str | None = None
    by: str | None = None

    @property
    def final(self) -> bool:
        return self.decision is not None

    @property
    def passed(self) -> bool:
        return self.decision in PASSING

    @property
    def excluded(self) -> bool:
        return self.decision == "exclude"


def stage_outcomes(project: Project, stage: str) -> dict[int, Outcome]:
    """record_id -> outcome for every record with a vote or a resolution at the stage.

    The reconciled decision wins; otherwise the votes of the required number of reviewers
    must agree (include and unsure both pass, as in screening.passed_stage; at full text two
    excludes must give the same reason). Records nobody decided are absent.
    """
    store = project.store
    resolutions = store.current_resolutions(stage)
    votes: dict[int, list[tuple[str, str | None]]] = {}
    for (record_id, _who), d in store.current_decisions(stage).items():
        if d.decision is not None:
            votes.setdefault(record_id, []).append((d.decision, d.reason))
    required = reviewers_required(project)
    unsure_conflicts = project.protocol.unsure_is_conflict
    outcomes: dict[int, Outcome] = {}
    for record_id, cast in votes.items():
        if record_id not in resolutions:
            outcomes[record_id] = _from_votes(cast, required, unsure_conflicts, stage)
    for record_id, (decision, reason, method, by) in resolutions.items():
        outcomes[record_id] = Outcome(decision, reason, RESOLVED, method, by)
    return outcomes


def _from_votes(
    cast: list[tuple[str, str | None]], required: int, unsure_conflicts: bool, stage: str
) -> Outcome:
    if len(cast) < required:
        return Outcome(None, None, PENDING)
    decisions = {d for d, _ in cast}
    if decisions <= set(PASSING):
        return Outcome("include" if "include" in decisions else "unsure", None, AGREED)
    if not unsure_conflicts:
        decisions.discard("unsure")
    if decisions != {"exclude"}:
        return Outcome(None, None, CONFLICT)
    reasons = {r for d, r in cast if d == "exclude"}
    if len(reasons) > 1 and stage == "full-text":
        return Outcome(None, None, CONFLICT)
    reason = next(iter(reasons)) if len(reasons) == 1 else None
    return Outcome("exclude", reason, AGREED)
