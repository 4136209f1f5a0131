"""A small modal asking for one line of text; dismisses with the text, or None on escape."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label


class InputModal(ModalScreen[str | None]):
    """Ask for a line of text: enter returns it (stripped), escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="input.cancel")]

    def __init__(
        self,
        prompt: str,
        *,
        placeholder: str = "",
        value: str = "",
        required: str | None = None,
        hint: str = "enter to save · escape to cancel",
        suggester: Suggester | None = None,
    ) -> None:
        """required: if given, enter on an empty line shows it and keeps the dialog open."""
        super().__init__()
        self.prompt = prompt
        self.placeholder = placeholder
        self.value = value
        self.required = required
        self.hint = hint
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.prompt, id="prompt")
            yield Input(
                value=self.value,
                placeholder=self.placeholder,
                id="answer",
                suggester=self.suggester,
            )
            yield Label(self.hint, id="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text and self.required:
            self.query_one("#hint", Label).update(self.required)
            return
        self.dismiss(text or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
