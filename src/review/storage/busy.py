"""Who holds a project's write lock for long (an import), so that whoever waits is told.

An import leaves a small note beside the database while it runs (`.review-import-PID.json`:
who, on which machine, which files, since when); a write that timed out waiting for the lock
names it. A note whose process has gone is stale and is left out (and removed).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

PREFIX = ".review-import-"


def _alive(pid: int, host: str) -> bool:
    if host != socket.gethostname():
        return True  # another machine's process: cannot be asked, taken as running
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def announced(database: Path | None, files: Sequence[str]) -> Iterator[None]:
    """While the block runs, a note beside the database (a file) says an import of files is
    running."""
    if database is None:
        yield
        return
    running_imports(database)  # and a note left by a process that was killed goes
    note = database.parent / f"{PREFIX}{os.getpid()}.json"
    told = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "files": [os.path.basename(f) for f in files],
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    try:
        note.write_text(json.dumps(told, ensure_ascii=True), encoding="utf-8")
        written = True
    except OSError:  # a folder that cannot be written to: the import says so itself
        written = False
    try:
        yield
    finally:
        if written:
            note.unlink(missing_ok=True)


def running_imports(database: Path) -> list[str]:
    """A line for each import running on the project now ('x.ris, since 10:04 UTC')."""
    found = []
    for note in sorted(database.parent.glob(f"{PREFIX}*.json")):
        try:
            told = json.loads(note.read_text(encoding="utf-8"))
            pid, host = int(told["pid"]), str(told["host"])
            files, started = ", ".join(map(str, told["files"])), str(told["started"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not _alive(pid, host):
            note.unlink(missing_ok=True)
            continue
        found.append(f"{files or 'a file'} (since {started[11:16]} UTC, on {host})")
    return found


def busy_message(database: Path | None, seconds: float) -> str:
    """What a write that waited `seconds` for the project's lock in vain says."""
    return server_busy_message(running_imports(database) if database is not None else [], seconds)


def server_busy_message(running: list[str], seconds: float) -> str:
    """What a write that waited `seconds` in vain says, naming the imports running."""
    if running:
        who = f"a colleague's import is running ({'; '.join(running)})"
    else:
        who = "another process is writing to it (a colleague's import or merge, say)"
    return (
        f"the project is busy: {who} and held its write lock for over {seconds:.0f} s; "
        "nothing of this step was saved: run it again once that has finished"
    )
