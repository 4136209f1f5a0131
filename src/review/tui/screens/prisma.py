"""The PRISMA 2020 flow as text, recounted from the data every few seconds while shown."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import ScrollableContainer
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from review.project import Project, open_project
from review.reporting.prisma import compute_flow
from review.reporting.prisma.text import render_text
from review.tui.keys import bindings

REFRESH_SECONDS = 3.0


class PrismaScreen(Screen[None]):
    """Live counts: decisions made in another terminal appear within seconds."""

    BINDINGS = bindings("dashboard.refresh", "app.back")
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
        with ScrollableContainer(id="prisma-scroll"):
            yield Static("Counting…", id="prisma")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self.action_refresh)

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.count()

    @work(thread=True, exclusive=True, group="prisma")
    def count(self) -> None:
        with open_project(self.project.root) as project:
            text = render_text(compute_flow(project))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, text)

    def show(self, text: str) -> None:
        self.query_one("#prisma", Static).update(Text(text, no_wrap=True, overflow="ignore"))

    def action_back(self) -> None:
        self.dismiss(None)
