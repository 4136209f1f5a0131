"""The dashboard's tables (Rich): sources, each reviewer's progress, conflicts and agreement.

Each is narrow enough for an 80-column terminal: long names end with an ellipsis, never wrap.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from review.base.models import Source
from review.reporting.status import ProjectStatus, StageStatus

STAGE_NAMES = {"title-abstract": "Titles/abstracts", "full-text": "Full texts"}


def _table(title: str) -> Table:
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        expand=False,
        pad_edge=False,
        collapse_padding=True,
    )


def sources_table(sources: list[Source]) -> Table:
    table = _table("Sources")
    table.add_column("Source", no_wrap=True, overflow="ellipsis", max_width=40)
    table.add_column("Kind", no_wrap=True, overflow="ellipsis", max_width=12)
    table.add_column("Searched", no_wrap=True)
    table.add_column("Records", justify="right", no_wrap=True)
    for source in sources:
        table.add_row(source.name, source.kind, source.searched or "", str(source.records))
    if not table.rows:
        table.add_row("(none yet: i imports a file)", "", "", "")
    return table


def progress_table(status: ProjectStatus, reviewer: str | None, blind: bool) -> Table:
    """One row per reviewer and stage: decided of the stage's records, and (where blinding
    allows) includes, excludes and unsure."""
    table = _table("Screening: each reviewer")
    table.add_column("Stage", no_wrap=True, overflow="ellipsis", max_width=16)
    table.add_column("Reviewer", no_wrap=True, overflow="ellipsis", max_width=20)
    for column in ("Decided", "Incl", "Excl", "Unsure"):
        table.add_column(column, justify="right", no_wrap=True)
    table.caption = "– hidden while screening is blind" if blind else None
    table.caption_justify = "left"
    for stage in status.stages:
        reviewers = dict(stage.reviewers)
        if reviewer:
            reviewers.setdefault(reviewer, {"decided": 0, "include": 0, "exclude": 0, "unsure": 0})
        if not reviewers:
            reviewers = {"(nobody yet)": {"decided": 0, "include": 0, "exclude": 0, "unsure": 0}}
        for n, (who, counts) in enumerate(sorted(reviewers.items())):
            table.add_row(
                Text(STAGE_NAMES.get(stage.stage, stage.stage) if n == 0 else "", style="bold"),
                Text(who, style="bold" if who == reviewer else ""),
                f"{counts['decided']}/{stage.records}",
                *(shown(counts[k]) for k in ("include", "exclude", "unsure")),
                end_section=n == len(reviewers) - 1,
            )
    return table


def conflicts_table(status: ProjectStatus) -> Table:
    """One row per stage: conflicts waiting, resolved, passed on, agreement."""
    table = _table("Reconciliation")
    table.add_column("Stage", no_wrap=True, overflow="ellipsis", max_width=16)
    for column in ("Waiting", "Resolved", "Passed"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("Agreement", no_wrap=True)
    for stage in status.stages:
        table.add_row(
            Text(STAGE_NAMES.get(stage.stage, stage.stage), style="bold"),
            Text(str(stage.conflicts), style="bold" if stage.conflicts else ""),
            str(stage.resolved),
            str(stage.passed),
            agreement_cell(stage),
        )
    return table


def agreement_cell(stage: StageStatus) -> str:
    """Percent agreement and kappa on the records both reviewers decided."""
    if not stage.both_decided:
        return "–"
    kappa = "κ undefined" if stage.kappa is None else f"κ {stage.kappa:.2f}"
    return f"{100 * (stage.percent_agreement or 0):.0f}% · {kappa}"


def shown(count: int | None) -> Text:
    """A count, or a muted dash where blinding hides another reviewer's breakdown."""
    return Text("–", style="dim") if count is None else Text(str(count))


def summary(status: ProjectStatus, reviewer: str | None) -> RenderableType:
    who = (
        Text.assemble("Reviewer: ", (reviewer, "bold"))
        if reviewer
        else Text("Reviewer: not chosen yet (asked when you start a task)", style="italic")
    )
    counts = Text.assemble(
        (f"{status.records}", "bold"),
        " records from ",
        (f"{status.sources}", "bold"),
        " source · " if status.sources == 1 else " sources · ",
        (f"{status.duplicates_removed}", "bold"),
        " duplicates removed · ",
        (f"{status.unique_records}", "bold"),
        " unique · ",
        (f"{status.duplicates_pending}", "bold"),
        " possible duplicates waiting",
    )
    return Group(who, counts)


def full_text_line(status: ProjectStatus) -> Text:
    found = [s for s in status.stages if s.stage == "full-text" and s.retrieval]
    if not found:
        return Text("")
    counts = " · ".join(f"{state} {n}" for state, n in found[0].retrieval.items())
    return Text.assemble(("Full texts  ", "bold"), counts)


def appraisal_line(status: ProjectStatus) -> Text:
    done = ", ".join(f"{who} {n}" for who, n in status.appraisals_finished.items())
    return Text.assemble(
        ("Appraisal  ", "bold"),
        f"{status.studies_included} included studies",
        f" · appraised: {done}" if done else " · none appraised yet",
    )


def stopping_lines(status: ProjectStatus) -> Text:
    """Per stage and reviewer: screened, includes, since the last, and the stopping test."""
    lines = Text(no_wrap=True, overflow="ellipsis")
    for stage in status.stages:
        name = STAGE_NAMES.get(stage.stage, stage.stage)
        for who, figures in stage.stopping.items():
            lines.append(f"{name} · {who}: ", style="bold")
            lines.append(figures + "\n")
        if stage.stopped:
            lines.append(f"{name}: {stage.stopped}\n", style="bold")
    return lines
