"""Open a full-text location (file or URL) with the system viewer, never blocking."""

from __future__ import annotations

import os
import subprocess
import sys


def open_location(location: str) -> str | None:
    """Start the system viewer on a path or URL; returns an error message, or None."""
    try:
        if sys.platform == "win32":
            os.startfile(location)  # type: ignore[attr-defined]  # noqa: S606
            return None
        command = "open" if sys.platform == "darwin" else "xdg-open"
        subprocess.Popen(
            [command, location], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
        )
    except OSError as exc:
        return f"could not open {location}: {exc.strerror or exc}"
    return None
