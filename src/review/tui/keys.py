"""The one key map: every binding declared once with an id, default key and description."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from textual.binding import ActiveBinding, Binding, BindingType


@dataclass(frozen=True)
class Key:
    id: str
    key: str
    action: str
    description: str
    show: bool = True
    key_display: str | None = None
    group: str | None = None


_KEYS = [
    Key("decide.include", "i", "decide('include')", "Include"),
    Key("decide.exclude", "e", "exclude", "Exclude"),
    Key("decide.unsure", "u", "decide('unsure')", "Unsure"),
    Key("decide.undo", "z", "undo", "Undo"),
    *(
        Key(f"reason.{n}", str(n), f"pick({n})", "Reason", show=n == 1, key_display="1-9")
        for n in range(1, 10)
    ),
    Key("reason.cancel", "escape", "cancel", "Cancel"),
    Key("record.note", "n", "note", "Note", show=False),
    Key("record.tag", "t", "tag", "Tag", show=False),
    Key("move.next", "j,down,right", "move(1)", "Next", group="Move"),
    Key("move.previous", "k,up,left", "move(-1)", "Previous", group="Move"),
    Key("move.undecided", "g", "next_undecided", "Undecided"),
    Key("move.search", "slash", "search", "Search"),
    Key("move.list", "l", "list_records", "List"),
    Key("view.highlight", "h", "toggle_highlight", "Highlight", show=False),
    Key("view.page_down", "space,pagedown", "page(1)", "More", key_display="space"),
    Key("view.page_up", "b,pageup", "page(-1)", "Back up", show=False),
    Key("priority.order", "O", "switch_order", "Order"),
    Key("priority.why", "w", "toggle_why", "Why", show=False),
    Key("priority.stop", "S", "stop_screening", "Stop by a rule", show=False),
    Key("fulltext.open", "o", "open_full_text", "Open"),
    Key("fulltext.retrieved", "r", "retrieved", "Retrieved"),
    Key("fulltext.not_retrieved", "x", "not_retrieved", "Not found"),
    Key("appraise.yes", "y", "answer('y')", "Yes"),
    Key("appraise.no", "n", "answer('n')", "No"),
    Key("appraise.cant_tell", "c", "answer('c')", "Can't tell"),
    Key("appraise.not_applicable", "x", "answer('x')", "N/A"),
    Key("appraise.justify", "enter", "justify", "Justify"),
    Key("appraise.value", "v", "value", "Number"),
    Key("appraise.design", "d", "design", "Design"),
    Key("appraise.resolve", "r", "resolve", "Agree"),
    Key(
        "appraise.next_study",
        "right_square_bracket,pagedown",
        "study(1)",
        "Next study",
        key_display="]",
    ),
    Key(
        "appraise.previous_study",
        "left_square_bracket,pageup",
        "study(-1)",
        "Prev study",
        show=False,
        key_display="[",
    ),
    Key("reconcile.method", "m", "toggle_method", "Method"),
    Key("dedup.duplicate", "d", "decide(True)", "Duplicate"),
    Key("dedup.separate", "s", "decide(False)", "Separate / split off"),
    Key("dedup.skip", "space,l", "skip", "Skip", key_display="space"),
    Key("dedup.find", "f", "find", "Find, merge certain"),
    Key("dedup.merged", "m", "toggle_merged", "Merged / queue"),
    Key("dedup.cancel", "escape", "cancel_find", "Cancel"),  # shown only while finding
    Key("dashboard.screen_title_abstract", "s", "screen('title-abstract')", "Screen titles"),
    Key("dashboard.screen_full_text", "f", "screen('full-text')", "Screen full texts"),
    Key("dashboard.duplicates", "d", "duplicates", "Duplicates"),
    Key("dashboard.reconcile_title_abstract", "r", "reconcile('title-abstract')", "Reconcile"),
    Key(
        "dashboard.reconcile_full_text",
        "R",
        "reconcile('full-text')",
        "Reconcile full texts",
        show=False,
    ),
    Key("dashboard.appraise", "a", "appraise", "Appraise"),
    Key("dashboard.prisma", "p", "prisma", "PRISMA"),
    Key("dashboard.refresh", "ctrl+r", "refresh", "Refresh", show=False),
    Key("app.help", "question_mark,f1", "app.help", "Help"),
    Key("app.back", "q", "back", "Back"),
    Key("app.quit", "q", "app.quit", "Quit"),
]

KEYS: dict[str, Key] = {k.id: k for k in _KEYS}
_BUILT_IN = {"command_palette": "Command palette", "quit": "Quit"}


_GROUPS: dict[str, Binding.Group] = {}


def _group(name: str | None) -> Binding.Group | None:
    return _GROUPS.setdefault(name, Binding.Group(name)) if name else None


def bindings(*prefixes: str, hidden: bool = False) -> list[BindingType]:
    """Textual bindings for every key whose id equals or starts with one of the prefixes.

    hidden keeps them out of the footer (help still lists them).
    """
    chosen = [k for k in _KEYS if any(k.id == p or k.id.startswith(p + ".") for p in prefixes)]
    return [
        Binding(
            k.key,
            k.action,
            k.description,
            show=k.show and not hidden,
            key_display=k.key_display,
            id=k.id,
            group=_group(k.group),
        )
        for k in chosen
    ]


def help_rows(
    active: Mapping[str, ActiveBinding], display: Callable[[Binding], str]
) -> list[tuple[str, str]]:
    """(keys, description) per binding id active now, keys of one id joined, in key-map order."""
    keys_by_id: dict[str, list[str]] = {}
    described: dict[str, str] = {}
    for active_binding in active.values():
        binding = active_binding.binding
        if binding.id not in KEYS and binding.action not in _BUILT_IN:
            continue
        ident = binding.id or binding.action
        shown = display(binding)
        if shown not in keys_by_id.setdefault(ident, []):
            keys_by_id[ident].append(shown)
        described[ident] = _BUILT_IN.get(binding.action) or binding.description
    order = {k.id: i for i, k in enumerate(_KEYS)}
    rows: list[tuple[str, str]] = []
    for ident in sorted(keys_by_id, key=lambda i: order.get(i, len(order))):
        row = (" ".join(keys_by_id[ident]), described[ident])
        if row not in rows:
            rows.append(row)
    return rows
