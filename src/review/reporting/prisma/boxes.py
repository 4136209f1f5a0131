"""The diagram's boxes as lines of text, shared by the text and SVG renderings."""

from __future__ import annotations

from dataclasses import dataclass

from review.reporting.prisma.model import Column, PrismaFlow, ReasonCount, SourceCount


@dataclass(frozen=True)
class Line:
    """One line of a box; level 0 is a heading, 1 an item, 2 a sub-item."""

    text: str
    level: int = 0


def n(value: int | None) -> str:
    return "(n = not reported)" if value is None else f"(n = {value})"


def _source_lines(sources: list[SourceCount], label: str) -> list[Line]:
    if len(sources) == 1 and sources[0].name.lower() == label.lower():
        return []  # "Citation searching (n = 4)" needs no second line saying the same
    lines = []
    for s in sources:
        text = f"{s.name} {n(s.identified)}"
        if s.records and s.reported is not None and s.reported != s.records:
            text += f" [reported {s.reported}]"
        lines.append(Line(text, 2))
    return lines


def identification_dbr(flow: PrismaFlow) -> list[Line]:
    lines = [Line("Records identified from*:")]
    for kind, label in (("database", "Databases"), ("register", "Registers")):
        sources = flow.sources_of(kind)
        if sources or kind == "database":
            lines.append(Line(f"{label} {n(flow.identified[kind])}", 1))
            lines += _source_lines(sources, label)
    return lines


def identification_other(flow: PrismaFlow) -> list[Line]:
    lines = [Line("Records identified from:")]
    for kind, label in (
        ("website", "Websites"),
        ("organisation", "Organisations"),
        ("citation", "Citation searching"),
        ("other", "Other sources"),
    ):
        sources = flow.sources_of(kind)
        if sources or kind != "other":
            lines.append(Line(f"{label} {n(flow.identified[kind])}", 1))
            lines += _source_lines(sources, label)
    return lines


def removed(flow: PrismaFlow) -> list[Line]:
    return [
        Line("Records removed before screening:"),
        Line(f"Duplicate records removed {n(flow.duplicates)}", 1),
        Line(f"Records marked as ineligible by automation tools {n(flow.excluded_automatic)}", 1),
        Line(f"Records removed for other reasons {n(flow.excluded_other)}", 1),
    ]


def reasons(title: str, total: int, counted: list[ReasonCount]) -> list[Line]:
    lines = [Line(f"{title} {n(total)}" + (":" if counted else ""))]
    lines += [Line(f"{r.label} {n(r.n)}", 1) for r in counted]
    return lines


def screening_rows(column: Column, with_screening: bool) -> list[tuple[list[Line], list[Line]]]:
    """(main box, side box) pairs from screening down to assessment, for one column."""
    rows = []
    if with_screening:
        rows.append(
            (
                [Line(f"Records screened {n(column.screened)}")],
                [Line(f"Records excluded** {n(column.screen_excluded)}")],
            )
        )
    rows.append(
        (
            [Line(f"Reports sought for retrieval {n(column.sought)}")],
            [Line(f"Reports not retrieved {n(column.not_retrieved)}")],
        )
    )
    rows.append(
        (
            [Line(f"Reports assessed for eligibility {n(column.assessed)}")],
            reasons("Reports excluded", column.excluded, column.reasons),
        )
    )
    return rows


def included(flow: PrismaFlow) -> list[Line]:
    return [
        Line(f"Studies included in review {n(flow.total_studies)}"),
        Line(f"Reports of included studies {n(flow.total_reports)}"),
    ]


FOOTNOTES = (
    "*Records identified from each database or register searched, as PRISMA 2020 asks.",
    "**Excluded by the reviewers; this project records no exclusions by automation tools.",
)
CITATION = (
    "Adapted from: Page MJ, et al. The PRISMA 2020 statement: an updated guideline for "
    "reporting systematic reviews. BMJ 2021;372:n71. doi:10.1136/bmj.n71"
)
