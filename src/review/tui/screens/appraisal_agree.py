"""Settling a disagreement in the appraisal view: the agreed answer (with its number where the
item has one) or the agreed design, then a note on how, one modal after another."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from review.appraisal.conflicts import Conflict
from review.appraisal.overall import judgements, resolve_judgement, scale_label
from review.appraisal.session import AppraisalSession
from review.base.checklists import AnswerOption, Checklist, Item
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.design_picker import DesignPicker
from review.tui.widgets.input_modal import InputModal

Guard = Callable[[Callable[[], object]], bool]  # runs a write; False (and says why) if refused


class Agreeing:
    """Asks on the screen what the reviewers agreed, records it, then redraws the screen."""

    def __init__(
        self,
        screen: Screen[None],
        session: AppraisalSession,
        guard: Guard,
        redraw: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.session = session
        self.guard = guard
        self.redraw = redraw

    def item(self, rid: int, checklist: Checklist, item: Item, conflict: Conflict) -> None:
        """The agreed answer on an item, its number if the item takes one, then a note."""
        screen = self.screen
        options = " / ".join(f"{a.code} {a.label}" for a in checklist.answers)

        def got_note(answer: str, value: float | None, note: str | None) -> None:
            if self.guard(
                lambda: self.session.resolve(rid, checklist.id, item.code, answer, note, value)
            ):
                screen.notify(
                    f"{item.code}: agreed {checklist.label(checklist.parse_answer(answer))}"
                )
            self.redraw()

        def ask_note(answer: str, value: float | None) -> None:
            screen.app.push_screen(
                InputModal(f"{item.code}: note on how you agreed"),
                lambda note: got_note(answer, value, note),
            )

        def got_value(answer: str, text: str | None) -> None:
            if not text:
                ask_note(answer, None)
                return
            try:
                ask_note(answer, float(text.rstrip("%").strip()))
            except ValueError:
                screen.notify(f"{text!r} is not a number.", severity="error")

        def got_answer(answer: str | None) -> None:
            if not answer:
                return
            if checklist.parse_answer(answer) is None:
                screen.notify(f"{answer!r} is not one of {options}.", severity="error")
                return
            if item.value is None:
                ask_note(answer, None)
                return
            given = [a.value for a in conflict.answers if a.value is not None]
            screen.app.push_screen(
                InputModal(
                    f"{item.code}: agreed {item.value.label} ({item.value.unit or 'number'})",
                    value=f"{given[0]:g}" if given else "",
                ),
                lambda text: got_value(answer, text),
            )

        screen.app.push_screen(InputModal(f"{item.code}: agreed answer ({options})"), got_answer)

    def design(self, rid: int, agreed: Callable[[], None]) -> None:
        """Pick the agreed design of a study the reviewers disagree on, then a note; agreed
        runs once it is recorded."""
        screen = self.screen

        def got_note(design: str, note: str | None) -> None:
            if self.guard(lambda: self.session.resolve_design(rid, design, note)):
                screen.notify(f"{self.session.labels[rid]}: agreed design {design}")
                agreed()
            self.redraw()

        def got_design(design: str | None) -> None:
            if design:
                screen.app.push_screen(
                    InputModal(f"Agreed design {design}: note on how you agreed"),
                    lambda note: got_note(design, note),
                )

        screen.app.push_screen(DesignPicker(list(self.session.setup.designs), None), got_design)

    def judgement(self, rid: int, scale: tuple[AnswerOption, ...]) -> None:
        """The agreed overall judgement of a study the reviewers judged differently."""
        screen, session = self.screen, self.session
        given = {j.judgement for (r, _who), j in judgements(session.project, rid).items()}
        if len(given) < 2 or session.others(rid) is None:
            screen.notify("No disagreement on the overall judgement (or it is still blind).")
            return
        voted = {who for (r, who) in judgements(session.project, rid) if r == rid}
        method = "consensus" if session.reviewer in voted else "third-reviewer"
        design = session.design(rid)

        def got_note(code: str, note: str | None) -> None:
            if self.guard(
                lambda: resolve_judgement(
                    session.project,
                    session.setup,
                    rid,
                    code,
                    method,
                    session.reviewer,
                    note,
                    design,
                )
            ):
                screen.notify(f"{session.labels[rid]}: agreed {scale_label(scale, code)}")
            self.redraw()

        def got(code: str | None) -> None:
            if code:
                screen.app.push_screen(
                    InputModal("Overall judgement: note on how you agreed"),
                    lambda note: got_note(code, note),
                )

        screen.app.push_screen(
            ChoiceModal("The agreed overall judgement", [(o.code, o.label) for o in scale]), got
        )
