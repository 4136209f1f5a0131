"""The user's own settings: key remaps (~/.config/review/config.toml), the name per project."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import tomllib
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.keys import REPLACED_KEYS, Keys, key_to_character

from review.base.errors import ImportFormatError
from review.base.text_files import SETTINGS_LIMIT, read_bytes
from review.tui.keys import KEYS


def config_path() -> Path:
    base = os.environ.get("REVIEW_CONFIG_HOME") or os.environ.get("XDG_CONFIG_HOME")
    root = Path(base) if base else Path.home() / ".config"
    return root / "review" / "config.toml"


def read_config() -> tuple[dict[str, Any], str | None]:
    """The settings, and why the file cannot be read if it cannot (None: read, or absent)."""
    path = config_path()
    if not path.exists() and not path.is_symlink():
        return {}, None
    try:
        text = read_bytes(path, limit=SETTINGS_LIMIT, pipes=False).decode("utf-8-sig")
        return tomllib.loads(text), None
    except ImportFormatError as exc:
        why = exc.message
    except UnicodeDecodeError:
        why = "is not UTF-8 text"
    except tomllib.TOMLDecodeError as exc:
        why = f"is not valid TOML ({exc})"
    except RecursionError:
        why = "nests tables or arrays too deeply to read"
    return {}, f"{path} {why}: none of its settings are used (the default keys are)"


def load_config() -> dict[str, Any]:
    """The settings (none if the file cannot be read: key_overrides says why)."""
    return read_config()[0]


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


def key_overrides(
    known: frozenset[str] | None = None, scopes: list[frozenset[str]] | None = None
) -> tuple[dict[str, str], list[str]]:
    """(binding id -> key, what is wrong) from the [keys] table: an unknown id, something
    that is not a key, or a key another binding of the same view keeps is left out and said,
    never silently ignored; so is a config file that cannot be read."""
    if known is None:
        known = frozenset(KEYS)
    config, unreadable = read_config()
    problems = [unreadable] if unreadable else []
    keys = config.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f'{config_path()}: [keys] must be a table of binding id = "key"']
    found: dict[str, str] = {}
    for ident, key in keys.items():
        if ident not in known:
            problems.append(f"[keys] {ident!r} is not a key id (help lists them); left out")
        elif not isinstance(key, str) or not all(_is_key(k.strip()) for k in key.split(",")):
            problems.append(f"[keys] {ident} = {key!r} is not a key; left out")
        else:
            found[ident] = key
    return _without_clashes(found, binding_scopes() if scopes is None else scopes, problems)


def _without_clashes(
    found: dict[str, str], scopes: list[frozenset[str]], problems: list[str]
) -> tuple[dict[str, str], list[str]]:
    """The remaps less those that would give a key two actions in one view (the later remap
    of a clash is left out, and both actions are named)."""
    kept = dict(found)
    while clash := _clash(kept, scopes):
        key, idents = clash
        drop = max((i for i in idents if i in kept), key=list(found).index)
        other = next(i for i in idents if i != drop)
        problems.append(
            f"[keys] {drop} = {kept[drop]!r} would give {key!r} two actions in one view: "
            f"{KEYS[drop].description} ({drop}) and {KEYS[other].description} ({other}); "
            "left out"
        )
        del kept[drop]
    return kept, problems


def _clash(kept: dict[str, str], scopes: list[frozenset[str]]) -> tuple[str, list[str]] | None:
    """A key bound to two actions in one view, one of them remapped: (key, their ids)."""
    for scope in scopes:
        holders: dict[str, list[str]] = {}
        for ident in sorted(scope):
            for key in kept.get(ident, KEYS[ident].key).split(","):
                holders.setdefault(key.strip(), []).append(ident)
        for key, idents in holders.items():
            if len(idents) > 1 and any(i in kept for i in idents):
                return key, idents
    return None


def binding_scopes() -> list[frozenset[str]]:
    """The binding ids active together: each screen's or widget's own, with the app's."""
    app = importlib.import_module("review.tui.app").ReviewApp
    everywhere = _ids(getattr(app, "BINDINGS", []))
    scopes = []
    for package in ("review.tui.screens", "review.tui.widgets"):
        found = importlib.import_module(package)
        for info in pkgutil.iter_modules(found.__path__):
            module = importlib.import_module(f"{package}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, type) and "BINDINGS" in vars(value):
                    scopes.append(_ids(vars(value)["BINDINGS"]) | everywhere)
    return [scope for scope in scopes if len(scope) > 1]


def _ids(bindings: Any) -> frozenset[str]:
    return frozenset(
        b.id for b in bindings if isinstance(b, Binding) and b.id is not None and b.id in KEYS
    )


def _is_key(name: str) -> bool:
    """A single character, a named key ('f2', 'pagedown'), or one with modifiers ('ctrl+o')."""
    base = name.rsplit("+", 1)[-1] if "+" in name[1:] else name
    if len(base) == 1:
        return True
    names = {k.value for k in Keys} | {"space", "enter", "escape", "tab", "backspace"}
    return base in names or key_to_character(REPLACED_KEYS.get(base, base)) is not None
