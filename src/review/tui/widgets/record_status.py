"""The current record's state: my decision, others' (where blinding allows), tags, notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.content import Content
from textual.widgets import Static

from review.base.models import Decision

DECISION_STYLES = {
    "include": "bold $text-success",
    "exclude": "bold $text-error",
    "unsure": "bold $text-warning",
}


@dataclass
class RecordState:
    """What the status panel shows for one record."""

    mine: Decision | None = None
    reason_label: str | None = None
    others: list[Decision] | None = None  # None: hidden by blinding
    blind: bool = True
    retrieval: tuple[str, str | None] | None = None  # only at full text
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the reviewer's own, oldest first


def decision_text(decision: Decision | None, label: str | None = None) -> Content:
    if decision is None or decision.decision is None:
        return Content.styled("undecided", "$text-muted")
    text = Content.styled(decision.decision, DECISION_STYLES[decision.decision])
    if decision.reason:
        text += Content(f" — {decision.reason}" + (f" {label}" if label else ""))
    return text


class RecordStatus(Static):
    """One or two lines under the record."""

    def show(self, state: RecordState) -> None:
        line = Content("Your decision: ") + decision_text(state.mine, state.reason_label)
        if state.others is None:
            line += Content.styled("   ·   others hidden until you decide (blind)", "$text-muted")
        elif state.others:
            for other in state.others:
                line += Content(f"   ·   {other.reviewer}: ") + decision_text(other)
        elif state.blind:
            line += Content.styled("   ·   no other decisions yet", "$text-muted")
        lines = [line]
        extra = []
        if state.retrieval is not None:
            status, detail = state.retrieval
            extra.append(f"Full text: {status}" + (f" — {detail}" if detail else ""))
        if state.tags:
            extra.append("Tags: " + ", ".join(state.tags))
        if state.notes:
            more = f" (+{len(state.notes) - 1} earlier)" if len(state.notes) > 1 else ""
            extra.append(f"Note: {state.notes[-1]}{more}")
        if extra:
            lines.append(Content("   ·   ".join(extra)))
        self.update(Content("\n").join(lines), layout=False)
