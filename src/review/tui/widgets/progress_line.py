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
    """`3 of 408 · decided 2/408 ███░░ · include 1 · exclude 1 · unsure 0`."""

    def show(self, position: int | None, progress: Progress) -> None:
        where = f"{position + 1} of {progress.total}" if position is not None else "—"
        counts = progress.counts
        line = Content.assemble(
            (where, "bold"),
            "  ·  decided ",
            (f"{progress.decided}/{progress.total}", "bold"),
            " ",
            (bar(progress.decided, progress.total), "$accent"),
            "  ",
            ("include ", "$text-success"),
            str(counts["include"]),
            "  ",
            ("exclude ", "$text-error"),
            str(counts["exclude"]),
            "  ",
            ("unsure ", "$text-warning"),
            str(counts["unsure"]),
        )
        self.update(line, layout=False)
