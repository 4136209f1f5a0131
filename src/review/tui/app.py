"""The Textual app: opens the project, knows the reviewer, and moves between screens."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.screen import Screen

from review.base.errors import InputError, ReviewError
from review.project import open_project
from review.tui.commands import ScreensProvider
from review.tui.keys import bindings, help_rows
from review.tui.screens.appraisal import AppraisalScreen
from review.tui.screens.dashboard import DashboardScreen
from review.tui.screens.duplicates import DuplicatesScreen
from review.tui.screens.help import HelpScreen
from review.tui.screens.prisma import PrismaScreen
from review.tui.screens.reconcile import ReconcileScreen
from review.tui.screens.screening import screening_screen
from review.tui.userconfig import key_overrides, save_reviewer, saved_reviewer
from review.tui.widgets.input_modal import InputModal


class ReviewApp(App[None]):
    """Thin: screens own their workflows; the app holds the project and the reviewer."""

    CSS_PATH = "app.tcss"
    TITLE = "review"
    COMMANDS = App.COMMANDS | {ScreensProvider}
    BINDINGS = bindings("app.help")

    def __init__(
        self,
        project_root: Path,
        reviewer: str | None = None,
        start: str = "dashboard",
        stage: str = "title-abstract",
    ) -> None:
        super().__init__()
        self.project = open_project(Path(project_root))
        self.reviewer = reviewer.strip() if reviewer and reviewer.strip() else None
        self.start = start
        self.start_stage = stage

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Screenshots (the palette's 'Save screenshot') go to the project's exports/ folder,
        which exists, rather than a Downloads folder that may not."""
        if path is None:
            self.project.exports_dir.mkdir(parents=True, exist_ok=True)
            path = str(self.project.exports_dir)
        return super().deliver_screenshot(filename, path, time_format)

    def on_mount(self) -> None:
        overrides, problems = key_overrides()
        self.set_keymap(overrides)
        for problem in problems:
            self.notify(problem, title="Key settings", severity="warning", timeout=10)
        if self.reviewer is None:
            self.reviewer = saved_reviewer()
        if self.reviewer is None:
            self._ask_name()
        else:
            self._begin()

    def _ask_name(self) -> None:
        self.push_screen(
            InputModal(
                "Your name as reviewer (saved for next time)",
                placeholder=f"e.g. {self.project.protocol.reviewers[0]}",
            ),
            self._named,
        )

    def _named(self, name: str | None) -> None:
        if not name:
            self.exit(return_code=2, message="A reviewer name is needed to screen; none given.")
            return
        try:
            name = self.project.reviewer_name(name)
        except InputError as exc:  # a slip of a known name: asked again
            self.notify(str(exc), severity="error", timeout=10)
            self._ask_name()
            return
        save_reviewer(name)
        self.reviewer = name
        self._begin()

    def _begin(self) -> None:
        self.push_screen(DashboardScreen(self.project, self.reviewer or ""))
        if self.start == "screen":
            self.open_screening(self.start_stage)
        elif self.start == "reconcile":
            self.open_reconcile(self.start_stage)
        elif self.start == "appraise":
            self.open_appraisal()
        elif self.start == "duplicates":
            self.open_duplicates()
        elif self.start == "prisma":
            self.open_prisma()

    def open_dashboard(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()

    def open_screening(self, stage: str) -> None:
        try:
            screen = screening_screen(self.project, self.reviewer or "", stage)
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.open_dashboard()
        self.push_screen(screen)

    def _open(self, make: Callable[[], Screen[None]]) -> None:
        """Build a workflow screen over the dashboard; a problem becomes a notification."""
        try:
            screen = make()
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.open_dashboard()
        self.push_screen(screen)

    def open_reconcile(self, stage: str) -> None:
        self._open(lambda: ReconcileScreen(self.project, self.reviewer or "", stage))

    def open_duplicates(self) -> None:
        self._open(lambda: DuplicatesScreen(self.project, self.reviewer or ""))

    def open_appraisal(self) -> None:
        self._open(lambda: AppraisalScreen(self.project, self.reviewer or ""))

    def open_prisma(self) -> None:
        self._open(lambda: PrismaScreen(self.project))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        rows = help_rows(self.screen.active_bindings, self.get_key_display)
        name = getattr(self.screen, "HELP_NAME", None) or self.screen.title or ""
        self.push_screen(HelpScreen(name, rows))


def run_app(
    project_root: Path,
    reviewer: str | None = None,
    start: str = "dashboard",
    stage: str = "title-abstract",
) -> int:
    """Open the app on a project (the CLI's entry point); errors opening it raise ReviewError.
    Returns the exit code: 0, or not 0 if the app ended on an error."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise InputError(
            "the app needs a terminal (input and output are not one); the commands work "
            "without it: see review --help"
        )
    app = ReviewApp(project_root, reviewer=reviewer, start=start, stage=stage)
    try:
        app.run()
    finally:
        app.project.close()
    return app.return_code or 0
