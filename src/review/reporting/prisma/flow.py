"""Every box of the PRISMA 2020 flow diagram (new reviews), computed from the project's data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from review.base.models import Source
from review.identification.dedup import held_records, pending_pairs
from review.project import Project
from review.screening.outcomes import CONFLICT, Outcome, passed_stage, stage_outcomes
from review.screening.queue import stage_record_ids
from review.screening.retrieval import NOT_RETRIEVED, retrieval_status
from review.screening.studies import group_reports, report_links

TITLE_ABSTRACT = "title-abstract"
FULL_TEXT = "full-text"
DBR_KINDS = ("database", "register")
OTHER_KINDS = ("website", "organisation", "citation", "other")
# Source kind -> the PRISMA2020 template's field for its records.
KIND_FIELDS = {
    "database": "database_results",
    "register": "register_results",
    "website": "website_results",
    "organisation": "organisation_results",
    "citation": "citations_results",
    "other": "other_results",
}


@dataclass(frozen=True)
class SourceCount:
    """One source in the identification box: records imported and the count it reported."""

    source_id: int
    name: str
    kind: str
    records: int
    reported: int | None

    @property
    def identified(self) -> int | None:
        """Records imported if any, else the reported count (None: not reported)."""
        return self.records if self.records else self.reported

    @property
    def column(self) -> str:
        return "dbr" if self.kind in DBR_KINDS else "other"


@dataclass(frozen=True)
class ReasonCount:
    code: str | None
    label: str
    n: int


@dataclass
class Column:
    """The boxes after identification for one column (databases/registers or other methods)."""

    screened: int = 0
    screen_excluded: int = 0
    screen_awaiting: int = 0
    screen_conflicts: int = 0
    screen_in_pairs: int = 0  # of those awaiting: in a possible-duplicate pair not yet decided
    sought: int = 0
    not_retrieved: int = 0
    assessed: int = 0
    excluded: int = 0
    reasons: list[ReasonCount] = field(default_factory=list)
    assess_awaiting: int = 0
    assess_conflicts: int = 0
    included: list[int] = field(default_factory=list)


@dataclass
class PrismaFlow:
    """The PRISMA 2020 flow for a new review; field names follow the PRISMA2020 R package."""

    title: str
    sources: list[SourceCount]
    identified: dict[str, int | None]
    duplicates: int
    other_duplicates: int
    excluded_automatic: int
    excluded_other: int
    dbr: Column
    other: Column
    new_studies: int
    new_reports: int
    previous_studies: int = 0
    previous_reports: int = 0
    stages: tuple[str, ...] = ()
    held: int = 0  # records waiting for a duplicate decision: neither screened nor removed
    notes: list[str] = field(default_factory=list)

    @property
    def total_studies(self) -> int:
        return self.previous_studies + self.new_studies

    @property
    def total_reports(self) -> int:
        return self.previous_reports + self.new_reports

    @property
    def other_used(self) -> bool:
        """True if any source of another kind (website, organisation, citation...) exists."""
        return any(s.column == "other" for s in self.sources)

    def sources_of(self, kind: str) -> list[SourceCount]:
        return [s for s in self.sources if s.kind == kind]

    def dbr_identified(self) -> int | None:
        return _sum_known([self.identified["database"], self.identified["register"]])


def _sum_known(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _identified(sources: list[SourceCount], kind: str) -> int | None:
    """Total for a kind: 0 if it has no sources, None if none of its sources has a number."""
    of_kind = [s.identified for s in sources if s.kind == kind]
    if not of_kind:
        return 0
    return _sum_known(of_kind)


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
        excluded_automatic=0,
        excluded_other=0,
        dbr=dbr,
        other=other,
        new_studies=len(studies),
        new_reports=len(dbr.included) + len(other.included),
        stages=stages,
        held=len(held),
    )
    flow.notes = check_flow(flow)
    return flow


def check_flow(flow: PrismaFlow) -> list[str]:
    """Plain statements of every place where the numbers do not add up or are missing."""
    from review.reporting.prisma.checks import flow_notes

    return flow_notes(flow)
