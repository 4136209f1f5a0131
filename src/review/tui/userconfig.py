"""The user's own settings (reviewer name, key remaps) in ~/.config/review/config.toml."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from textual.keys import REPLACED_KEYS, Keys, key_to_character

from review.tui.keys import KEYS


def config_path() -> Path:
    base = os.environ.get("REVIEW_CONFIG_HOME") or os.environ.get("XDG_CONFIG_HOME")
    root = Path(base) if base else Path.home() / ".config"
    return root / "review" / "config.toml"


def load_config() -> dict[str, Any]:
    path = config_path()
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}  # no settings, or none that can be read: the defaults


def saved_reviewer() -> str | None:
    name = load_config().get("reviewer")
    return name if isinstance(name, str) and name.strip() else None


def save_reviewer(name: str) -> None:
    """Remember the reviewer's name, keeping the rest of the file."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    if path.exists():
        lines = [
            ln
            for ln in path.read_text(encoding="utf-8").splitlines()
            if not ln.strip().startswith("reviewer")
        ]
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text("\n".join([f'reviewer = "{escaped}"', *lines]) + "\n", encoding="utf-8")


def key_overrides(known: frozenset[str] | None = None) -> tuple[dict[str, str], list[str]]:
    """(binding id -> key, what is wrong) from the [keys] table: an unknown id or something
    that is not a key is left out and said, never silently ignored."""
    if known is None:
        known = frozenset(KEYS)
    keys = load_config().get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f'{config_path()}: [keys] must be a table of binding id = "key"']
    found: dict[str, str] = {}
    problems = []
    for ident, key in keys.items():
        if ident not in known:
            problems.append(f"[keys] {ident!r} is not a key id (help lists them); left out")
        elif not isinstance(key, str) or not all(_is_key(k.strip()) for k in key.split(",")):
            problems.append(f"[keys] {ident} = {key!r} is not a key; left out")
        else:
            found[ident] = key
    return found, problems


def _is_key(name: str) -> bool:
    """A single character, a named key ('f2', 'pagedown'), or one with modifiers ('ctrl+o')."""
    base = name.rsplit("+", 1)[-1] if "+" in name[1:] else name
    if len(base) == 1:
        return True
    names = {k.value for k in Keys} | {"space", "enter", "escape", "tab", "backspace"}
    return base in names or key_to_character(REPLACED_KEYS.get(base, base)) is not None
