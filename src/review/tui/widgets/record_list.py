"""A list of the stage's records (position, own decision, full-text status, title) to jump to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from review.tui.widgets.record_status import DECISION_STYLES


class RecordList(ModalScreen[int | None]):
    """Pick a record: enter jumps to it (its position in the order), escape closes."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="list.cancel")]
    DEFAULT_CSS = """
    RecordList { align: center middle; }
    RecordList #list-dialog { width: 90%; height: 85%; border: round $primary;
        background: $surface; padding: 0 1; }
    RecordList OptionList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, title: str, rows: list[tuple[str | None, str, str]], current: int) -> None:
        """rows: (own decision, status text, title) per position of the reviewer's order."""
        super().__init__()
        self.heading = title
        self.rows = rows
        self.current = current

    def compose(self) -> ComposeResult:
        width = len(str(len(self.rows)))
        options = []
        for n, (decision, status, title) in enumerate(self.rows, 1):
            mark = Content.styled(f"{decision or '·':<8}", DECISION_STYLES.get(decision or "", ""))
            options.append(
                Option(Content.assemble(f"{n:>{width}}  ", mark, f" {status}{title}"), id=str(n))
            )
        with Vertical(id="list-dialog"):
            yield Label(Content.styled(self.heading, "bold"))
            yield OptionList(*options)
            yield Label(Content.styled("enter goes to the record · escape closes", "$text-muted"))

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.highlighted = self.current
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
