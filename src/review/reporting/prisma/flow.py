"""Every box of the PRISMA 2020 flow diagram (new reviews), computed from the project's data."""

from __future__ import annotations

from collections import Counter

from review.base.models import Source
from review.identification.dedup import held_records, pending_pairs
from review.project import Project
from review.reporting.prisma.checks import flow_notes
from review.reporting.prisma.model import (
    FULL_TEXT,
    KIND_FIELDS,
    TITLE_ABSTRACT,
    Column,
    PrismaFlow,
    ReasonCount,
    SourceCount,
    sum_known,
)
from review.screening.outcomes import (
    CONFLICT,
    STOPPED,
    Outcome,
    passed_stage,
    stage_outcomes,
    stage_record_ids,
)
from review.screening.retrieval import NOT_RETRIEVED, retrieval_status
from review.screening.studies import group_reports, report_links


def _identified(sources: list[SourceCount], kind: str) -> int | None:
    """Total for a kind: 0 if it has no sources, None if none of its sources has a number."""
    of_kind = [s.identified for s in sources if s.kind == kind]
    if not of_kind:
        return 0
    return sum_known(of_kind)


def _source_counts(sources: list[Source]) -> list[SourceCount]:
    return [SourceCount(s.source_id, s.name, s.kind, s.records, s.reported_count) for s in sources]


def reason_counts(project: Project, codes: list[str | None]) -> list[ReasonCount]:
    """Counts per exclusion reason with the protocol's labels, in protocol order."""
    counted = Counter(codes)
    found = []
    for reason in project.protocol.exclusion_reasons:
        if counted.get(reason.code):
            found.append(ReasonCount(reason.code, reason.label, counted.pop(reason.code)))
    for code, n in sorted(counted.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        found.append(ReasonCount(code, code or "Reason not given", n))
    return found


def _column(
    project: Project,
    screened: list[int],
    sought: list[int],
    screen: dict[int, Outcome] | None,
    assess: dict[int, Outcome] | None,
    in_pairs: set[int],
) -> Column:
    col = Column(screened=len(screened), sought=len(sought))
    sought_set = set(sought)
    if screen is not None:
        for rid in screened:
            outcome = screen.get(rid)
            if outcome is not None and outcome.excluded:
                col.screen_excluded += 1
            elif rid not in sought_set:
                col.screen_awaiting += 1
                col.screen_conflicts += outcome is not None and outcome.basis == CONFLICT
                col.screen_in_pairs += rid in in_pairs
    status = retrieval_status(project, sought)
    assessed = [rid for rid in sought if status[rid][0] != NOT_RETRIEVED]
    col.not_retrieved = len(sought) - len(assessed)
    col.assessed = len(assessed)
    if assess is None:
        col.included = assessed
        return col
    reasons: list[str | None] = []
    for rid in assessed:
        outcome = assess.get(rid)
        if outcome is not None and outcome.excluded:
            reasons.append(outcome.reason)
        elif outcome is not None and outcome.passed:
            col.included.append(rid)
        else:
            col.assess_awaiting += 1
            col.assess_conflicts += outcome is not None and outcome.basis == CONFLICT
    col.excluded = len(reasons)
    col.reasons = reason_counts(project, reasons)
    return col


def compute_flow(project: Project) -> PrismaFlow:
    """Count every PRISMA 2020 box from sources, duplicate links, decisions and retrieval."""
    store = project.store
    stages = tuple(project.protocol.stages)
    sources = _source_counts(store.sources())
    column_of_source = {s.source_id: s.column for s in sources}
    in_column: dict[int, str] = {
        rid: column_of_source[sid] for rid, sid in store.record_source_ids().items()
    }
    merged = store.duplicate_map()
    pairs = pending_pairs(project)  # once: records held for, or waiting on, a duplicate call
    held = held_records(project, pairs)
    in_pairs = {rid for pair in pairs for rid in (pair.a, pair.b)}

    if TITLE_ABSTRACT in stages:
        screened = stage_record_ids(project, TITLE_ABSTRACT, held)
        sought = passed_stage(project, TITLE_ABSTRACT)
        screen: dict[int, Outcome] | None = stage_outcomes(project, TITLE_ABSTRACT)
    else:
        screened = sorted(rid for rid in in_column if rid not in merged)
        sought = screened
        screen = None
    assess = stage_outcomes(project, FULL_TEXT) if FULL_TEXT in stages else None

    def part(ids: list[int], column: str) -> list[int]:
        return [rid for rid in ids if in_column.get(rid) == column]

    # records nobody screened before the team stopped by a rule: an automation tool's call
    stopped = {rid for rid, o in (screen or {}).items() if o.basis == STOPPED}
    automatic = [rid for rid in part(screened, "dbr") if rid in stopped]
    screened = [rid for rid in screened if rid not in stopped or in_column.get(rid) != "dbr"]
    dbr = _column(project, part(screened, "dbr"), part(sought, "dbr"), screen, assess, in_pairs)
    other = _column(
        project, part(screened, "other"), part(sought, "other"), screen, assess, in_pairs
    )
    studies = group_reports(dbr.included + other.included, report_links(store))

    flow = PrismaFlow(
        title=project.protocol.title,
        sources=sources,
        identified={kind: _identified(sources, kind) for kind in KIND_FIELDS},
        duplicates=sum(1 for rid in merged if in_column.get(rid) == "dbr"),
        other_duplicates=sum(1 for rid in merged if in_column.get(rid) == "other"),
        excluded_automatic=len(automatic),
        excluded_other=0,
        dbr=dbr,
        other=other,
        new_studies=len(studies),
        new_reports=len(dbr.included) + len(other.included),
        stages=stages,
        held=len(held),
    )
    flow.notes = flow_notes(flow) + _stop_notes(project, len(automatic), len(stopped))
    return flow


def _stop_notes(project: Project, automatic: int, stopped: int) -> list[str]:
    """What the stopping rule did, with the rule named (PRISMA asks for the tool's name)."""
    stop = project.store.current_stop(TITLE_ABSTRACT)
    if stop is None or not stopped:
        return []
    notes = [
        f"{automatic} records marked as ineligible by automation tools: nobody had screened "
        f"them when the team stopped screening by the stopping rule {stop.rule!r} "
        f"({stop.by}, {stop.time[:10]}), after prioritised screening"
    ]
    if stopped > automatic:
        notes.append(
            f"{stopped - automatic} records of other methods excluded at screening by the same "
            "stopping rule"
        )
    return notes
