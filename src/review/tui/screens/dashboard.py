"""The dashboard: sources, duplicates, each reviewer's progress per stage, conflicts waiting."""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from review.base.models import Source
from review.project import Project, open_project
from review.reporting.status import ProjectStatus, StageStatus, project_status
from review.tui.keys import bindings

STAGE_NAMES = {"title-abstract": "Titles/abstracts", "full-text": "Full texts"}


def sources_table(sources: list[Source]) -> Table:
    table = Table(title="Sources", title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for column, justify in (
        ("Source", "left"),
        ("Kind", "left"),
        ("Searched", "left"),
        ("Records", "right"),
    ):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for source in sources:
        table.add_row(source.name, source.kind, source.searched or "", str(source.records))
    if not table.rows:
        table.add_row("(none yet: run `review import FILE`)", "", "", "")
    return table


def stages_table(status: ProjectStatus, reviewer: str, blind: bool) -> Table:
    """One row per stage (its conflicts, passes, agreement), then one per reviewer under it
    (decided of the stage's records): narrow enough for a 100-column terminal."""
    table = Table(
        title="Screening",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        expand=False,
        collapse_padding=True,
        pad_edge=False,
    )
    for column in (
        "Stage",
        "Decided",
        "Incl",
        "Excl",
        "Unsure",
        "Conflicts",
        "Resolved",
        "Passed",
        "Agreement",
    ):
        table.add_column(
            column, justify="left" if column.startswith("Stage") else "right", no_wrap=True
        )
    table.caption = "– hidden while screening is blind" if blind else None
    table.caption_justify = "left"
    for stage in status.stages:
        reviewers = dict(stage.reviewers)
        reviewers.setdefault(reviewer, {"decided": 0, "include": 0, "exclude": 0, "unsure": 0})
        table.add_row(
            Text(STAGE_NAMES.get(stage.stage, stage.stage), style="bold"),
            "",
            "",
            "",
            "",
            str(stage.conflicts),
            str(stage.resolved),
            str(stage.passed),
            agreement_cell(stage),
        )
        for n, (who, counts) in enumerate(sorted(reviewers.items())):
            table.add_row(
                Text("  " + who, style="bold" if who == reviewer else ""),
                f"{counts['decided']}/{stage.records}",
                *(shown(counts[k]) for k in ("include", "exclude", "unsure")),
                "",
                "",
                "",
                "",
                end_section=n == len(reviewers) - 1,
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


def summary(status: ProjectStatus) -> Text:
    return Text.assemble(
        (f"{status.records}", "bold"),
        " records from ",
        (f"{status.sources}", "bold"),
        " source  ·  " if status.sources == 1 else " sources  ·  ",
        (f"{status.duplicates_removed}", "bold"),
        " duplicates removed  ·  ",
        (f"{status.unique_records}", "bold"),
        " unique records  ·  ",
        (f"{status.duplicates_pending}", "bold"),
        " possible duplicates waiting",
    )


def stopping_lines(status: ProjectStatus) -> Text:
    """Per stage and reviewer: screened, includes, since the last, and the stopping test."""
    lines = Text()
    for stage in status.stages:
        name = STAGE_NAMES.get(stage.stage, stage.stage)
        for who, figures in stage.stopping.items():
            lines.append(f"{name} · {who}: ", style="bold")
            lines.append(figures + "\n")
        if stage.stopped:
            lines.append(f"{name}: {stage.stopped}\n", style="bold")
    return lines


def appraisal_line(status: ProjectStatus) -> Text:
    done = ", ".join(f"{who} {n}" for who, n in status.appraisals_finished.items())
    return Text.assemble(
        ("Appraisal  ", "bold"),
        f"{status.studies_included} included studies",
        f"  ·  appraised: {done}" if done else "  ·  none appraised yet",
    )


class DashboardScreen(Screen[None]):
    """Where a session starts: the project in numbers and the way into each stage."""

    HELP_NAME = "the dashboard"
    BINDINGS = bindings("dashboard", "app.quit")

    def __init__(self, project: Project, reviewer: str) -> None:
        super().__init__()
        self.project = project
        self.reviewer = reviewer
        self.title = project.protocol.title
        self.sub_title = reviewer

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard", can_focus=False):
            yield Static(id="summary")
            yield Static(id="sources")
            yield Static(id="stages")
            yield Static(id="stopping")
            yield Static(id="appraisal")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#summary", Static).update(f"Reviewer: {self.reviewer}\nCounting…")

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.count()

    @work(thread=True, exclusive=True, group="dashboard")
    def count(self) -> None:
        """Counts on a connection of its own: seconds at 100,000 records, the UI stays live."""
        with open_project(self.project.root) as project:
            status = project_status(project, viewer=self.reviewer)
            sources = project.store.sources()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, status, sources)

    def show(self, status: ProjectStatus, sources: list[Source]) -> None:
        self.query_one("#summary", Static).update(
            Group(Text(f"Reviewer: {self.reviewer}", style="bold"), summary(status))
        )
        self.query_one("#sources", Static).update(sources_table(sources))
        self.query_one("#stages", Static).update(
            stages_table(status, self.reviewer, self.project.protocol.blind)
        )
        self.query_one("#stopping", Static).update(stopping_lines(status))
        self.query_one("#appraisal", Static).update(appraisal_line(status))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("screen", "reconcile"):
            return parameters[0] in self.project.protocol.stages
        return True

    def action_screen(self, stage: str) -> None:
        self.app.open_screening(stage)  # type: ignore[attr-defined]

    def action_reconcile(self, stage: str) -> None:
        self.app.open_reconcile(stage)  # type: ignore[attr-defined]

    def action_duplicates(self) -> None:
        self.app.open_duplicates()  # type: ignore[attr-defined]

    def action_appraise(self) -> None:
        self.app.open_appraisal()  # type: ignore[attr-defined]

    def action_prisma(self) -> None:
        self.app.open_prisma()  # type: ignore[attr-defined]
