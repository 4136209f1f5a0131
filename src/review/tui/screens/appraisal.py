"""Appraising included studies: the study's citation, its checklist form, a key per answer,
and (where the protocol asks for one) the study's overall judgement."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from review.appraisal.overall import agreed_judgement, judgements, overall_scale, visible_judgements
from review.appraisal.session import AppraisalSession
from review.base.checklists import AnswerOption, Checklist, Item
from review.project import Project
from review.tui.keys import bindings
from review.tui.live import Live
from review.tui.screens.appraisal_agree import Agreeing
from review.tui.screens.appraisal_edit import AppraisalEditing
from review.tui.widgets.appraisal_form import (
    citation_text,
    detail_text,
    form_lines,
    judgement_detail,
    overall_line,
    progress_text,
    studies_text,
)
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.key_footer import KeyFooter
from review.tui.widgets.protocol_panel import ProtocolPanel, fit_protocol, toggle_protocol

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
    "list_studies",
}
STUDIES_WIDTH = 110  # columns from which the list of studies sits at the left


class AppraisalScreen(AppraisalEditing, Live, Screen[None]):
    """One reviewer appraising every included study with the checklists of its design."""

    AUTO_FOCUS = ""
    BINDINGS = [
        *bindings("appraise.yes", "appraise.no", "appraise.cant_tell", "appraise.not_applicable"),
        *bindings("appraise.justify", "decide.undo", "move.next", "move.previous"),
        *bindings("appraise.next_study", "appraise.previous_study", "appraise.design"),
        *bindings("appraise.resolve", "move.undecided", "appraise.studies", "view.protocol"),
        *bindings("appraise.value", "view.refresh", "app.back"),
    ]
    DEFAULT_CSS = """
    AppraisalScreen #appraise-progress { height: 1; padding: 0 1; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis; }
    AppraisalScreen #studies-scroll { width: 30%; max-width: 40; border-right: solid $primary;
        padding: 0 1; display: none; }
    AppraisalScreen #studies-scroll.-shown { display: block; }
    AppraisalScreen #studies { text-wrap: nowrap; text-overflow: ellipsis; }
    AppraisalScreen #citation { height: auto; max-height: 3; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis; }
    AppraisalScreen #form-scroll { height: 1fr; padding: 0 1; }
    AppraisalScreen #form { text-wrap: nowrap; }
    AppraisalScreen #detail { height: auto; max-height: 6; padding: 0 1;
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
        with Vertical(id="status-area"):
            yield Static(id="appraise-progress")
        with Horizontal():
            with VerticalScroll(id="studies-scroll", can_focus=False):
                yield Static(id="studies")
            with Vertical():
                yield Static(id="citation")
                with VerticalScroll(id="form-scroll", can_focus=False):
                    yield Static(id="form")
                yield Static(id="detail")
            yield ProtocolPanel(self.project.protocol, None, id="protocol-panel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.start_live()
        self.fit()
        found = self.session.next_unanswered(0, 0) if self.session.studies else None
        if found:
            self.study_index, self.item_index = found
        self.draw()

    def on_resize(self) -> None:
        self.fit()
        fit_protocol(self)
        self.call_after_refresh(self.draw)

    def fit(self) -> None:
        wide = self.size.width >= STUDIES_WIDTH
        self.query_one("#studies-scroll").set_class(wide, "-shown")

    def changed(self, parts: set[str]) -> None:
        if parts & {"appraisal", "decisions", "resolutions"}:
            self.session = AppraisalSession(self.project, self.reviewer)
            self.agreeing = Agreeing(self, self.session, self._guard, self.draw)
            self.draw()

    # -- where we are -------------------------------------------------------------------

    @property
    def record_id(self) -> int | None:
        return None if self.study_index is None else self.session.studies[self.study_index]

    def item_count(self, rid: int) -> int:
        """Items of the study's checklists, and the overall judgement's line if asked for."""
        items = len(self.session.items(rid))
        return items + (1 if items and self.session.setup.overall else 0)

    def on_overall(self) -> bool:
        rid = self.record_id
        return (
            rid is not None
            and self.session.setup.overall
            and self.item_index == len(self.session.items(rid))
            and self.item_count(rid) > 0
        )

    def current(self) -> tuple[Checklist, Item] | None:
        rid = self.record_id
        if rid is None:
            return None
        items = self.session.items(rid)
        if not items:
            return None
        self.item_index = max(0, min(self.item_index, self.item_count(rid) - 1))
        return None if self.on_overall() else items[self.item_index]

    def scale(self, rid: int) -> tuple[AnswerOption, ...]:
        return overall_scale(self.session.setup, self.session.design(rid))

    # -- drawing ---------------------------------------------------------------------------

    def draw(self) -> None:
        self.query_one("#appraise-progress", Static).update(
            progress_text(self.session, self.study_index)
        )
        self.query_one("#studies", Static).update(studies_text(self.session, self.study_index))
        self.query_one("#studies-scroll").scroll_to(
            y=max(0, (self.study_index or 0) - 5), animate=False
        )
        rid = self.record_id
        record = self.project.store.record(rid) if rid is not None else None
        label = self.session.labels.get(rid, "") if rid is not None else ""
        self.query_one("#citation", Static).update(citation_text(record, label) if record else "")
        self.draw_form()
        self.draw_detail()

    def draw_form(self) -> None:
        rid = self.record_id
        if rid is None:
            self.query_one("#form", Static).update("")
            return
        scroll = self.query_one("#form-scroll", VerticalScroll)
        width = min(110, max(40, scroll.scrollable_content_region.width - 2))
        self.current()
        lines = form_lines(self.session, rid, self.item_index, width)
        if self.session.setup.overall and self.session.items(rid):
            lines += [Content(""), self.judgement_line(rid)]
        self.query_one("#form", Static).update(Content("\n").join(lines))
        selected = next((n for n, line in enumerate(lines) if line.plain.startswith("▶")), 0)
        scroll.scroll_to(y=max(0, selected - scroll.size.height // 2), animate=False)

    def judgement_line(self, rid: int) -> Content:
        mine = judgements(self.project, rid).get((rid, self.reviewer))
        hidden = self.session.others(rid) is None
        others = (
            None
            if hidden
            else visible_judgements(self.project, self.session.setup, rid, self.reviewer)
        )
        return overall_line(
            self.scale(rid), mine, others, agreed_judgement(self.project, rid), self.on_overall()
        )

    def draw_detail(self) -> None:
        rid = self.record_id
        detail = self.query_one("#detail", Static)
        if rid is not None and self.on_overall():
            mine = judgements(self.project, rid).get((rid, self.reviewer))
            detail.update(judgement_detail(self.scale(rid), mine))
            return
        detail.update(detail_text(self.session, rid, self.current()))

    # -- which keys apply now ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in STUDY_ACTIONS and self.record_id is None:
            return None
        if action == "value":
            found = self.current()
            return bool(found and found[1].value) or None
        return True

    # -- moving ------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        rid = self.record_id
        if rid is None:
            return
        target = self.item_index + step
        if 0 <= target < self.item_count(rid):
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

    def action_list_studies(self) -> None:
        s = self.session
        options = []
        for rid in s.studies:
            done, total = s.progress(rid)
            mark = "✓" if s.finished(rid) else " "
            options.append((str(rid), f"{mark} {done}/{total or '—'}  {s.labels[rid]}"))

        def chosen(value: str | None) -> None:
            if value is not None:
                self.study_index, self.item_index = s.studies.index(int(value)), 0
                self.draw()

        current = str(self.record_id) if self.record_id is not None else None
        self.app.push_screen(ChoiceModal("Included studies", options, current), chosen)

    def action_protocol(self) -> None:
        toggle_protocol(self, self.project.protocol, None)

    def action_back(self) -> None:
        self.dismiss(None)
