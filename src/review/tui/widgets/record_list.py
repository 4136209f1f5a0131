"""The list of a stage's records to jump to: filtered by decision, tag, source and year, sorted
by order, title or year; `#` jumps to a record id."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from review.tui.keys import bindings
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.key_footer import KeyFooter
from review.tui.widgets.record_status import DECISION_STYLES

SORTS = ("order", "title", "year")


@dataclass(frozen=True)
class ListRow:
    """One record of the reviewer's order, as the list shows it."""

    position: int  # in the reviewer's order
    record_id: int
    title: str
    decision: str | None = None
    reason: str | None = None
    year: int | None = None
    source: str = ""
    tags: tuple[str, ...] = ()
    conflict: bool = False
    full_text: str | None = None  # retrieval status, at full text


@dataclass
class Filters:
    decision: str = "all"  # all, undecided, include, exclude, exclude:CODE, unsure, conflict
    tag: str | None = None
    source: str | None = None
    years: tuple[int, int] | None = None
    sort: str = "order"
    choices: dict[str, list[str]] = field(default_factory=dict)

    def keeps(self, row: ListRow) -> bool:
        wanted = self.decision
        if wanted == "undecided" and row.decision is not None:
            return False
        if wanted == "conflict" and not row.conflict:
            return False
        if wanted in ("include", "exclude", "unsure") and row.decision != wanted:
            return False
        if wanted.startswith("exclude:") and (row.decision, row.reason) != (
            "exclude",
            wanted.partition(":")[2],
        ):
            return False
        if self.tag is not None and self.tag not in row.tags:
            return False
        if self.source is not None and row.source != self.source:
            return False
        if self.years is not None:
            low, high = self.years
            return row.year is not None and low <= row.year <= high
        return True

    def describe(self) -> str:
        years = "all" if self.years is None else "–".join(map(str, sorted(set(self.years))))
        decision = self.decision.replace(":", " ")
        return (
            f"decision: {decision} · tag: {self.tag or 'any'} · source: "
            f"{self.source or 'all'} · year: {years} · sort: {self.sort}"
        )


def _next(options: list[str], current: str | None) -> str | None:
    """The option after current, wrapping (None stands for 'any')."""
    cycle: list[str | None] = [None, *options]
    return cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else None


def parse_years(text: str) -> tuple[int, int] | None:
    """'2004' or '2000-2005' (either order); None if it is neither."""
    low, _sep, high = text.replace("–", "-").partition("-")
    try:
        first, last = int(low), int(high or low)
    except ValueError:
        return None
    return (min(first, last), max(first, last))


