"""The full-text keys of the screening view: retrieved (a file that exists, or a URL), not
retrievable, open the full text from the project folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from review.base.errors import ReviewError
from review.base.models import Record
from review.project import Project
from review.screening.retrieval import (
    NOT_RETRIEVED,
    RETRIEVED,
    full_text_path,
    is_url,
    mark_not_retrieved,
    mark_retrieved,
    retrieval_status,
)
from review.tui.mixins import ScreenMixin
from review.tui.opener import open_location
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.path_suggester import PathSuggester


def typed_base(project: Project, typed: str) -> Path:
    """Where a relative path typed in the app is read from: the project folder if the file is
    there, else the folder the app was started in."""
    return project.root if (project.root / Path(typed).expanduser()).exists() else Path.cwd()


class FullTextKeys(ScreenMixin):
    """Mixin for the screening screen at full text."""

    project: Project
    reviewer: str
    record: Record | None
    retrieval: dict[int, tuple[str, str | None]]

    if TYPE_CHECKING:  # provided by the screen

        def draw_state(self) -> None: ...

    def after_full_text_decision(self, rid: int, decision: str) -> None:
        """A decision at full text counts as retrieved; a warning if it was marked not."""
        if self.retrieval.get(rid, ("",))[0] == NOT_RETRIEVED and decision != "exclude":
            self.notify(
                f"Record {rid} is marked not retrievable: press r once you have its full "
                "text, or the report counts as not retrieved.",
                severity="warning",
            )
        self.retrieval[rid] = retrieval_status(self.project, [rid])[rid]

    def action_retrieved(self) -> None:
        if self.record is None:
            return
        rid = self.record.record_id
        status, detail = self.retrieval.get(rid, ("", None))

        def save(location: str | None) -> None:
            if not location:
                return
            base = None if is_url(location) else typed_base(self.project, location)
            self.mark(lambda: mark_retrieved(self.project, rid, location, self.reviewer, base), rid)

        current = detail if status == RETRIEVED and detail else ""
        self.app.push_screen(
            InputModal(
                f"Record {rid}: the full text's file (in the project folder, or anywhere) or URL",
                value=current,
                hint="→ completes the path · enter saves · escape cancels",
                suggester=PathSuggester(self.project.root, (".pdf", ".html", ".htm", ".txt")),
            ),
            save,
        )

    def action_not_retrieved(self) -> None:
        if self.record is None:
            return
        rid = self.record.record_id

        def save(reason: str | None) -> None:
            if reason:
                self.mark(lambda: mark_not_retrieved(self.project, rid, reason, self.reviewer), rid)

        self.app.push_screen(
            InputModal(
                f"Record {rid}: why could the full text not be retrieved?",
                required="A reason is needed (escape cancels).",
            ),
            save,
        )

    def mark(self, write: Callable[[], object], rid: int) -> None:
        try:
            stored = write()
        except ReviewError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        if isinstance(stored, str):
            where = "" if is_url(stored) or Path(stored).is_absolute() else " (in the project)"
            self.notify(f"Record {rid}: full text at {stored}{where}.", timeout=4)
        self.retrieval[rid] = retrieval_status(self.project, [rid])[rid]
        self.draw_state()

    def action_open_full_text(self) -> None:
        if self.record is None:
            return
        status, location = self.retrieval.get(self.record.record_id, ("", None))
        if status != RETRIEVED or not location:
            self.notify(
                "No full text location yet: press r to give its path or URL.", severity="warning"
            )
            return
        error = open_location(full_text_path(self.project, location))
        if error:
            self.notify(error, severity="error")
        else:
            self.notify(f"Opening {location}", timeout=2)
