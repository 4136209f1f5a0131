"""Small modals: pick one of a few options (a digit, or move and enter), or confirm (y / n)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from review.tui.keys import bindings
from review.tui.widgets.key_footer import KeyFooter


class ChoiceModal(ModalScreen[str | None]):
    """Dismisses with the value of the option picked, or None on escape."""

    BINDINGS = bindings("choice", "move.next", "move.previous")
    DEFAULT_CSS = """
    ChoiceModal { align: center middle; }
    ChoiceModal #choice-dialog { width: 90%; max-width: 76; height: auto; max-height: 90%;
        padding: 0 1; border: round $primary; background: $surface; }
    ChoiceModal #choice-title { text-style: bold; margin: 0 0 1 0; width: 100%; }
    ChoiceModal OptionList, ChoiceModal OptionList:focus { height: auto; max-height: 16;
        border: none; padding: 0; text-wrap: nowrap; text-overflow: ellipsis; }
    ChoiceModal #choice-hint { color: $text-muted; margin-top: 1; width: 100%; }
    """

    def __init__(
        self,
        title: str,
        options: Sequence[tuple[str, str]],
        current: str | None = None,
        hint: str = "",
    ) -> None:
        """options: (value, label) in order; the first nine get a digit each."""
        super().__init__()
        self.heading = title
        self.options = list(options)
        self.current = current
        self.hint = hint

    def compose(self) -> ComposeResult:
        rows = []
        for n, (value, label) in enumerate(self.options, 1):
            digit = f"{n} " if n <= 9 else "  "
            mark = "  (current)" if value == self.current else ""
            rows.append(Option(Content.assemble((digit, "bold $accent"), label, mark)))
        with Vertical(id="choice-dialog"):
            yield Label(self.heading, id="choice-title")
            yield OptionList(*rows)
            yield Label(self.hint or "a digit or enter picks · escape cancels", id="choice-hint")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        values = [v for v, _label in self.options]
        option_list.highlighted = values.index(self.current) if self.current in values else 0
        option_list.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return 1 <= int(str(parameters[0])) <= len(self.options)
        return True

    def action_pick(self, number: int) -> None:
        self.dismiss(self.options[number - 1][0])

    def action_move(self, step: int) -> None:
        option_list = self.query_one(OptionList)
        (option_list.action_cursor_down if step > 0 else option_list.action_cursor_up)()

    def action_go(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(self.options[index][0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.options[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmModal(ModalScreen[bool]):
    """A question answered y (True) or n / escape (False)."""

    BINDINGS = bindings("confirm")
    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal #confirm-dialog { width: 90%; max-width: 76; height: auto; padding: 1 2;
        border: round $warning; background: $surface; }
    ConfirmModal #confirm-text { width: 100%; }
    ConfirmModal KeyFooter { dock: none; margin-top: 1; background: $surface; padding: 0; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label(self.question, id="confirm-text")
            yield KeyFooter(rows=1)

    def action_confirm(self, yes: bool) -> None:
        self.dismiss(yes)
