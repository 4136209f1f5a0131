"""The exclusion-reason picker: numbered reasons, a digit picks one, escape cancels."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from review.base.protocol import ExclusionReason
from review.tui.keys import bindings


class ReasonPicker(Widget, can_focus=True):
    """Shown (and focused) while a reason is being picked; posts Picked or Cancelled."""

    BINDINGS = bindings("reason")

    class Picked(Message):
        def __init__(self, reason: ExclusionReason) -> None:
            super().__init__()
            self.reason = reason

    class Cancelled(Message):
        pass

    def __init__(self, reasons: list[ExclusionReason], *, required: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reasons = reasons[:9]
        self.required = required

    def render(self) -> RenderResult:
        head = "Exclude: pick a reason" + (" (required at this stage)" if self.required else "")
        lines = [Content.styled(head, "bold")]
        for n, reason in enumerate(self.reasons, 1):
            lines.append(
                Content.assemble((f" {n} ", "bold reverse"), f" {reason.code}  ", reason.label)
            )
        lines.append(Content.styled("escape cancels", "dim"))
        return Content("\n").join(lines)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return 1 <= int(parameters[0]) <= len(self.reasons)  # type: ignore[call-overload]
        return True

    def action_pick(self, number: int) -> None:
        self.post_message(self.Picked(self.reasons[number - 1]))

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())


class PicksReasons:
    """Mixin for a screen with a ReasonPicker: shows it, and turns a pick into an exclude."""

    picking: bool = False

    def set_picking(self, on: bool) -> None:
        self.picking = on
        picker = self.query_one(ReasonPicker)  # type: ignore[attr-defined]
        picker.display = on
        if on:
            picker.focus()
        else:
            self.set_focus(None)  # type: ignore[attr-defined]
        self.refresh_bindings()  # type: ignore[attr-defined]

    def on_reason_picker_picked(self, message: ReasonPicker.Picked) -> None:
        self.set_picking(False)
        self.action_decide("exclude", message.reason.code)  # type: ignore[attr-defined]

    def on_reason_picker_cancelled(self, _message: ReasonPicker.Cancelled) -> None:
        self.set_picking(False)
