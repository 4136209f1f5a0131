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
    long: str = ""  # what help says, where the footer's word is too short


_REASONS = [
    Key(f"reason.{n}", str(n), f"pick({n})", "Reason", show=n == 1, key_display="1-9")
    for n in range(1, 10)
]

_KEYS = [
    Key("decide.include", "i", "decide('include')", "Include"),
    Key("decide.exclude", "e", "exclude", "Exclude"),
    Key("decide.unsure", "u", "decide('unsure')", "Unsure"),
    Key("decide.undo", "z", "undo", "Undo"),
    *_REASONS,
    Key("reason.cancel", "escape", "cancel", "Cancel"),
    Key("record.note", "n", "note", "Note"),
    Key("record.tag", "t", "tag", "Tag"),
    Key("move.next", "j,down,right", "move(1)", "Next", group="Move"),
    Key("move.previous", "k,up,left", "move(-1)", "Previous", group="Move"),
    Key("move.undecided", "g", "next_undecided", "Undecided"),
    Key("move.search", "slash", "search", "Search"),
    Key("move.list", "l", "list_records", "List"),
    Key(
        "view.protocol",
        "p",
        "protocol",
        "Criteria",
        long="The question, inclusion criteria and exclusion reasons",
    ),
    Key("view.highlight", "h", "toggle_highlight", "Highlight"),
    Key("view.page_down", "space,pagedown", "page(1)", "More", key_display="space"),
    Key("view.page_up", "b,pageup", "page(-1)", "Back up", show=False),
    Key("view.refresh", "ctrl+r", "refresh", "Refresh"),
    Key("priority.order", "O", "switch_order", "Order"),
    Key("priority.why", "w", "toggle_why", "Why", show=False),
    Key("priority.stop", "S", "stop_screening", "Stop by a rule", show=False),
    Key("fulltext.open", "o", "open_full_text", "Open PDF"),
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
        "appraise.next_study", "right_square_bracket,pagedown", "study(1)", "Study", key_display="]"
    ),
    Key(
        "appraise.previous_study",
        "left_square_bracket,pageup",
        "study(-1)",
        "Prev study",
        show=False,
        key_display="[",
    ),
    Key("appraise.studies", "l", "list_studies", "Studies"),
    Key("reconcile.method", "m", "toggle_method", "Method"),
    Key("reconcile.agreement", "a", "agreement", "Agreement"),
    Key("dedup.duplicate", "d", "decide(True)", "Duplicate"),
    Key("dedup.separate", "s", "decide(False)", "Separate"),
    Key("dedup.find", "f", "find", "Find"),
    Key("dedup.merged", "m", "toggle_merged", "Merges/queue"),
    Key("dedup.cancel", "escape", "cancel_find", "Cancel"),  # shown only while finding
    Key("dashboard.screen_title_abstract", "s", "screen('title-abstract')", "Screen"),
    Key("dashboard.screen_full_text", "f", "screen('full-text')", "Full texts"),
    Key("dashboard.reconcile_title_abstract", "r", "reconcile('title-abstract')", "Reconcile"),
    Key("dashboard.reconcile_full_text", "R", "reconcile('full-text')", "Reconcile FT"),
    Key("dashboard.appraise", "a", "appraise", "Appraise"),
    Key("dashboard.duplicates", "d", "duplicates", "Duplicates"),
    Key("dashboard.prisma", "p", "prisma", "PRISMA"),
    Key("dashboard.import", "i", "import_files", "Import"),
    Key("dashboard.add", "plus", "add_record", "Add record", key_display="+"),
    Key("report.export", "e", "export", "Export"),
    Key("list.decision", "d", "cycle_decision", "Decision"),
    Key("list.tag", "t", "cycle_tag", "Tag"),
    Key("list.source", "f", "cycle_source", "Source"),
    Key("list.year", "y", "year", "Year"),
    Key("list.sort", "s", "cycle_sort", "Sort"),
    Key("list.jump", "number_sign", "jump", "Record id", key_display="#"),
    Key("list.clear", "c", "clear_filters", "Clear", show=False),
    Key("list.go", "enter", "go", "Go"),
    *(
        Key(f"choice.{n}", str(n), f"pick({n})", "Pick", show=n == 1, key_display="1-9")
        for n in range(1, 10)
    ),
    Key("choice.go", "enter", "go", "Choose"),
    Key("choice.cancel", "escape", "cancel", "Cancel"),
    Key("confirm.yes", "y", "confirm(True)", "Yes"),
    Key("confirm.no", "n,escape", "confirm(False)", "No"),
    Key("scroll.down", "j,down", "scroll(1)", "Down", group="Scroll"),
    Key("scroll.up", "k,up", "scroll(-1)", "Up", group="Scroll"),
    Key("sideways.left", "left", "scroll_x(-1)", "Left", group="Sideways"),
    Key("sideways.right", "right", "scroll_x(1)", "Right", group="Sideways"),
    Key("scroll.page_down", "space,pagedown", "scroll_page(1)", "Page down", show=False),
    Key("scroll.page_up", "b,pageup", "scroll_page(-1)", "Page up", show=False),
    Key("close", "escape,q", "close", "Close"),
    Key("form.submit", "ctrl+s", "submit", "Save"),
    Key("form.back", "escape", "back", "Back"),
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
    """Textual bindings for every key whose id equals or starts with one of the prefixes, in
    the order the prefixes are given (a screen lists its most used keys first: the footer
    shows them in that order, as many as fit).

    hidden keeps them out of the footer (help still lists them).
    """
    chosen: list[Key] = []
    for prefix in prefixes:
        chosen += [
            k
            for k in _KEYS
            if (k.id == prefix or k.id.startswith(prefix + ".")) and k not in chosen
        ]
    return [
        Binding(
            k.key,
            k.action,
            k.description,
            show=k.show and not hidden,
            key_display=k.key_display,
            id=k.id,
            group=_group(k.group),
            tooltip=k.long,
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
        described[ident] = _BUILT_IN.get(binding.action) or binding.tooltip or binding.description
    order = {k.id: i for i, k in enumerate(_KEYS)}
    rows: list[tuple[str, str]] = []
    for ident in sorted(keys_by_id, key=lambda i: order.get(i, len(order))):
        row = (" ".join(keys_by_id[ident]), described[ident])
        if row not in rows:
            rows.append(row)
    return rows
