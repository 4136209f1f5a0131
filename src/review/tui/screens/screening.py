"""Screening one stage, one record at a time: a key per decision, written at the keypress."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header

from review.base.errors import ReviewError
from review.base.models import Decision, Record
from review.identification.dedup import filled, members_by_canonical
from review.project import Project
from review.screening.queue import ScreeningSession, found_in
from review.screening.retrieval import SOUGHT, retrieval_status
from review.storage.store import RecordReads
from review.tui.heap import CollectedWhileRead, freeze_loaded
from review.tui.highlight import highlighter
from review.tui.keys import bindings
from review.tui.live import Live
from review.tui.screens.prioritised import PrioritisedScreening
from review.tui.screens.screening_fulltext import FullTextKeys
from review.tui.screens.screening_tools import ScreeningTools
from review.tui.widgets.choice import ConfirmModal
from review.tui.widgets.key_footer import KeyFooter
from review.tui.widgets.priority_line import PriorityLine
from review.tui.widgets.progress_line import ProgressLine
from review.tui.widgets.protocol_panel import ProtocolPanel, fit_protocol
from review.tui.widgets.reason_picker import PicksReasons, ReasonPicker
from review.tui.widgets.record_status import RecordState, RecordStatus
from review.tui.widgets.record_view import RecordView

STAGE_TITLES = {
    "title-abstract": "Screening titles and abstracts",
    "full-text": "Screening full texts",
}
AHEAD_AFTER = 0.2  # seconds after a record is drawn: the next is rendered while it is read
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


class ScreeningScreen(
    PicksReasons, ScreeningTools, FullTextKeys, PrioritisedScreening, Live, Screen[None]
):
    """One reviewer, one stage. Decisions go to ScreeningSession.decide at once.

    Layout, top to bottom: the status area (progress; the order, why and when to stop), the
    record (with the protocol beside it on a wide terminal), the record's state, the footer.
    """

    AUTO_FOCUS = ""
    BINDINGS = [
        *bindings("reason", "decide.include", "decide.exclude", "decide.unsure", "decide.undo"),
        *bindings("record.note", "record.tag", "move.next", "move.previous", "move.undecided"),
        *bindings("move.search", "view.protocol", "view.highlight", "move.list", "app.back"),
        *bindings("priority.order", "view.page_down", "view.page_up", "view.refresh"),
        *bindings("priority.why", "priority.stop"),
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
        self.just_decided: int | None = None  # the record a note goes to, until a move
        self.retrieval = (
            retrieval_status(project, self.session.order) if stage == "full-text" else {}
        )
        self.members = members_by_canonical(project)
        self.sources: list[str] | None = None
        self.collector = CollectedWhileRead()
        self.reading: Timer | None = None  # runs while_read once a record is drawn
        self.title = STAGE_TITLES.get(stage, stage)
        self.sub_title = reviewer

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="status-area"):
            yield ProgressLine(id="progress")
            yield PriorityLine(id="priority")
        with Horizontal(id="body"):
            yield RecordView(id="record")
            yield ProtocolPanel(self.project.protocol, self.stage, id="protocol-panel")
        yield RecordStatus(id="status")
        yield ReasonPicker(
            self.project.protocol.reasons_for(self.stage),
            required=self.stage == "full-text",
            id="picker",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.start_live()
        if self.session.order:
            self.go(self.session.next_undecided(0) or 0)
        else:
            self.go(None)
        self.start_priority()
        self.call_after_refresh(freeze_loaded)  # once the first record is painted
        self.collector.start()

    def on_unmount(self) -> None:
        self.collector.stop()
        self.stop_priority()

    def on_resize(self) -> None:
        fit_protocol(self)

    # -- drawing -------------------------------------------------------------------

    @property
    def record_id(self) -> int | None:
        return self.record.record_id if self.record else None

    def go(self, index: int | None, read: RecordReads | None = None) -> None:
        """Show the record at this position of the reviewer's order (read: its state, if
        just read with the decision before it)."""
        self.index = index
        store = self.project.store
        if index is not None:
            rid = self.session.order[index]
            if read is None or read.record is None or read.record.record_id != rid:
                read = store.record_state(rid, self.stage, self.reviewer)
            self.record = read.record
        else:
            self.record = None
        if self.record is not None and read is not None:
            self.session.refresh(self.record.record_id, read.decisions)
        self.sources = None
        if self.record is not None:
            self.record, self.sources = self.as_shown(self.record)
        self.draw_record()
        self.draw_state(read)
        self.draw_priority()
        self.read_soon()

    def read_soon(self) -> None:
        """Run while_read AHEAD_AFTER from now (once: a pending run is put off)."""
        if self.reading is not None:
            self.reading.stop()
        self.reading = self.set_timer(AHEAD_AFTER, self.while_read)

    def while_read(self) -> None:
        """Just after a record is drawn, while the reviewer reads it: what a key would
        otherwise do (the next record rendered, garbage collected)."""
        self.prepare_ahead()
        self.collector.collect()

    def as_shown(self, record: Record) -> tuple[Record, list[str] | None]:
        """The record filled from the duplicates merged into it, and where each was found."""
        merged = self.members.get(record.record_id)
        if not merged:
            return record, None
        duplicates = [self.project.store.record(r) for r in merged]
        return filled(record, duplicates), found_in(record, duplicates)

    def shown_after_deciding(self, rid: int) -> int:
        """The position of the record a decision on this one would show next."""
        session = self.session
        index = session.position(rid)
        index = self.index or 0 if index is None else index
        ahead = session.next_undecided(index + 1, deciding=rid)
        return min(index + 1, len(session.order) - 1) if ahead is None else ahead

    def prepare_ahead(self) -> None:
        """Render the record a decision would show next: its key then only paints it (a
        key pressed sooner renders it then, as it would have anyway)."""
        rid = self.record_id
        if rid is None:
            return
        try:
            ahead = self.session.order[self.shown_after_deciding(rid)]
            record, sources = self.as_shown(self.project.store.record(ahead))
        except ReviewError:  # the server is gone: the next key says so
            return
        shown = self.highlighter if self.highlighting else None
        self.query_one(RecordView).prepare(record, shown, sources, self.search_term)

    def draw_record(self) -> None:
        shown = self.highlighter if self.highlighting else None
        self.query_one(RecordView).show(self.record, shown, self.sources, self.search_term)

    def draw_state(self, read: RecordReads | None = None) -> None:
        """The progress line and the record's state (read: what go() has just read of it)."""
        self.query_one(ProgressLine).show(self.index, self.session.progress(), self.hit_text())
        status = self.query_one(RecordStatus)
        rid = self.record_id
        if rid is None:
            status.update("")
            return
        if read is None:
            read = self.project.store.record_state(rid, self.stage, self.reviewer, False)
        mine = self.session.decision(rid)
        reason = self.project.protocol.reason(mine.reason) if mine and mine.reason else None
        status.show(
            RecordState(
                mine=mine,
                reason_label=reason.label if reason else None,
                others=self.others(rid, read.decisions),
                blind=self.project.protocol.blind,
                retrieval=self.retrieval.get(rid) if self.stage == "full-text" else None,
                tags=read.tags,
                notes=([mine.note] if mine and mine.note else [])
                + [note for _stage, note, _time in read.notes],
            )
        )

    def others(self, record_id: int, latest: dict[str, Decision]) -> list[Decision] | None:
        """Others' decisions (latest: the record's, just read), or None while blinding hides
        them."""
        if self.project.protocol.blind and self.session.decision(record_id) is None:
            return None
        return self.session.others_visible(record_id, latest)

    def changed(self, parts: set[str]) -> None:
        """The other reviewer's work: merges, full-text marks, their votes (blind rules as
        ever), notes; records added since this session began are said, not shuffled in."""
        if "duplicates" in parts:
            self.members = members_by_canonical(self.project)
        if "retrieval" in parts and self.stage == "full-text":
            self.retrieval = retrieval_status(self.project, self.session.order)
        if "records" in parts:
            self.notify("Records were added to the project: reopen screening to see them.")
        if "duplicates" in parts and self.index is not None:
            self.go(self.index)
        elif parts & {"decisions", "resolutions", "retrieval", "notes"}:
            if self.record_id is not None:
                self.session.refresh(self.record_id)
            self.draw_state()

    # -- which keys apply now ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.picking or action in ("pick", "cancel"):
            return self.picking_allows(action, parameters)
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
        status = self.retrieval.get(rid, (SOUGHT, None))[0]
        if self.stage == "full-text" and decision == "include" and status == SOUGHT:
            question = (
                f"Record {rid}'s full text is only sought, not retrieved. Include it at "
                "full text all the same? (r marks it retrieved)"
            )
            self.app.push_screen(
                ConfirmModal(question),
                lambda yes: self.decided(rid, decision, reason) if yes else None,
            )
            return
        self.decided(rid, decision, reason)

    def decided(self, rid: int, decision: str, reason: str | None) -> None:
        """Write the decision, then the next undecided record (a note now is for this one):
        the next one's state is read in the decision's step, and shown once it is saved."""
        session = self.session
        try:
            ahead = session.order[self.shown_after_deciding(rid)]
            read = session.decide_then_read(rid, decision, reason, ahead)
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.priority_decided()
        if self.stage == "full-text":
            self.after_full_text_decision(rid, decision)
        index = session.position(rid)
        index = self.index or 0 if index is None else index
        following = session.next_undecided(index + 1)
        if following is None:
            self.notify(f"All {len(session.order)} records have your decision.")
            following = min(index + 1, len(session.order) - 1)
        self.go(following, read)
        self.just_decided = rid

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
        self.just_decided = None
        index = self.session.position(rid)
        if index is None:
            self.draw_state()
        else:
            self.go(index)

    # -- moving ------------------------------------------------------------------------

    def moved(self, index: int) -> None:
        self.just_decided = None
        self.go(index)

    def action_move(self, step: int) -> None:
        if self.index is None:
            return
        target = self.index + step
        if 0 <= target < len(self.session.order):
            self.moved(target)

    def action_next_undecided(self) -> None:
        if self.index is None:
            return
        found = self.session.next_undecided(self.index + 1)
        if found is None:
            self.notify("Every record has your decision.")
        else:
            self.moved(found)

    def action_page(self, step: int) -> None:
        self.query_one(RecordView).page(step)

    def action_back(self) -> None:
        self.dismiss(None)


class FullTextScreen(ScreeningScreen):
    """Full-text screening: the retrieval keys come right after the decisions."""

    BINDINGS = [
        *bindings("reason", "decide.include", "decide.exclude", "decide.unsure", "decide.undo"),
        *bindings("fulltext.retrieved", "fulltext.open", "fulltext.not_retrieved"),
        *bindings("record.note", "record.tag", "move.next", "move.previous", "move.list"),
        *bindings("app.back", "move.undecided", "move.search", "view.protocol", "view.highlight"),
        *bindings("view.page_down", "view.page_up", "view.refresh"),
    ]


def screening_screen(project: Project, reviewer: str, stage: str) -> ScreeningScreen:
    """The screening screen for a stage."""
    kind = FullTextScreen if stage == "full-text" else ScreeningScreen
    return kind(project, reviewer, stage)
