"""Agreement between the two reviewers at a stage: the square table, percent agreement,
Cohen's kappa with its 95% interval, PABAK (one key from reconciliation)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from review.screening.agreement import Agreement
from review.tui.keys import bindings
from review.tui.widgets.key_footer import KeyFooter


def agreement_content(result: Agreement) -> Content:
    if result.reviewers is None or not result.n:
        return Content.styled(
            f"{result.stage}: {result.kappa_note or 'nothing to compare'}", "italic"
        )
    first, second = result.reviewers
    width = max(len(c) for c in (*result.categories, first[:12])) + 2
    lines = [
        Content.styled(f"{result.stage}: {result.n} records decided by both", "bold"),
        Content(""),
        Content.styled(f"rows: {first} · columns: {second}", "$text-muted"),
        Content(" " * width + "".join(c.rjust(width) for c in result.categories)),
    ]
    for name, row in zip(result.categories, result.table, strict=True):
        cells = "".join(str(v).rjust(width) for v in row)
        lines.append(Content.assemble((name.ljust(width), "bold"), cells))
    lines.append(Content(""))
    lines.append(Content(f"Percent agreement  {100 * (result.percent_agreement or 0):.1f}%"))
    if result.kappa is None:
        lines.append(Content(f"Cohen's kappa      undefined ({result.kappa_note})"))
    else:
        low, high = result.kappa_ci or (float("nan"), float("nan"))
        lines.append(
            Content(f"Cohen's kappa      {result.kappa:.3f}  (95% CI {low:.3f} to {high:.3f})")
        )
    lines.append(Content(f"PABAK              {result.pabak:.3f}"))
    return Content("\n").join(lines)


class AgreementModal(ModalScreen[None]):
    """Closes with escape, q or a."""

    BINDINGS = [*bindings("scroll", "close"), *bindings("reconcile.agreement", hidden=True)]
    DEFAULT_CSS = """
    AgreementModal { align: center middle; }
    AgreementModal #agreement-dialog { width: 100%; max-width: 80; height: auto;
        max-height: 100%; margin-bottom: 1; padding: 1 2; border: round $accent;
        background: $surface; }
    """

    def __init__(self, result: Agreement) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="agreement-dialog", can_focus=False):
            yield Static(agreement_content(self.result), id="agreement")
        yield KeyFooter(rows=2, min_rows=2)

    def action_scroll(self, step: int) -> None:
        self.query_one("#agreement-dialog").scroll_relative(y=step, animate=False)

    def action_scroll_page(self, step: int) -> None:
        scroll = self.query_one("#agreement-dialog", VerticalScroll)
        (scroll.scroll_page_down if step > 0 else scroll.scroll_page_up)(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_agreement(self) -> None:
        self.dismiss(None)
