"""The PRISMA 2020 flow as text, recounted when the data change (checked every few seconds)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from review.project import Project, open_project
from review.reporting.prisma import compute_flow
from review.reporting.prisma.text import render_text
from review.tui.keys import bindings
from review.tui.live import Live
from review.tui.widgets.key_footer import KeyFooter


class PrismaScreen(Live, Screen[None]):
    """Live counts: decisions made in another terminal appear within seconds; e exports."""

    BINDINGS = bindings("report.export", "scroll", "sideways", "view.refresh", "app.back")
    # the diagram keeps its shape in a narrow terminal: it scrolls sideways, never wraps
    DEFAULT_CSS = """
    PrismaScreen #prisma { width: auto; }
    """

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.title = "PRISMA 2020 flow"
        self.sub_title = project.protocol.title

    def compose(self) -> ComposeResult:
        yield Header()
        with ScrollableContainer(id="prisma-scroll", can_focus=False):
            yield Static("Counting…", id="prisma")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.start_live()
        self.count()

    def changed(self, parts: set[str]) -> None:
        if parts - {"notes", "appraisal"}:
            self.count()

    @work(thread=True, exclusive=True, group="prisma")
    def count(self) -> None:
        with open_project(self.project.root) as project:
            text = render_text(compute_flow(project))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, text)

    def show(self, text: str) -> None:
        self.query_one("#prisma", Static).update(Text(text, no_wrap=True, overflow="ignore"))

    def action_scroll(self, step: int) -> None:
        self.query_one("#prisma-scroll").scroll_relative(y=step * 2, animate=False)

    def action_scroll_x(self, step: int) -> None:
        self.query_one("#prisma-scroll").scroll_relative(x=step * 8, animate=False)

    def action_scroll_page(self, step: int) -> None:
        scroll = self.query_one("#prisma-scroll", ScrollableContainer)
        (scroll.scroll_page_down if step > 0 else scroll.scroll_page_up)(animate=False)

    def action_export(self) -> None:
        self.app.export("prisma")  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.dismiss(None)
