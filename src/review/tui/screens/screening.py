"""Screening one stage, one record at a time: a key per decision, written at the keypress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header

from review.base.errors import ReviewError
from review.base.models import Decision, Record
from review.identification.dedup import filled, members_by_canonical
from review.project import Project
from review.screening.queue import ScreeningSession, found_in
from review.screening.retrieval import (
    NOT_RETRIEVED,
    RETRIEVED,
    mark_not_retrieved,
    mark_retrieved,
    retrieval_status,
)
from review.tui.highlight import highlighter
from review.tui.keys import bindings
from review.tui.opener import open_location
from review.tui.screens.prioritised import PrioritisedScreening
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.priority_line import PriorityLine
from review.tui.widgets.progress_line import ProgressLine
from review.tui.widgets.reason_picker import PICKER_ACTIONS, PicksReasons, ReasonPicker
from review.tui.widgets.record_list import RecordList
from review.tui.widgets.record_status import RecordState, RecordStatus
from review.tui.widgets.record_view import RecordView

STAGE_TITLES = {
    "title-abstract": "Screening titles and abstracts",
    "full-text": "Screening full texts",
}
FULL_TEXT_ACTIONS = {"open_full_text", "retrieved", "not_retrieved"}
RECORD_ACTIONS = {
    "decide",
    "exclude",
    "note",
    "tag",
    "move",
    "next_undecided",
    "search",
    "list_records",
    "page",
    *FULL_TEXT_ACTIONS,
}


class ScreeningScreen(PicksReasons, PrioritisedScreening):
    """One reviewer, one stage. Decisions go to ScreeningSession.decide at once."""

    AUTO_FOCUS = ""
    BINDINGS = [
        *bindings("decide", "record", "move", "view", "priority", "fulltext", "app.back"),
        *bindings("reason", hidden=True),
    ]

    def __init__(self, project: Project, reviewer: str, stage: str) -> None:
        super().__init__()
        self.project = project
        self.session = ScreeningSession(project, stage, reviewer)
        self.stage = stage
        self.reviewer = reviewer
        protocol = project.protocol
        self.highlighter = highlighter(protocol.highlight_include, protocol.highlight_exclude)
        self.highlighting = True
        self.picking = False
        self.index: int | None = None
        self.record: Record | None = None
        self.retrieval = (
            retrieval_status(project, self.session.order) if stage == "full-text" else {}
        )
        self.members = members_by_canonical(project)
        self.sources: list[str] | None = None
        self.last_search = ""
        self.title = STAGE_TITLES.get(stage, stage)
        self.sub_title = reviewer

    def compose(self) -> ComposeResult:
        yield Header()
        yield ProgressLine(id="progress")
        yield PriorityLine(id="priority")
        yield RecordView(id="record")
        yield RecordStatus(id="status")
        yield ReasonPicker(
            self.project.protocol.reasons_for(self.stage),
            required=self.stage == "full-text",
            id="picker",
        )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self.session.order:
            self.go(self.session.next_undecided(0) or 0)
        else:
            self.go(None)
        self.start_priority()

    # -- drawing -------------------------------------------------------------------

    @property
    def record_id(self) -> int | None:
        return self.record.record_id if self.record else None

    def go(self, index: int | None) -> None:
        """Show the record at this position of the reviewer's order."""
        self.index = index
        store = self.project.store
        self.record = store.record(self.session.order[index]) if index is not None else None
        if self.record is not None:
            self.session.refresh(self.record.record_id)
        self.sources = None
        merged = self.members.get(self.record.record_id) if self.record else None
        if self.record and merged:
            duplicates = [store.record(r) for r in merged]
            self.sources = found_in(self.record, duplicates)
            self.record = filled(self.record, duplicates)
        self.draw_record()
        self.draw_state()
        self.draw_priority()

    def draw_record(self) -> None:
        shown = self.highlighter if self.highlighting else None
        self.query_one(RecordView).show(self.record, shown, self.sources)

    def draw_state(self) -> None:
        self.query_one(ProgressLine).show(self.index, self.session.progress())
        status = self.query_one(RecordStatus)
        rid = self.record_id
        if rid is None:
            status.update("")
            return
        mine = self.session.decision(rid)
        reason = self.project.protocol.reason(mine.reason) if mine and mine.reason else None
        store = self.project.store
        status.show(
            RecordState(
                mine=mine,
                reason_label=reason.label if reason else None,
                others=self.others(rid),
                blind=self.project.protocol.blind,
                retrieval=self.retrieval.get(rid) if self.stage == "full-text" else None,
                tags=store.tags(rid, self.reviewer),
                notes=([mine.note] if mine and mine.note else [])
                + [note for _stage, note, _time in store.notes(rid, self.reviewer)],
            )
        )

    def others(self, record_id: int) -> list[Decision] | None:
        """Others' decisions, or None while blinding hides them."""
        if self.project.protocol.blind and self.session.decision(record_id) is None:
            return None
        return self.session.others_visible(record_id)

    # -- which keys apply now ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.picking or action in PICKER_ACTIONS:
            return self.picker_allows(action, parameters)
        if action in FULL_TEXT_ACTIONS and self.stage != "full-text":
            return False
        if action in RECORD_ACTIONS and self.record is None:
            return None
        return True

    # -- decisions ---------------------------------------------------------------------

    def action_decide(self, decision: str, reason: str | None = None) -> None:
        rid = self.record_id
        if rid is None or self.index is None:
            return
        try:
            self.session.decide(rid, decision, reason)
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.priority_decided()
        if self.stage == "full-text" and self.retrieval.get(rid, ("",))[0] != RETRIEVED:
            if self.retrieval.get(rid, ("",))[0] == NOT_RETRIEVED and decision != "exclude":
                self.notify(
                    f"Record {rid} is marked not retrievable: press r once you have its full "
                    "text, or the report counts as not retrieved.",
                    severity="warning",
                )
            self.retrieval[rid] = retrieval_status(self.project, [rid])[rid]
        following = self.session.next_undecided(self.index + 1)
        if following is None:
            self.notify(f"All {len(self.session.order)} records have your decision.")
            following = min(self.index + 1, len(self.session.order) - 1)
        self.go(following)

    def action_exclude(self) -> None:
        if self.record is None:
            return
        self.set_picking(True)

    def action_undo(self) -> None:
        rid = self.session.undo()
        if rid is None:
            self.notify("Nothing to undo in this session.")
            return
        self.priority_decided()
        index = self.session.position(rid)
        if index is None:
            self.draw_state()
        else:
            self.go(index)

    # -- moving ------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.index is None:
            return
        target = self.index + step
        if 0 <= target < len(self.session.order):
            self.go(target)

    def action_next_undecided(self) -> None:
        if self.index is None:
            return
        found = self.session.next_undecided(self.index + 1)
        if found is None:
            self.notify("Every record has your decision.")
        else:
            self.go(found)

    def action_search(self) -> None:
        def found(text: str | None) -> None:
            if not text:
                return
            self.last_search = text
            hit = self.session.search(text, self.index or 0)
            if hit is None:
                self.notify(f"No record has “{text}” in its title, abstract or authors.")
            else:
                self.go(hit)

        self.app.push_screen(
            InputModal(
                "Search titles, abstracts and authors",
                value=self.last_search,
                hint="enter searches (again: the next hit) · escape cancels",
            ),
            found,
        )

    def action_page(self, step: int) -> None:
        self.query_one(RecordView).page(step)

    def action_list_records(self) -> None:
        order = self.session.order
        titles = self.project.store.titles(order)
        rows = []
        width = len(str(max(order, default=0)))
        for rid in order:
            mine = self.session.decision(rid)
            status = f"id {rid:<{width}}  "
            if self.stage == "full-text":
                status += f"{self.retrieval.get(rid, ('sought',))[0]:<14} "
            rows.append((mine.decision if mine else None, status, titles.get(rid) or "(no title)"))
        heading = f"{STAGE_TITLES.get(self.stage, self.stage)}: {len(order)} records"
        if self.stage == "full-text":
            heading += " (decision · record id · full text · title)"

        def chosen(index: int | None) -> None:
            if index is not None:
                self.go(index)

        self.app.push_screen(RecordList(heading, rows, self.index or 0), chosen)

    def action_toggle_highlight(self) -> None:
        self.highlighting = not self.highlighting
        self.draw_record()
        self.notify("Highlighting " + ("on" if self.highlighting else "off"), timeout=1.5)

    # -- notes and tags ---------------------------------------------------------------

    def action_note(self) -> None:
        rid = self.record_id
        if rid is None:
            return

        def save(text: str | None) -> None:
            if text:
                self.project.store.add_note(rid, self.stage, self.reviewer, text)
                self.draw_state()

        self.app.push_screen(InputModal(f"Note on record {rid}"), save)

    def action_tag(self) -> None:
        rid = self.record_id
        if rid is None:
            return

        def save(text: str | None) -> None:
            if text:
                removed = text.startswith("-")
                self.project.store.add_tag(rid, self.reviewer, text.lstrip("-").strip(), removed)
                self.draw_state()

        self.app.push_screen(
            InputModal(f"Tag record {rid}", placeholder="a tag; -tag removes it"), save
        )

    # -- full text ---------------------------------------------------------------------

    def action_retrieved(self) -> None:
        rid = self.record_id
        if rid is None:
            return
        status, detail = self.retrieval.get(rid, ("", None))

        def save(location: str | None) -> None:
            if location:
                self.mark(lambda: mark_retrieved(self.project, rid, location, self.reviewer), rid)

        current = detail if status == RETRIEVED and detail else ""
        self.app.push_screen(
            InputModal("Full text retrieved: PDF path or URL", value=current), save
        )

    def action_not_retrieved(self) -> None:
        rid = self.record_id
        if rid is None:
            return

        def save(reason: str | None) -> None:
            if reason:
                self.mark(lambda: mark_not_retrieved(self.project, rid, reason, self.reviewer), rid)

        self.app.push_screen(
            InputModal(
                "Why could the full text not be retrieved?",
                required="A reason is needed (escape cancels).",
            ),
            save,
        )

    def mark(self, write, rid: int) -> None:
        try:
            write()
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.retrieval[rid] = retrieval_status(self.project, [rid])[rid]
        self.draw_state()

    def action_open_full_text(self) -> None:
        rid = self.record_id
        if rid is None:
            return
        status, location = self.retrieval.get(rid, ("", None))
        if status != RETRIEVED or not location:
            self.notify(
                "No full text location yet: press r to give its path or URL.", severity="warning"
            )
            return
        error = open_location(location)
        if error:
            self.notify(error, severity="error")
        else:
            self.notify(f"Opening {location}", timeout=2)

    def action_back(self) -> None:
        self.dismiss(None)


class FullTextScreen(ScreeningScreen):
    """Full-text screening: retrieval keys take the footer room of highlight, search, next
    undecided and paging (all still work, and help lists them)."""

    BINDINGS = bindings(
        "view.highlight", "move.search", "move.undecided", "view.page_down", hidden=True
    )


def screening_screen(project: Project, reviewer: str, stage: str) -> ScreeningScreen:
    """The screening screen for a stage."""
    kind = FullTextScreen if stage == "full-text" else ScreeningScreen
    return kind(project, reviewer, stage)
