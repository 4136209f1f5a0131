"""Appraising included studies: the study's citation, its checklist form, a key per answer."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from review.appraisal.session import AppraisalSession
from review.base.checklists import Checklist, Item
from review.base.errors import ReviewError
from review.project import Project
from review.tui.keys import bindings
from review.tui.screens.appraisal_agree import Agreeing
from review.tui.widgets.appraisal_form import (
    citation_text,
    detail_text,
    form_text,
    progress_text,
    studies_text,
)
from review.tui.widgets.design_picker import DesignPicker
from review.tui.widgets.input_modal import InputModal

STUDY_ACTIONS = {
    "answer",
    "justify",
    "value",
    "design",
    "resolve",
    "move",
    "undo",
    "next_undecided",
    "study",
}


class AppraisalScreen(Screen[None]):
    """One reviewer appraising every included study with the checklists of its design."""

    AUTO_FOCUS = ""
    BINDINGS = [
        *bindings("appraise"),
        *bindings("move.next", "move.previous", "move.undecided", "decide.undo", "app.back"),
    ]
    DEFAULT_CSS = """
    AppraisalScreen #appraise-progress { height: 1; padding: 0 1; background: $boost; }
    AppraisalScreen #studies-scroll { width: 36; border-right: solid $primary; padding: 0 1; }
    AppraisalScreen #citation { height: auto; padding: 0 1 1 1; }
    AppraisalScreen #form-scroll { height: 1fr; padding: 0 1; }
    AppraisalScreen #detail { height: auto; max-height: 12; padding: 0 1;
        border-top: solid $primary; }
    """

    def __init__(self, project: Project, reviewer: str) -> None:
        super().__init__()
        self.project = project
        self.reviewer = reviewer
        self.session = AppraisalSession(project, reviewer)
        self.agreeing = Agreeing(self, self.session, self._guard, self.draw)
        self.study_index: int | None = 0 if self.session.studies else None
        self.item_index = 0
        self.title = "Critical appraisal"
        self.sub_title = reviewer

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="appraise-progress")
        with Horizontal():
            with VerticalScroll(id="studies-scroll", can_focus=False):
                yield Static(id="studies")
            with Vertical():
                yield Static(id="citation")
                with VerticalScroll(id="form-scroll", can_focus=False):
                    yield Static(id="form")
                yield Static(id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        found = self.session.next_unanswered(0, 0) if self.session.studies else None
        if found:
            self.study_index, self.item_index = found
        self.draw()

    # -- where we are -------------------------------------------------------------------

    @property
    def record_id(self) -> int | None:
        return None if self.study_index is None else self.session.studies[self.study_index]

    def current(self) -> tuple[Checklist, Item] | None:
        rid = self.record_id
        if rid is None:
            return None
        items = self.session.items(rid)
        if not items:
            return None
        self.item_index = max(0, min(self.item_index, len(items) - 1))
        return items[self.item_index]

    # -- drawing ---------------------------------------------------------------------------

    def draw(self) -> None:
        self.draw_progress()
        self.draw_studies()
        self.draw_citation()
        self.draw_form()
        self.draw_detail()

    def draw_progress(self) -> None:
        text = progress_text(self.session, self.study_index)
        self.query_one("#appraise-progress", Static).update(text)

    def draw_studies(self) -> None:
        text = studies_text(self.session, self.study_index)
        self.query_one("#studies", Static).update(text)

    def draw_citation(self) -> None:
        rid = self.record_id
        text = "" if rid is None else citation_text(self.project.store.record(rid))
        self.query_one("#citation", Static).update(text)

    def draw_form(self) -> None:
        rid = self.record_id
        text = "" if rid is None else form_text(self.session, rid, self.item_index)
        self.query_one("#form", Static).update(text)

    def draw_detail(self) -> None:
        rid = self.record_id
        found = self.current()
        self.query_one("#detail", Static).update(detail_text(self.session, rid, found))

    # -- which keys apply now ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in STUDY_ACTIONS and self.record_id is None:
            return None
        if action == "value":
            found = self.current()
            return bool(found and found[1].value) or None
        return True

    # -- answering -----------------------------------------------------------------------

    def _guard(self, write: Callable[[], object]) -> bool:
        try:
            write()
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return False
        return True

    def action_answer(self, code: str) -> None:
        rid = self.record_id
        found = self.current()
        if rid is None:
            return
        if found is None:
            self.notify("Record the study's design first (d).", severity="warning")
            return
        checklist, item = found
        if checklist.option(code) is None:
            self.notify(f"{checklist.title} has no answer {code!r}.", severity="warning")
            return
        if not self._guard(lambda: self.session.set_answer(rid, checklist.id, item.code, code)):
            return
        if self.session.finished(rid) and self.item_index == len(self.session.items(rid)) - 1:
            self.notify(f"{self.session.labels[rid]}: every item answered.")
        else:
            self.item_index = min(self.item_index + 1, len(self.session.items(rid)) - 1)
        self.draw()

    def action_justify(self) -> None:
        rid = self.record_id
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

    def action_value(self) -> None:
        rid = self.record_id
        found = self.current()
        if rid is None or found is None:
            return
        checklist, item = found
        field = item.value
        if field is None:
            return
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
            self.resolve_design(rid)
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

    def resolve_design(self, rid: int) -> None:
        """Pick the agreed design of a study the reviewers disagree on, then a note."""
        self.agreeing.design(rid, agreed=self._first_item)

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

    # -- moving ------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        rid = self.record_id
        if rid is None:
            return
        count = len(self.session.items(rid))
        target = self.item_index + step
        if 0 <= target < count:
            self.item_index = target
            self.draw()

    def action_study(self, step: int) -> None:
        if self.study_index is None:
            return
        target = self.study_index + step
        if 0 <= target < len(self.session.studies):
            self.study_index, self.item_index = target, 0
            self.draw()

    def action_next_undecided(self) -> None:
        if self.study_index is None:
            return
        found = self.session.next_unanswered(self.study_index, self.item_index + 1)
        if found is None:
            self.notify("Every item of every study has your answer.")
            return
        self.study_index, self.item_index = found
        self.draw()

    def action_back(self) -> None:
        self.dismiss(None)
