"""A progress bar on standard error for the CLI's slow steps (shown only on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable


def terminal_progress(label: str, width: int = 30) -> Callable[[int, int], None] | None:
    """A (done, total) callback drawing a bar, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
