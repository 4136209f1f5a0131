"""Help: the keys that apply on the screen it was opened from, read from its live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """Lists (keys, description) rows; any of escape, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", id="help.close")]

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self.rows), default=4) + 2
        lines = [Content.styled(f"Keys: {self.heading}", "bold"), Content("")]
        for keys, description in self.rows:
            lines.append(Content.assemble((keys.ljust(width), "bold $accent"), description))
        lines += [Content(""), Content.styled("escape closes this help", "$text-muted")]
        with VerticalScroll(id="help-dialog", can_focus=False):
            yield Static(Content("\n").join(lines), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
