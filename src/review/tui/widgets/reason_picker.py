"""The exclusion-reason picker: numbered reasons, a digit picks one, escape cancels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from review.base.protocol import ExclusionReason
from review.tui.mixins import ScreenMixin


class ReasonPicker(Widget):
    """The numbered reasons, shown while one is being picked (the screen binds the digits,
    so that a key typed right after a digit comes after the decision it makes; the picker
    takes no focus)."""

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


class PicksReasons(ScreenMixin):
    """Mixin for a screen with a ReasonPicker: shows it, binds the digits while it shows,
    and turns a pick into an exclude."""

    picking: bool = False

    if TYPE_CHECKING:

        def action_decide(self, decision: str, reason: str | None = None) -> None: ...

    def set_picking(self, on: bool) -> None:
        # On a layer of its own, shown without moving anything (a repaint only), and the
        # footer left as it is: rebuilding it twice per exclusion cost more than the rest of
        # the keypress (the picker lists the digits itself).
        self.picking = on
        self.query_one(ReasonPicker).visible = on

    def picking_allows(self, action: str, parameters: tuple[object, ...]) -> bool:
        """While picking only a reason's digit and escape; otherwise neither."""
        if action == "pick":
            reasons = self.query_one(ReasonPicker).reasons
            return self.picking and 1 <= int(str(parameters[0])) <= len(reasons)
        return self.picking and action == "cancel"

    def action_pick(self, number: int) -> None:
        reason = self.query_one(ReasonPicker).reasons[number - 1]
        self.set_picking(False)
        self.action_decide("exclude", reason.code)

    def action_cancel(self) -> None:
        self.set_picking(False)
