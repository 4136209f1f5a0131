"""Where each record stands at a screening stage: the one rule for votes, conflicts and passing.

Reconciliation, the next stage's list, PRISMA, status and exports all read it from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from review.identification.dedup import held_records
from review.project import Project

RESOLVED = "resolved"
AGREED = "agreed"
CONFLICT = "conflict"
PENDING = "pending"
STOPPED = "stopped"  # nobody decided it before the team stopped by a stopping rule
STOPPED_REASON = "stopping rule"


def is_last_stage(project: Project, stage: str) -> bool:
    """The stage whose includes are the included studies (nothing moves on from it)."""
    return stage == project.protocol.stages[-1]


def passing(project: Project, stage: str) -> tuple[str, ...]:
    """Decisions that move a record on: include, and unsure before the last stage (an unsure
    record is read in full before it is excluded); at the last stage only include."""
    return ("include",) if is_last_stage(project, stage) else ("include", "unsure")


def reviewers_required(project: Project) -> int:
    """How many reviewers must decide a record before it can move on."""
    return max(1, min(2, len(project.protocol.reviewers)))


def votes_conflict(project: Project, stage: str, votes: Iterable[tuple[str, str | None]]) -> bool:
    """True if (decision, reason) votes need settling: different decisions (unsure against
    include or exclude only where the protocol says so), the same exclusion for different
    reasons at full text, or any unsure at the last stage (it must end included or not)."""
    cast = list(votes)
    decisions = {d for d, _ in cast}
    if "unsure" in decisions and is_last_stage(project, stage):
        return True
    if not project.protocol.unsure_is_conflict and decisions - {"unsure"}:
        decisions.discard("unsure")
    if len(decisions) > 1:
        return True
    reasons = {r for d, r in cast if d == "exclude"}
    return stage == "full-text" and decisions == {"exclude"} and len(reasons) > 1


@dataclass(frozen=True, slots=True)
class Outcome:
    """Where a record stands at one stage.

    decision is include / exclude / unsure once final (resolved or agreed), else None;
    basis says how: resolved (with method and by), agreed, conflict or pending. passed says
    whether the record moves on (or, at the last stage, is included).
    """

    decision: str | None
    reason: str | None
    basis: str
    method: str | None = None
    by: str | None = None
    passed: bool = False

    @property
    def final(self) -> bool:
        return self.decision is not None

    @property
    def excluded(self) -> bool:
        return self.decision == "exclude"


def stage_outcomes(project: Project, stage: str) -> dict[int, Outcome]:
    """record_id -> outcome for every record with a vote or a resolution at the stage.

    The reconciled decision wins; otherwise the votes of the required number of reviewers
    must not conflict (see votes_conflict). Records nobody decided are absent, unless the
    team stopped the stage by a stopping rule: they are then excluded by it (STOPPED).
    """
    store = project.store
    resolutions = store.current_resolutions(stage)
    votes: dict[int, list[tuple[str, str | None]]] = {}
    for (record_id, _who), d in store.current_decisions(stage).items():
        if d.decision is not None:
            votes.setdefault(record_id, []).append((d.decision, d.reason))
    required = reviewers_required(project)
    moving = passing(project, stage)
    outcomes: dict[int, Outcome] = {}
    for record_id, cast in votes.items():
        if record_id in resolutions:
            continue
        if len(cast) < required:
            outcomes[record_id] = Outcome(None, None, PENDING)
        elif votes_conflict(project, stage, cast):
            outcomes[record_id] = Outcome(None, None, CONFLICT)
        else:
            decisions = {d for d, _ in cast}
            decision: str = next(d for d in ("include", "exclude", "unsure") if d in decisions)
            reasons = {r for d, r in cast if d == "exclude"}
            reason = next(iter(reasons)) if decision == "exclude" and len(reasons) == 1 else None
            outcomes[record_id] = Outcome(decision, reason, AGREED, passed=decision in moving)
    for record_id, (decision, reason, method, by) in resolutions.items():
        outcomes[record_id] = Outcome(
            decision, reason, RESOLVED, method, by, passed=decision in moving
        )
    stop = store.current_stop(stage)
    if stop is not None:
        for record_id in stage_record_ids(project, stage):
            if record_id not in outcomes:
                outcomes[record_id] = Outcome(
                    "exclude", STOPPED_REASON, STOPPED, "stopping rule", stop.by
                )
    return outcomes


def passed_stage(project: Project, stage: str) -> list[int]:
    """Record ids that passed a stage (reconciled, or by votes that need no settling), but
    not those merged into another record since: the work goes on as its canonical record."""
    merged = project.store.duplicate_map()
    return sorted(
        rid for rid, o in stage_outcomes(project, stage).items() if o.passed and rid not in merged
    )


def stage_record_ids(project: Project, stage: str, held: set[int] | None = None) -> list[int]:
    """Records to screen at a stage, in import order: duplicates merged away are left out, and
    so (at the first stage) are records held for a duplicate decision (held_records, worked
    out here unless the caller has them)."""
    if stage == "title-abstract" or project.protocol.stages.index(stage) == 0:
        held = held_records(project) if held is None else held
        merged = project.store.duplicate_map()
        return [i for i in project.store.record_ids() if i not in held and i not in merged]
    previous = project.protocol.stages[project.protocol.stages.index(stage) - 1]
    return passed_stage(project, previous)
