"""Help: the keys that apply on the screen it was opened from, read from its live bindings."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from review.tui.keys import bindings
from review.tui.widgets.key_footer import KeyFooter


class HelpScreen(ModalScreen[None]):
    """Lists (keys, description) rows, scrolled with j/k, space/b; escape, q or ? closes it."""

    BINDINGS = [*bindings("scroll", "close"), *bindings("app.help", hidden=True)]

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.heading = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        width = min(max((len(keys) for keys, _ in self.rows), default=4), 24) + 2
        lines = [Content.styled(f"Keys: {self.heading}", "bold"), Content("")]
        for keys, description in self.rows:
            lines.append(Content.assemble((keys.ljust(width), "bold $accent"), description))
        lines += [
            Content(""),
            Content.styled("ctrl+p: commands (import, export, switch reviewer, …)", "$text-muted"),
        ]
        with VerticalScroll(id="help-dialog", can_focus=False):
            yield Static(Content("\n").join(lines), id="help-text")
        yield KeyFooter(rows=2, min_rows=2)

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-dialog").scroll_relative(y=step, animate=False)

    def action_scroll_page(self, step: int) -> None:
        scroll = self.query_one("#help-dialog", VerticalScroll)
        (scroll.scroll_page_down if step > 0 else scroll.scroll_page_up)(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
