"""The user's own settings: key remaps (~/.config/review/config.toml), the name per project."""

from __future__ import annotations

import json
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


def _reviewers_path() -> Path:
    return config_path().with_name("reviewers.json")


def _saved_reviewers() -> dict[str, str]:
    try:
        found = json.loads(_reviewers_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}


def saved_reviewer(project_root: Path) -> str | None:
    """The name this user last worked under in this project (each project its own)."""
    name = _saved_reviewers().get(str(Path(project_root).resolve()))
    return name if name and name.strip() else None


def save_reviewer(project_root: Path, name: str) -> None:
    """Remember the reviewer's name for this project (others' names stay as they are)."""
    known = _saved_reviewers()
    known[str(Path(project_root).resolve())] = name
    path = _reviewers_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(known, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError:
        pass  # not remembered: the name is asked again next time, nothing else is lost


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