class RecordList(ModalScreen[int | None]):
    """Pick a record: enter jumps to it (its position in the order), escape closes."""

    BINDINGS = bindings("list.go", "move.next", "move.previous", "list", "choice.cancel")
    DEFAULT_CSS = """
    RecordList { align: center middle; }
    RecordList #list-dialog { width: 100%; max-width: 140; height: 100%; border: round $primary;
        background: $surface; padding: 0 1; }
    RecordList Label { width: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
    RecordList OptionList, RecordList OptionList:focus { height: 1fr; border: none; padding: 0;
        text-wrap: nowrap; text-overflow: ellipsis; }
    RecordList KeyFooter { dock: none; background: $surface; padding: 0; }
    """

    def __init__(self, title: str, rows: list[ListRow], current: int, reasons: list[str]) -> None:
        """rows: one per position of the reviewer's order; reasons: exclusion reason codes."""
        super().__init__()
        self.heading = title
        self.rows = rows
        self.current = current
        self.filters = Filters()
        self.decisions = [
            "undecided",
            "include",
            "exclude",
            *(f"exclude:{c}" for c in reasons),
            "unsure",
            "conflict",
        ]
        self.tags = sorted({t for r in rows for t in r.tags})
        self.sources = sorted({r.source for r in rows if r.source})
        self.shown: list[ListRow] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="list-dialog"):
            yield Label(Content.styled(self.heading, "bold"), id="list-title")
            yield Label(id="list-filters")
            yield OptionList()
            yield KeyFooter()

    def on_mount(self) -> None:
        self.fill(keep=self.current)
        self.query_one(OptionList).focus()

    def fill(self, keep: int | None = None) -> None:
        """The rows the filters keep, sorted; the highlight on `keep` (a position) if shown."""
        f = self.filters
        rows = [r for r in self.rows if f.keeps(r)]
        if f.sort == "title":
            rows.sort(key=lambda r: r.title.casefold())
        elif f.sort == "year":
            rows.sort(key=lambda r: (r.year is None, r.year or 0, r.position))
        self.shown = rows
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options([Option(self.row_content(r)) for r in rows])
        where = [n for n, r in enumerate(rows) if r.position == keep]
        if rows:
            option_list.highlighted = where[0] if where else 0
        count = f"{len(rows)} of {len(self.rows)} · " if rows else "none match · "
        self.query_one("#list-filters", Label).update(
            Content.styled(count + f.describe(), "$text-muted")
        )

    def row_content(self, row: ListRow) -> Content:
        width = len(str(len(self.rows)))
        decision = row.decision or "·"
        if row.decision == "exclude" and row.reason:
            decision = f"excl {row.reason}"
        parts = [
            Content(f"{row.position + 1:>{width}} "),
            Content.styled(f"{decision:<8} ", DECISION_STYLES.get(row.decision or "", "")),
            Content.styled(f"#{row.record_id} ", "$text-muted"),
        ]
        if row.conflict:
            parts.append(Content.styled("≠ ", "bold $text-error"))
        if row.full_text is not None:
            parts.append(Content(f"{row.full_text:<13} "))
        parts.append(Content(f"{row.year or '    '} "))
        parts.append(Content(row.title or "(no title)"))
        if row.tags:
            parts.append(Content.styled("  [" + ", ".join(row.tags) + "]", "$text-accent"))
        return Content.assemble(*parts)

    def highlighted_position(self) -> int | None:
        index = self.query_one(OptionList).highlighted
        return self.shown[index].position if index is not None and self.shown else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.shown[event.option_index].position)

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        (option_list.action_cursor_down if step > 0 else option_list.action_cursor_up)()

    def action_go(self) -> None:
        position = self.highlighted_position()
        if position is not None:
            self.dismiss(position)

    def action_cycle_decision(self) -> None:
        current = None if self.filters.decision == "all" else self.filters.decision
        self.filters.decision = _next(self.decisions, current) or "all"
        self.fill(self.highlighted_position())

    def action_cycle_tag(self) -> None:
        if not self.tags:
            self.notify("You have tagged no record at this stage (t tags one).")
            return
        self.filters.tag = _next(self.tags, self.filters.tag)
        self.fill(self.highlighted_position())

    def action_cycle_source(self) -> None:
        self.filters.source = _next(self.sources, self.filters.source)
        self.fill(self.highlighted_position())

    def action_cycle_sort(self) -> None:
        self.filters.sort = SORTS[(SORTS.index(self.filters.sort) + 1) % len(SORTS)]
        self.fill(self.highlighted_position())

    def action_clear_filters(self) -> None:
        self.filters = Filters()
        self.fill(self.highlighted_position())

    def action_year(self) -> None:
        def got(text: str | None) -> None:
            years = parse_years(text) if text else None
            if text and years is None:
                self.notify(
                    f"{text!r} is not a year or a range such as 2000-2005.", severity="error"
                )
                return
            self.filters.years = years
            self.fill(self.highlighted_position())

        self.app.push_screen(
            InputModal("Year or range (e.g. 2004 or 2000-2005); empty: every year"), got
        )

    def action_jump(self) -> None:
        def got(text: str | None) -> None:
            if not text:
                return
            wanted = text.lstrip("#").strip()
            found = [r for r in self.rows if str(r.record_id) == wanted]
            if not found:
                self.notify(f"No record {text} at this stage.", severity="warning")
                return
            self.dismiss(found[0].position)

        self.app.push_screen(InputModal("Go to record id"), got)

    def action_cancel(self) -> None:
        self.dismiss(None)
