"""The user's own settings (reviewer name, key remaps) in ~/.config/review/config.toml."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any


def config_path() -> Path:
    base = os.environ.get("REVIEW_CONFIG_HOME") or os.environ.get("XDG_CONFIG_HOME")
    root = Path(base) if base else Path.home() / ".config"
    return root / "review" / "config.toml"


def load_config() -> dict[str, Any]:
    path = config_path()
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


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


def key_overrides() -> dict[str, str]:
    """Binding id -> key, from the [keys] table."""
    keys = load_config().get("keys", {})
    return {k: v for k, v in keys.items() if isinstance(v, str)} if isinstance(keys, dict) else {}
