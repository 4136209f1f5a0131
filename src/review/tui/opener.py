"""Open a full-text location (file or URL) with the system viewer, never blocking."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from review.screening.retrieval import is_url


def open_location(location: str) -> str | None:
    """Start the system viewer on a path or URL; returns an error message, or None."""
    if not is_url(location):
        path = Path(location).expanduser()
        if not path.exists():
            return f"the full text is not there: no file at {location} (moved or deleted?)"
        location = str(path)
    if sys.platform == "win32":
        try:
            os.startfile(location)  # type: ignore[attr-defined]
        except OSError as exc:
            return f"could not open {location}: {exc}"
        return None
    command = "open" if sys.platform == "darwin" else "xdg-open"
    try:
        subprocess.Popen(
            [command, location],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except FileNotFoundError:
        return f"cannot open files here: {command} is not installed"
    except OSError as exc:
        return f"could not open {location}: {exc}"
    return None
