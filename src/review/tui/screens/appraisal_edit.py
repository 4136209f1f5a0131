"""The appraisal view's writing keys: answers, justification and quote, a number, the design,
agreeing a disagreement, the overall judgement; undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from review.appraisal.overall import judgements, record_judgement
from review.appraisal.session import AppraisalSession
from review.base.checklists import AnswerOption, Checklist, Item
from review.base.errors import ReviewError
from review.project import Project
from review.tui.mixins import ScreenMixin
from review.tui.screens.appraisal_agree import Agreeing
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.design_picker import DesignPicker
from review.tui.widgets.input_modal import InputModal


class AppraisalEditing(ScreenMixin):
    """Mixin for the appraisal screen (which has the attributes below)."""

    project: Project
    reviewer: str
    session: AppraisalSession
    agreeing: Agreeing
    study_index: int | None
    item_index: int

    if TYPE_CHECKING:  # provided by the screen

        @property
        def record_id(self) -> int | None: ...
        def current(self) -> tuple[Checklist, Item] | None: ...
        def on_overall(self) -> bool: ...
        def scale(self, rid: int) -> tuple[AnswerOption, ...]: ...
        def draw(self) -> None: ...

    def _guard(self, write: Callable[[], object]) -> bool:
        try:
            write()
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return False
        return True

    def action_answer(self, code: str) -> None:
        rid = self.record_id
        if rid is None:
            return
        if self.on_overall():
            self.notify("The overall judgement: enter gives it.", severity="warning")
            return
        found = self.current()
        if found is None:
            self.notify("Record the study's design first (d).", severity="warning")
            return
        checklist, item = found
        if checklist.option(code) is None:
            self.notify(f"{checklist.title} has no answer {code!r}.", severity="warning")
            return
        if not self._guard(lambda: self.session.set_answer(rid, checklist.id, item.code, code)):
            return
        count = len(self.session.items(rid))
        if self.session.finished(rid) and self.item_index == count - 1:
            self.notify(f"{self.session.labels[rid]}: every item answered.")
        if self.item_index < count - 1 or self.session.setup.overall:
            self.item_index += 1
        self.draw()

    def action_justify(self) -> None:
        rid = self.record_id
        if rid is not None and self.on_overall():
            self.give_judgement(rid)
            return
        found = self.current()
        if rid is None or found is None:
            return
        checklist, item = found
        mine = self.session.answer(rid, checklist.id, item.code)

        def got_quote(justification: str | None, quote: str | None) -> None:
            value = mine.value if mine else None
            self._guard(
                lambda: self.session.annotate(
                    rid, checklist.id, item.code, justification, quote, value
                )
            )
            self.draw()

        def got_justification(text: str | None) -> None:
            if text is None:
                return
            self.app.push_screen(
                InputModal(
                    f"{item.code}: supporting quote or page",
                    value=(mine.quote or "") if mine else "",
                    placeholder="e.g. p. 12, or a short quotation",
                ),
                lambda quote: got_quote(text, quote or (mine.quote if mine else None)),
            )

        self.app.push_screen(
            InputModal(
                f"{item.code} {item.text}: justification",
                value=(mine.justification or "") if mine else "",
            ),
            got_justification,
        )

    def give_judgement(self, rid: int) -> None:
        """The overall judgement on the study's scale (a digit), then its justification."""
        scale = self.scale(rid)
        mine = judgements(self.project, rid).get((rid, self.reviewer))
        design = self.session.design(rid)

        def got_why(code: str, why: str | None) -> None:
            if self._guard(
                lambda: record_judgement(
                    self.project, self.session.setup, rid, self.reviewer, code, why, design
                )
            ):
                self.notify(f"{self.session.labels[rid]}: overall judgement recorded.")
            self.draw()

        def got(code: str | None) -> None:
            if code:
                self.app.push_screen(
                    InputModal(
                        "Why? (the justification of the overall judgement)",
                        value=(mine.justification or "") if mine else "",
                    ),
                    lambda why: got_why(code, why),
                )

        self.app.push_screen(
            ChoiceModal(
                f"{self.session.labels[rid]}: overall judgement",
                [(o.code, o.label) for o in scale],
                mine.judgement if mine else None,
            ),
            got,
        )

    def action_value(self) -> None:
        rid = self.record_id
        found = self.current()
        if rid is None or found is None or found[1].value is None:
            return
        checklist, item = found
        field = found[1].value
        mine = self.session.answer(rid, checklist.id, item.code)

        def save(text: str | None) -> None:
            if text is None:
                return
            try:
                number = float(text.rstrip("%").strip())
            except ValueError:
                self.notify(f"{text!r} is not a number.", severity="error")
                return
            self._guard(
                lambda: self.session.annotate(
                    rid,
                    checklist.id,
                    item.code,
                    mine.justification if mine else None,
                    mine.quote if mine else None,
                    number,
                )
            )
            self.draw()

        current = f"{mine.value:g}" if mine and mine.value is not None else ""
        self.app.push_screen(
            InputModal(f"{item.code}: {field.label} ({field.unit or 'number'})", value=current),
            save,
        )

    def action_design(self) -> None:
        rid = self.record_id
        if rid is None:
            return

        def save(design: str | None) -> None:
            if design and self._guard(lambda: self.session.set_design(rid, design)):
                self.item_index = 0
                self.draw()

        self.app.push_screen(
            DesignPicker(list(self.session.setup.designs), self.session.design(rid)), save
        )

    def action_resolve(self) -> None:
        rid = self.record_id
        if rid is None:
            return
        design_conflict = self.session.design_conflict(rid)
        if design_conflict is not None and design_conflict.resolution is None:
            self.agreeing.design(rid, agreed=self._first_item)
            return
        if self.on_overall():
            self.agreeing.judgement(rid, self.scale(rid))
            return
        found = self.current()
        if found is None:
            return
        checklist, item = found
        conflict = self.session.conflicts(rid).get((checklist.id, item.code))
        if conflict is None:
            self.notify("No disagreement to settle on this item (or it is still blind).")
            return
        self.agreeing.item(rid, checklist, item, conflict)

    def _first_item(self) -> None:
        self.item_index = 0

    def action_undo(self) -> None:
        key = self.session.undo()
        if key is None:
            self.notify("Nothing to undo in this session.")
            return
        rid, checklist, code = key
        if rid in self.session.studies:
            self.study_index = self.session.studies.index(rid)
            items = self.session.items(rid)
            self.item_index = next(
                (n for n, (c, i) in enumerate(items) if c.id == checklist and i.code == code), 0
            )
        self.draw()
