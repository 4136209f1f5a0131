"""The review question, inclusion criteria and exclusion reasons: a side panel on a wide
terminal, a pop-up on a narrow one (the `p` key of screening, reconciliation and appraisal)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from review.base.protocol import Protocol
from review.tui.keys import bindings
from review.tui.widgets.key_footer import KeyFooter

WIDE = 120  # columns from which the panel sits beside the record


def protocol_content(protocol: Protocol, stage: str | None) -> Content:
    """The question, the criteria, and the exclusion reasons (of the stage, with their digit)."""
    question = " ".join(protocol.question.split())  # a paragraph, however the file breaks it
    lines = [Content.styled("Review question", "bold underline"), Content(question)]
    lines += [Content(""), Content.styled("Inclusion criteria", "bold underline")]
    for criterion in protocol.inclusion_criteria:
        lines.append(Content.assemble((f"{criterion.code} ", "bold"), criterion.label))
    reasons = protocol.reasons_for(stage) if stage else list(protocol.exclusion_reasons)
    heading = "Exclusion reasons" + (f" ({stage}: e then the digit)" if stage else "")
    lines += [Content(""), Content.styled(heading, "bold underline")]
    for n, reason in enumerate(reasons, 1):
        lines.append(
            Content.assemble((f"{n} ", "bold $accent"), (f"{reason.code} ", "bold"), reason.label)
        )
    return Content("\n").join(lines)


class ProtocolPanel(VerticalScroll, can_focus=False):
    """The side panel (hidden until toggled)."""

    DEFAULT_CSS = """
    ProtocolPanel { display: none; width: 44; height: 1fr; padding: 0 1;
        border-left: solid $primary; }
    ProtocolPanel.-shown { display: block; }
    """

    def __init__(self, protocol: Protocol, stage: str | None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.protocol = protocol
        self.stage = stage

    def compose(self) -> ComposeResult:
        yield Static(protocol_content(self.protocol, self.stage))


class ProtocolModal(ModalScreen[None]):
    """The pop-up: scrolls with j/k, space/b; escape, q or p closes it."""

    BINDINGS = [*bindings("scroll", "close"), *bindings("view.protocol", hidden=True)]
    DEFAULT_CSS = """
    ProtocolModal { align: center middle; }
    ProtocolModal #protocol-dialog { width: 100%; max-width: 100; height: auto;
        max-height: 100%; margin-bottom: 1; padding: 0 1; border: round $accent;
        background: $surface; }
    """

    def __init__(self, protocol: Protocol, stage: str | None) -> None:
        super().__init__()
        self.protocol = protocol
        self.stage = stage

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="protocol-dialog", can_focus=False):
            yield Static(protocol_content(self.protocol, self.stage))
        yield KeyFooter(rows=2, min_rows=2)

    def action_scroll(self, step: int) -> None:
        self.query_one("#protocol-dialog").scroll_relative(y=step, animate=False)

    def action_scroll_page(self, step: int) -> None:
        scroll = self.query_one("#protocol-dialog", VerticalScroll)
        (scroll.scroll_page_down if step > 0 else scroll.scroll_page_up)(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_protocol(self) -> None:
        self.dismiss(None)


def toggle_protocol(screen: Screen[None], protocol: Protocol, stage: str | None) -> None:
    """Show or hide the side panel on a wide screen; open the pop-up on a narrow one."""
    panels = screen.query(ProtocolPanel)
    if screen.size.width >= WIDE and panels:
        panel = panels.first()
        panel.set_class(not panel.has_class("-shown"), "-shown")
    else:
        screen.app.push_screen(ProtocolModal(protocol, stage))


def fit_protocol(screen: Screen[None]) -> None:
    """On a resize below the width for a side panel, the panel goes (p opens the pop-up)."""
    if screen.size.width < WIDE:
        for panel in screen.query(ProtocolPanel):
            panel.remove_class("-shown")
