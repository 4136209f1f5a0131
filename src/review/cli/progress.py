"""A progress bar on standard error for the CLI's slow steps (shown only on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable


def terminal_progress(
    label: str, width: int = 30, percent: bool = False
) -> Callable[[int, int], None] | None:
    """A (done, total) callback drawing a bar, or None when stderr is not a terminal; with
    percent, the figure is a percentage (for steps whose total is not a count of things)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = width * done // max(total, 1)
        figure = f"{100 * done // max(total, 1)}%" if percent else f"{done}/{total}"
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {figure}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
