"""The PRISMA 2020 flow as data: its sources, its two columns of boxes, reasons, notes."""

from __future__ import annotations

from dataclasses import dataclass, field

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
        return sum_known([self.identified["database"], self.identified["register"]])


def sum_known(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None
