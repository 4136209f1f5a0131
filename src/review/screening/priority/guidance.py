"""Stopping guidance for a reviewer at a stage, and the team's decision to stop by a rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from review.base.errors import InputError
from review.base.models import Decision
from review.project import Project
from review.screening.outcomes import stage_outcomes, stage_record_ids
from review.screening.priority.stopping import StoppingEstimate, stopping_estimate
from review.screening.queue import check_stage


def _labels(latest: Mapping[tuple[int, str], Decision]) -> list[int]:
    """A reviewer's decisions in the order first made: 1 include or unsure (it may be one),
    0 exclude."""
    return [int(d.decision != "exclude") for d in latest.values() if d.decision]


def stage_total(project: Project, stage: str) -> int:
    """The records at a stage, as the stopping test counts them."""
    return len(stage_record_ids(project, stage))


def reviewer_estimate(
    project: Project, stage: str, reviewer: str, total: int | None = None
) -> StoppingEstimate:
    """The stopping test on one reviewer's screening of a stage, at the protocol's target
    recall and confidence (total: stage_total, when the caller has it already)."""
    return _estimate(project, project.store.current_decisions(stage, reviewer), stage, total)


def _estimate(
    project: Project, latest: Mapping[tuple[int, str], Decision], stage: str, total: int | None
) -> StoppingEstimate:
    protocol = project.protocol
    return stopping_estimate(
        _labels(latest),
        stage_total(project, stage) if total is None else total,
        protocol.stop_recall,
        protocol.stop_confidence,
    )


def reviewer_line(project: Project, stage: str, reviewer: str, total: int | None = None) -> str:
    """The stopping line of one reviewer at a stage (see estimate_line): their decisions read
    once for the test and its unsure count."""
    latest = project.store.current_decisions(stage, reviewer)
    unsure = sum(1 for d in latest.values() if d.decision == "unsure")
    return estimate_line(_estimate(project, latest, stage, total), unsure)


def estimate_line(estimate: StoppingEstimate, unsure: int = 0) -> str:
    """One line a reviewer reads, the verdict first (a narrow terminal cuts the tail): the
    test, records since the last include, screened, and includes (unsure ones counted, as
    the test counts them)."""
    e = estimate
    includes = f"includes {e.includes}" + (f" (with {unsure} unsure)" if unsure else "")
    tail = f"screened {e.screened}/{e.total} · {includes}"
    if e.recall_at_least is None:
        return f"stopping test: no include yet · {tail}"
    verdict = "safe to stop" if e.safe_to_stop else "keep screening"
    return (
        f"{verdict}: recall ≥ {e.recall_at_least:.0%} ({e.confidence:.0%} conf., target "
        f"{e.target:.0%}) · {e.since_last_include} since the last include · {tail}"
    )


def stop_stage(project: Project, stage: str, by: str, rule: str) -> dict[str, Any]:
    """Record the team's stop of a stage by a rule, with every reviewer's figures now;
    returns what it means: records excluded by the rule and those still waiting for a
    second reviewer."""
    check_stage(project, stage)
    by = project.reviewer_name(by, "--by NAME")
    if not rule.strip():
        raise InputError("--rule TEXT is required: say which stopping rule was met")
    if project.store.current_stop(stage) is not None:
        raise InputError(f"{stage} is already stopped (review stop --undo takes it back)")
    before = stage_outcomes(project, stage)
    records = stage_record_ids(project, stage)
    figures = {}  # each reviewer who screened the stage, their figures now
    for reviewer in project.store.reviewers():
        estimate = reviewer_estimate(project, stage, reviewer, len(records))
        if estimate.screened:
            figures[reviewer] = asdict(estimate)
    project.store.add_stop(stage, by, rule.strip(), figures, undo=False)
    return {
        "stage": stage,
        "by": by,
        "rule": rule.strip(),
        "excluded_by_rule": sum(1 for r in records if r not in before),
        "waiting_for_a_second_reviewer": sum(1 for o in before.values() if o.basis == "pending"),
        "figures": figures,
    }


def undo_stop(project: Project, stage: str, by: str) -> None:
    """Take back a stop (appended; the records excluded by the rule are undecided again)."""
    check_stage(project, stage)
    by = project.reviewer_name(by, "--by NAME")
    if project.store.current_stop(stage) is None:
        raise InputError(f"{stage} is not stopped; nothing to take back")
    project.store.add_stop(stage, by, None, None, undo=True)
