"""The exclusion-reason picker: numbered reasons, a digit picks one, escape cancels."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from review.base.protocol import ExclusionReason


class ReasonPicker(Widget):
    """The numbered reasons, shown while one is being picked. The screen's own keys pick (a
    digit) or cancel (escape): the picker takes no focus, so opening it changes neither the
    focus nor the footer, and an exclusion costs no footer rebuild."""

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


PICKER_ACTIONS = ("pick", "cancel")


class PicksReasons:
    """Mixin for a screen with a ReasonPicker: shows it, and turns a pick into an exclude.
    The screen binds the reason keys (bindings("reason", hidden=True)) and asks
    picker_allows in its check_action."""

    picking: bool = False

    def set_picking(self, on: bool) -> None:
        self.picking = on
        # shown on a layer of its own, so that showing it moves nothing else: a repaint only
        self.query_one(ReasonPicker).visible = on  # type: ignore[attr-defined]

    def picker_allows(self, action: str, parameters: tuple[object, ...]) -> bool:
        """While picking, only a digit of a listed reason or escape; otherwise neither."""
        if not self.picking:
            return False
        if action == "pick":
            reasons = self.query_one(ReasonPicker).reasons  # type: ignore[attr-defined]
            return 1 <= int(parameters[0]) <= len(reasons)  # type: ignore[call-overload]
        return action == "cancel"

    def action_pick(self, number: int) -> None:
        reason = self.query_one(ReasonPicker).reasons[number - 1]  # type: ignore[attr-defined]
        self.set_picking(False)
        self.action_decide("exclude", reason.code)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        self.set_picking(False)
