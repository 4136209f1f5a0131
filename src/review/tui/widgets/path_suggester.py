"""Completion of file paths as they are typed (the Input shows it; → accepts it)."""

from __future__ import annotations

from pathlib import Path

from textual.suggester import Suggester


class PathSuggester(Suggester):
    """Suggests the first file or folder (folders end with /) that completes the last part of
    the typed path; relative paths are read from `base`."""

    def __init__(self, base: Path, suffixes: tuple[str, ...] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.base = base
        self.suffixes = suffixes

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value, self.base, self.suffixes)


def complete_path(value: str, base: Path, suffixes: tuple[str, ...] = ()) -> str | None:
    """value completed to the first matching entry (files with one of the suffixes, if any
    are given, and folders), or None."""
    if not value or value.startswith(("http://", "https://")):
        return None
    typed = Path(value).expanduser()
    folder_text, _sep, stem = value.rpartition("/")
    folder = typed if value.endswith("/") else typed.parent
    if not folder.is_absolute():
        folder = base / folder
    try:
        entries = sorted(folder.iterdir(), key=lambda p: (p.name.startswith("."), p.name.lower()))
    except OSError:
        return None
    for entry in entries:
        name = entry.name
        if not name.startswith(stem) or name == stem:
            continue
        is_dir = entry.is_dir()
        if not is_dir and suffixes and entry.suffix.lower() not in suffixes:
            continue
        head = f"{folder_text}/" if _sep else ""
        return head + name + ("/" if is_dir else "")
    return None
