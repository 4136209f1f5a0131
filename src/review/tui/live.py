"""Views that follow the other reviewer's work: a cheap check every few seconds and on focus."""

from __future__ import annotations

from dataclasses import fields
from time import monotonic

from textual import events

from review.project import Project
from review.storage.changes import ChangeStamp
from review.tui.mixins import ScreenMixin

REFRESH_SECONDS = 3.0
QUIET_SECONDS = 1.5  # a check waits while keys are coming: each move reads its record afresh


def changed_parts(before: ChangeStamp | None, now: ChangeStamp) -> set[str]:
    """Which kinds of rows were written between two stamps ('decisions', 'duplicates', ...)."""
    if before is None:
        return {f.name for f in fields(now)}
    return {f.name for f in fields(now) if getattr(before, f.name) != getattr(now, f.name)}


class Live(ScreenMixin):
    """Mixin for a Screen with `project`: calls `changed(parts)` when the database has new
    rows of those kinds (read by one query of newest ids, every few seconds while the screen
    is shown, when it comes back on top, when the terminal regains focus; ctrl+r forces it)."""

    project: Project
    _stamp: ChangeStamp | None = None
    _last_key = 0.0

    def start_live(self) -> None:
        self._stamp = self.project.store.change_stamp()
        self.set_interval(REFRESH_SECONDS, self.check_changes)

    def on_key(self, _event: events.Key) -> None:
        self._last_key = monotonic()

    def check_changes(self) -> None:
        if self.app.screen is not self or monotonic() - self._last_key < QUIET_SECONDS:
            return
        stamp = self.project.store.change_stamp()
        parts = changed_parts(self._stamp, stamp)
        self._stamp = stamp
        if parts:
            self.changed(parts)

    def on_screen_resume(self) -> None:
        self.resumed()

    def resumed(self) -> None:
        """The screen is on top again (or for the first time)."""
        self.check_changes()

    def action_refresh(self) -> None:
        self._stamp = self.project.store.change_stamp()
        self.changed(changed_parts(None, self._stamp))
        self.notify("Refreshed.", timeout=1.5)

    def changed(self, parts: set[str]) -> None:
        """Redraw what depends on those kinds of rows."""
