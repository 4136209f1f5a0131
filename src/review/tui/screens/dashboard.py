"""The dashboard: sources, duplicates, each reviewer's progress per stage, conflicts waiting."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from review.base.models import Source
from review.project import Project, open_project
from review.reporting.status import ProjectStatus, project_status
from review.tui.keys import bindings
from review.tui.live import Live
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.dashboard_tables import (
    appraisal_line,
    conflicts_table,
    full_text_line,
    progress_table,
    sources_table,
    stopping_lines,
    summary,
)
from review.tui.widgets.key_footer import KeyFooter

EXPORTS = (
    ("included", "Included studies"),
    ("records", "All records"),
    ("decisions", "Decisions"),
    ("clusters", "Duplicate clusters"),
    ("appraisals", "Appraisal table (or its figure)"),
    ("prisma", "PRISMA 2020 flow"),
)


class DashboardScreen(Live, Screen[None]):
    """Where a session starts: the project in numbers and the way into each stage."""

    HELP_NAME = "the dashboard"
    BINDINGS = [
        *bindings("dashboard.screen_title_abstract", "dashboard.screen_full_text"),
        *bindings("dashboard.reconcile_title_abstract", "dashboard.appraise"),
        *bindings("dashboard.duplicates", "dashboard.prisma", "dashboard.import"),
        *bindings("dashboard.add", "report.export", "dashboard.reconcile_full_text"),
        *bindings("scroll", "view.refresh", "app.quit"),
    ]

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.title = project.protocol.title

    @property
    def reviewer(self) -> str | None:
        return self.app.reviewer  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard", can_focus=False):
            yield Static("Counting…", id="summary")
            yield Static(id="sources")
            yield Static(id="stages")
            yield Static(id="conflicts")
            yield Static(id="fulltext")
            yield Static(id="stopping")
            yield Static(id="appraisal")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = self.reviewer or ""
        self.start_live()
        self.counted = False

    def resumed(self) -> None:
        """Counted when first shown (not while another view opened over it at once: the
        counts take seconds of a core at 100,000 records), then when the data change."""
        if not self.counted:
            if self.app.screen is self:
                self.counted = True
                self.count()
        else:
            self.check_changes()

    counted = False

    def reviewer_changed(self) -> None:
        self.sub_title = self.reviewer or ""
        self.count()

    def changed(self, parts: set[str]) -> None:
        if parts - {"notes"}:
            self.count()

    @work(thread=True, exclusive=True, group="dashboard")
    def count(self) -> None:
        """Counts on a connection of its own: seconds at 100,000 records, the UI stays live."""
        viewer = self.reviewer
        with open_project(self.project.root) as project:
            status = project_status(project, viewer=viewer)
            sources = project.store.sources()
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, status, sources)

    def show(self, status: ProjectStatus, sources: list[Source]) -> None:
        reviewer = self.reviewer
        self.query_one("#summary", Static).update(summary(status, reviewer))
        self.query_one("#sources", Static).update(sources_table(sources))
        blind = self.project.protocol.blind
        self.query_one("#stages", Static).update(progress_table(status, reviewer, blind))
        self.query_one("#conflicts", Static).update(conflicts_table(status))
        self.query_one("#fulltext", Static).update(full_text_line(status))
        self.query_one("#stopping", Static).update(stopping_lines(status))
        self.query_one("#appraisal", Static).update(appraisal_line(status))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("screen", "reconcile"):
            return parameters[0] in self.project.protocol.stages
        return True

    def action_scroll(self, step: int) -> None:
        self.query_one("#dashboard").scroll_relative(y=step * 2, animate=False)

    def action_scroll_page(self, step: int) -> None:
        scroll = self.query_one("#dashboard", VerticalScroll)
        (scroll.scroll_page_down if step > 0 else scroll.scroll_page_up)(animate=False)

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

    def action_import_files(self) -> None:
        self.app.open_import()  # type: ignore[attr-defined]

    def action_add_record(self) -> None:
        self.app.open_add_record()  # type: ignore[attr-defined]

    def action_export(self) -> None:
        def chosen(what: str | None) -> None:
            if what:
                self.app.export(what)  # type: ignore[attr-defined]

        self.app.push_screen(ChoiceModal("Export what?", EXPORTS), chosen)
