"""A project's state in numbers: sources, records, duplicates, screening progress."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from review.appraisal import appraisal_setup
from review.appraisal.answers import finished_by
from review.appraisal.studies import included_studies
from review.identification.dedup import held_records, pending_pairs
from review.project import Project
from review.screening.agreement import stage_agreement
from review.screening.outcomes import passed_stage, stage_record_ids
from review.screening.reconcile import conflicts
from review.screening.retrieval import retrieval_status

try:
    from review.screening.priority.guidance import reviewer_line, stage_total
except ModuleNotFoundError:  # scipy comes with the optional extra review[ranking]
    reviewer_line = stage_total = None  # type: ignore[assignment]


@dataclass
class StageStatus:
    stage: str
    records: int
    reviewers: dict[str, dict[str, int | None]] = field(default_factory=dict)
    conflicts: int = 0
    resolved: int = 0
    passed: int = 0
    both_decided: int = 0
    percent_agreement: float | None = None
    kappa: float | None = None
    retrieval: dict[str, int] = field(default_factory=dict)  # full text: status -> reports
    held: int = 0  # first stage: records waiting for a duplicate decision
    stopping: dict[str, str] = field(default_factory=dict)  # reviewer -> stopping figures
    stopped: str | None = None  # the stopping rule the team stopped the stage by


@dataclass
class ProjectStatus:
    title: str
    sources: int
    records: int
    duplicates_removed: int
    unique_records: int
    stages: list[StageStatus]
    duplicates_pending: int = 0
    studies_included: int = 0
    appraisals_finished: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def project_status(project: Project, viewer: str | None = None) -> ProjectStatus:
    """Counts for the project; while blind, only the viewer's own decisions are broken down."""
    store = project.store
    total = store.count_records()
    merged_ids = store.duplicate_map()
    merged = len(merged_ids)
    pairs = pending_pairs(project)  # once: the duplicates waiting and the records they hold
    held = held_records(project, pairs)
    stages = [
        _stage_status(project, stage, held, merged_ids, viewer) for stage in project.protocol.stages
    ]
    studies = included_studies(project)
    return ProjectStatus(
        duplicates_pending=len(pairs),
        studies_included=len(studies),
        appraisals_finished=_appraisals_finished(project, studies),
        title=project.protocol.title,
        sources=len(store.sources()),
        records=total,
        duplicates_removed=merged,
        unique_records=total - merged,
        stages=stages,
    )


def _stage_status(
    project: Project, stage: str, held: set[int], merged_ids: dict[int, int], viewer: str | None
) -> StageStatus:
    """One stage's counts; held records (first stage only) are left out of its records."""
    store = project.store
    first = stage == project.protocol.stages[0]
    ids = set(stage_record_ids(project, stage, held if first else None))
    per_reviewer: dict[str, Counter[str]] = {}
    for (rid, who), d in store.current_decisions(stage).items():
        if d.decision and rid in ids:
            per_reviewer.setdefault(who, Counter())[d.decision] += 1
    reviewers = {
        who: _counts(c, hidden=project.protocol.blind and who != viewer)
        for who, c in sorted(per_reviewer.items())
    }
    waiting = [c.record_id for c in conflicts(project, stage, include_resolved=False)]
    resolved = store.current_resolutions(stage)
    agreed = stage_agreement(project, stage)
    retrieval: Counter[str] = Counter()
    if stage == "full-text":
        retrieval.update(state for state, _ in retrieval_status(project, sorted(ids)).values())
    return StageStatus(
        stage=stage,
        records=len(ids),
        reviewers=reviewers,
        conflicts=len(waiting),
        resolved=sum(1 for rid in resolved if rid not in merged_ids),
        passed=len(passed_stage(project, stage)),
        both_decided=agreed.n,
        percent_agreement=agreed.percent_agreement,
        kappa=agreed.kappa,
        retrieval=dict(sorted(retrieval.items())),
        held=len(held) if first else 0,
        stopping=_stopping(project, stage, sorted(per_reviewer), viewer),
        stopped=_stopped(project, stage),
    )


def _stopping(project: Project, stage: str, who: list[str], viewer: str | None) -> dict[str, str]:
    """Each reviewer's stopping figures (while blind, the viewer's own only)."""
    if reviewer_line is None:
        return {}
    shown = [w for w in who if not project.protocol.blind or w == viewer]
    total = stage_total(project, stage) if shown else 0  # read once for every reviewer
    return {w: reviewer_line(project, stage, w, total) for w in shown}


def _stopped(project: Project, stage: str) -> str | None:
    stop = project.store.current_stop(stage)
    return f"stopped by {stop.rule!r} ({stop.by}, {stop.time[:10]})" if stop else None


def _appraisals_finished(project: Project, studies: list[int]) -> dict[str, int]:
    """Reviewer -> how many of the studies they have finished appraising."""
    finished: dict[str, int] = {}
    for who_finished in finished_by(project, appraisal_setup(project), studies).values():
        for who in who_finished:
            finished[who] = finished.get(who, 0) + 1
    return dict(sorted(finished.items()))


def _counts(counter: Counter[str], hidden: bool) -> dict[str, int | None]:
    counts: dict[str, int | None] = {"decided": sum(counter.values())}
    for key in ("include", "exclude", "unsure"):
        counts[key] = None if hidden else counter[key]
    return counts


def status_text(status: ProjectStatus) -> str:
    lines = [
        status.title,
        f"Sources: {status.sources}   Records: {status.records}   "
        f"Duplicates removed: {status.duplicates_removed}   Unique: {status.unique_records}   "
        f"Possible duplicates waiting: {status.duplicates_pending}",
    ]
    for stage in status.stages:
        lines.append("")
        lines.append(f"{stage.stage}: {stage.records} records to screen")
        if not stage.reviewers:
            lines.append("  no decisions yet")
        for who, counts in stage.reviewers.items():
            line = f"  {who}: {counts['decided']}/{stage.records} decided"
            if counts["include"] is not None:
                line += (
                    f" (include {counts['include']}, exclude {counts['exclude']}, "
                    f"unsure {counts['unsure']})"
                )
            lines.append(line)
        if any(c["include"] is None for c in stage.reviewers.values()):
            lines.append("  (screening is blind: pass --reviewer NAME to see your own counts)")
        if stage.held:
            lines.append(
                f"  held until a possible duplicate is decided: {stage.held} "
                "(they may duplicate records already screened)"
            )
        if stage.retrieval:
            lines.append(
                "  full texts: "
                + ", ".join(f"{status} {n}" for status, n in stage.retrieval.items())
            )
        for who, figures in stage.stopping.items():
            lines.append(f"  {who}: {figures}")
        if stage.stopped:
            lines.append(f"  {stage.stopped}: records nobody decided are excluded by the rule")
        lines.append(
            f"  conflicts waiting: {stage.conflicts}   resolved: {stage.resolved}   "
            f"passed on: {stage.passed}"
        )
        if stage.both_decided:
            kappa = "undefined" if stage.kappa is None else f"{stage.kappa:.2f}"
            lines.append(
                f"  agreement on {stage.both_decided} records decided by both: "
                f"{100 * (stage.percent_agreement or 0):.1f}%, Cohen's kappa {kappa}"
            )
    lines.append("")
    lines.append(f"appraisal: {status.studies_included} included studies")
    for who, done in status.appraisals_finished.items():
        lines.append(f"  {who}: {done}/{status.studies_included} appraised")
    return "\n".join(lines)
