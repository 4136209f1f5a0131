"""A modal to pick a study's design with a digit; dismisses with the design, or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static


class DesignPicker(ModalScreen[str | None]):
    """Pick a study design with a digit; escape cancels."""

    BINDINGS = [
        *(
            Binding(str(n), f"pick({n})", "Design", show=False, id=f"design.{n}")
            for n in range(1, 10)
        ),
        Binding("escape", "cancel", "Cancel", id="design.cancel"),
    ]
    DEFAULT_CSS = """
    DesignPicker { align: center middle; }
    DesignPicker #design-dialog { width: 50; height: auto; padding: 1 2;
        border: round $primary; background: $surface; }
    """

    def __init__(self, designs: list[str], current: str | None) -> None:
        super().__init__()
        self.designs = designs[:9]
        self.current = current

    def compose(self) -> ComposeResult:
        lines = [Content.styled("Study design", "bold"), Content("")]
        for n, design in enumerate(self.designs, 1):
            mark = "  (current)" if design == self.current else ""
            lines.append(Content.assemble((f" {n} ", "bold reverse"), f"  {design}{mark}"))
        lines += [Content(""), Content.styled("a digit picks · escape cancels", "$text-muted")]
        with Vertical(id="design-dialog"):
            yield Static(Content("\n").join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return 1 <= int(parameters[0]) <= len(self.designs)  # type: ignore[call-overload]
        return True

    def action_pick(self, number: int) -> None:
        self.dismiss(self.designs[number - 1])

    def action_cancel(self) -> None:
        self.dismiss(None)
