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
from review.tui.screens.exporting import Exporter
from review.tui.screens.help import HelpScreen
from review.tui.screens.importing import AddRecordScreen, ImportScreen
from review.tui.screens.prisma import PrismaScreen
from review.tui.screens.reconcile import ReconcileScreen
from review.tui.screens.screening import screening_screen
from review.tui.userconfig import key_overrides
from review.tui.whoami import WhoAmI

TASKS = {
    "screen": "screening",
    "reconcile": "reconciling",
    "appraise": "appraising",
    "duplicates": "deciding duplicates",
}


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
        given = reviewer.strip() if reviewer and reviewer.strip() else None
        self.whoami = WhoAmI(self, self.project, given)
        self.start = start
        self.start_stage = stage

    @property
    def reviewer(self) -> str | None:
        return self.whoami.name

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
        self.push_screen(DashboardScreen(self.project))
        opening = {
            "screen": lambda: self.open_screening(self.start_stage),
            "reconcile": lambda: self.open_reconcile(self.start_stage),
            "appraise": self.open_appraisal,
            "duplicates": self.open_duplicates,
            "prisma": self.open_prisma,
        }
        if self.start in opening:
            opening[self.start]()

    def on_app_focus(self) -> None:
        check = getattr(self.screen, "check_changes", None)
        if check is not None:
            check()

    def open_dashboard(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()

    def _open(self, make: Callable[[], Screen[None]]) -> None:
        """Build a workflow screen over the dashboard; a problem becomes a notification."""
        try:
            screen = make()
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.open_dashboard()
        self.push_screen(screen)

    def _as_reviewer(self, task: str, make: Callable[[str], Screen[None]]) -> None:
        """Open a reviewer's screen once the reviewer is known (escape: stay on the dashboard)."""
        self.whoami.then(TASKS[task], lambda name: self._open(lambda: make(name)))

    def open_screening(self, stage: str) -> None:
        self._as_reviewer("screen", lambda name: screening_screen(self.project, name, stage))

    def open_reconcile(self, stage: str) -> None:
        self._as_reviewer("reconcile", lambda name: ReconcileScreen(self.project, name, stage))

    def open_appraisal(self) -> None:
        self._as_reviewer("appraise", lambda name: AppraisalScreen(self.project, name))

    def open_duplicates(self) -> None:
        self._as_reviewer("duplicates", lambda name: DuplicatesScreen(self.project, name))

    def open_prisma(self) -> None:
        self._open(lambda: PrismaScreen(self.project))

    def open_import(self) -> None:
        self._open(lambda: ImportScreen(self.project))

    def open_add_record(self) -> None:
        self._open(lambda: AddRecordScreen(self.project))

    def export(self, what: str) -> None:
        """An export (included, records, ..., prisma): format, then where; named when written."""
        Exporter(self, self.project, self.reviewer).start(what)

    def switch_reviewer(self) -> None:
        def switched(_name: str) -> None:
            self.open_dashboard()
            if isinstance(self.screen, DashboardScreen):
                self.screen.reviewer_changed()

        self.whoami.switch(switched)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
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
