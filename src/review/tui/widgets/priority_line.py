"""The priority line of the screening view: the order, why this record, and when to stop."""

from __future__ import annotations

from textual.widgets import Static


class PriorityLine(Static):
    """`order: priority (ranked on 42 decisions) · why: ↑ depress, rat · ↓ cancer` and the
    stopping figures below it."""

    def show(self, order: str, why: str, stopping: str) -> None:
        text = " · ".join([order] + ([why] if why else [])) + (f"\n{stopping}" if stopping else "")
        if text != self.content:  # unchanged after most keys: not repainted
            self.update(text, layout=False)
