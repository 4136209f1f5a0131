"""The flow as the PRISMA2020 R package's named fields (the JSON output and the CSV's n column)."""

from __future__ import annotations

import re
from typing import Any

from review.reporting.prisma.model import PrismaFlow, ReasonCount, SourceCount

NOT_REPORTED = "not reported"


def _source(s: SourceCount) -> dict[str, Any]:
    return {
        "source": s.name,
        "kind": s.kind,
        "n": s.identified,
        "records_imported": s.records,
        "count_reported": s.reported,
    }


def _reasons(reasons: list[ReasonCount]) -> list[dict[str, Any]]:
    return [{"code": r.code, "reason": r.label, "n": r.n} for r in reasons]


def flow_fields(flow: PrismaFlow) -> dict[str, Any]:
    """Every box under its PRISMA2020 name; None means not reported. Extras explain the rest."""
    ident = flow.identified
    return {
        "title": flow.title,
        "previous_studies": flow.previous_studies,
        "previous_reports": flow.previous_reports,
        "database_results": ident["database"],
        "database_specific_results": [_source(s) for s in flow.sources_of("database")],
        "register_results": ident["register"],
        "register_specific_results": [_source(s) for s in flow.sources_of("register")],
        "website_results": ident["website"],
        "organisation_results": ident["organisation"],
        "citations_results": ident["citation"],
        "other_results": ident["other"],
        "other_specific_results": [_source(s) for s in flow.sources if s.column == "other"],
        "duplicates": flow.duplicates,
        "excluded_automatic": flow.excluded_automatic,
        "excluded_other": flow.excluded_other,
        "records_screened": flow.dbr.screened,
        "records_excluded": flow.dbr.screen_excluded,
        "dbr_sought_reports": flow.dbr.sought,
        "dbr_notretrieved_reports": flow.dbr.not_retrieved,
        "dbr_assessed": flow.dbr.assessed,
        "dbr_excluded": flow.dbr.excluded,
        "dbr_excluded_reasons": _reasons(flow.dbr.reasons),
        "other_sought_reports": flow.other.sought,
        "other_notretrieved_reports": flow.other.not_retrieved,
        "other_assessed": flow.other.assessed,
        "other_excluded": flow.other.excluded,
        "other_excluded_reasons": _reasons(flow.other.reasons),
        "new_studies": flow.new_studies,
        "new_reports": flow.new_reports,
        "total_studies": flow.total_studies,
        "total_reports": flow.total_reports,
        "other_methods_used": flow.other_used,
        "awaiting": {
            "records_screening": flow.dbr.screen_awaiting,
            "records_conflicts": flow.dbr.screen_conflicts,
            "dbr_assessment": flow.dbr.assess_awaiting,
            "dbr_conflicts": flow.dbr.assess_conflicts,
            "other_screening": flow.other.screen_awaiting,
            "other_assessment": flow.other.assess_awaiting,
        },
        "other_duplicates": flow.other_duplicates,
        "other_screened": flow.other.screened,
        "other_screen_excluded": flow.other.screen_excluded,
        "notes": list(flow.notes),
    }


def _label(text: str) -> str:
    """A name or reason safe inside the template's 'Name, n; Name, n' lists."""
    return re.sub(r"\s*[,;]\s*", " / ", text).strip()


def _number(value: int | None) -> str:
    return NOT_REPORTED if value is None else str(value)


def _pairs(items: list[tuple[str, int | None]], empty: str) -> str:
    if not items:
        return empty
    return "; ".join(f"{_label(name)}, {_number(n)}" for name, n in items)


def template_values(flow: PrismaFlow) -> dict[str, str]:
    """The template's n column for every row this tool knows, as the R package parses it."""
    fields = flow_fields(flow)
    values = {
        name: _number(fields[name])
        for name in (
            "previous_studies",
            "previous_reports",
            "database_results",
            "register_results",
            "website_results",
            "organisation_results",
            "citations_results",
            "duplicates",
            "excluded_automatic",
            "excluded_other",
            "records_screened",
            "records_excluded",
            "dbr_sought_reports",
            "dbr_notretrieved_reports",
            "other_sought_reports",
            "other_notretrieved_reports",
            "dbr_assessed",
            "other_assessed",
            "new_studies",
            "new_reports",
            "total_studies",
            "total_reports",
        )
    }
    values["database_specific_results"] = _pairs(
        [(s.name, s.identified) for s in flow.sources_of("database")], "0"
    )
    values["register_specific_results"] = _pairs(
        [(s.name, s.identified) for s in flow.sources_of("register")], "0"
    )
    values["dbr_excluded"] = _pairs([(r.label, r.n) for r in flow.dbr.reasons], "0")
    values["other_excluded"] = _pairs([(r.label, r.n) for r in flow.other.reasons], "0")
    return values
