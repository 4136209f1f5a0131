"""The screening progress line: where we are, how much is decided, counts by decision."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from review.screening.queue import Progress

BAR_WIDTH = 24


def bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


class ProgressLine(Static):
    """`3 of 408 · decided 2/408 ███░░ · include 1 · exclude 1 · unsure 0 · hit 2 of 5`: the
    bar takes the room that is left (none on a narrow terminal)."""

    def show(self, position: int | None, progress: Progress, extra: Content | None = None) -> None:
        where = f"{position + 1} of {progress.total}" if position is not None else "—"
        counts = progress.counts
        head = Content.assemble(
            (where, "bold"), " · decided ", (f"{progress.decided}/{progress.total}", "bold")
        )
        tail = Content.assemble(
            ("incl ", "$text-success"),
            str(counts["include"]),
            " ",
            ("excl ", "$text-error"),
            str(counts["exclude"]),
            " ",
            ("unsure ", "$text-warning"),
            str(counts["unsure"]),
        )
        if extra is not None:
            tail += Content(" · ") + extra
        room = (self.content_region.width or 80) - len(head) - len(tail) - 4
        middle = (
            Content(" ")
            + Content.styled(bar(progress.decided, progress.total, min(BAR_WIDTH, room)), "$accent")
            + " "
        )
        line = head + (middle if room >= 8 else Content(" · ")) + tail
        if line != self.content:  # the same line again: nothing to paint
            self.update(line, layout=False)
